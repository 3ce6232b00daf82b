#pragma once
// The emulated Discord: users, relationships, guilds, channels and messages, plus the
// JSON shapes Discord gives them. Plain data with ordered maps so output is deterministic.

#include <tests/emulator/attachment_store.hpp>
#include <tests/emulator/json_out.hpp>
#include <tests/emulator/json_text.hpp>
#include <tests/emulator/permissions.hpp>
#include <tests/emulator/snowflake.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace cordgate::tests::emulator {

enum ChannelType : int {
    kGuildText = 0,
    kDm = 1,
    kGuildVoice = 2,
    kGroupDm = 3,
    kCategory = 4,
    kAnnouncementThread = 10,
    kPublicThread = 11,
    kPrivateThread = 12,
};

inline bool is_thread(int type) {
    return type >= kAnnouncementThread && type <= kPrivateThread;
}

struct User {
    std::uint64_t id = 0;
    std::string username;
    std::string global_name;
    std::string avatar;  // hash; empty = null
    // An avatar the user uploaded (PATCH /users/@me) and its MIME type; empty: the CDN draws
    // the avatar from its hash (cdn.hpp).
    std::string avatar_image;
    std::string avatar_image_type;
    std::string bio;
    bool bot = false;
    std::string token;  // raw token, without the `Bot ` prefix
    std::string status = "online";
    std::string activities_json = "[]";
};

struct Relationship {
    std::uint64_t user_id = 0;
    int type = 1;  // 1 friend, 2 blocked, 3 incoming, 4 outgoing, 5 implicit
    std::string nickname;
};

// What the user muted in the official client (user-settings.mdx, "User Guild Settings Structure"
// and its channel overrides); only muting is modelled.
struct GuildSettings {
    std::uint64_t guild_id = 0;
    bool muted = false;
    std::vector<std::uint64_t> muted_channels;
};

struct Channel {
    std::uint64_t id = 0;
    int type = kGuildText;
    std::uint64_t guild_id = 0;
    std::string name;
    std::string topic;
    int position = 0;
    std::uint64_t parent_id = 0;
    std::vector<std::uint64_t> recipients;  // DM and group DM members (including the owner)
    std::uint64_t owner_id = 0;
    std::uint64_t last_message_id = 0;
    // Threads: who joined besides the owner (user accounts get only joined threads at login).
    std::vector<std::uint64_t> thread_members;
    // Guild channels; a thread has none of its own and takes its parent's.
    std::vector<PermissionOverwrite> permission_overwrites;
};

struct Member {
    std::uint64_t user_id = 0;
    std::string nick;
    std::vector<std::uint64_t> roles;  // besides @everyone, which every member has
    std::string joined_at = "2024-01-01T00:00:00.000000+00:00";
};

struct Role {
    std::uint64_t id = 0;
    std::string name;
    std::string permissions = "0";  // decimal bit set, as Discord sends it
    int position = 0;
    bool hoist = false;  // shown as its own group in the member sidebar
};

// A guild's custom emoji (userdoccers resources/emoji.mdx, "Emoji Object").
struct CustomEmoji {
    std::uint64_t id = 0;
    std::string name;
    bool animated = false;
    bool available = true;
    std::vector<std::uint64_t> roles;  // empty: everyone may use it
};

struct Guild {
    std::uint64_t id = 0;
    std::string name;
    std::uint64_t owner_id = 0;
    std::vector<std::uint64_t> channel_ids;
    std::vector<std::uint64_t> thread_ids;  // active threads: GUILD_CREATE's `threads`
    std::vector<Member> members;
    std::vector<Role> roles;  // without @everyone (id = the guild's), which is always there
    std::uint64_t everyone_permissions = permission::kDefaultEveryone;
    std::vector<CustomEmoji> emojis;
};

struct Attachment {
    std::uint64_t id = 0;
    std::string filename;
    std::string content_type;
    std::size_t size = 0;
    std::string url;
    // The bytes of an uploaded file; null for one a test made (its content is generated).
    std::shared_ptr<const std::string> data{};
};

struct Reaction {
    std::string emoji_name;
    std::uint64_t emoji_id = 0;  // custom emoji; 0 for unicode
    std::vector<std::uint64_t> users;
};

struct MessageReference {
    std::uint64_t message_id = 0;
    std::uint64_t channel_id = 0;
    std::uint64_t guild_id = 0;
};

struct Message {
    std::uint64_t id = 0;
    std::uint64_t channel_id = 0;
    std::uint64_t author_id = 0;
    std::string content;
    std::uint64_t edited_ms = 0;  // 0 = never edited
    int type = 0;                 // 0 default, 19 reply
    std::vector<Attachment> attachments;
    std::vector<Reaction> reactions;
    std::optional<MessageReference> reference;
    std::string nonce;
    std::vector<std::uint64_t> mentions;
    // Rich parts (embeds, sticker_items, poll, message_snapshots, message_reference, call) as
    // raw JSON values by key, served as they are: set through the control API.
    std::map<std::string, std::string> extra;
};

