#pragma once
// GUILD_MEMBER_LIST_UPDATE (user accounts): the member sidebar of the channels a session follows
// (gateway op 37 `channels`), as the official client shows it. A list is named by guild and
// list id ("everyone" when every member may view the channel, else a hash of the channel's
// view overwrites: discord.py-self `abc.py` member_list_id), so channels that show the same
// people share one list. Positions count group headers (hoisted roles, "online", "offline") and
// members alike; the ops change the list by position (discord.py-self `state.py`,
// parse_guild_member_list_update, and its GuildSubscriptions notes).

#include <core/codec.hpp>
#include <core/codec_enum.hpp>
#include <core/discord_types.hpp>
#include <core/snowflake.hpp>

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace cordgate::core {

enum class MemberListOpKind {
    sync,        // the items of a range, replacing what the range held
    insert,      // an item at an index; those after it move down one
    update,      // the item at an index changed (presence, nick, roles)
    remove,      // DELETE: the item at an index is gone; those after it move up one
    invalidate,  // the range is no longer followed: what it held is unknown now
};

inline constexpr auto enum_names(MemberListOpKind) {
    using K = MemberListOpKind;
    return std::array<EnumName<K>, 5>{{{K::sync, "sync"},
                                       {K::insert, "insert"},
                                       {K::update, "update"},
                                       {K::remove, "delete"},
                                       {K::invalidate, "invalidate"}}};
}

// A member of the list, with the presence the sidebar shows (status absent: none was given).
struct DiscordListMember {
    DiscordMember member;
    std::optional<std::string> status;
    std::optional<std::string> custom_status;

    static constexpr auto fields = std::tuple{
        field("member", &DiscordListMember::member), field("status", &DiscordListMember::status),
        field("custom_status", &DiscordListMember::custom_status)};
};

// One row of the sidebar: a group header (role id, "online" or "offline") or a member.
struct DiscordListItem {
    std::optional<std::string> group;
    std::optional<DiscordListMember> member;

    static constexpr auto fields = std::tuple{field("group", &DiscordListItem::group),
                                              field("member", &DiscordListItem::member)};
};

struct DiscordListOp {
    MemberListOpKind op = MemberListOpKind::sync;
    // sync and invalidate: [first, last]; insert, update, delete: index.
    std::optional<int> first;
    std::optional<int> last;
    std::optional<int> index;
    std::vector<DiscordListItem> items;  // sync: the range's items; insert, update: one

    static constexpr auto fields =
        std::tuple{field("op", &DiscordListOp::op), field("first", &DiscordListOp::first),
                   field("last", &DiscordListOp::last), field("index", &DiscordListOp::index),
                   field("items", &DiscordListOp::items)};
};

struct DiscordMemberListUpdate {
    static constexpr const char* type = "discord.member_list_update";
    Snowflake guild_id;
    std::string list_id;
    int member_count = 0;
    int online_count = 0;
    std::vector<DiscordListOp> ops;

    static constexpr auto fields =
        std::tuple{field("guild_id", &DiscordMemberListUpdate::guild_id),
                   field("list_id", &DiscordMemberListUpdate::list_id),
                   field("member_count", &DiscordMemberListUpdate::member_count),
                   field("online_count", &DiscordMemberListUpdate::online_count),
                   field("ops", &DiscordMemberListUpdate::ops)};
};

}  // namespace cordgate::core
