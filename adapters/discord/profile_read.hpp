#pragma once
// The answer to GET /users/{id}/profile (the user nested under `user`, the bio under
// `user_profile`) or GET /users/{id} (the user itself) as discord.user_profile, without the
// avatar, which is fetched afterwards. Pure.

#include <core/discord_events.hpp>

#include <string_view>

namespace cordgate::adapters::discord {

// Throws MalformedPayload (json_read.hpp) when the body is not JSON or holds no readable user.
core::DiscordUserProfile read_user_profile(std::string_view body);

}  // namespace cordgate::adapters::discord
