#include <adapters/xmpp/config.hpp>

#include <core/jid.hpp>

#include <common/toml_reader.hpp>

#include <toml++/toml.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace cordgate::adapters::xmpp {
namespace {

using Reader = common::TomlReader;

std::vector<std::string> allowed_domains(const Reader& r, const std::string& component_jid) {
    std::vector<std::string> fallback;
    if (auto dot = component_jid.find('.'); dot != std::string::npos) {
        fallback.push_back(component_jid.substr(dot + 1));
    }
    std::vector<std::string> domains = r.strings("xmpp.allowed_domains", fallback);
    if (domains.empty()) {
        r.fail("xmpp.allowed_domains", fallback.empty()
                                           ? "missing, and the component JID has no parent domain"
                                           : "must name at least one domain");
    }
    for (auto& d : domains) {
        auto jid = core::Jid::parse(d);
        if (!jid || !jid->is_domain()) r.fail("xmpp.allowed_domains", "'" + d + "' is no domain");
        d = jid->domain;  // lower case, as the parsed 'from' it is compared with
    }
    return domains;
}

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
    c.host = r.str("xmpp.host", c.host);
    c.port = static_cast<std::uint16_t>(r.integer("xmpp.port", c.port, 1, 65535));
    c.component_jid = r.str("xmpp.component_jid");
    auto jid = core::Jid::parse(c.component_jid);
    if (!jid || !jid->is_domain()) r.fail("xmpp.component_jid", "must be a bare domain");
    c.component_jid = jid->domain;  // lower case, as every JID the adapter compares it with
    c.allowed_domains = allowed_domains(r, c.component_jid);
    c.secret = r.str("xmpp.secret");
    if (c.secret.empty()) r.fail("xmpp.secret", "must not be empty");
    c.max_body_bytes = static_cast<std::size_t>(r.integer(
        "xmpp.max_body_bytes", static_cast<std::int64_t>(c.max_body_bytes), 1, 16 * 1024 * 1024));
    c.max_stanza_bytes = static_cast<std::size_t>(
        r.integer("xmpp.max_stanza_bytes", static_cast<std::int64_t>(c.max_stanza_bytes), 4096,
                  64 * 1024 * 1024));
    c.max_inbound_stanza_bytes = static_cast<std::size_t>(
        r.integer("xmpp.max_inbound_stanza_bytes",
                  static_cast<std::int64_t>(c.max_inbound_stanza_bytes), 4096, 64 * 1024 * 1024));
    c.reconnect_min = std::chrono::milliseconds(
        r.integer("xmpp.reconnect_min_ms", c.reconnect_min.count(), 1, 60000));
    c.reconnect_max = std::chrono::milliseconds(
        r.integer("xmpp.reconnect_max_ms", c.reconnect_max.count(), 1, 3600000));
    if (c.reconnect_max < c.reconnect_min)
        r.fail("xmpp.reconnect_max_ms", "below reconnect_min_ms");
    c.bus_endpoint = r.str("bus.endpoint");
    std::filesystem::path key = r.str("discord.public_key_file");
    c.discord_public_key_file = key.is_absolute() ? key : base_dir / key;
    c.log_level = r.str("log.level", c.log_level);
    if (r.has("files.upload_service")) {
        auto service = core::Jid::parse(r.str("files.upload_service"));
        if (!service || !service->is_domain()) {
            r.fail("files.upload_service", "must be a bare domain (the service's JID)");
        }
        c.files.upload_service = service->domain;
    }
    if (r.has("files.store_base_url")) {
        std::string base = r.str("files.store_base_url");
        while (!base.empty() && base.back() == '/') base.pop_back();
        if (!base.starts_with("https://") && !base.starts_with("http://"))
            r.fail("files.store_base_url", "must be an http(s) URL");
        if (c.files.upload_service)
            r.fail("files.store_base_url",
                   "cannot be set with files.upload_service: files go to one or the other");
        c.files.store_base_url = std::move(base);
    }
    c.files.max_bytes = static_cast<std::uint64_t>(r.integer(
        "files.max_bytes", static_cast<std::int64_t>(c.files.max_bytes), 1, std::int64_t{1} << 40));
    c.files.slot_timeout = std::chrono::seconds(r.integer(
        "files.slot_timeout_seconds",
        std::chrono::duration_cast<std::chrono::seconds>(c.files.slot_timeout).count(), 1, 3600));
    return c;
}

Config load_config(const std::filesystem::path& path) {
    std::string text;
    {
        std::FILE* f = std::fopen(path.c_str(), "rb");
        if (!f) throw ConfigError(path.string() + ": cannot open: " + std::strerror(errno));
        char buf[4096];
        std::size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
        std::fclose(f);
    }
    return parse_config(text, path.parent_path(), path.string());
}

}  // namespace cordgate::adapters::xmpp
