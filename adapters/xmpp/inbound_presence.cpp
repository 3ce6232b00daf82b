// <presence/> -> xmpp.presence. The user's own availability arrives through the XEP-0356
// presence permission (to the gateway's domain); probes and subscription requests arrive
// addressed to a puppet.

#include <adapters/xmpp/inbound_parts.hpp>
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

}  // namespace

Inbound translate_presence(Element& p, const Addresses& a, const InboundContext&) {
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
        int value = 0;
        const char* begin = priority->text.data();
        const char* end = begin + priority->text.size();
        auto [ptr, ec] = std::from_chars(begin, end, value);
        if (ec != std::errc() || ptr != end || value < -128 || value > 127) {
            return answer(error_reply(p, kBadRequest, "priority must be -128..127"),
                          "bad presence priority");
        }
        e.priority = value;
    }
    Inbound in;
    in.user = a.from.bare();
    in.note = "presence";
    in.event = std::move(e);
    return in;
}

}  // namespace cordgate::adapters::xmpp::detail
