#pragma once
// The activities of a presence as both of its readers see them (hot_dispatch.cpp,
// json_read.cpp), and what the core is told of them: the custom status (type 4: its state and
// emoji) and the first activity with words (playing, streaming, listening, watching, competing:
// discord-userdoccers resources/presence.mdx, "Activity Object"). Pure.

#include <core/discord_events.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cordgate::adapters::discord {

struct ActivityFields {
    std::optional<std::int64_t> type;
    std::optional<std::string> name;
    std::optional<std::string> details;
    std::optional<std::string> state;
    std::optional<std::string> emoji_name;
    bool emoji_has_id = false;  // a guild's emoji, which has no character: written :name:
};

// Sets the custom status and its emoji from the first activity of type 4, and `activity` from
// the first of types 0, 1, 2, 3 or 5 with a name, in the order Discord listed them.
void take_activities(const std::vector<ActivityFields>& activities,
                     core::DiscordPresenceUpdate& presence);

}  // namespace cordgate::adapters::discord
