#pragma once
// Contacts' avatars. Each contact's image is fetched from Discord's CDN when the contact appears
// or its Discord avatar hash changes (discord.fetch_avatar; the adapter paces them), and its
// SHA-1 comes back in discord.avatar, so every presence of the puppet carries the XEP-0153 hash
// from then on. XEP-0084: the gateway is the XMPP server of every puppet JID, so it answers
// pubsub queries to a puppet as that puppet's PEP service would, from the Discord profile
// (fetched when a client asks, like the vCard, since the log keeps no image bytes).

#include <core/apply_context.hpp>
#include <core/discord_events.hpp>
#include <core/rooms_state.hpp>
#include <core/state.hpp>
#include <core/xmpp_effects.hpp>

#include <optional>
#include <string_view>

namespace cordgate::core::avatars {

// The XmppQuery.query values this module answers.
inline constexpr std::string_view kMetadataQuery = "avatar_metadata";
inline constexpr std::string_view kDataQuery = "avatar_data";

bool is_avatar_query(std::string_view query);

// The answer to `query` from a fetched profile: an avatar item, an empty metadata node when the
// user has no avatar, or nothing when the profile lacks the image (a failed fetch): the caller
// answers item-not-found. A data query gets the current image whatever item id it named.
std::optional<SendXmppAvatar> answer(const DiscordUserProfile& profile, const PendingQuery& query);

// For a contact in the roster: asks for the image of its Discord avatar hash when the state has
// none for that hash yet, or, when the user removed their avatar, clears the photo (XEP-0153's
// empty <photo/>, an empty XEP-0084 metadata node).
void follow(ApplyContext& ctx, Session& session, Contact& contact);

// The contact's image is known to be `image` (SHA-1 hex) of Discord's `avatar`: when that is
// news, the puppet's presence carries the new hash and the user's clients get the XEP-0084
// metadata notification.
struct Image {
    std::string avatar;
    std::string sha1;
    std::optional<std::string> type;
    std::optional<std::uint64_t> bytes;
};
void take(ApplyContext& ctx, Session& session, Contact& contact, const Image& image);

// discord.avatar: the CDN's answer to discord.fetch_avatar.
void on_avatar(ApplyContext& ctx, Session& session, const DiscordAvatar& avatar);

// The decoded size of a base64 text (XEP-0084's bytes attribute), without decoding it.
std::uint64_t decoded_size(std::string_view b64);

}  // namespace cordgate::core::avatars
