#pragma once
// Which guild events reach a user account's session, from its guild subscription (Discord
// gives user accounts only what they subscribed to; bots keep intent routing). Sources:
// discord-userdoccers pages/gateway/gateway-events.mdx ("Presence Update", "Guild Member
// Update"/"Remove": "only sent for presences/members they are subscribed to"; friends,
// implicit relationships and DM partners are subscribed automatically; "Guild Member Add":
// "only sent for themselves"), its guild-subscriptions topic (commit ca08226:
// `member_updates`, `members`, `typing`, large guilds without a subscription get no message
// events unless forced by a mention), and discord.py-self discord/state.py GuildSubscriptions
// (`typing` = TYPING_START, `member_updates` = GUILD_MEMBER_ADD/UPDATE/REMOVE, `members` =
// member and presence updates of those users, guilds under 75,000 members are subscribed at
// connect). Pure.

#include <tests/emulator/subscriptions.hpp>

#include <cstdint>
#include <set>

namespace cordgate::tests::emulator {

enum class GuildEventKind {
    kMessage,       // MESSAGE_CREATE/UPDATE/DELETE(_BULK), reactions: the "non-stateful" events
    kTyping,        // TYPING_START in a guild channel
    kPresence,      // PRESENCE_UPDATE of a guild member
    kMemberAdd,     // GUILD_MEMBER_ADD
    kMemberChange,  // GUILD_MEMBER_UPDATE, GUILD_MEMBER_REMOVE
};

struct GuildEvent {
    GuildEventKind kind = GuildEventKind::kMessage;
    // Whom the event is about: the member, the one typing, the presence's user; for messages
    // the author.
    std::uint64_t subject = 0;
    bool mentions_viewer = false;  // a message that mentions the session's user
    bool large_guild = false;      // member count above the large threshold
};

struct Viewer {
    std::uint64_t user_id = 0;
    // Friends, implicit relationships and DM partners: subscribed automatically.
    const std::set<std::uint64_t>* affine = nullptr;
    // The guild's subscription (nullptr: none sent).
    const GuildSubscription* subscription = nullptr;
    // Whether `subject` is in a member-list range the session was sent.
    bool subject_in_member_list = false;
};

bool user_session_receives(const Viewer& viewer, const GuildEvent& event);

// Discord's "large" guild for subscriptions: over 75,000 members (guild-subscriptions.mdx,
// "How It Works"; discord.py-self state.py). Seeds override it (`large_threshold`).
inline constexpr std::uint64_t kDefaultLargeThreshold = 75'000;

}  // namespace cordgate::tests::emulator
