#include <config/parse.hpp>
#include <config/reader.hpp>
#include <config/url_check.hpp>

#include <core/jid.hpp>
#include <metrics/listen_address.hpp>

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <variant>

namespace cordgate::config {
namespace {

namespace fs = std::filesystem;

constexpr std::array<std::pair<std::string_view, LogLevel>, 7> kLogLevels{{
    {"trace", LogLevel::trace},
    {"debug", LogLevel::debug},
    {"info", LogLevel::info},
    {"warn", LogLevel::warn},
    {"error", LogLevel::error},
    {"critical", LogLevel::critical},
    {"off", LogLevel::off},
}};
constexpr std::array<std::pair<std::string_view, Sync>, 2> kSyncs{{
    {"every_batch", Sync::every_batch},
    {"never", Sync::never},
}};
constexpr std::array<std::pair<std::string_view, OfflineStatus>, 4> kOfflineStatuses{{
    {"invisible", OfflineStatus::invisible},
    {"idle", OfflineStatus::idle},
    {"online", OfflineStatus::online},
    {"dnd", OfflineStatus::dnd},
}};

template <class E, std::size_t N>
std::string_view name_in(const std::array<std::pair<std::string_view, E>, N>& names, E value) {
    for (const auto& [n, v] : names)
        if (v == value) return n;
    return "?";
}

bool wants(Processes processes, Process p) {
    return std::find(processes.begin(), processes.end(), p) != processes.end();
}

fs::path resolve(const fs::path& base_dir, const std::string& text) {
    fs::path p = text;
    return p.is_absolute() ? p : base_dir / p;
}

std::string trim_slashes(std::string text) {
    while (!text.empty() && text.back() == '/') text.pop_back();
    return text;
}

// A bare domain in lower case, or nothing.
std::optional<std::string> bare_domain(const std::string& text) {
    auto jid = core::Jid::parse(text);
    if (!jid || !jid->is_domain()) return std::nullopt;
    return jid->domain;
}

std::uint64_t count(Reader& r, std::string_view key, std::uint64_t fallback, std::int64_t lo,
                    std::int64_t hi) {
    return static_cast<std::uint64_t>(r.integer(key, static_cast<std::int64_t>(fallback), lo, hi));
}

void url(Reader& r, std::string_view key, const std::string& value) {
    if (auto why = url_problem(value)) r.problem(key, *why);
}

void read_bus(Reader& r, BusSection& b, Processes processes) {
    auto endpoint = r.optional_str("bus.endpoint", wants(processes, Process::xmpp));
    b.endpoint_given = endpoint.has_value();
    if (endpoint) b.endpoint = *endpoint;
    bool known = b.endpoint.starts_with("ipc://") || b.endpoint.starts_with("tcp://") ||
                 b.endpoint == "stdio";
    if (!known) r.problem("bus.endpoint", "expected ipc://PATH, tcp://HOST:PORT or stdio");
}

// The control socket is for this machine's operator only: a local socket, or TCP on loopback.
std::optional<std::string> control_endpoint_problem(const CoreSection& c) {
    if (c.data_dir.empty()) return std::nullopt;  // reported under core.data_dir
    const std::string endpoint = control_endpoint(c);
    if (endpoint.starts_with("ipc://")) {
        // sun_path holds 108 bytes with the terminating zero.
        if (endpoint.size() - 6 > 107) {
            return "the socket path " + endpoint.substr(6) + " is longer than 107 bytes";
        }
        return std::nullopt;
    }
    if (endpoint.starts_with("tcp://127.0.0.1:") || endpoint.starts_with("tcp://localhost:") ||
        endpoint.starts_with("tcp://[::1]:")) {
        return std::nullopt;
    }
    return "expected ipc://PATH or tcp://127.0.0.1:PORT (a local socket: it can take backups)";
}

// A process's /metrics endpoint: loopback only, as it has no authentication.
std::string metrics_address(Reader& r, std::string_view key) {
    std::string text = r.str(key, "");
    if (text.empty()) return text;
    auto parsed = metrics::parse_listen_address(text);
    if (const auto* why = std::get_if<std::string>(&parsed)) r.problem(key, *why);
    return text;
}

void read_core(Reader& r, CoreSection& c) {
    c.data_dir = r.str("core.data_dir", c.data_dir);
    if (c.data_dir.empty()) r.problem("core.data_dir", "must not be empty");
    c.sync = r.choice<Sync>("core.sync", c.sync, kSyncs);
    c.snapshot_every = count(r, "core.snapshot_every", c.snapshot_every, 0, INT64_MAX);
    c.wal_spare_mib = count(r, "core.wal_spare_mib", c.wal_spare_mib, 0, 4096);
    c.control_endpoint = r.str("core.control_endpoint", c.control_endpoint);
    if (auto why = control_endpoint_problem(c)) r.problem("core.control_endpoint", *why);
    c.retain_events = count(r, "core.retain_events", c.retain_events, 0, INT64_MAX);
    c.retain_days = count(r, "core.retain_days", c.retain_days, 0, 36500);
    // Retention runs with snapshots; without them it would silently keep everything.
    if ((c.retain_events > 0 || c.retain_days > 0) && c.snapshot_every == 0) {
        r.problem(c.retain_events > 0 ? "core.retain_events" : "core.retain_days",
                  "needs core.snapshot_every above 0: events are dropped only once a snapshot "
                  "covers them");
    }
    c.metrics_address = metrics_address(r, "core.metrics_address");
}

void read_log(Reader& r, LogSection& l) {
    l.level = r.choice<LogLevel>("log.level", l.level, kLogLevels);
}

// Each a bare JID of a user (no resource), of a domain whose stanzas the gateway reads.
void read_admins(Reader& r, XmppSection& x) {
    auto listed = r.strings("xmpp.admins");
    if (!listed) return;
    for (const std::string& text : *listed) {
        auto jid = core::Jid::parse(text);
        if (!jid || jid->local.empty() || !jid->resource.empty()) {
            r.problem("xmpp.admins", "'" + text + "' is no bare JID (user@domain)");
            continue;
        }
        const auto& allowed = x.allowed_domains;
        if (std::find(allowed.begin(), allowed.end(), jid->domain) == allowed.end()) {
            r.problem("xmpp.admins", "'" + text +
                                         "' is not of an allowed domain (xmpp.allowed_domains): "
                                         "the gateway refuses its stanzas");
            continue;
        }
        x.admins.push_back(jid->bare());  // lower case, as the adapter's parsed 'from'
    }
}

void read_xmpp(Reader& r, XmppSection& x, Processes processes) {
    const bool required = wants(processes, Process::xmpp);
    x.host = r.str("xmpp.host", x.host);
    x.port = static_cast<std::uint16_t>(r.integer("xmpp.port", x.port, 1, 65535));
    if (auto jid = r.optional_str("xmpp.component_jid", required)) {
        if (auto domain = bare_domain(*jid)) {
            x.component_jid = *domain;  // lower case, as every JID the adapter compares it with
        } else {
            r.problem("xmpp.component_jid", "must be a bare domain");
        }
    }
    std::vector<std::string> fallback;
    if (auto dot = x.component_jid.find('.'); dot != std::string::npos) {
        fallback.push_back(x.component_jid.substr(dot + 1));
    }
    auto listed = r.strings("xmpp.allowed_domains");
    x.allowed_domains.clear();
    if (listed) {
        if (listed->empty()) r.problem("xmpp.allowed_domains", "must name at least one domain");
        for (const std::string& d : *listed) {
            if (auto domain = bare_domain(d)) {
                x.allowed_domains.push_back(*domain);  // lower case, as the parsed 'from'
            } else {
                r.problem("xmpp.allowed_domains", "'" + d + "' is no domain");
            }
        }
    } else if (!r.has("xmpp.allowed_domains")) {
        x.allowed_domains = fallback;
        if (fallback.empty() && required && !x.component_jid.empty()) {
            r.problem("xmpp.allowed_domains",
                      "missing, and the component JID has no parent domain");
        }
    }
    if (auto secret = r.optional_str("xmpp.secret", required)) {
        x.secret = *secret;
        if (x.secret.empty()) r.problem("xmpp.secret", "must not be empty");
    }
    x.max_body_bytes = count(r, "xmpp.max_body_bytes", x.max_body_bytes, 1, 16 * 1024 * 1024);
    x.max_stanza_bytes =
        count(r, "xmpp.max_stanza_bytes", x.max_stanza_bytes, 4096, 64 * 1024 * 1024);
    x.max_inbound_stanza_bytes = count(r, "xmpp.max_inbound_stanza_bytes",
                                       x.max_inbound_stanza_bytes, 4096, 64 * 1024 * 1024);
    x.reconnect_min = std::chrono::milliseconds(
        r.integer("xmpp.reconnect_min_ms", x.reconnect_min.count(), 1, 60000));
    x.reconnect_max = std::chrono::milliseconds(
        r.integer("xmpp.reconnect_max_ms", x.reconnect_max.count(), 1, 3600000));
    if (x.reconnect_max < x.reconnect_min)
        r.problem("xmpp.reconnect_max_ms", "below reconnect_min_ms");
    x.metrics_address = metrics_address(r, "xmpp.metrics_address");
    read_admins(r, x);
}

void read_files(Reader& r, FilesSection& f, const fs::path& base_dir) {
    if (auto service = r.optional_str("files.upload_service")) {
        if (auto domain = bare_domain(*service)) {
            f.upload_service = *domain;
        } else {
            r.problem("files.upload_service", "must be a bare domain (the service's JID)");
        }
    }
    if (auto base = r.optional_str("files.store_base_url")) {
        std::string trimmed = trim_slashes(*base);
        if (!trimmed.starts_with("https://") && !trimmed.starts_with("http://")) {
            r.problem("files.store_base_url", "must be an http(s) URL");
        } else if (f.upload_service) {
            r.problem("files.store_base_url",
                      "cannot be set with files.upload_service: files go to one or the other");
        } else {
            f.store_base_url = std::move(trimmed);
        }
    }
    f.max_bytes = count(r, "files.max_bytes", f.max_bytes, 1, std::int64_t{1} << 40);
    f.slot_timeout = std::chrono::seconds(
        r.integer("files.slot_timeout_seconds", f.slot_timeout.count(), 1, 3600));
    if (auto hosts = r.strings("files.upload_hosts")) {
        for (const std::string& h : *hosts) {
            if (!is_host_and_port(h)) {
                r.problem("files.upload_hosts", "'" + h + "' is not a host or host:port");
            }
        }
        f.upload_hosts = std::move(*hosts);
    }
    f.allow_private_hosts = r.boolean("files.allow_private_hosts", f.allow_private_hosts);
    f.discord_upload_limit_mib =
        count(r, "files.discord_upload_limit_mib", f.discord_upload_limit_mib, 1, 500);
    f.transfer_timeout = std::chrono::seconds(
        r.integer("files.transfer_timeout_s", f.transfer_timeout.count(), 1, 3600));
    if (std::string dir = r.str("files.store_dir", ""); !dir.empty()) {
        f.store_dir = resolve(base_dir, dir);
    }
    f.store_quota_mib =
        count(r, "files.store_quota_mib", f.store_quota_mib, 1, std::int64_t{1} << 30);
    f.store_max_age_days = r.integer("files.store_max_age_days", f.store_max_age_days, 1, 36500);
}

void read_discord_client(Reader& r, DiscordClientSection& p) {
    p.user_agent = r.str("discord.client.user_agent", p.user_agent);
    p.os = r.str("discord.client.os", p.os);
    p.os_version = r.str("discord.client.os_version", p.os_version);
    p.browser = r.str("discord.client.browser", p.browser);
    p.browser_version = r.str("discord.client.browser_version", p.browser_version);
    p.release_channel = r.str("discord.client.release_channel", p.release_channel);
    p.client_build_number =
        r.integer("discord.client.client_build_number", p.client_build_number, 1, 99999999);
    p.system_locale = r.str("discord.client.system_locale", p.system_locale);
    p.timezone = r.str("discord.client.timezone", p.timezone);
    p.origin = r.str("discord.client.origin", p.origin);
    p.capabilities = r.integer("discord.client.capabilities", p.capabilities, 0, INT64_MAX);
}

void read_discord(Reader& r, DiscordSection& d, const fs::path& base_dir, Processes processes) {
    d.api_base = trim_slashes(r.str("discord.api_base", d.api_base));
    url(r, "discord.api_base", d.api_base);
    d.gateway_url = r.str("discord.gateway_url", d.gateway_url);
    if (!d.gateway_url.empty()) url(r, "discord.gateway_url", d.gateway_url);
    d.key_file = resolve(base_dir, r.str("discord.key_file", d.key_file.string()));
    if (auto pub = r.optional_str("discord.public_key_file", wants(processes, Process::xmpp))) {
        d.public_key_file = resolve(base_dir, *pub);
    }
    d.bot = r.boolean("discord.bot", d.bot);
    d.compress = r.boolean("discord.compress", d.compress);
    d.max_gateway_message_mib =
        count(r, "discord.max_gateway_message_mib", d.max_gateway_message_mib, 1, 1024);
    d.dm_strangers = r.boolean("discord.dm_strangers", d.dm_strangers);
    d.own_avatar_interval_s =
        r.integer("discord.own_avatar_interval_s", d.own_avatar_interval_s, 0, 7 * 24 * 3600);
    d.pace_ahead = r.boolean("discord.pace_ahead", d.pace_ahead);
    d.cdn_base = trim_slashes(r.str("discord.cdn_base", d.cdn_base));
    url(r, "discord.cdn_base", d.cdn_base);
    if (std::string ca = r.str("discord.ca_file", ""); !ca.empty()) {
        d.ca_file = resolve(base_dir, ca);
    }
    d.reconnect_min = std::chrono::milliseconds(
        r.integer("discord.reconnect_min_ms", d.reconnect_min.count(), 1, 60000));
    d.reconnect_max = std::chrono::milliseconds(
        r.integer("discord.reconnect_max_ms", d.reconnect_max.count(), 1, 3600000));
    if (d.reconnect_max < d.reconnect_min)
        r.problem("discord.reconnect_max_ms", "below reconnect_min_ms");
    d.status_without_xmpp = r.choice<OfflineStatus>("discord.status_without_xmpp",
                                                    d.status_without_xmpp, kOfflineStatuses);
    d.invalid_request_limit =
        r.integer("discord.invalid_request_limit", d.invalid_request_limit, 4, 1000000);
    d.invalid_request_window = std::chrono::seconds(
        r.integer("discord.invalid_request_window_s", d.invalid_request_window.count(), 1, 86400));
    d.ban_cooldown =
        std::chrono::seconds(r.integer("discord.ban_cooldown_s", d.ban_cooldown.count(), 1, 86400));
    d.retry_give_up = std::chrono::seconds(
        r.integer("discord.retry_give_up_s", d.retry_give_up.count(), 0, 86400));
    d.metrics_address = metrics_address(r, "discord.metrics_address");
    read_discord_client(r, d.client);
}

// --- what the processes touch on disk ---

std::string os_error(int error) {
    return std::strerror(error);
}

// A file the process reads: there, a regular file, readable by whoever runs this.
void readable_file(Reader& r, std::string_view key, const fs::path& path) {
    std::error_code ec;
    auto status = fs::status(path, ec);
    if (!fs::exists(status)) {
        r.problem(key, "no such file: " + path.string());
    } else if (!fs::is_regular_file(status)) {
        r.problem(key, path.string() + " is not a regular file");
    } else if (::access(path.c_str(), R_OK) != 0) {
        r.problem(key, "cannot read " + path.string() + ": " + os_error(errno));
    }
}

// A folder the process writes in, created if missing: it, or the nearest folder above it that
// exists, must be a folder this user can write.
void writable_folder(Reader& r, std::string_view key, const fs::path& path) {
    fs::path existing = path.empty() ? fs::path(".") : path;
    std::error_code ec;
    while (!fs::exists(existing, ec) && existing != existing.parent_path()) {
        existing = existing.has_parent_path() ? existing.parent_path() : fs::path(".");
    }
    if (!fs::is_directory(existing, ec)) {
        r.problem(key, existing.string() + " is not a folder");
    } else if (::access(existing.c_str(), W_OK | X_OK) != 0) {
        r.problem(key, "cannot write in " + existing.string() + ": " + os_error(errno));
    }
}

// A key file: when present it must be readable; when absent, the Discord adapter creates it,
// so its folder must exist and (for the adapter itself) be writable.
void key_file(Reader& r, std::string_view key, const fs::path& path, bool created_here) {
    std::error_code ec;
    if (fs::exists(path, ec)) {
        readable_file(r, key, path);
        return;
    }
    fs::path folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
    if (!fs::is_directory(folder, ec)) {
        r.problem(key, "no such file, and no folder " + folder.string() + " to create it in");
    } else if (created_here && ::access(folder.c_str(), W_OK | X_OK) != 0) {
        r.problem(key, "no such file, and cannot create it in " + folder.string() + ": " +
                           os_error(errno));
    }
}

void check_disk(Reader& r, const Config& c, Processes processes) {
    if (wants(processes, Process::core)) {
        writable_folder(r, "core.data_dir", c.core.data_dir);
        std::string control = control_endpoint(c.core);
        if (control.starts_with("ipc://")) {
            fs::path socket = control.substr(6);
            writable_folder(r, "core.control_endpoint",
                            socket.has_parent_path() ? socket.parent_path() : fs::path("."));
        }
    }
    if (wants(processes, Process::discord)) {
        key_file(r, "discord.key_file", c.discord.key_file, true);
        if (!c.discord.ca_file.empty()) readable_file(r, "discord.ca_file", c.discord.ca_file);
        if (!c.files.store_dir.empty()) writable_folder(r, "files.store_dir", c.files.store_dir);
    }
    if (wants(processes, Process::xmpp) && !c.discord.public_key_file.empty()) {
        key_file(r, "discord.public_key_file", c.discord.public_key_file, false);
    }
}

Parsed read_document(const toml::table& root, const fs::path& base_dir, Processes processes,
                     bool disk) {
    Reader r(root);
    Parsed out;
    Config& c = out.config;
    read_bus(r, c.bus, processes);
    read_core(r, c.core);
    read_log(r, c.log);
    read_xmpp(r, c.xmpp, processes);
    read_files(r, c.files, base_dir);
    read_discord(r, c.discord, base_dir, processes);
    r.report_unknown();
    if (disk) check_disk(r, c, processes);
    out.problems = r.take();
    // In the file's order; a key that is nowhere in the file last.
    std::stable_sort(
        out.problems.begin(), out.problems.end(), [](const Problem& a, const Problem& b) {
            auto order = [](const Problem& p) { return p.line == 0 ? UINT32_MAX : p.line; };
            return order(a) < order(b);
        });
    return out;
}

Parsed parse_text(std::string_view text, const fs::path& base_dir, const std::string& source,
                  Processes processes, bool disk) {
    toml::table root;
    try {
        root = toml::parse(text, source);
    } catch (const toml::parse_error& e) {
        const auto& where = e.source().begin;
        Parsed out;
        out.problems.push_back(Problem{"", where.line, where.column,
                                       "not valid TOML: " + std::string(e.description())});
        return out;
    }
    return read_document(root, base_dir, processes, disk);
}

}  // namespace

std::string_view name(LogLevel level) {
    return name_in(kLogLevels, level);
}

std::optional<LogLevel> parse_log_level(std::string_view text) {
    for (const auto& [n, v] : kLogLevels)
        if (n == text) return v;
    return std::nullopt;
}

std::string_view name(Sync sync) {
    return name_in(kSyncs, sync);
}

std::optional<Sync> parse_sync(std::string_view text) {
    for (const auto& [n, v] : kSyncs)
        if (n == text) return v;
    return std::nullopt;
}

std::string_view name(OfflineStatus status) {
    return name_in(kOfflineStatuses, status);
}

std::string control_endpoint(const CoreSection& core) {
    if (!core.control_endpoint.empty()) return core.control_endpoint;
    std::error_code ec;
    fs::path log = fs::absolute(fs::path(core.data_dir), ec).lexically_normal();
    if (log.has_filename() == false) log = log.parent_path();  // a trailing slash
    return "ipc://" + (log.parent_path() / "control.sock").string();
}

std::string_view name(Process process) {
    switch (process) {
        case Process::core:
            return "core";
        case Process::xmpp:
            return "xmpp";
        case Process::discord:
            return "discord";
    }
    return "?";
}

Parsed parse(std::string_view text, const fs::path& base_dir, const std::string& source,
             Processes processes) {
    return parse_text(text, base_dir, source, processes, false);
}

Parsed check_file(const fs::path& path, Processes processes) {
    std::ifstream in(path);
    if (!in) {
        Parsed out;
        out.problems.push_back(Problem{"", 0, 0, "cannot be read: " + os_error(errno)});
        return out;
    }
    std::ostringstream text;
    text << in.rdbuf();
    return parse_text(text.str(), path.parent_path(), path.string(), processes, true);
}

Config load(const fs::path& path, Process process) {
    const std::array<Process, 1> one{process};
    Parsed parsed = check_file(path, one);
    if (!parsed.problems.empty()) throw ConfigError(path.string(), std::move(parsed.problems));
    return parsed.config;
}

}  // namespace cordgate::config
