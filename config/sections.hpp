#pragma once
// cordgate.toml as typed structs: one struct per section, every key with its default. The
// parser (parse.hpp) is the one place that reads the file; each process takes the sections it
// needs. Keys and their meaning are listed in the README and in parse.cpp's readers.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cordgate::config {

enum class LogLevel { trace, debug, info, warn, error, critical, off };
// spdlog's names for the levels ("warn", "error"): what the [log] level key takes.
std::string_view name(LogLevel level);
std::optional<LogLevel> parse_log_level(std::string_view text);

enum class Sync { every_batch, never };
std::string_view name(Sync sync);
std::optional<Sync> parse_sync(std::string_view text);

// The Discord status a user has while no XMPP client of theirs is online.
enum class OfflineStatus { invisible, idle, online, dnd };
std::string_view name(OfflineStatus status);

// The processes that read the file; each requires some keys the others do not.
enum class Process { core, xmpp, discord };
std::string_view name(Process process);

struct BusSection {
    std::string endpoint = "ipc:///tmp/cordgate/bus.sock";
    // The XMPP adapter requires the key (it also takes "stdio"); the others use the default.
    bool endpoint_given = false;
};

struct CoreSection {
    std::string data_dir = "cordgate-data";
    Sync sync = Sync::every_batch;
    std::uint64_t snapshot_every = 10000;
    // Zeros each WAL file is written over, so that a commit's fsync skips the journal
    // (eventlog/wal_spare.hpp); 0 turns it off. A message one at a time takes ~650 bytes of
    // WAL (19 MB for a 30,000-message bench stack), so 64 MiB lasts ~100,000 of them; past
    // that the WAL goes on as a plain append until RocksDB starts the next one.
    std::uint64_t wal_spare_mib = 64;
    // Where `cordgate status` and `cordgate backup` reach the running core (a ZeroMQ REP
    // socket). Empty: control_endpoint() derives it from data_dir.
    std::string control_endpoint;
    // Retention of the event log (runtime/retention.hpp): keep at most this many events, and
    // none older than this many days; 0 turns a bound off. Events go only once a snapshot
    // covers them, so up to snapshot_every more stay.
    std::uint64_t retain_events = 0;
    std::uint64_t retain_days = 0;
    // Where this process serves Prometheus metrics, "HOST:PORT" on loopback; empty: not at all.
    std::string metrics_address;
};

// The control endpoint the core binds and the `cordgate` tool asks: core.control_endpoint, or
// by default `ipc://` + control.sock beside the log folder (in the state directory: for
// /var/lib/cordgate/log, /var/lib/cordgate/control.sock), made absolute.
std::string control_endpoint(const CoreSection& core);

struct LogSection {
    LogLevel level = LogLevel::info;
};

// allowed_domains: the XMPP domains whose users may register and use the gateway (default: the
// component's parent domain). See adapters/xmpp/config.hpp.
struct XmppSection {
    std::string host = "127.0.0.1";
    std::uint16_t port = 5347;
    std::string component_jid;  // lower case, a bare domain; required by the XMPP adapter
    std::string secret;         // required by the XMPP adapter
    std::size_t max_body_bytes = 64 * 1024;
    std::vector<std::string> allowed_domains;  // lower case, bare domains
    std::size_t max_stanza_bytes = 256 * 1024;
    std::size_t max_inbound_stanza_bytes = 1024 * 1024;
    std::chrono::milliseconds reconnect_min{100};
    std::chrono::milliseconds reconnect_max{30000};
    std::string metrics_address;  // as CoreSection's, for cordgate-xmpp
    // Bare JIDs (lower case) shown and allowed the administrators' ad-hoc commands
    // (core/command_list.hpp, kAdminCommands); each of an allowed domain.
    std::vector<std::string> admins;
};

// Both adapters' file settings: XEP-0363 and cordgate's own store on the XMPP side, fetching
// XMPP users' files and writing the store on the Discord side.
struct FilesSection {
    std::optional<std::string> upload_service;  // a bare domain; set: no discovery
    std::optional<std::string> store_base_url;  // without a trailing slash
    std::uint64_t max_bytes = 100 * 1024 * 1024;
    std::chrono::seconds slot_timeout{30};
    std::vector<std::string> upload_hosts;  // "host" or "host:port"
    bool allow_private_hosts = false;
    std::uint64_t discord_upload_limit_mib = 10;
    std::chrono::seconds transfer_timeout{120};
    std::filesystem::path store_dir;  // empty: no store
    std::uint64_t store_quota_mib = 1024;
    std::int64_t store_max_age_days = 30;
};

// [discord.client]: who cordgate is to Discord (adapters/discord/client_profile.hpp).
struct DiscordClientSection {
    std::string user_agent =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/142.0.0.0 Safari/537.36";
    std::string os = "Windows";
    std::string os_version = "10";
    std::string browser = "Chrome";
    std::string browser_version = "142.0.0.0";
    std::string release_channel = "stable";
    std::int64_t client_build_number = 470000;
    std::string system_locale = "en-US";
    std::string timezone = "UTC";  // an IANA name, as the browser reports it
    std::string origin = "https://discord.com";
    // IDENTIFY capabilities: the official client's bitfield, as discord.py-self sends it
    // (discord/flags.py, Capabilities.default(): bits 0, 2-10, 12 and 14). The bits that change
    // what cordgate reads are DEDUPE_USER_OBJECTS and PRIORITIZED_READY_PAYLOAD (READY
    // deduplicated and completed by READY_SUPPLEMENTAL, ready_assembly.hpp) and CLIENT_STATE_V2
    // (guild fields under `properties`, json_read.hpp); discord-userdoccers
    // pages/gateway/using-gateway.mdx, "Gateway Capabilities". 0 asks for the legacy READY.
    std::int64_t capabilities = 22525;
};

struct DiscordSection {
    std::string api_base = "https://discord.com/api/v9";  // without a trailing slash
    std::string gateway_url;                              // empty: ask GET /gateway
    std::filesystem::path key_file = "discord.key";       // relative to the file's folder
    // What the XMPP adapter seals tokens to (the Discord adapter writes it beside key_file);
    // required by the XMPP adapter.
    std::filesystem::path public_key_file;
    bool bot = false;
    bool compress = false;
    std::uint64_t max_gateway_message_mib = 128;
    bool dm_strangers = false;
    std::int64_t own_avatar_interval_s = 30 * 60;
    bool pace_ahead = true;
    std::string cdn_base = "https://cdn.discordapp.com";
    std::filesystem::path ca_file;  // empty: the system's trust store only
    std::chrono::milliseconds reconnect_min{1000};
    std::chrono::milliseconds reconnect_max{60000};
    OfflineStatus status_without_xmpp = OfflineStatus::invisible;
    std::int64_t invalid_request_limit = 10000;
    std::chrono::seconds invalid_request_window{600};
    std::chrono::seconds ban_cooldown{60};
    std::chrono::seconds retry_give_up{120};
    std::string metrics_address;  // as CoreSection's, for cordgate-discord
    DiscordClientSection client;
};

struct Config {
    BusSection bus;
    CoreSection core;
    LogSection log;
    XmppSection xmpp;
    FilesSection files;
    DiscordSection discord;
};

}  // namespace cordgate::config
