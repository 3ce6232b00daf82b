#pragma once
// cordgate-xmpp's settings, taken from the sections of cordgate.toml it uses (config/parse.hpp
// reads and checks the file) and passed down.
//
//   [xmpp]
//   host = "127.0.0.1"            # the XMPP server's component listener
//   port = 5347
//   component_jid = "discord.example.org"
//   secret = "..."                # XEP-0114 shared secret
//   max_body_bytes = 65536        # larger message bodies are refused with not-acceptable
//   allowed_domains = ["example.org"]   # whose users may use the gateway at all
//   max_stanza_bytes = 262144     # the server's limit on what the component sends (prosody's
//                                 # component_stanza_size_limit, 512 KiB by default): a larger
//                                 # message is cut to fit with a note, anything else not sent
//   max_inbound_stanza_bytes = 1048576  # a larger stanza is refused (not-acceptable); a larger
//                                       # single tag ends the stream (policy-violation)
//   admins = ["admin@example.org"]      # bare JIDs given the administrators' ad-hoc commands
//   [core]
//   control_endpoint = "ipc://..."      # where the administrators' status command asks the core
//   [bus]
//   endpoint = "tcp://127.0.0.1:5701"   # or "stdio": events out on stdout, effects in on stdin
//   [discord]
//   public_key_file = "discord.key.pub" # relative paths are relative to the config file
//   [files]
//   upload_service = "upload.example.org"  # XEP-0363 service for every allowed domain; absent:
//                                          # found by service discovery of each domain
//   max_bytes = 104857600         # the largest Discord file copied to it (also capped by the
//                                 # service's own max-file-size); larger ones stay links
//   slot_timeout_seconds = 30     # a slot request or discovery unanswered this long failed
//   store_base_url = "https://files.example.org/cordgate"  # instead of XEP-0363: cordgate's
//                                 # own store ([files] store_dir of the Discord adapter),
//                                 # served there by a web server or `cordgate serve-files`
//   [log]
//   level = "info"
//
// allowed_domains: the XMPP domains whose users may register and use the gateway. Every stanza
// from any other domain is refused with <not-allowed/> before it becomes an event (stanzas of
// type error are dropped unanswered), so a foreign JID that reaches the component (server to
// server, or a server that routes anything) can neither register a Discord token nor act on
// anyone's session. Default: the component's parent domain (["example.org"] for
// discord.example.org); a component JID with no parent needs the key. The server's own domain
// must be listed: it advertises the XEP-0356 privileges.

#include <config/problem.hpp>
#include <config/sections.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>

#include <string>
#include <vector>

namespace cordgate::adapters::xmpp {

using ConfigError = config::ConfigError;

// XEP-0363 uploads: where Discord files are copied for the users of each allowed domain.
struct FilesConfig {
    std::optional<std::string> upload_service;  // configured: no discovery
    // cordgate's own store instead of XEP-0363: where the store's directory is served.
    std::optional<std::string> store_base_url;
    std::uint64_t max_bytes = 100 * 1024 * 1024;
    std::chrono::milliseconds slot_timeout{30000};
};

struct Config {
    std::string host = "127.0.0.1";
    std::uint16_t port = 5347;
    std::string component_jid;
    std::string secret;
    std::size_t max_body_bytes = 64 * 1024;
    std::vector<std::string> allowed_domains;  // lower case, bare domains, never empty
    std::size_t max_stanza_bytes = 256 * 1024;
    std::size_t max_inbound_stanza_bytes = 1024 * 1024;
    std::string bus_endpoint;
    std::filesystem::path discord_public_key_file;
    config::LogLevel log_level = config::LogLevel::info;
    std::chrono::milliseconds reconnect_min{100};
    std::chrono::milliseconds reconnect_max{30000};
    std::string metrics_address;  // "HOST:PORT" on loopback for /metrics; empty: none
    FilesConfig files;
    std::vector<std::string> admins;  // bare JIDs, lower case
    std::string control_endpoint;     // the core's (config::control_endpoint)
};

// The adapter's part of the whole file.
Config settings_from(const config::Config& file);

// Throw ConfigError with every problem of the file (load_config also checks the disk, as
// `cordgate check-config` does); parse_config reads text, relative paths against base_dir.
Config load_config(const std::filesystem::path& path);
Config parse_config(std::string_view toml_text, const std::filesystem::path& base_dir,
                    const std::string& source_name = "config");

}  // namespace cordgate::adapters::xmpp
