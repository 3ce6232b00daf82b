#pragma once
// The part of a session's state that group chats need: guilds (their roles and members) and
// rooms (guild text channels and group DMs), plus queries waiting for Discord to answer.

#include <core/codec.hpp>
#include <core/codec_enum.hpp>
#include <core/discord_types.hpp>
#include <core/snowflake.hpp>

#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace cordgate::core {

// An IQ the core answers once Discord has answered a fetch.
struct PendingQuery {
    std::string from;  // the asking client (full JID)
    std::string to;    // the JID it asked
    std::string iq_id;
    // Added later, for queries waiting on a profile: "vcard" (also when absent),
    // "avatar_metadata" or "avatar_data".
    std::optional<std::string> query{};

    static constexpr auto fields =
        std::tuple{field("from", &PendingQuery::from), field("to", &PendingQuery::to),
                   field("iq_id", &PendingQuery::iq_id), field("query", &PendingQuery::query)};
};

// How the session knows a guild member, which decides the rooms they are an occupant of.
enum class MemberSource {
    known,   // READY, GUILD_CREATE, a member event: an occupant of every room of the guild
    spoke,   // only from a message of theirs: the same, until a sidebar lists them
    listed,  // from member sidebars: an occupant of the rooms whose sidebar lists them, and
             // forgotten when none does
};

inline constexpr auto enum_names(MemberSource) {
    using M = MemberSource;
    return std::array<EnumName<M>, 3>{
        {{M::known, "known"}, {M::spoke, "spoke"}, {M::listed, "listed"}}};
}

// Someone in a guild or group DM. nick is their occupant nick, unique within the guild or
// group DM (a clash gets the username appended), fixed when they are first seen.
struct RoomMember {
    DiscordUser user;
    std::string nick;
    std::vector<Snowflake> roles;
    // Added later: the last Discord presence seen for them (online, idle, dnd, offline) and
    // their custom status; unset until one arrives.
    std::optional<std::string> status{};
    std::optional<std::string> status_text{};
    // Added later: how the session knows them (absent: MemberSource::known).
    std::optional<MemberSource> source{};

    MemberSource known_by() const { return source.value_or(MemberSource::known); }
    static constexpr auto fields = std::tuple{field("user", &RoomMember::user),
                                              field("nick", &RoomMember::nick),
                                              field("roles", &RoomMember::roles),
                                              field("status", &RoomMember::status),
                                              field("status_text", &RoomMember::status_text),
                                              field("source", &RoomMember::source)};
};

// One row of a member sidebar: a group header or a member (both absent: a row not known, in
// a range the session no longer follows).
struct SidebarRow {
    std::optional<std::string> group;
    std::optional<Snowflake> member;

    static constexpr auto fields =
        std::tuple{field("group", &SidebarRow::group), field("member", &SidebarRow::member)};
};

// A guild's member sidebar (GUILD_MEMBER_LIST_UPDATE), by position from the top; the core
// follows only the first range, so it holds at most kSidebarRows rows.
struct Sidebar {
    int member_count = 0;
    int online_count = 0;
    std::vector<SidebarRow> rows;

    static constexpr auto fields =
        std::tuple{field("member_count", &Sidebar::member_count),
                   field("online_count", &Sidebar::online_count), field("rows", &Sidebar::rows)};
};

struct Guild {
    Snowflake id;
    std::string name;
    std::optional<Snowflake> owner_id;
    std::map<Snowflake, DiscordRole> roles;
    std::map<Snowflake, RoomMember> members;
    std::map<Snowflake, std::string> categories;  // category channel id -> name
    // Added later: the member sidebars the session follows, by list id.
    std::optional<std::map<std::string, Sidebar>> sidebars{};
    // Added later: the guild's custom emoji, by id (absent: none known).
    std::optional<std::map<Snowflake, DiscordGuildEmoji>> emojis{};

    static constexpr auto fields = std::tuple{field("id", &Guild::id),
                                              field("name", &Guild::name),
                                              field("owner_id", &Guild::owner_id),
                                              field("roles", &Guild::roles),
                                              field("members", &Guild::members),
                                              field("categories", &Guild::categories),
                                              field("sidebars", &Guild::sidebars),
                                              field("emojis", &Guild::emojis)};
};

// A group chat: a guild text channel (members are the guild's) or a group DM (members are
// its recipients). Threads are not rooms: their messages go to the parent's room.
struct Room {
    Snowflake id;
    std::optional<Snowflake> guild_id;
    std::string name;  // Guild/Category/#channel, or the group DM's name
    std::optional<std::string> topic;
    std::optional<Snowflake> owner_id;          // group DMs
    std::map<Snowflake, RoomMember> members;    // group DMs
    std::map<std::string, std::string> joined;  // the user's joined clients: full JID -> nick
    std::set<std::string> awaiting_history;     // joined clients that get history, then subject
    // Added later: guild channels, the member sidebar showing who may view the channel
    // (absent: "everyone").
    std::optional<std::string> member_list_id{};
    // Added later: guild channels, the channel's permission overwrites (absent: not known, and
    // then the user may do everything there, as before they were carried).
    std::optional<std::vector<DiscordOverwrite>> overwrites{};

    const std::string& list_id() const {
        static const std::string everyone = "everyone";
        return member_list_id ? *member_list_id : everyone;
    }

    static constexpr auto fields = std::tuple{field("id", &Room::id),
                                              field("guild_id", &Room::guild_id),
                                              field("name", &Room::name),
                                              field("topic", &Room::topic),
                                              field("owner_id", &Room::owner_id),
                                              field("members", &Room::members),
                                              field("joined", &Room::joined),
                                              field("awaiting_history", &Room::awaiting_history),
                                              field("member_list_id", &Room::member_list_id),
                                              field("overwrites", &Room::overwrites)};
};

}  // namespace cordgate::core
