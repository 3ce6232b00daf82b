#include <adapters/discord/config.hpp>

#include <config/parse.hpp>

namespace cordgate::adapters::discord {

Config settings_from(const config::Config& file) {
    const config::DiscordSection& d = file.discord;
    const config::FilesSection& f = file.files;
    Config c;
    c.api_base = d.api_base;
    c.gateway_url = d.gateway_url;
    c.key_file = d.key_file;
    c.bot = d.bot;
    c.compress = d.compress;
    c.max_gateway_message_bytes = static_cast<std::size_t>(d.max_gateway_message_mib) << 20;
    c.dm_strangers = d.dm_strangers;
    c.own_avatar_interval_s = d.own_avatar_interval_s;
    c.pace_ahead = d.pace_ahead;
    c.cdn_base = d.cdn_base;
    c.ca_file = d.ca_file;
    c.bus_endpoint = file.bus.endpoint;
    c.log_level = file.log.level;
    c.reconnect_min = d.reconnect_min;
    c.reconnect_max = d.reconnect_max;
    c.metrics_address = d.metrics_address;
    c.client = d.client;
    c.status_without_xmpp = std::string(config::name(d.status_without_xmpp));
    c.invalid_requests.limit = static_cast<int>(d.invalid_request_limit);
    c.invalid_requests.window =
        std::chrono::duration_cast<std::chrono::milliseconds>(d.invalid_request_window).count();
    c.ban.first_cooldown =
        std::chrono::duration_cast<std::chrono::milliseconds>(d.ban_cooldown).count();
    c.retry.give_up_after =
        std::chrono::duration_cast<std::chrono::milliseconds>(d.retry_give_up).count();
    c.files.upload_hosts = f.upload_hosts;
    c.files.allow_private_hosts = f.allow_private_hosts;
    c.files.discord_upload_limit = f.discord_upload_limit_mib << 20;
    c.files.transfer_timeout = f.transfer_timeout;
    c.files.store_dir = f.store_dir;
    c.files.store.quota_bytes = f.store_quota_mib << 20;
    c.files.store.max_age = std::chrono::hours(24 * f.store_max_age_days);
    return c;
}

Config parse_config(std::string_view toml_text, const std::filesystem::path& base_dir,
                    const std::string& source_name) {
    const std::array<config::Process, 1> discord{config::Process::discord};
    config::Parsed parsed = config::parse(toml_text, base_dir, source_name, discord);
    if (!parsed.problems.empty()) throw ConfigError(source_name, std::move(parsed.problems));
    return settings_from(parsed.config);
}

Config load_config(const std::filesystem::path& path) {
    return settings_from(config::load(path, config::Process::discord));
}

}  // namespace cordgate::adapters::discord
