#pragma once
// Events the Discord adapter publishes besides discord.ready and discord.message_create
// (event.hpp). Each is one gateway dispatch (or the fate of a login or an effect), already
// checked by the adapter: snowflakes are valid, required fields are present. The envelope's
// `user` is the XMPP user whose Discord session saw it.

#include <core/codec.hpp>
#include <core/discord_rich.hpp>
#include <core/discord_types.hpp>
#include <core/refusal.hpp>
#include <core/snowflake.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cordgate::core {

// A guild as READY (user accounts) and GUILD_CREATE carry it: only what rooms need.
struct DiscordGuild {
    Snowflake id;
    std::string name;
    std::vector<DiscordChannel> channels;
    // Added later: the {} initialisers keep positional brace-inits of the fields above valid.
    std::optional<Snowflake> owner_id{};
    std::optional<std::vector<DiscordRole>> roles{};
    // Bots get members in GUILD_CREATE (GUILD_MEMBERS intent); user accounts a subset.
    std::optional<std::vector<DiscordMember>> members{};
    std::optional<std::vector<DiscordChannel>> threads{};  // active threads
    std::optional<std::vector<DiscordGuildEmoji>> emojis{};

    static constexpr auto fields = std::tuple{field("id", &DiscordGuild::id),
                                              field("name", &DiscordGuild::name),
                                              field("channels", &DiscordGuild::channels),
                                              field("owner_id", &DiscordGuild::owner_id),
                                              field("roles", &DiscordGuild::roles),
                                              field("members", &DiscordGuild::members),
                                              field("threads", &DiscordGuild::threads),
                                              field("emojis", &DiscordGuild::emojis)};
};

// Custom emoji have an id (sent to REST as name:id); unicode emoji only a name (the emoji).
struct DiscordEmoji {
    std::optional<Snowflake> id;
    std::string name;

    static constexpr auto fields =
        std::tuple{field("id", &DiscordEmoji::id), field("name", &DiscordEmoji::name)};
};

// MESSAGE_UPDATE. Discord now sends the full message, but older and embed-only updates are
// partial, so everything beyond the ids is optional.
struct DiscordMessageUpdate {
    static constexpr const char* type = "discord.message_update";
    Snowflake id;
    Snowflake channel_id;
    std::optional<Snowflake> guild_id;
    std::optional<DiscordUser> author;
    std::optional<std::string> content;
    std::optional<std::string> edited_timestamp;
    std::vector<DiscordAttachment> attachments;
    // As in DiscordMessageCreate; the {} initialisers keep positional brace-inits valid.
    std::optional<int> message_type{};
    std::optional<std::vector<DiscordEmbed>> embeds{};
    std::optional<std::vector<DiscordSticker>> sticker_items{};
    std::optional<DiscordPoll> poll{};
    std::optional<std::vector<DiscordForwarded>> forwarded{};

    static constexpr auto fields =
        std::tuple{field("id", &DiscordMessageUpdate::id),
                   field("channel_id", &DiscordMessageUpdate::channel_id),
                   field("guild_id", &DiscordMessageUpdate::guild_id),
                   field("author", &DiscordMessageUpdate::author),
                   field("content", &DiscordMessageUpdate::content),
                   field("edited_timestamp", &DiscordMessageUpdate::edited_timestamp),
                   field("attachments", &DiscordMessageUpdate::attachments),
                   field("type", &DiscordMessageUpdate::message_type),
                   field("embeds", &DiscordMessageUpdate::embeds),
                   field("sticker_items", &DiscordMessageUpdate::sticker_items),
                   field("poll", &DiscordMessageUpdate::poll),
                   field("message_snapshots", &DiscordMessageUpdate::forwarded)};
};

struct DiscordMessageDelete {
    static constexpr const char* type = "discord.message_delete";
    Snowflake id;
    Snowflake channel_id;
    std::optional<Snowflake> guild_id;

    static constexpr auto fields =
        std::tuple{field("id", &DiscordMessageDelete::id),
                   field("channel_id", &DiscordMessageDelete::channel_id),
                   field("guild_id", &DiscordMessageDelete::guild_id)};
};

