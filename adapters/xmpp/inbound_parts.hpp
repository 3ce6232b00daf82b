#pragma once
// Per-stanza-kind halves of translate(), called once the addresses have been checked.

#include <adapters/xmpp/inbound.hpp>
#include <core/jid.hpp>

namespace cordgate::adapters::xmpp::detail {

struct Addresses {
    core::Jid from;
    core::Jid to;
};

Inbound translate_message(Element& stanza, const Addresses& a, const InboundContext& ctx);
Inbound translate_presence(Element& stanza, const Addresses& a, const InboundContext& ctx);
Inbound translate_iq(Element& stanza, const Addresses& a, const InboundContext& ctx);
Inbound translate_error(Element& stanza, const Addresses& a);

// inbound_command.cpp: XEP-0050 execution on the gateway's domain.
Inbound translate_command(Element& iq, Element& command, const Addresses& a,
                          const InboundContext& ctx);

// A Discord token as typed into a form: printable ASCII, no spaces, not over-long.
bool plausible_token(const std::string& token);

Inbound drop(std::string note);
Inbound answer(Element reply, std::string note);

}  // namespace cordgate::adapters::xmpp::detail
