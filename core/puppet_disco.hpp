#pragma once
// What a puppet's "client" is and supports (XEP-0030), in one place: the core answers puppet
// disco#info with it, and the XMPP adapter hashes the same list into the XEP-0115 caps `ver`
// it puts on every available puppet presence. A client that sees the ver and asks
// disco#info node='<kPuppetCapsNode>#<ver>' gets this very list back, so the hash verifies.
//
// The identity carries no name: a name would make the hash differ per contact, and caps exist
// so that every puppet can share one cached answer. Bots differ only in the identity type.

#include <array>
#include <string_view>

namespace cordgate::core {

inline constexpr std::string_view kPuppetCapsNode = "https://cordgate.invalid";
inline constexpr std::string_view kPuppetIdentityCategory = "client";

inline constexpr std::string_view puppet_identity_type(bool bot) {
    return bot ? "bot" : "pc";
}

// What the gateway translates to and from Discord, sorted (XEP-0115 §5.1 sorts anyway).
inline constexpr std::array<std::string_view, 11> kPuppetFeatures{
    "http://jabber.org/protocol/caps",
    "http://jabber.org/protocol/chatstates",
    "http://jabber.org/protocol/disco#info",
    "jabber:x:oob",
    "urn:xmpp:chat-markers:0",
    "urn:xmpp:message-correct:0",
    "urn:xmpp:message-retract:0",
    "urn:xmpp:reactions:0",
    "urn:xmpp:receipts",
    "urn:xmpp:reply:0",
    "vcard-temp",
};

}  // namespace cordgate::core
