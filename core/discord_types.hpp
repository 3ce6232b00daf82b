#pragma once
// Discord objects as the core sees them: only the fields the projection uses, already checked
// by the Discord adapter. Names follow Discord's API so the mapping stays obvious.

#include <core/codec.hpp>
#include <core/snowflake.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cordgate::core {

struct DiscordUser {
    Snowflake id;
    std::string username;
    std::optional<std::string> global_name;  // display name, when the user set one
    std::optional<std::string> avatar;       // avatar hash
    bool bot = false;

    static constexpr auto fields =
        std::tuple{field("id", &DiscordUser::id), field("username", &DiscordUser::username),
                   field("global_name", &DiscordUser::global_name),
                   field("avatar", &DiscordUser::avatar), field("bot", &DiscordUser::bot)};

    const std::string& display_name() const { return global_name ? *global_name : username; }
};

// Relationship types (user accounts; discord-userdoccers resources/relationships.mdx,
// "Relationship Type"): 1 friend, 2 blocked, 3 incoming request, 4 outgoing request, 5 implicit.
struct DiscordRelationship {
    int type = 1;
    std::optional<std::string> nickname;  // the nickname the user gave this friend
    DiscordUser user;

    static constexpr auto fields = std::tuple{field("type", &DiscordRelationship::type),
                                              field("nickname", &DiscordRelationship::nickname),
                                              field("user", &DiscordRelationship::user)};

    static constexpr int kFriend = 1;
    static constexpr int kBlocked = 2;
    static constexpr int kIncomingRequest = 3;
    static constexpr int kOutgoingRequest = 4;
};

// One entry of READY's read_state (discord-userdoccers topics/read-state.mdx): the user has read
// channel `id` up to `last_message_id` in some Discord client.
struct DiscordReadState {
    Snowflake channel_id;
    Snowflake last_message_id;

    static constexpr auto fields =
        std::tuple{field("channel_id", &DiscordReadState::channel_id),
                   field("last_message_id", &DiscordReadState::last_message_id)};
};

// A channel's permission overwrite (discord-userdoccers resources/channel.mdx, "Permission
// Overwrite Object"): `id` is a role (type 0; the guild's own id is @everyone) or a member
// (type 1); allow and deny are permission sets as decimal strings, like a role's.
struct DiscordOverwrite {
    Snowflake id;
    int type = 0;
    std::string allow = "0";
    std::string deny = "0";

    static constexpr auto fields = std::tuple{
        field("id", &DiscordOverwrite::id), field("type", &DiscordOverwrite::type),
        field("allow", &DiscordOverwrite::allow), field("deny", &DiscordOverwrite::deny)};

    static constexpr int kRole = 0;
    static constexpr int kMember = 1;
};

// Channel types: 0 guild text, 1 DM, 3 group DM, 4 category, 5 announcement, 10-12 threads.
struct DiscordChannel {
    Snowflake id;
    int type = 1;
    std::optional<std::string> name;
    std::optional<Snowflake> guild_id;
    std::vector<DiscordUser> recipients;
    // Added later: the {} initialisers keep positional brace-inits of the fields above valid.
    std::optional<std::string> topic{};
    std::optional<Snowflake> parent_id{};  // category of a channel, channel of a thread
    std::optional<int> position{};
    std::optional<Snowflake> owner_id{};         // group DMs and threads
    std::optional<Snowflake> last_message_id{};  // what a fresh login may have missed
    // Guild text channels: the id of the member sidebar that shows who may view the channel
    // (discord_member_list.hpp), which the adapter derives from the channel's overwrites.
    std::optional<std::string> member_list_id{};
    // Guild channels: their overwrites (absent: not known, as in events from before they were
    // carried; an empty list is a channel without any).
    std::optional<std::vector<DiscordOverwrite>> permission_overwrites{};

    static constexpr auto fields =
        std::tuple{field("id", &DiscordChannel::id),
                   field("type", &DiscordChannel::type),
                   field("name", &DiscordChannel::name),
                   field("guild_id", &DiscordChannel::guild_id),
                   field("recipients", &DiscordChannel::recipients),
                   field("topic", &DiscordChannel::topic),
                   field("parent_id", &DiscordChannel::parent_id),
                   field("position", &DiscordChannel::position),
                   field("owner_id", &DiscordChannel::owner_id),
                   field("last_message_id", &DiscordChannel::last_message_id),
                   field("member_list_id", &DiscordChannel::member_list_id),
                   field("permission_overwrites", &DiscordChannel::permission_overwrites)};

    static constexpr int kGuildText = 0;
    static constexpr int kDm = 1;
    static constexpr int kGroupDm = 3;
    static constexpr int kCategory = 4;
    static constexpr int kAnnouncement = 5;
    static constexpr int kAnnouncementThread = 10;
    static constexpr int kPublicThread = 11;
    static constexpr int kPrivateThread = 12;

    bool is_thread() const { return type >= kAnnouncementThread && type <= kPrivateThread; }
    // Where people talk: guild text and announcement channels (threads are separate).
    bool is_text_room() const { return type == kGuildText || type == kAnnouncement; }
};

// A guild role: permissions is Discord's bit set as a decimal string (it outgrew 53 bits).
struct DiscordRole {
    Snowflake id;
    std::string name;
    std::string permissions = "0";

    static constexpr auto fields =
        std::tuple{field("id", &DiscordRole::id), field("name", &DiscordRole::name),
                   field("permissions", &DiscordRole::permissions)};
};

// A guild's custom emoji (discord-userdoccers resources/emoji.mdx, "Emoji Object"): written
// <:name:id>, or <a:name:id> when animated; `roles` (if any) may use it; `available` false when
// the guild lost the boosts it needs.
struct DiscordGuildEmoji {
    Snowflake id;
    std::string name;
    bool animated = false;
    bool available = true;
    std::vector<Snowflake> roles;

    static constexpr auto fields =
        std::tuple{field("id", &DiscordGuildEmoji::id), field("name", &DiscordGuildEmoji::name),
                   field("animated", &DiscordGuildEmoji::animated),
                   field("available", &DiscordGuildEmoji::available),
                   field("roles", &DiscordGuildEmoji::roles)};
};

struct DiscordMember {
    DiscordUser user;
    std::optional<std::string> nick;  // the member's nickname in this guild
    std::vector<Snowflake> roles;

    static constexpr auto fields =
        std::tuple{field("user", &DiscordMember::user), field("nick", &DiscordMember::nick),
                   field("roles", &DiscordMember::roles)};
};

struct DiscordAttachment {
    Snowflake id;
    std::string filename;
    std::string url;
    std::optional<std::string> content_type;
    std::uint64_t size = 0;

    static constexpr auto fields = std::tuple{
        field("id", &DiscordAttachment::id), field("filename", &DiscordAttachment::filename),
        field("url", &DiscordAttachment::url),
        field("content_type", &DiscordAttachment::content_type),
        field("size", &DiscordAttachment::size)};
};

}  // namespace cordgate::core
