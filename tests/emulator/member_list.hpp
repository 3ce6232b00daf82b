#pragma once
// The member sidebar a user account subscribes to with op 37/14 `channels`: the list of a
// channel's members as GUILD_MEMBER_LIST_UPDATE sends it, and the ops that turn what a session
// was sent into the current list (discord-userdoccers commit ca08226,
// pages/topics/guild-subscriptions.mdx "Channel Member List" and "Member List ID",
// pages/gateway/gateway-events.mdx "Guild Member List Update"). Pure: reads the world.

#include <tests/emulator/subscriptions.hpp>
#include <tests/emulator/world.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace cordgate::tests::emulator {

struct MemberListItem {
    std::uint64_t user_id = 0;  // 0: a group's header
    std::string group;          // the header's group, or the member's
    std::string json;           // the item as sent: {"group":{...}} or {"member":{...}}
    bool operator==(const MemberListItem&) const = default;
};

struct MemberList {
    std::string id;  // "everyone", or a hash of the channel's view overwrites
    std::int64_t member_count = 0;
    std::int64_t online_count = 0;
    std::vector<std::pair<std::string, std::int64_t>> groups;  // non-empty groups, in order
    std::vector<MemberListItem> items;
};

// Hoisted roles by position (highest first), then "online" (online members without a
// hoisted role), then "offline"; each group's header followed by its members sorted by the
// name shown (nick, else global_name, else username; case-insensitively, then by id). Empty
// groups are left out. Members are those who can see the channel; an offline or invisible
// member is in "offline" whatever their roles.
MemberList build_member_list(const World& world, const Guild& guild, const Channel& channel);

// "everyone" when @everyone can view the channel and no overwrite denies it; otherwise the
// official client's name for the list: MurmurHash3 x86_32 (seed 0), in decimal, of the sorted
// "allow:<id>" / "deny:<id>" of the overwrites that allow or deny VIEW_CHANNEL, joined by
// commas (discord.py-self `abc.py` member_list_id). A thread takes its parent's.
std::string member_list_id(const World& world, const Guild& guild, const Channel& channel);

enum class ListOpKind { kSync, kInsert, kUpdate, kDelete };

struct ListOp {
    ListOpKind kind = ListOpKind::kSync;
    std::int64_t index = 0;             // INSERT, UPDATE, DELETE
    ListRange range{0, 0};              // SYNC
    std::vector<MemberListItem> items;  // SYNC: the range's items; INSERT/UPDATE: the item
    bool operator==(const ListOp&) const = default;
};

// The items a session holds of `list` with `ranges` subscribed: every item up to the highest
// subscribed index (the emulator keeps the ranges' union contiguous from 0).
std::vector<MemberListItem> held_items(const MemberList& list,
                                       const std::vector<ListRange>& ranges);

// SYNC of one range.
ListOp sync_op(const MemberList& list, ListRange range);

// INSERT/UPDATE/DELETE ops that, applied in order, turn `before` into `after`: items are
// matched by identity (a group or a member) along a longest common subsequence; a kept item
// whose JSON changed gets UPDATE, a member that moved is a DELETE and an INSERT. Indexes are
// those of the list as it is when the op applies, as the client applies them one by one.
std::vector<ListOp> diff_member_list(const std::vector<MemberListItem>& before,
                                     const std::vector<MemberListItem>& after);

// The GUILD_MEMBER_LIST_UPDATE payload.
std::string member_list_update_json(std::uint64_t guild_id, const MemberList& list,
                                    const std::vector<ListOp>& ops);

}  // namespace cordgate::tests::emulator