// MESSAGE_DELETE_BULK: a moderator (or a bot) deleted several messages of one channel at once
// (discord-api-docs, Gateway Events "Message Delete Bulk": ids, channel_id, guild_id?).
struct DiscordMessageDeleteBulk {
    static constexpr const char* type = "discord.message_delete_bulk";
    std::vector<Snowflake> ids;
    Snowflake channel_id;
    std::optional<Snowflake> guild_id;

    static constexpr auto fields =
        std::tuple{field("ids", &DiscordMessageDeleteBulk::ids),
                   field("channel_id", &DiscordMessageDeleteBulk::channel_id),
                   field("guild_id", &DiscordMessageDeleteBulk::guild_id)};
};

struct DiscordReactionAdd {
    static constexpr const char* type = "discord.reaction_add";
    Snowflake user_id;
    Snowflake channel_id;
    Snowflake message_id;
    std::optional<Snowflake> guild_id;
    DiscordEmoji emoji;

    static constexpr auto fields = std::tuple{field("user_id", &DiscordReactionAdd::user_id),
                                              field("channel_id", &DiscordReactionAdd::channel_id),
                                              field("message_id", &DiscordReactionAdd::message_id),
                                              field("guild_id", &DiscordReactionAdd::guild_id),
                                              field("emoji", &DiscordReactionAdd::emoji)};
};

struct DiscordReactionRemove {
    static constexpr const char* type = "discord.reaction_remove";
    Snowflake user_id;
    Snowflake channel_id;
    Snowflake message_id;
    std::optional<Snowflake> guild_id;
    DiscordEmoji emoji;

    static constexpr auto fields =
        std::tuple{field("user_id", &DiscordReactionRemove::user_id),
                   field("channel_id", &DiscordReactionRemove::channel_id),
                   field("message_id", &DiscordReactionRemove::message_id),
                   field("guild_id", &DiscordReactionRemove::guild_id),
                   field("emoji", &DiscordReactionRemove::emoji)};
};

// MESSAGE_REACTION_REMOVE_ALL: every reaction of a message was removed (a moderator's
// "Remove All Reactions"); discord-api-docs: channel_id, message_id, guild_id?.
struct DiscordReactionRemoveAll {
    static constexpr const char* type = "discord.reaction_remove_all";
    Snowflake channel_id;
    Snowflake message_id;
    std::optional<Snowflake> guild_id;

    static constexpr auto fields =
        std::tuple{field("channel_id", &DiscordReactionRemoveAll::channel_id),
                   field("message_id", &DiscordReactionRemoveAll::message_id),
                   field("guild_id", &DiscordReactionRemoveAll::guild_id)};
};

// MESSAGE_REACTION_REMOVE_EMOJI: every reaction with one emoji was removed from a message;
// discord-api-docs: channel_id, guild_id?, message_id, emoji (a partial emoji).
struct DiscordReactionRemoveEmoji {
    static constexpr const char* type = "discord.reaction_remove_emoji";
    Snowflake channel_id;
    Snowflake message_id;
    std::optional<Snowflake> guild_id;
    DiscordEmoji emoji;

    static constexpr auto fields =
        std::tuple{field("channel_id", &DiscordReactionRemoveEmoji::channel_id),
                   field("message_id", &DiscordReactionRemoveEmoji::message_id),
                   field("guild_id", &DiscordReactionRemoveEmoji::guild_id),
                   field("emoji", &DiscordReactionRemoveEmoji::emoji)};
};

struct DiscordTypingStart {
    static constexpr const char* type = "discord.typing_start";
    Snowflake channel_id;
    std::optional<Snowflake> guild_id;
    Snowflake user_id;
    std::int64_t timestamp = 0;  // unix seconds, as Discord sent it

    static constexpr auto fields = std::tuple{field("channel_id", &DiscordTypingStart::channel_id),
                                              field("guild_id", &DiscordTypingStart::guild_id),
                                              field("user_id", &DiscordTypingStart::user_id),
                                              field("timestamp", &DiscordTypingStart::timestamp)};
};

// One activity of a presence (discord-userdoccers resources/presence.mdx, "Activity Object"):
// type 0 playing, 1 streaming, 2 listening, 3 watching, 5 competing (4, the custom status,
// travels as custom_status).
struct DiscordActivity {
    int type = 0;
    std::string name;
    std::optional<std::string> details;
    std::optional<std::string> state;

