#pragma once
// What the user wrote in an XMPP client as the content Discord gets: XEP-0372 mentions and
// "@nick" of occupants as <@id> (a ping), XEP-0393 styling as Discord markdown, ":name:" of the
// room's guild's custom emoji as <:name:id>. The pure parts are mentions.hpp, xmpp_styling.hpp
// and custom_emoji.hpp; this picks, from the session, who and what may be named where.

#include <core/event.hpp>
#include <core/state.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace cordgate::core {

// `room` is the room written in, or null for a DM (where only references to puppet JIDs are
// mentions, and no custom emoji: using them outside their guild needs Nitro). The first `skip`
// bytes of `body` (a reply's quoted fallback) are left out; references count from the whole
// body, as the client sent it.
std::string discord_content(const Session& session, const Room* room, std::string_view body,
                            const std::vector<XmppReference>& references, std::size_t skip = 0);

}  // namespace cordgate::core
