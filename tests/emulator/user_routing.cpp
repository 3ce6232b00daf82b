#include <tests/emulator/user_routing.hpp>

namespace cordgate::tests::emulator {

bool user_session_receives(const Viewer& viewer, const GuildEvent& event) {
    const GuildSubscription* sub = viewer.subscription;
    const bool self = event.subject == viewer.user_id;
    const bool affine = viewer.affine && viewer.affine->count(event.subject) != 0;
    // Guilds under the threshold count as subscribed from the start; a large one only once
    // the client sent typing:true, and until then its other subscriptions do nothing.
    const bool guild_subscribed = !event.large_guild || (sub && sub->subscribed);
    const bool listed = sub && sub->members.count(event.subject) != 0;
    switch (event.kind) {
        case GuildEventKind::kMessage:
            return guild_subscribed || event.mentions_viewer;
        case GuildEventKind::kTyping:
            return guild_subscribed && sub && sub->typing;
        case GuildEventKind::kPresence:
            if (self || affine) return true;
            return guild_subscribed && (listed || viewer.subject_in_member_list);
        case GuildEventKind::kMemberAdd:
            if (self) return true;
            return guild_subscribed && sub && sub->member_updates;
        case GuildEventKind::kMemberChange:
            if (self || affine) return true;
            return guild_subscribed && sub && (sub->member_updates || listed);
    }
    return false;
}

}  // namespace cordgate::tests::emulator