    static constexpr auto fields = std::tuple{
        field("type", &DiscordActivity::type), field("name", &DiscordActivity::name),
        field("details", &DiscordActivity::details), field("state", &DiscordActivity::state)};
};

// status: online, idle, dnd, offline (invisible users appear offline). custom_status is the
// state of an activity of type 4; with its emoji and the first other activity, the core makes
// the status text XMPP shows (core/presence_text.hpp).
struct DiscordPresenceUpdate {
    static constexpr const char* type = "discord.presence_update";
    Snowflake user_id;
    std::optional<Snowflake> guild_id;
    std::string status;
    std::optional<std::string> custom_status;
    // The user object when the presence carries more than its id: Discord sends the changed
    // profile fields (username, global_name, avatar) along when a user changes them.
    std::optional<DiscordUser> user{};
    // Added later (absent in logs from before them): the custom status's emoji (a Unicode
    // emoji, or ":name:" for a guild's), and the first activity that is not the custom status.
    std::optional<std::string> custom_emoji{};
    std::optional<DiscordActivity> activity{};

    static constexpr auto fields =
        std::tuple{field("user_id", &DiscordPresenceUpdate::user_id),
                   field("guild_id", &DiscordPresenceUpdate::guild_id),
                   field("status", &DiscordPresenceUpdate::status),
                   field("custom_status", &DiscordPresenceUpdate::custom_status),
                   field("user", &DiscordPresenceUpdate::user),
                   field("custom_emoji", &DiscordPresenceUpdate::custom_emoji),
                   field("activity", &DiscordPresenceUpdate::activity)};
};

struct DiscordRelationshipAdd {
    static constexpr const char* type = "discord.relationship_add";
    DiscordRelationship relationship;

    static constexpr auto fields =
        std::tuple{field("relationship", &DiscordRelationshipAdd::relationship)};
};

struct DiscordRelationshipRemove {
    static constexpr const char* type = "discord.relationship_remove";
    Snowflake user_id;
    int relationship_type = 1;

    static constexpr auto fields =
        std::tuple{field("user_id", &DiscordRelationshipRemove::user_id),
                   field("relationship_type", &DiscordRelationshipRemove::relationship_type)};
};

// RELATIONSHIP_UPDATE (user accounts): a relationship changed, typically the nickname the user
// gave a friend: {id, type, nickname, since?} without the user object (discord.js-selfbot-v13's
// RELATIONSHIP_UPDATE handler reads those), so it names the user by id.
struct DiscordRelationshipUpdate {
    static constexpr const char* type = "discord.relationship_update";
    Snowflake user_id;
    int relationship_type = 1;
    std::optional<std::string> nickname;

    static constexpr auto fields =
        std::tuple{field("user_id", &DiscordRelationshipUpdate::user_id),
                   field("relationship_type", &DiscordRelationshipUpdate::relationship_type),
                   field("nickname", &DiscordRelationshipUpdate::nickname)};
};

// User accounts: the user read a channel up to message_id (in any of their Discord clients).
struct DiscordMessageAck {
    static constexpr const char* type = "discord.message_ack";
    Snowflake channel_id;
    Snowflake message_id;

    static constexpr auto fields = std::tuple{field("channel_id", &DiscordMessageAck::channel_id),
                                              field("message_id", &DiscordMessageAck::message_id)};
};

struct DiscordChannelCreate {
    static constexpr const char* type = "discord.channel_create";
    DiscordChannel channel;

    static constexpr auto fields = std::tuple{field("channel", &DiscordChannelCreate::channel)};
};

struct DiscordChannelUpdate {
    static constexpr const char* type = "discord.channel_update";
    DiscordChannel channel;

    static constexpr auto fields = std::tuple{field("channel", &DiscordChannelUpdate::channel)};
};

struct DiscordChannelDelete {
    static constexpr const char* type = "discord.channel_delete";
    DiscordChannel channel;

    static constexpr auto fields = std::tuple{field("channel", &DiscordChannelDelete::channel)};
};

struct DiscordGuildCreate {
    static constexpr const char* type = "discord.guild_create";
    DiscordGuild guild;

    static constexpr auto fields = std::tuple{field("guild", &DiscordGuildCreate::guild)};
};

