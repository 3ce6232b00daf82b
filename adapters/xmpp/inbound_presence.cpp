// <presence/> -> xmpp.presence. The user's own availability arrives through the XEP-0356
// presence permission (to the gateway's domain); probes and subscription requests arrive
// addressed to a puppet.

#include <adapters/xmpp/inbound_parts.hpp>
#include <adapters/xmpp/namespaces.hpp>
#include <adapters/xmpp/stanza_error.hpp>

#include <charconv>

namespace cordgate::adapters::xmpp::detail {
namespace {

constexpr std::size_t kMaxStatusBytes = 4096;

bool known_type(const std::string& t) {
    return t == "unavailable" || t == "probe" || t == "subscribe" || t == "subscribed" ||
           t == "unsubscribe" || t == "unsubscribed";
}

bool known_show(const std::string& s) {
    return s == "away" || s == "chat" || s == "dnd" || s == "xa";
}

std::optional<int> parse_int(const std::string& text, int lo, int hi) {
    int value = 0;
    const char* begin = text.data();
    const char* end = begin + text.size();
    auto [ptr, ec] = std::from_chars(begin, end, value);
    if (ec != std::errc() || ptr != end || value < lo || value > hi) return std::nullopt;
    return value;
}

// Whether `text` is the hex SHA-1 of XEP-0153 in either case; lowers it, since the core
// compares hashes as text.
bool lower_sha1(std::string& text) {
    if (text.size() != 40) return false;
    for (char& c : text) {
        if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

// XEP-0045 §7.2: an available presence to room@gateway/nick that carries the MUC <x/> is a
// join (a plain one is a presence update of an occupant already in, which stays xmpp.presence).
Inbound muc_join(Element& p, const Element& x, const Addresses& a) {
    core::XmppMucJoin join{a.from.full(), a.to.full(), std::nullopt};
    if (const Element* history = x.child("history", ns::kMuc)) {
        if (const auto* max = history->attr("maxstanzas")) {
            // Negative or absurd counts are a client bug; refuse rather than guess.
            join.history_max = parse_int(*max, 0, 1000000);
            if (!join.history_max) {
                return answer(error_reply(p, kBadRequest, "maxstanzas must be a count"),
                              "bad history maxstanzas");
            }
        }
    }
    Inbound in;
    in.user = a.from.bare();
    in.note = "room join";
    in.event = std::move(join);
    return in;
}

}  // namespace

Inbound translate_presence(Element& p, const Addresses& a, const InboundContext&) {
    if (const Element* x = p.child("x", ns::kMuc);
        x && !p.attr("type") && !a.to.local.empty() && !a.to.resource.empty()) {
        return muc_join(p, *x, a);
    }
    core::XmppPresence e;
    e.from = a.from.full();
    e.to = a.to.full();
    if (const auto* type = p.attr("type")) {
        if (!known_type(*type)) {
            return answer(error_reply(p, kBadRequest, "unknown presence type"),
                          "bad presence type");
        }
        e.presence_type = *type;
    }
    if (const Element* show = p.child("show", p.ns)) {
        if (!known_show(show->text)) {
            return answer(error_reply(p, kBadRequest, "show must be away, chat, dnd or xa"),
                          "bad presence show");
        }
        e.show = show->text;
    }
    if (const Element* status = p.child("status", p.ns)) {
        if (status->text.size() > kMaxStatusBytes) {
            return answer(error_reply(p, kNotAcceptable, "status is too long"), "long status");
        }
        e.status = status->text;
    }
    if (const Element* priority = p.child("priority", p.ns)) {
        e.priority = parse_int(priority->text, -128, 127);
        if (!e.priority) {
            return answer(error_reply(p, kBadRequest, "priority must be -128..127"),
                          "bad presence priority");
        }
    }
    if (const Element* x = p.child("x", ns::kVcardUpdate)) {
        // XEP-0153 §3.2: <photo/> empty is "no avatar", a hash is the avatar's SHA-1; without
        // <photo/> the client is not ready to say. Anything else is not a hash to act on.
        if (const Element* photo = x->child("photo", ns::kVcardUpdate)) {
            std::string hash = photo->text;
            if (hash.empty() || lower_sha1(hash)) e.photo = std::move(hash);
        }
    }
    Inbound in;
    in.user = a.from.bare();
    in.note = "presence";
    in.event = std::move(e);
    return in;
}

}  // namespace cordgate::adapters::xmpp::detail
