#include <adapters/discord/config.hpp>
#include <adapters/discord/url.hpp>

#include <common/toml_reader.hpp>

#include <toml++/toml.h>

#include <fstream>
#include <sstream>

namespace cordgate::adapters::discord {
namespace {

// The URL check is this adapter's own; the typed reads are common::TomlReader.
struct Reader : common::TomlReader {
    using common::TomlReader::TomlReader;

    void url(const char* key, const std::string& value) const {
        try {
            require_url(value, key);
        } catch (const std::invalid_argument& e) {
            fail(key, e.what());
        }
    }
};

}  // namespace

Config parse_config(std::string_view toml_text, const std::filesystem::path& base_dir,
                    const std::string& source_name) {
    toml::table root;
    try {
        root = toml::parse(toml_text, source_name);
    } catch (const toml::parse_error& e) {
        throw ConfigError(source_name + ": not valid TOML: " + std::string(e.description()));
    }
    Reader r{root, source_name};
    Config c;
    c.api_base = r.str("discord.api_base", c.api_base);
    while (!c.api_base.empty() && c.api_base.back() == '/') c.api_base.pop_back();
    r.url("discord.api_base", c.api_base);
    c.gateway_url = r.str("discord.gateway_url", c.gateway_url);
    if (!c.gateway_url.empty()) r.url("discord.gateway_url", c.gateway_url);
    std::filesystem::path key = r.str("discord.key_file", c.key_file.string());
    c.key_file = key.is_absolute() ? key : base_dir / key;
    c.bot = r.boolean("discord.bot", c.bot);
    c.compress = r.boolean("discord.compress", c.compress);
    c.max_gateway_message_bytes =
        static_cast<std::size_t>(
            r.integer("discord.max_gateway_message_mib",
                      static_cast<std::int64_t>(c.max_gateway_message_bytes >> 20), 1, 1024))
        << 20;
    c.dm_strangers = r.boolean("discord.dm_strangers", c.dm_strangers);
    c.own_avatar_interval_s =
        r.integer("discord.own_avatar_interval_s", c.own_avatar_interval_s, 0, 7 * 24 * 3600);
    c.pace_ahead = r.boolean("discord.pace_ahead", c.pace_ahead);
    c.cdn_base = r.str("discord.cdn_base", c.cdn_base);
    while (!c.cdn_base.empty() && c.cdn_base.back() == '/') c.cdn_base.pop_back();
    r.url("discord.cdn_base", c.cdn_base);
    if (std::string ca = r.str("discord.ca_file", ""); !ca.empty()) {
        std::filesystem::path p = ca;
        c.ca_file = p.is_absolute() ? p : base_dir / p;
        std::error_code ec;
        if (!std::filesystem::is_regular_file(c.ca_file, ec))
            r.fail("discord.ca_file", "no such file: " + c.ca_file.string());
    }
    c.reconnect_min = std::chrono::milliseconds(
        r.integer("discord.reconnect_min_ms", c.reconnect_min.count(), 1, 60000));
    c.reconnect_max = std::chrono::milliseconds(
        r.integer("discord.reconnect_max_ms", c.reconnect_max.count(), 1, 3600000));
    if (c.reconnect_max < c.reconnect_min) {
        r.fail("discord.reconnect_max_ms", "below reconnect_min_ms");
    }
    c.status_without_xmpp = r.str("discord.status_without_xmpp", c.status_without_xmpp);
    if (c.status_without_xmpp != "invisible" && c.status_without_xmpp != "idle" &&
        c.status_without_xmpp != "online" && c.status_without_xmpp != "dnd") {
        r.fail("discord.status_without_xmpp", "expected invisible, idle, online or dnd");
    }
    c.invalid_requests.limit = static_cast<int>(
        r.integer("discord.invalid_request_limit", c.invalid_requests.limit, 4, 1000000));
    c.invalid_requests.window = 1000 * r.integer("discord.invalid_request_window_s",
                                                 c.invalid_requests.window / 1000, 1, 86400);
    c.ban.first_cooldown =
        1000 * r.integer("discord.ban_cooldown_s", c.ban.first_cooldown / 1000, 1, 86400);
    c.retry.give_up_after =
        1000 * r.integer("discord.retry_give_up_s", c.retry.give_up_after / 1000, 0, 86400);
    ClientProfileConfig& p = c.client;
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
    FilesConfig& f = c.files;
    f.upload_hosts = r.strings("files.upload_hosts", f.upload_hosts);
    for (const std::string& h : f.upload_hosts)
        if (!parse_url("https://" + h) || h.find('/') != std::string::npos)
            r.fail("files.upload_hosts", "'" + h + "' is not a host or host:port");
    f.allow_private_hosts = r.boolean("files.allow_private_hosts", f.allow_private_hosts);
    f.discord_upload_limit = static_cast<std::uint64_t>(r.integer(
                                 "files.discord_upload_limit_mib",
                                 static_cast<std::int64_t>(f.discord_upload_limit >> 20), 1, 500))
                             << 20;
    f.transfer_timeout = std::chrono::milliseconds(
        1000 * r.integer("files.transfer_timeout_s", f.transfer_timeout.count() / 1000, 1, 3600));
    if (std::string dir = r.str("files.store_dir", ""); !dir.empty()) {
        std::filesystem::path p = dir;
        f.store_dir = p.is_absolute() ? p : base_dir / p;
    }
    f.store.quota_bytes =
        static_cast<std::uint64_t>(r.integer("files.store_quota_mib",
                                             static_cast<std::int64_t>(f.store.quota_bytes >> 20),
                                             1, std::int64_t{1} << 30))
        << 20;
    f.store.max_age = std::chrono::seconds(
        24 * 3600 *
        r.integer("files.store_max_age_days", f.store.max_age.count() / (24 * 3600), 1, 36500));
    c.bus_endpoint = r.str("bus.endpoint", c.bus_endpoint);
    c.log_level = r.str("log.level", c.log_level);
    return c;
}

Config load_config(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) throw ConfigError(path.string() + ": cannot be read");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_config(text.str(), path.parent_path(), path.string());
}

}  // namespace cordgate::adapters::discord