struct DiscordThreadCreate {
    static constexpr const char* type = "discord.thread_create";
    DiscordChannel thread;
    std::optional<Snowflake> parent_id;

    static constexpr auto fields = std::tuple{field("thread", &DiscordThreadCreate::thread),
                                              field("parent_id", &DiscordThreadCreate::parent_id)};
};

// The Discord adapter (re)started with no sessions: the core logs every registered user in
// again. `instance` tells one start from another in logs and captures.
// The adapter's [discord] dm_strangers travels here so the core, which reads no configuration,
// decides from the log alone (absent in logs from before it: DMs with anyone may open).
struct DiscordAdapterStarted {
    static constexpr const char* type = "discord.adapter_started";
    std::string instance;
    // Added later: the {} initialiser keeps positional brace-inits of the fields above valid.
    std::optional<bool> dm_strangers{};
    // [discord] own_avatar_interval_s: the least time between two changes of the user's own
    // Discord avatar from XMPP (absent: the core's default).
    std::optional<std::int64_t> own_avatar_interval_s{};

    static constexpr auto fields =
        std::tuple{field("instance", &DiscordAdapterStarted::instance),
                   field("dm_strangers", &DiscordAdapterStarted::dm_strangers),
                   field("own_avatar_interval_s", &DiscordAdapterStarted::own_avatar_interval_s)};
};

// Cloudflare restricts the deployment's address: the adapter holds every REST request until
// the ban lifts (paused, with when it tries again), then says so (not paused). Told once per ban
// to each user who had something waiting.
struct DiscordRestPaused {
    static constexpr const char* type = "discord.rest_paused";
    bool paused = false;
    std::int64_t retry_in_ms = 0;

    static constexpr auto fields =
        std::tuple{field("paused", &DiscordRestPaused::paused),
                   field("retry_in_ms", &DiscordRestPaused::retry_in_ms)};
};

// The user's own account changed (name, avatar).
struct DiscordUserUpdate {
    static constexpr const char* type = "discord.user_update";
    DiscordUser user;

    static constexpr auto fields = std::tuple{field("user", &DiscordUserUpdate::user)};
};

// Answer to a discord.fetch_user effect (GET /users/{id}[/profile]).
// The avatar comes along when the user has one and the CDN answered: its bytes (base64, as a
// vCard carries them), MIME type, and SHA-1 in hex (the XEP-0153 hash the core cannot compute).
struct DiscordUserProfile {
    static constexpr const char* type = "discord.user_profile";
    DiscordUser user;
    std::optional<std::string> bio;
    // Added later: the {} initialisers keep positional brace-inits of the fields above valid.
    std::optional<std::string> avatar_type{};
    std::optional<std::string> avatar_base64{};
    std::optional<std::string> avatar_sha1{};

    static constexpr auto fields =
        std::tuple{field("user", &DiscordUserProfile::user), field("bio", &DiscordUserProfile::bio),
                   field("avatar_type", &DiscordUserProfile::avatar_type),
                   field("avatar_base64", &DiscordUserProfile::avatar_base64),
                   field("avatar_sha1", &DiscordUserProfile::avatar_sha1)};
};

// Answer to discord.fetch_avatar: the CDN's image of `avatar` (the Discord hash asked for) as
// its SHA-1 in hex (the XEP-0153 hash the core cannot compute), MIME type and size; none of them
// when the CDN did not give it. The bytes stay out of the log: a vCard or XEP-0084 data query
// fetches them again with the profile.
struct DiscordAvatar {
    static constexpr const char* type = "discord.avatar";
    Snowflake user_id;
    std::string avatar;
    std::optional<std::string> sha1;
    std::optional<std::string> image_type;
    std::optional<std::uint64_t> bytes;

    static constexpr auto fields = std::tuple{
        field("user_id", &DiscordAvatar::user_id), field("avatar", &DiscordAvatar::avatar),
        field("sha1", &DiscordAvatar::sha1), field("image_type", &DiscordAvatar::image_type),
        field("bytes", &DiscordAvatar::bytes)};
};

// GUILD_MEMBER_ADD / GUILD_MEMBER_UPDATE: someone joined the guild or changed nick or roles.
struct DiscordGuildMemberUpdate {
    static constexpr const char* type = "discord.guild_member_update";
    Snowflake guild_id;
    DiscordMember member;

