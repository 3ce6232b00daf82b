#pragma once
// The user's own XMPP avatar published as their Discord avatar, when the user opted in
// (Preferences::publish_avatar). The user's presence says the avatar's hash (XEP-0153); a hash
// Discord does not have yet is fetched from the user's server (xmpp.fetch_own_avatar, answered
// by xmpp.own_avatar) and sent (discord.set_own_avatar), at most once per
// own_avatar_interval_s and never again after a refusal of the same image.

#include <core/apply_context.hpp>
#include <core/event.hpp>

#include <cstdint>

namespace cordgate::core::own_avatar {

// The largest image sent: Discord's default upload limit (userdoccers reference.mdx, "Upload
// Limits"). The stanza limit of the user's server usually bounds a vCard photo well below.
inline constexpr std::uint64_t kMaxBytes = 10 * 1024 * 1024;
// Discord publishes no number for its avatar limit (a 400, code 50035, with AVATAR_RATE_LIMIT
// "You are changing your avatar too fast. Try again later.", discord/discord-api-docs#8560,
// where a bot was still refused after two idle days); a person changes an avatar rarely, so one
// change per half hour costs nothing and keeps a flapping client from tripping it.
inline constexpr std::int64_t kDefaultIntervalS = 30 * 60;

// An available presence of the user to the gateway (or broadcast) with a <photo/>.
void on_presence_photo(ApplyContext& ctx, Session& session, const std::string& photo);
void on_own_avatar(ApplyContext& ctx, Session& session, const XmppOwnAvatar& answer);
// The preference was turned on: a refused image may be tried again, the current one is sent.
void on_enabled(ApplyContext& ctx, Session& session);
// True when the failed effect was a discord.set_own_avatar (then the user has been told).
bool on_effect_failed(ApplyContext& ctx, Session& session, const DiscordEffectFailed& failed);

}  // namespace cordgate::core::own_avatar
