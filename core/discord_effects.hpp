#pragma once
// Effects for the Discord adapter besides discord.login and discord.send_message (effect.hpp).
// Each becomes one REST call of the user's session. Emoji are what REST takes in the URL before
// encoding: the unicode emoji itself, or name:id for a custom one.

#include <core/codec.hpp>
#include <core/http_header.hpp>
#include <core/snowflake.hpp>

#include <optional>
#include <string>
#include <vector>

namespace cordgate::core {

struct EditDiscordMessage {
    static constexpr const char* type = "discord.edit_message";
    Snowflake channel_id;
    Snowflake message_id;
    std::string content;

    static constexpr auto fields = std::tuple{field("channel_id", &EditDiscordMessage::channel_id),
                                              field("message_id", &EditDiscordMessage::message_id),
                                              field("content", &EditDiscordMessage::content)};
};

struct DeleteDiscordMessage {
    static constexpr const char* type = "discord.delete_message";
    Snowflake channel_id;
    Snowflake message_id;

    static constexpr auto fields =
        std::tuple{field("channel_id", &DeleteDiscordMessage::channel_id),
                   field("message_id", &DeleteDiscordMessage::message_id)};
};

struct AddDiscordReaction {
    static constexpr const char* type = "discord.add_reaction";
    Snowflake channel_id;
    Snowflake message_id;
    std::string emoji;

    static constexpr auto fields = std::tuple{field("channel_id", &AddDiscordReaction::channel_id),
                                              field("message_id", &AddDiscordReaction::message_id),
                                              field("emoji", &AddDiscordReaction::emoji)};
};

struct RemoveDiscordReaction {
    static constexpr const char* type = "discord.remove_reaction";
    Snowflake channel_id;
    Snowflake message_id;
    std::string emoji;

    static constexpr auto fields =
        std::tuple{field("channel_id", &RemoveDiscordReaction::channel_id),
                   field("message_id", &RemoveDiscordReaction::message_id),
                   field("emoji", &RemoveDiscordReaction::emoji)};
};

struct TriggerDiscordTyping {
    static constexpr const char* type = "discord.typing";
    Snowflake channel_id;

    static constexpr auto fields =
        std::tuple{field("channel_id", &TriggerDiscordTyping::channel_id)};
};

// User accounts: mark the channel read up to message_id.
struct AckDiscordMessage {
    static constexpr const char* type = "discord.ack_message";
    Snowflake channel_id;
    Snowflake message_id;

    static constexpr auto fields = std::tuple{field("channel_id", &AckDiscordMessage::channel_id),
                                              field("message_id", &AckDiscordMessage::message_id)};
};

// GET /users/{id} (profile false) or /users/{id}/profile; the answer is discord.user_profile.
struct FetchDiscordUser {
    static constexpr const char* type = "discord.fetch_user";
    Snowflake user_id;
    bool profile = false;

    static constexpr auto fields = std::tuple{field("user_id", &FetchDiscordUser::user_id),
                                              field("profile", &FetchDiscordUser::profile)};
};

// A contact's avatar from the CDN (cdn_base/avatars/{user_id}/{avatar}.png, no API call); the
// answer is discord.avatar. The adapter paces these and fetches one (user, avatar) once.
struct FetchDiscordAvatar {
    static constexpr const char* type = "discord.fetch_avatar";
    Snowflake user_id;
    std::string avatar;

    static constexpr auto fields = std::tuple{field("user_id", &FetchDiscordAvatar::user_id),
                                              field("avatar", &FetchDiscordAvatar::avatar)};
};

// A message with one file. The bytes travel base64 in the effect, or (source_url set, data_base64
// empty) the adapter fetches them from source_url, an upload host it allows, and streams them;
// `size` is what the sender announced. channel_id or recipient_id as for discord.send_message.
struct UploadDiscordAttachment {
    static constexpr const char* type = "discord.upload_attachment";
    std::optional<Snowflake> channel_id;
    std::optional<Snowflake> recipient_id;
    std::string content;
    std::string nonce;
    std::string filename;
    std::optional<std::string> content_type;
    std::string data_base64;
    // Added later: the {} initialisers keep positional brace-inits of the fields above valid.
    std::optional<std::string> source_url{};
    std::optional<std::uint64_t> size{};

    static constexpr auto fields =
        std::tuple{field("channel_id", &UploadDiscordAttachment::channel_id),
                   field("recipient_id", &UploadDiscordAttachment::recipient_id),
                   field("content", &UploadDiscordAttachment::content),
                   field("nonce", &UploadDiscordAttachment::nonce),
                   field("filename", &UploadDiscordAttachment::filename),
                   field("content_type", &UploadDiscordAttachment::content_type),
                   field("data_base64", &UploadDiscordAttachment::data_base64),
                   field("source_url", &UploadDiscordAttachment::source_url),
                   field("size", &UploadDiscordAttachment::size)};
};

// The user's own status, from their XMPP presence: gateway op 3 (status online, idle, dnd,
// invisible), with the status text as a custom status.
struct SetDiscordPresence {
    static constexpr const char* type = "discord.set_presence";
    std::string status;
    std::optional<std::string> custom_status;
    // Nobody at an XMPP client (added later: older effects have none).
    std::optional<bool> afk{};
    static constexpr auto fields =
        std::tuple{field("status", &SetDiscordPresence::status),
                   field("custom_status", &SetDiscordPresence::custom_status),
                   field("afk", &SetDiscordPresence::afk)};
};
// PUT /users/@me/relationships/{id} with no type: accepts the user's incoming friend request, or
// sends one (discord-userdoccers resources/relationships.mdx, "Create Relationship": the type
// defaults to -1, "which accepts an existing or creates a new friend request").
struct AddDiscordRelationship {
    static constexpr const char* type = "discord.add_relationship";
    Snowflake user_id;

