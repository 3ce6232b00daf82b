#include <adapters/xmpp/config.hpp>

#include <config/parse.hpp>

namespace cordgate::adapters::xmpp {

Config settings_from(const config::Config& file) {
    const config::XmppSection& x = file.xmpp;
    Config c;
    c.host = x.host;
    c.port = x.port;
    c.component_jid = x.component_jid;
    c.secret = x.secret;
    c.max_body_bytes = x.max_body_bytes;
    c.allowed_domains = x.allowed_domains;
    c.max_stanza_bytes = x.max_stanza_bytes;
    c.max_inbound_stanza_bytes = x.max_inbound_stanza_bytes;
    c.bus_endpoint = file.bus.endpoint;
    c.discord_public_key_file = file.discord.public_key_file;
    c.log_level = file.log.level;
    c.reconnect_min = x.reconnect_min;
    c.reconnect_max = x.reconnect_max;
    c.metrics_address = x.metrics_address;
    c.files.upload_service = file.files.upload_service;
    c.files.store_base_url = file.files.store_base_url;
    c.files.max_bytes = file.files.max_bytes;
    c.files.slot_timeout = file.files.slot_timeout;
    c.admins = x.admins;
    c.control_endpoint = config::control_endpoint(file.core);
    return c;
}

Config parse_config(std::string_view toml_text, const std::filesystem::path& base_dir,
                    const std::string& source_name) {
    const std::array<config::Process, 1> xmpp{config::Process::xmpp};
    config::Parsed parsed = config::parse(toml_text, base_dir, source_name, xmpp);
    if (!parsed.problems.empty()) throw ConfigError(source_name, std::move(parsed.problems));
    return settings_from(parsed.config);
}

Config load_config(const std::filesystem::path& path) {
    return settings_from(config::load(path, config::Process::xmpp));
}

}  // namespace cordgate::adapters::xmpp
