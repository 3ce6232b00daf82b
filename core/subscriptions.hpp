#pragma once
// What the user's Discord session follows in each guild (gateway op 37, through the adapter):
// a user account gets a guild's typing, the presences of members it does not know, and member
// sidebars only for what it subscribed to, as the official client does for the guild and
// channel on screen. cordgate follows the guilds with a joined room: typing, activities and
// threads, and the first range of the sidebar ([0, 99], what the official client's sidebar
// asks first) of each joined channel, one channel per distinct sidebar and at most
// kFollowedSidebars per guild.

#include <core/apply_context.hpp>
#include <core/state.hpp>

#include <vector>

namespace cordgate::core::subscriptions {

inline constexpr std::size_t kFollowedSidebars = 5;

// The channels whose sidebar the session follows in the guild, in channel id order.
std::vector<Snowflake> followed(const Session& session, Snowflake guild_id);
// Asks for the guild's subscription again when the followed channels differ from `before`.
void update(ApplyContext& ctx, const Session& session, Snowflake guild_id,
            const std::vector<Snowflake>& before);
// After READY: every guild with a joined room, asked again (a new session follows nothing).
void subscribe_all(ApplyContext& ctx, const Session& session);

}  // namespace cordgate::core::subscriptions
