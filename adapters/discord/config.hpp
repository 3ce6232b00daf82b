#pragma once
// cordgate-discord's settings, taken from the sections of cordgate.toml it uses (config/parse.hpp
// reads and checks the file) and passed down.
//
//   [discord]
//   api_base = "https://discord.com/api/v9"   # REST base with version (user clients use v9)
//   gateway_url = ""                          # empty: ask GET /gateway; else this wss:// URL
//   key_file = "discord.key"                  # sealed_box key pair (0600); relative to the file
//   bot = false                               # tokens are user tokens unless set
//   compress = false                          # zlib-stream transport compression
//   max_gateway_message_mib = 128             # largest gateway message read (inflated READY)
//   dm_strangers = false                      # open new DMs with non-friends (spam risk)
//   own_avatar_interval_s = 1800              # least time between two own-avatar changes
//   cdn_base = "https://cdn.discordapp.com"   # where avatars are fetched (/avatars/{id}/{h}.png)
//   ca_file = ""                              # PEM CA bundle to trust besides the system's
//   status_without_xmpp = "invisible"         # Discord status while no XMPP client is online
//   invalid_request_limit = 10000             # Discord's per-address limit of 401/403/429 ...
//   invalid_request_window_s = 600            # ... within this window (scaled down in tests)
//   ban_cooldown_s = 60                       # first pause after a Cloudflare ban (then doubles)
//   retry_give_up_s = 120                     # how long 5xx and transport errors are retried
//   [discord.client]                          # who cordgate is to Discord (client_profile.hpp)
//   client_build_number = 470000              # keep current: see the README
//   user_agent, os, os_version, browser, browser_version, release_channel, system_locale,
//   timezone, origin, capabilities
//   [files]                                   # files from XMPP users (file_policy.hpp)
//   upload_hosts = []                         # their server's upload host(s): "host[:port]"
//   allow_private_hosts = false               # let those resolve to loopback/private addresses
//   discord_upload_limit_mib = 10             # Discord's per-file limit for the account
//   transfer_timeout_s = 120                  # one file copy, start to end
//   store_dir = ""                            # cordgate's own file store (file_store.hpp)
//   store_quota_mib = 1024                    # the store's whole size; the oldest go first
//   store_max_age_days = 30                   # files older than this are deleted
//   [bus]
//   endpoint = "ipc:///tmp/cordgate/bus.sock"
//   [log]
//   level = "info"
//
// Plain http/ws is accepted only when the host is loopback (the emulator).

#include <adapters/discord/client_profile.hpp>
#include <adapters/discord/file_policy.hpp>
#include <adapters/discord/rest_pipeline.hpp>
#include <config/problem.hpp>
#include <config/sections.hpp>

#include <chrono>
#include <filesystem>
#include <stdexcept>

#include <string>
#include <string_view>

namespace cordgate::adapters::discord {

using ConfigError = config::ConfigError;

struct Config {
    std::string api_base = "https://discord.com/api/v9";
    std::string gateway_url;
    std::filesystem::path key_file = "discord.key";
    bool bot = false;
    bool compress = false;
    // The largest gateway message read, inflated; a larger one fails the session with a reason
    // the user sees (docs/ARCHITECTURE.md, "How large a gateway message may be": the heavy
    // account's READY measured 0.9 MB, the adapter holds ~5x a READY at its peak).
    std::size_t max_gateway_message_bytes = 128u << 20;
    // Whether the user may open a new DM with someone who is not a friend. Discord treats
    // unsolicited DMs from user accounts as spam; the core refuses them (it learns the value
    // from discord.adapter_started, so the decision is in the log).
    bool dm_strangers = false;
    // The least time between two changes of a user's own Discord avatar from XMPP (the core
    // paces them; it learns the value from discord.adapter_started, as dm_strangers).
    std::int64_t own_avatar_interval_s = 30 * 60;
    // A user token paces each route at Discord's documented limit before any 429 (route_pace).
    // Off only against a server without limits: the benchmark measuring cordgate's own ceiling.
    bool pace_ahead = true;
    std::string cdn_base = "https://cdn.discordapp.com";
    std::filesystem::path ca_file;  // empty: the system's trust store only
    std::string bus_endpoint = "ipc:///tmp/cordgate/bus.sock";
    config::LogLevel log_level = config::LogLevel::info;
    std::chrono::milliseconds reconnect_min{1000};
    std::chrono::milliseconds reconnect_max{60000};
    std::string metrics_address;  // "HOST:PORT" on loopback for /metrics; empty: none
    ClientProfileConfig client;
    std::string status_without_xmpp = "invisible";
    InvalidRequestBudget::Limits invalid_requests;
    BanBreaker::Options ban;
    RetryPolicy retry;
    FilesConfig files;
};

// The adapter's part of the whole file.
Config settings_from(const config::Config& file);

// Throw ConfigError with every problem of the file (load_config also checks the disk, as
// `cordgate check-config` does); parse_config reads text, relative paths against base_dir.
Config load_config(const std::filesystem::path& path);
Config parse_config(std::string_view toml_text, const std::filesystem::path& base_dir,
                    const std::string& source_name = "config");

}  // namespace cordgate::adapters::discord
