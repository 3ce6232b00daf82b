#pragma once
// Per-effect-kind halves of serialise() that live in their own files: rooms (XEP-0045,
// XEP-0249, XEP-0030 items), avatars (XEP-0084) and ad-hoc commands (XEP-0050). Each is pure,
// effect -> stanza.

#include <adapters/xmpp/element.hpp>
#include <core/effect.hpp>

#include <string>

namespace cordgate::adapters::xmpp::detail {

// A stanza in the component namespace with its addresses set.
Element stanza(const char* name, const std::string& from, const std::string& to);
// The bare JID of `jid` (text before the first '/').
std::string bare(const std::string& jid);

// outbound_rooms.cpp
Element muc_presence(const core::SendXmppMucPresence& p);
Element subject(const core::SendXmppSubject& p);
Element room_status(const core::SendXmppRoomStatus& p);
Element invite(const core::SendXmppInvite& p);
Element disco_items(const core::SendXmppDiscoItems& p);

// outbound_avatars.cpp
Element avatar(const core::SendXmppAvatar& p);

// outbound_bookmarks.cpp; the privileged IQ comes from the gateway's own JID.
Element bookmark(const core::SetXmppBookmark& p, const std::string& gateway);

// outbound_commands.cpp
Element command_result(const core::SendXmppCommandResult& p);

}  // namespace cordgate::adapters::xmpp::detail
