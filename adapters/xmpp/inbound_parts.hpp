#pragma once
// Per-stanza-kind halves of translate(), called once the addresses have been checked.

#include <adapters/xmpp/inbound.hpp>
#include <adapters/xmpp/jid.hpp>

namespace cordgate::adapters::xmpp::detail {

struct Addresses {
    Jid from;
    Jid to;
};

Inbound translate_message(Element& stanza, const Addresses& a, const InboundContext& ctx);
Inbound translate_presence(Element& stanza, const Addresses& a, const InboundContext& ctx);
Inbound translate_iq(Element& stanza, const Addresses& a, const InboundContext& ctx);
Inbound translate_error(Element& stanza, const Addresses& a);

Inbound drop(std::string note);
Inbound answer(Element reply, std::string note);

}  // namespace cordgate::adapters::xmpp::detail
