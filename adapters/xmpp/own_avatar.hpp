#pragma once
// The user's own avatar on its way to Discord, the XMPP half: xmpp.fetch_own_avatar becomes a
// vCard get (XEP-0054) to the user's bare JID, whose id names the SHA-1 asked for, so the answer
// needs no state here; the result (or error) with such an id becomes xmpp.own_avatar. The photo
// is checked against the SHA-1 the user's presence announced (XEP-0153) and its type read from
// its first bytes, as discord.py-self's _get_mime_type_for_image (utils.py) does, since a vCard's
// TYPE is the client's word. Pure.

#include <adapters/xmpp/element.hpp>
#include <core/effect.hpp>
#include <core/event.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace cordgate::adapters::xmpp {

Element own_avatar_request(const core::FetchXmppOwnAvatar& p);

// The SHA-1 an iq id of own_avatar_request() asked for, or nullopt for any other id.
std::optional<std::string> own_avatar_sha1_of(std::string_view iq_id);

// The answer to the request for `sha1`: the vCard result's photo, or why there is none.
core::XmppOwnAvatar own_avatar_from_vcard(const std::string& sha1, const Element& iq);

// The MIME type of an image from its first bytes: PNG, JPEG, GIF, WebP, else nullopt.
std::optional<std::string> sniff_image_type(std::string_view bytes);

}  // namespace cordgate::adapters::xmpp
