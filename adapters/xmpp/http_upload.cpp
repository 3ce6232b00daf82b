#include <adapters/xmpp/http_upload.hpp>
#include <common/store_url.hpp>

#include <adapters/xmpp/namespaces.hpp>
#include <core/jid.hpp>

#include <algorithm>
#include <charconv>
#include <random>

namespace cordgate::adapters::xmpp {
namespace {

// The headers a slot may ask for (XEP-0363 §5: Authorization, Cookie, Expires); a client
// strips any other, and newlines from their values, so a service cannot smuggle a request.
bool allowed_header(std::string_view name) {
    auto same = [&](std::string_view want) {
        return std::equal(name.begin(), name.end(), want.begin(), want.end(),
                          [](char a, char b) { return (a | 0x20) == (b | 0x20); });
    };
    return same("authorization") || same("cookie") || same("expires");
}

std::string one_line(std::string_view value) {
    std::string out;
    for (char c : value) {
        if (c != '\r' && c != '\n') out += c;
    }
    return out;
}

bool web_url(std::string_view url) {
    return url.starts_with("https://") || url.starts_with("http://");
}

std::optional<std::uint64_t> number(std::string_view text) {
    std::uint64_t n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return n;
}

// The service's max-file-size, from the disco#info's XEP-0128 form for the upload namespace.
std::optional<std::uint64_t> max_file_size(const Element& query) {
    for (const auto& x : query.children) {
        if (x.name != "x" || x.ns != ns::kDataForms) continue;
        bool upload_form = false;
        std::optional<std::uint64_t> max;
        for (const auto& f : x.children) {
            if (f.name != "field") continue;
            const Element* value = f.child("value", ns::kDataForms);
            if (!value) continue;
            const std::string var = f.attr_or("var");
            if (var == "FORM_TYPE") upload_form = value->text == ns::kHttpUpload;
            if (var == "max-file-size") max = number(value->text);
        }
        if (upload_form) return max;
    }
    return std::nullopt;
}

// For the user: the service's text, or its condition; the limit when it says the file is too
// large.
std::string slot_error(const Element& iq) {
    const Element* error = iq.child("error", iq.ns);
    if (!error) return "the upload service refused the slot";
    std::string condition = "undefined-condition";
    std::string text;
    std::optional<std::uint64_t> limit;
    for (const auto& c : error->children) {
        if (c.ns == ns::kStanzas && c.name == "text") {
            text = one_line(c.text.substr(0, 256));
        } else if (c.ns == ns::kStanzas) {
            condition = c.name;
        } else if (c.ns == ns::kHttpUpload && c.name == "file-too-large") {
            if (const Element* max = c.child("max-file-size", ns::kHttpUpload)) {
                limit = number(max->text);
            }
        }
    }
    std::string out = "the upload service refused the slot (" + condition + ")";
    if (!text.empty()) out += ": " + text;
    if (limit) out += "; it takes at most " + std::to_string(*limit) + " bytes";
    return out;
}

// A file name the store's server can serve as it is: letters, digits, '.', '-', '_'; the rest
// becomes '_', a leading '.' too (no hidden files), at most 128 characters.
std::string store_file_name(std::string_view filename) {
    std::string out;
    for (char c : filename.substr(0, 128)) {
        const bool keep = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                          (c >= 'A' && c <= 'Z') || c == '.' || c == '-' || c == '_';
        out += keep ? c : '_';
    }
    if (out.empty()) out = "file";
    if (out.front() == '.') out.front() = '_';
    return out;
}

std::string system_random_token() {
    std::random_device device;
    static constexpr char kHex[] = "0123456789abcdef";
    std::string token;
    for (int i = 0; i < 4; ++i) {
        std::uint32_t word = device();
        for (int j = 0; j < 8; ++j, word >>= 4) token += kHex[word & 0xf];
    }
    return token;
}

}  // namespace

HttpUpload::HttpUpload(std::string gateway, std::vector<std::string> domains, FilesConfig config,
                       std::function<std::string()> random_token)
    : gateway_(std::move(gateway)),
      domains_(std::move(domains)),
      config_(std::move(config)),
      random_token_(random_token ? std::move(random_token) : system_random_token) {}

Element HttpUpload::iq_get(const std::string& to, const std::string& id) const {
    Element iq("iq", ns::kComponent);
    iq.set("from", gateway_).set("to", to).set("type", "get").set("id", id);
    return iq;
}

void HttpUpload::announce(UploadOut& out, const std::string& domain, const std::string& service,
                          std::optional<std::uint64_t> max_bytes) {
    discoveries_[domain].announced = true;
    const std::uint64_t cap = std::min(max_bytes.value_or(config_.max_bytes), config_.max_bytes);
    out.events.emplace_back(
        "",
        core::XmppUploadService{
            domain, service, service.empty() ? std::nullopt : std::optional<std::uint64_t>(cap)});
}

UploadOut HttpUpload::start(std::int64_t now_ms) {
    UploadOut out;
    // Answers to a connection that is gone never come; slot requests among them fail now.
    for (auto& [id, p] : pending_) {
        if (p.asked == Asked::slot) {
            out.events.emplace_back(
                p.user,
                core::XmppUploadSlot{
                    p.request_id, std::nullopt, {}, std::nullopt, "the XMPP server link was lost"});
        }
    }
    pending_.clear();
    discoveries_.clear();
    for (const auto& domain : domains_) {
        if (config_.store_base_url) {
            announce(out, domain, gateway_, std::nullopt);
            continue;
        }
        if (config_.upload_service) {
            announce(out, domain, *config_.upload_service, std::nullopt);
            continue;
        }
        discoveries_[domain];
        const std::string id = "cg-upload-" + std::to_string(++next_id_);
        Element iq = iq_get(domain, id);
        iq.add("query", ns::kDiscoItems);
        out.stanzas.push_back(std::move(iq));
        pending_[id] =
            Pending{Asked::items, domain, domain, "", "", now_ms + config_.slot_timeout.count()};
    }
    return out;
}

Element HttpUpload::request_slot(const std::string& user,
                                 const core::RequestXmppUploadSlot& request, std::int64_t now_ms) {
    Element iq = iq_get(request.service, request.request_id);
    Element& r = iq.add("request", ns::kHttpUpload);
    r.set("filename", request.filename).set("size", std::to_string(request.size));
    r.set_if("content-type", request.content_type);
    pending_[request.request_id] =
        Pending{Asked::slot, request.service,    "",
                user,        request.request_id, now_ms + config_.slot_timeout.count()};
    return iq;
}

std::optional<UploadOut> HttpUpload::local_slot(const std::string& user,
                                                const core::RequestXmppUploadSlot& request) {
    if (!config_.store_base_url || request.service != gateway_) return std::nullopt;
    const std::string name = random_token_() + "/" + store_file_name(request.filename);
    UploadOut out;
    out.events.emplace_back(user, core::XmppUploadSlot{request.request_id,
                                                       common::store_put_url(name),
                                                       {},
                                                       *config_.store_base_url + "/" + name,
                                                       std::nullopt});
    return out;
}

std::optional<UploadOut> HttpUpload::on_reply(const Element& iq, std::int64_t now_ms) {
    const std::string type = iq.attr_or("type");
    if (iq.name != "iq" || (type != "result" && type != "error")) return std::nullopt;
    auto it = pending_.find(iq.attr_or("id"));
    if (it == pending_.end()) return std::nullopt;
    auto from = core::Jid::parse(iq.attr_or("from"));
    auto asked = core::Jid::parse(it->second.to);
    if (!from || !asked || from->full() != asked->full()) return std::nullopt;
    Pending p = std::move(it->second);
    pending_.erase(it);
    UploadOut out;
    const bool ok = type == "result";
    switch (p.asked) {
        case Asked::items:
            if (ok) {
                on_items(out, p, iq, now_ms + config_.slot_timeout.count());
            } else {
                announce(out, p.domain, "", std::nullopt);
            }
            break;
        case Asked::info:
            on_info(out, p, ok ? &iq : nullptr);
            break;
        case Asked::slot:
            if (ok) {
                on_slot(out, p, iq);
            } else {
                out.events.emplace_back(
                    p.user, core::XmppUploadSlot{
                                p.request_id, std::nullopt, {}, std::nullopt, slot_error(iq)});
            }
            break;
    }
    return out;
}

void HttpUpload::on_items(UploadOut& out, const Pending& p, const Element& iq,
                          std::int64_t deadline) {
    Discovery& d = discoveries_[p.domain];
    if (const Element* query = iq.child("query", ns::kDiscoItems)) {
        for (const auto& item : query->children) {
            if (item.name != "item") continue;
            auto jid = core::Jid::parse(item.attr_or("jid"));
            // Only services (bare domains), and never the gateway itself.
            if (!jid || !jid->is_domain() || jid->domain == gateway_) continue;
            const std::string id = "cg-upload-" + std::to_string(++next_id_);
            Element info = iq_get(jid->domain, id);
            info.add("query", ns::kDiscoInfo);
            out.stanzas.push_back(std::move(info));
            pending_[id] = Pending{Asked::info, jid->domain, p.domain, "", "", deadline};
            ++d.infos_awaited;
        }
    }
    if (d.infos_awaited == 0) announce(out, p.domain, "", std::nullopt);
}

void HttpUpload::on_info(UploadOut& out, const Pending& p, const Element* iq) {
    Discovery& d = discoveries_[p.domain];
    if (d.infos_awaited > 0) --d.infos_awaited;
    if (d.announced) return;
    const Element* query = iq ? iq->child("query", ns::kDiscoInfo) : nullptr;
    bool upload = false;
    if (query) {
        for (const auto& c : query->children) {
            if (c.name == "feature" && c.attr_or("var") == ns::kHttpUpload) upload = true;
        }
    }
    if (upload) {
        announce(out, p.domain, p.to, max_file_size(*query));
    } else if (d.infos_awaited == 0) {
        announce(out, p.domain, "", std::nullopt);
    }
}

void HttpUpload::on_slot(UploadOut& out, const Pending& p, const Element& iq) {
    core::XmppUploadSlot slot;
    slot.request_id = p.request_id;
    const Element* s = iq.child("slot", ns::kHttpUpload);
    const Element* put = s ? s->child("put", ns::kHttpUpload) : nullptr;
    const Element* get = s ? s->child("get", ns::kHttpUpload) : nullptr;
    if (!put || !get || !web_url(put->attr_or("url")) || !web_url(get->attr_or("url"))) {
        slot.error = "the upload service answered without a usable slot";
        out.events.emplace_back(p.user, std::move(slot));
        return;
    }
    slot.put_url = put->attr_or("url");
    slot.get_url = get->attr_or("url");
    for (const auto& h : put->children) {
        if (h.name != "header" || !allowed_header(h.attr_or("name"))) continue;
        slot.put_headers.push_back(core::HttpHeader{h.attr_or("name"), one_line(h.text)});
    }
    out.events.emplace_back(p.user, std::move(slot));
}

UploadOut HttpUpload::expire(std::int64_t now_ms) {
    UploadOut out;
    for (auto it = pending_.begin(); it != pending_.end();) {
        if (it->second.deadline > now_ms) {
            ++it;
            continue;
        }
        Pending p = std::move(it->second);
        it = pending_.erase(it);
        const std::string waited = std::to_string(config_.slot_timeout.count() / 1000);
        switch (p.asked) {
            case Asked::items:
                announce(out, p.domain, "", std::nullopt);
                break;
            case Asked::info:
                on_info(out, p, nullptr);
                break;
            case Asked::slot:
                out.events.emplace_back(
                    p.user,
                    core::XmppUploadSlot{p.request_id,
                                         std::nullopt,
                                         {},
                                         std::nullopt,
                                         "the upload service did not answer in " + waited + " s"});
                break;
        }
    }
    return out;
}

}  // namespace cordgate::adapters::xmpp
