#pragma once
// The user's permissions in a guild channel, computed as Discord documents it
// (discord-userdoccers pages/topics/permissions.mdx): "Permission Overwrites" and its
// compute_base_permissions / compute_overwrites pseudocode, "Implicit Permissions", and
// "Inherited Permissions (Threads)" (a thread has its parent's overwrites, so a thread's
// messages follow their room's permissions). Pure.

#include <core/rooms_state.hpp>
#include <core/snowflake.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cordgate::core {
struct Session;
}

namespace cordgate::core::permissions {

// Bits of Discord's permission set ("Permission Flags") that the gateway acts on.
inline constexpr std::uint64_t kKickMembers = 1ULL << 1;
inline constexpr std::uint64_t kBanMembers = 1ULL << 2;
inline constexpr std::uint64_t kAdministrator = 1ULL << 3;
inline constexpr std::uint64_t kViewChannel = 1ULL << 10;
inline constexpr std::uint64_t kSendMessages = 1ULL << 11;
inline constexpr std::uint64_t kSendTts = 1ULL << 12;
inline constexpr std::uint64_t kManageMessages = 1ULL << 13;
inline constexpr std::uint64_t kEmbedLinks = 1ULL << 14;
inline constexpr std::uint64_t kAttachFiles = 1ULL << 15;
inline constexpr std::uint64_t kReadMessageHistory = 1ULL << 16;
inline constexpr std::uint64_t kMentionEveryone = 1ULL << 17;
inline constexpr std::uint64_t kSendMessagesInThreads = 1ULL << 38;
inline constexpr std::uint64_t kAll = ~0ULL;

// Discord sends permission sets as decimal strings that may outgrow 64 bits; wrapping arithmetic
// keeps exactly the low 64 bits, which hold every bit above. Not a number: no bits.
std::uint64_t bits(const std::string& decimal);

// compute_base_permissions: the owner has all; otherwise @everyone's (the role whose id is the
// guild's) OR each of `roles`', and ADMINISTRATOR means all. Roles the guild does not list
// (deleted) add nothing.
std::uint64_t base(const Guild& guild, Snowflake user, const std::vector<Snowflake>& roles);

// compute_overwrites on top of base(): ADMINISTRATOR skips them; then @everyone's overwrite (deny,
// then allow), the denies of all of the member's roles' overwrites, then their allows (so one
// role's allow beats another role's deny), then the member's own overwrite. Then the implicit
// denials: without VIEW_CHANNEL nothing else counts; without SEND_MESSAGES neither do
// SEND_TTS_MESSAGES, MENTION_EVERYONE, EMBED_LINKS nor ATTACH_FILES. A role the guild does not
// list (deleted) has no overwrite either.
std::uint64_t in_channel(const Guild& guild, Snowflake user, const std::vector<Snowflake>& roles,
                         const std::vector<DiscordOverwrite>& overwrites);

// `user`'s permissions in the guild room, or nothing when the session lacks what the computation
// needs: not a guild room (group DMs have no permissions), a guild whose roles are not known,
// a channel whose overwrites are not known, or a user who is not a known member. Callers then
// keep the gateway's behaviour from before permissions were computed: everything allowed.
std::optional<std::uint64_t> of(const Session& session, const Room& room, Snowflake user);

// The session's user: whether they may see the room (listed, joinable), write in it (else a
// visitor), and read its history (else no history on join). Unknown permissions allow.
bool user_can(const Session& session, const Room& room, std::uint64_t permission);

}  // namespace cordgate::core::permissions
