#include <adapters/discord/activities.hpp>

namespace cordgate::adapters::discord {
namespace {

bool has_words(std::int64_t type) {
    return type == 0 || type == 1 || type == 2 || type == 3 || type == 5;
}

}  // namespace

void take_activities(const std::vector<ActivityFields>& activities,
                     core::DiscordPresenceUpdate& p) {
    bool custom_found = false;
    for (const auto& a : activities) {
        if (!a.type) continue;
        if (*a.type == 4 && !custom_found) {
            custom_found = true;
            p.custom_status = a.state;
            if (a.emoji_name && !a.emoji_name->empty()) {
                p.custom_emoji = a.emoji_has_id ? ":" + *a.emoji_name + ":" : *a.emoji_name;
            }
            continue;
        }
        if (p.activity || !has_words(*a.type) || !a.name || a.name->empty()) continue;
        p.activity = core::DiscordActivity{static_cast<int>(*a.type), *a.name, a.details, a.state};
    }
}

}  // namespace cordgate::adapters::discord
