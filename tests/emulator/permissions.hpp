#pragma once
// A guild member's permissions in a channel, as Discord computes them (discord-userdoccers
// pages/topics/permissions.mdx, "Permission Overwrites" and its pseudocode): the owner has every
// permission; otherwise @everyone's permissions OR the member's roles', ADMINISTRATOR meaning
// all; then the channel's overwrites in order: @everyone's (deny, then allow), the member's
// roles' (denies and allows each aggregated, deny first), the member's own. Threads take their
// parent channel's overwrites ("Inherited Permissions (Threads)"). Pure.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace cordgate::tests::emulator {

struct Guild;
struct Member;

namespace permission {
inline constexpr std::uint64_t kAddReactions = 1ULL << 6;
inline constexpr std::uint64_t kAdministrator = 1ULL << 3;
inline constexpr std::uint64_t kViewChannel = 1ULL << 10;
inline constexpr std::uint64_t kSendMessages = 1ULL << 11;
inline constexpr std::uint64_t kReadMessageHistory = 1ULL << 16;
inline constexpr std::uint64_t kSendMessagesInThreads = 1ULL << 38;
inline constexpr std::uint64_t kAll = ~0ULL;
// What Discord gives @everyone in a new guild; the emulator's default, so every member sees,
// reads and writes every channel unless a seed says otherwise.
inline constexpr std::uint64_t kDefaultEveryone = 2248473465835073ULL;
}  // namespace permission

enum class OverwriteType : int { role = 0, member = 1 };

struct PermissionOverwrite {
    std::uint64_t id = 0;  // a role's id (the guild's own for @everyone) or a user's
    OverwriteType type = OverwriteType::role;
    std::uint64_t allow = 0;
    std::uint64_t deny = 0;
};

// Discord serialises permission sets as decimal strings (API v8+).
std::optional<std::uint64_t> parse_permissions(std::string_view text);

// The guild-level permissions of `member` (compute_base_permissions).
std::uint64_t base_permissions(const Guild& g, const Member& member);
// `base` after the channel's `overwrites` (compute_overwrites).
std::uint64_t apply_overwrites(std::uint64_t base, const Guild& g, const Member& member,
                               const std::vector<PermissionOverwrite>& overwrites);

}  // namespace cordgate::tests::emulator
