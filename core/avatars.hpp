#pragma once
// XEP-0084 (User Avatar) for puppets. The gateway is the XMPP server of every puppet JID, so
// it answers pubsub queries to a puppet as that puppet's PEP service would, from the Discord
// profile (fetched lazily, like the vCard, when a client asks).

#include <core/discord_events.hpp>
#include <core/rooms_state.hpp>
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

// The metadata notification for the user's bare JID after the puppet's avatar changed.
SendXmppAvatar notification(const DiscordUserProfile& profile, const std::string& puppet,
                            const std::string& user_jid);

}  // namespace cordgate::core::avatars
