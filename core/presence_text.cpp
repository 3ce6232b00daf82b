#include <core/presence_text.hpp>

namespace cordgate::core::presence_text {
namespace {

bool has(const std::optional<std::string>& s) {
    return s && !s->empty();
}

// Discord's activity types (presence.mdx, "Activity Type").
enum Type : int { kPlaying = 0, kStreaming = 1, kListening = 2, kWatching = 3, kCompeting = 5 };

}  // namespace

std::optional<std::string> activity_line(const DiscordActivity& a) {
    switch (a.type) {
        case kPlaying:
            if (a.name.empty()) return std::nullopt;
            return "🎮 Playing " + a.name;
        case kStreaming:
            // Discord shows the stream's title (details); the name is the platform.
            if (has(a.details)) return "🔴 Streaming " + *a.details;
            if (a.name.empty()) return std::nullopt;
            return "🔴 Streaming " + a.name;
        case kListening:
            // Spotify and the like: details is the song, state the artist.
            if (has(a.details)) {
                return "🎵 Listening to " + *a.details + (has(a.state) ? " by " + *a.state : "");
            }
            if (a.name.empty()) return std::nullopt;
            return "🎵 Listening to " + a.name;
        case kWatching:
            if (a.name.empty()) return std::nullopt;
            return "📺 Watching " + a.name;
        case kCompeting:
            if (a.name.empty()) return std::nullopt;
            return "🏆 Competing in " + a.name;
        default:
            return std::nullopt;
    }
}

std::optional<std::string> status_text(const DiscordPresenceUpdate& update) {
    std::string custom;
    if (has(update.custom_emoji)) custom = *update.custom_emoji;
    if (has(update.custom_status)) {
        if (!custom.empty()) custom += ' ';
        custom += *update.custom_status;
    }
    std::optional<std::string> activity;
    if (update.activity) activity = activity_line(*update.activity);
    if (custom.empty() && !activity) {
        // A custom status of an empty text is still the text Discord sent (as before activities).
        return update.custom_status;
    }
    if (custom.empty()) return activity;
    if (!activity) return custom;
    return custom + " · " + *activity;
}

}  // namespace cordgate::core::presence_text