    static constexpr auto fields =
        std::tuple{field("guild_id", &DiscordGuildMemberUpdate::guild_id),
                   field("member", &DiscordGuildMemberUpdate::member)};
};

// GUILD_MEMBER_REMOVE: someone left (or was removed from) the guild.
struct DiscordGuildMemberRemove {
    static constexpr const char* type = "discord.guild_member_remove";
    Snowflake guild_id;
    DiscordUser user;

    static constexpr auto fields =
        std::tuple{field("guild_id", &DiscordGuildMemberRemove::guild_id),
                   field("user", &DiscordGuildMemberRemove::user)};
};

// The session cannot log in and the adapter will not retry on its own (bad token: close 4004 or
// HTTP 401; fatal close codes 4010-4014; a token that cannot be unsealed). The core should tell
// the user and wait for a new registration.
struct DiscordLoginFailed {
    static constexpr const char* type = "discord.login_failed";
    std::string reason;
    std::optional<int> close_code;

    static constexpr auto fields = std::tuple{field("reason", &DiscordLoginFailed::reason),
                                              field("close_code", &DiscordLoginFailed::close_code)};
};

// An effect could not be carried out (HTTP error other than a rate limit, no session, ...).
// `reason` is for people (Discord's own message when it gave one); `refusal` is what the core
// acts on. Absent, as in every event logged before it existed, it means Refusal::other.
struct DiscordEffectFailed {
    static constexpr const char* type = "discord.effect_failed";
    std::uint64_t effect_id = 0;
    std::string reason;
    std::optional<int> http_status;
    // Added later: the {} initialiser keeps positional brace-inits of the fields above valid.
    std::optional<Refusal> refusal{};

    Refusal kind() const { return refusal.value_or(Refusal::other); }

    static constexpr auto fields =
        std::tuple{field("effect_id", &DiscordEffectFailed::effect_id),
                   field("reason", &DiscordEffectFailed::reason),
                   field("http_status", &DiscordEffectFailed::http_status),
                   field("refusal", &DiscordEffectFailed::refusal)};
};

// USER_REQUIRED_ACTION_UPDATE: Discord wants something of the account before it takes more
// actions (REQUIRE_VERIFIED_EMAIL, REQUIRE_VERIFIED_PHONE, REQUIRE_CAPTCHA, ...), or, with
// required_action absent (null in the dispatch), no longer does.
struct DiscordRequiredAction {
    static constexpr const char* type = "discord.required_action";
    std::optional<std::string> required_action;

    static constexpr auto fields =
        std::tuple{field("required_action", &DiscordRequiredAction::required_action)};
};

// The answer to discord.rehost_file (same request_id): ok with the slot's get_url echoed, the
// bytes copied and their SHA-256 (base64, as XEP-0300 carries it), or not ok with `error`.
struct DiscordFileRehosted {
    static constexpr const char* type = "discord.file_rehosted";
    std::string request_id;
    bool ok = false;
    std::optional<std::string> get_url;
    std::optional<std::uint64_t> bytes;
    std::optional<std::string> sha256_base64;
    std::optional<std::string> error;

    static constexpr auto fields =
        std::tuple{field("request_id", &DiscordFileRehosted::request_id),
                   field("ok", &DiscordFileRehosted::ok),
                   field("get_url", &DiscordFileRehosted::get_url),
                   field("bytes", &DiscordFileRehosted::bytes),
                   field("sha256_base64", &DiscordFileRehosted::sha256_base64),
                   field("error", &DiscordFileRehosted::error)};
};

// The answer to discord.probe_file (same request_id): ok with the file's size and type, or not
// ok with `error`.
struct DiscordFileProbed {
    static constexpr const char* type = "discord.file_probed";
    std::string request_id;
    bool ok = false;
    std::optional<std::uint64_t> bytes;
    std::optional<std::string> content_type;
    std::optional<std::string> error;

    static constexpr auto fields =
        std::tuple{field("request_id", &DiscordFileProbed::request_id),
                   field("ok", &DiscordFileProbed::ok), field("bytes", &DiscordFileProbed::bytes),
                   field("content_type", &DiscordFileProbed::content_type),
                   field("error", &DiscordFileProbed::error)};
};

}  // namespace cordgate::core