class World {
  public:
    SnowflakeGenerator ids;
    std::uint64_t application_id = 0;
    std::map<std::uint64_t, User> users;
    std::map<std::uint64_t, std::vector<Relationship>> relationships;    // by owner
    std::map<std::uint64_t, std::vector<GuildSettings>> guild_settings;  // by user
    std::map<std::uint64_t, Guild> guilds;
    std::map<std::uint64_t, Channel> channels;
    std::map<std::uint64_t, std::map<std::uint64_t, Message>> messages;  // channel -> id -> msg
    // Above this many members a guild is "large": a user account gets its message events only
    // once subscribed (75,000 at Discord: discord-userdoccers guild-subscriptions topic,
    // discord.py-self state.py). Seeds lower it so a test guild of three counts as large.
    std::uint64_t large_threshold = 75'000;
    // The CDN's attachments and the cloud uploads in progress.
    AttachmentStore files;

    // Accepts `Bot xxx`, `Bearer xxx` or a raw token.
    User* user_by_token(std::string_view authorization);
    User* user(std::uint64_t id);
    Channel* channel(std::uint64_t id);
    Message* message(std::uint64_t channel_id, std::uint64_t message_id);
    const Member* member(std::uint64_t guild_id, std::uint64_t user_id) const;

    // VIEW_CHANNEL: a guild channel's member with that permission there, a DM's recipient.
    bool can_see(std::uint64_t user_id, const Channel& ch) const;
    bool is_large(const Guild& g) const { return g.members.size() > large_threshold; }
    // Those a user account is subscribed to without asking: friends, implicit relationships
    // (types 1 and 5) and everyone it shares a DM or group DM with (gateway-events.mdx,
    // "Presence Update", "Guild Member Update").
    std::set<std::uint64_t> affine_users(std::uint64_t user_id) const;
    // The thread's owner and those who joined it.
    bool joined_thread(std::uint64_t user_id, const Channel& thread) const;
    // The user's permissions in a guild channel (permissions.hpp); 0 for a non-member. In a
    // DM or group DM a recipient has every permission, anyone else none.
    std::uint64_t permissions(std::uint64_t user_id, const Channel& ch) const;
    std::vector<std::uint64_t> guilds_of(std::uint64_t user_id) const;
    std::vector<std::uint64_t> private_channels_of(std::uint64_t user_id) const;
    // DM channel between two users, created on demand.
    Channel& open_dm(std::uint64_t a, std::uint64_t b);

    // Discord JSON shapes.
    void write_user(JsonOut& j, const User& u) const;
    void write_member(JsonOut& j, const Guild& g, const Member& m, bool with_user) const;
    void write_channel(JsonOut& j, const Channel& c, std::uint64_t viewer) const;
    // The GUILD_CREATE shape (also the full guild in a user READY). With a `viewer` (a user
    // account) only what Discord gives one: members and presences of the viewer and its
    // affine users, and only the threads it joined (gateway-events.mdx, "Gateway Guild
    // Structure" footnotes 1 and 2, "Thread List Sync").
    void write_guild(JsonOut& j, const Guild& g, std::uint64_t viewer = 0) const;
    // A full message object, with guild_id, member and mentions as MESSAGE_CREATE carries.
    // `redact` empties content, embeds, attachments and components, as Discord does for bots
    // without the MESSAGE_CONTENT intent.
    void write_message(JsonOut& j, const Message& m, bool redact = false) const;
    void write_relationship(JsonOut& j, const Relationship& r) const;
    // `full_user`: the user object with its profile fields, as Discord sends it in the
    // PRESENCE_UPDATE that follows a change of name or avatar; otherwise only its id.
    void write_presence(JsonOut& j, const User& u, std::uint64_t guild_id,
                        bool full_user = false) const;
    // Parts of a gateway guild, for the READY shapes that place them differently: the
    // guild's properties as key/values of the open object, and the `roles`, `channels` and
    // `threads` arrays.
    void write_guild_properties(JsonOut& j, const Guild& g) const;
    void write_guild_roles(JsonOut& j, const Guild& g) const;
    // "emojis": [...] and "stickers": [] (none are seeded).
    void write_guild_emojis(JsonOut& j, const Guild& g) const;
    void write_guild_channels(JsonOut& j, const Guild& g, std::uint64_t viewer = 0) const;

    std::string user_json(const User& u) const;
    std::string message_json(const Message& m, bool redact = false) const;
    // The same, appended to `out`: the gateway reuses one buffer for every message it sends.
    void append_message_json(std::string& out, const Message& m, bool redact = false) const;
    std::string channel_json(const Channel& c, std::uint64_t viewer) const;

  private:
    // Users, members and messages are written as text (JsonText), once per message in a
    // flood; the JsonOut writers above splice that text in.
    void append_user(JsonText& t, const User& u) const;
    void append_member(JsonText& t, const Member& m, bool with_user) const;
    void append_message(JsonText& t, const Message& m, bool redact = false) const;
    void append_attachments(JsonText& t, const std::vector<Attachment>& attachments) const;
    void append_reactions(JsonText& t, const std::vector<Reaction>& reactions) const;
    void append_reference(JsonText& t, const MessageReference& ref) const;
};

}  // namespace cordgate::tests::emulator
