#pragma once
// The status text of a contact's puppet, from their Discord presence: the custom status with its
// emoji first, then the first other activity in the words of Discord's own client
// (discord-userdoccers resources/presence.mdx, "Activity Type": "Playing {name}", "Listening to
// {name}", ...), with an emoji for the kind and, where Discord gives them, the details a person
// reads in the official client's profile card: a song and its artist, a stream's title.
//   "😃 I am cool · 🎮 Playing Minecraft"   "🎵 Listening to Song by Artist"
// Pure.

#include <core/discord_events.hpp>

#include <optional>
#include <string>

namespace cordgate::core::presence_text {

// One activity as a line: "🎮 Playing Minecraft"; nullopt for a type without words (4, the
// custom status, and 6, hang status, or one to come) or without a name.
std::optional<std::string> activity_line(const DiscordActivity& activity);

// The custom status and the activity joined by " · "; nullopt when there is neither.
std::optional<std::string> status_text(const DiscordPresenceUpdate& update);

}  // namespace cordgate::core::presence_text