    static constexpr auto fields = std::tuple{field("user_id", &AddDiscordRelationship::user_id)};
};

// DELETE /users/@me/relationships/{id}: declines an incoming friend request (or cancels an
// outgoing one).
struct RemoveDiscordRelationship {
    static constexpr const char* type = "discord.remove_relationship";
    Snowflake user_id;

    static constexpr auto fields =
        std::tuple{field("user_id", &RemoveDiscordRelationship::user_id)};
};

// GET /channels/{id}/messages?limit=N[&after=|&before=]; the answer is discord.channel_history.
struct FetchDiscordHistory {
    static constexpr const char* type = "discord.fetch_history";
    Snowflake channel_id;
    int limit = 20;
    // Added later: only messages after this one (catching up after a fresh login).
    std::optional<Snowflake> after{};
    // Only messages before this one (an archive query paging back past what is kept).
    std::optional<Snowflake> before{};
    static constexpr auto fields = std::tuple{field("channel_id", &FetchDiscordHistory::channel_id),
                                              field("limit", &FetchDiscordHistory::limit),
                                              field("after", &FetchDiscordHistory::after),
                                              field("before", &FetchDiscordHistory::before)};
};

// The member ranges of one channel's sidebar to follow: [first, last] positions of the list.
struct DiscordMemberRange {
    int first = 0;
    int last = 99;

    static constexpr auto fields = std::tuple{field("first", &DiscordMemberRange::first),
                                              field("last", &DiscordMemberRange::last)};
};

struct DiscordChannelRanges {
    Snowflake channel_id;
    std::vector<DiscordMemberRange> ranges;

    static constexpr auto fields =
        std::tuple{field("channel_id", &DiscordChannelRanges::channel_id),
                   field("ranges", &DiscordChannelRanges::ranges)};
};

// What the user's session should follow in one guild, as the official client asks with
// gateway op 37 (GUILD_SUBSCRIPTIONS_BULK): typing, activities (presences of the members it
// sees), the thread list, and the member sidebar of some channels. It replaces whatever was
// asked for the guild before; the adapter keeps the set and sends it again after every READY
// and RESUMED. Empty `channels` stops following every sidebar of the guild.
struct SubscribeDiscordGuild {
    static constexpr const char* type = "discord.subscribe_guild";
    Snowflake guild_id;
    bool typing = true;
    bool activities = true;
    bool threads = true;
    std::vector<DiscordChannelRanges> channels;

    static constexpr auto fields =
        std::tuple{field("guild_id", &SubscribeDiscordGuild::guild_id),
                   field("typing", &SubscribeDiscordGuild::typing),
                   field("activities", &SubscribeDiscordGuild::activities),
                   field("threads", &SubscribeDiscordGuild::threads),
                   field("channels", &SubscribeDiscordGuild::channels)};
};

// Copy one Discord file into an XMPP upload slot: stream source_url (refreshing an expired
// signed CDN URL first) to put_url with put_headers, never more than max_bytes. The answer is
// discord.file_rehosted with the same request_id.
struct RehostDiscordFile {
    static constexpr const char* type = "discord.rehost_file";
    std::string request_id;
    std::string source_url;
    std::optional<Snowflake> attachment_id;
    std::optional<Snowflake> channel_id;
    std::uint64_t size = 0;
    std::optional<std::string> content_type;
    std::string put_url;
    std::vector<HttpHeader> put_headers;
    std::uint64_t max_bytes = 0;

    static constexpr auto fields =
        std::tuple{field("request_id", &RehostDiscordFile::request_id),
                   field("source_url", &RehostDiscordFile::source_url),
                   field("attachment_id", &RehostDiscordFile::attachment_id),
                   field("channel_id", &RehostDiscordFile::channel_id),
                   field("size", &RehostDiscordFile::size),
                   field("content_type", &RehostDiscordFile::content_type),
                   field("put_url", &RehostDiscordFile::put_url),
                   field("put_headers", &RehostDiscordFile::put_headers),
                   field("max_bytes", &RehostDiscordFile::max_bytes)};
};

// Learn the size and type of a Discord file that has none in its message (a sticker's image,
// an embed's image on the media proxy): the source's answer head, its body left unread. The
// answer is discord.file_probed with the same request_id; an XEP-0363 slot needs the size.
struct ProbeDiscordFile {
    static constexpr const char* type = "discord.probe_file";
    std::string request_id;
    std::string source_url;

    static constexpr auto fields = std::tuple{field("request_id", &ProbeDiscordFile::request_id),
                                              field("source_url", &ProbeDiscordFile::source_url)};
};

// PATCH /users/@me {"avatar": "data:<image_type>;base64,<image_base64>"} (discord-userdoccers
// resources/user.mdx, "Modify Current User"; the data URI of reference.mdx, "CDN Data"): the
// user's XMPP avatar, SHA-1 `sha1`, becomes their Discord avatar. A refusal is a
// discord.effect_failed, and the core does not send the same image again.
struct SetDiscordOwnAvatar {
    static constexpr const char* type = "discord.set_own_avatar";
    std::string sha1;
    std::string image_type;
    std::string image_base64;

    static constexpr auto fields =
        std::tuple{field("sha1", &SetDiscordOwnAvatar::sha1),
                   field("image_type", &SetDiscordOwnAvatar::image_type),
                   field("image_base64", &SetDiscordOwnAvatar::image_base64)};
};
}  // namespace cordgate::core
