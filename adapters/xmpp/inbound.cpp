#include <adapters/xmpp/inbound.hpp>

#include <adapters/xmpp/inbound_parts.hpp>
#include <adapters/xmpp/namespaces.hpp>
#include <adapters/xmpp/own_avatar.hpp>
#include <adapters/xmpp/stanza_error.hpp>
#include <core/snowflake.hpp>

#include <algorithm>

namespace cordgate::adapters::xmpp {
namespace detail {

Inbound drop(std::string note) {
    Inbound in;
    in.note = std::move(note);
    return in;
}

Inbound answer(Element reply, std::string note) {
    Inbound in;
    in.reply = std::move(reply);
    in.note = std::move(note);
    return in;
}

}  // namespace detail

using detail::answer;
using detail::drop;

Inbound translate(Element& stanza, const InboundContext& ctx) {
    const bool is_message = stanza.name == "message";
    const bool is_presence = stanza.name == "presence";
    const bool is_iq = stanza.name == "iq";
    if (!is_message && !is_presence && !is_iq) {
        return drop("dropped a top-level <" + stanza.name.substr(0, 64) + "/>: not a stanza");
    }
    const std::string type = stanza.attr_or("type");
    // Never answer an error with an error (RFC 6120 §8.3.1): malformed errors are dropped.
    const bool may_reply = type != "error";

    const std::string* from_text = stanza.attr("from");
    auto from = from_text ? core::Jid::parse(*from_text) : std::nullopt;
    if (!from) {
        // The server stamps 'from' on everything it routes; without a valid one there is no
        // address to send an error to.
        return drop("dropped <" + stanza.name + "/>: missing or malformed 'from'");
    }
    const std::string* to_text = stanza.attr("to");
    auto to = to_text ? core::Jid::parse(*to_text) : std::nullopt;
    if (!to) {
        if (!may_reply) return drop("dropped an error stanza with a malformed 'to'");
        Inbound in = answer(error_reply(stanza, kJidMalformed), "refused: malformed 'to'");
        // 'to' is malformed, so the reply must not claim it as its 'from'.
        in.reply->set("from", ctx.gateway);
        return in;
    }
    if (to->domain != ctx.gateway) {
        if (!may_reply) return drop("dropped an error stanza for another domain");
        return answer(error_reply(stanza, kItemNotFound), "refused: not addressed to the gateway");
    }
    // Only users of the configured domains may use the gateway (Config::allowed_domains). This
    // is the one check, for every kind of stanza, before anything can become an event.
    if (std::find(ctx.allowed_domains.begin(), ctx.allowed_domains.end(), from->domain) ==
        ctx.allowed_domains.end()) {
        if (!may_reply) return drop("dropped an error stanza from a domain that is not allowed");
        return answer(error_reply(stanza, kNotAllowed),
                      "refused: the sender's domain is not allowed");
    }
    // A JID on the gateway names a Discord user or channel by its id, spelt one way only; any
    // other localpart names nothing, so it can reach neither the core nor Discord.
    if (!to->local.empty() && !core::Snowflake::from_localpart(to->local)) {
        if (!may_reply) return drop("dropped an error stanza to a JID that names nothing");
        return answer(error_reply(stanza, kItemNotFound), "refused: no such puppet or room");
    }
    if (stanza.oversized) {
        if (!may_reply) return drop("dropped an oversized error stanza");
        return answer(error_reply(stanza, kNotAcceptable, "stanza too large"),
                      "refused: larger than the gateway reads");
    }
    if (stanza.truncated) {
        if (!may_reply) return drop("dropped an error stanza nested too deeply");
        return answer(error_reply(stanza, kPolicyViolation, "nested too deeply"),
                      "refused: nested deeper than the gateway reads");
    }

    detail::Addresses addresses{std::move(*from), std::move(*to)};
    if (type == "error") return detail::translate_error(stanza, addresses);
    if (is_message) return detail::translate_message(stanza, addresses, ctx);
    if (is_presence) return detail::translate_presence(stanza, addresses, ctx);
    return detail::translate_iq(stanza, addresses, ctx);
}

namespace detail {

Inbound translate_error(Element& stanza, const Addresses& a) {
    core::XmppStanzaError e;
    const auto own_avatar =
        stanza.name == "iq" ? own_avatar_sha1_of(stanza.attr_or("id")) : std::nullopt;
    e.kind = stanza.name;
    e.from = a.from.full();
    e.to = a.to.full();
    if (const auto* id = stanza.attr("id")) e.id = *id;
    if (const Element* error = stanza.child("error", stanza.ns)) {
        e.error_type = error->attr_or("type", "cancel");
        for (const auto& c : error->children) {
            if (c.ns != ns::kStanzas) continue;
            if (c.name == "text") {
                e.text = c.text.substr(0, 1024);
            } else if (e.condition.empty()) {
                e.condition = c.name;
            }
        }
    }
    if (e.error_type.empty()) e.error_type = "cancel";
    if (e.condition.empty()) e.condition = "undefined-condition";
    Inbound in;
    in.user = a.from.bare();
    if (own_avatar) {
        // The user's server would not give the user's vCard (no vCard: item-not-found).
        in.note = "own vCard refused: " + e.condition;
        in.event =
            core::XmppOwnAvatar{*own_avatar, std::nullopt, std::nullopt, std::nullopt, e.condition};
        return in;
    }
    in.note = "stanza error " + e.condition;
    in.event = std::move(e);
    return in;
}

}  // namespace detail
}  // namespace cordgate::adapters::xmpp
