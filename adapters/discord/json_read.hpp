#pragma once
// Lenient readers for Discord's JSON, unlike core/codec.hpp which is strict about our own bytes:
// Discord adds fields at will (ignored here), sends null for absent values, and some clients
// send snowflakes as numbers. A required field that is missing or of the wrong type throws
// MalformedPayload naming the path, so one bad dispatch is skipped with a reason.

#include <core/discord_events.hpp>
#include <core/discord_types.hpp>
#include <core/snowflake.hpp>

#include <rapidjson/document.h>

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cordgate::adapters::discord {

class MalformedPayload : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

using Json = rapidjson::Value;

// The member `key` of an object, or nullptr when absent or null.
const Json* member(const Json& obj, std::string_view key);
const Json& require(const Json& obj, std::string_view key, std::string_view path);

core::Snowflake snowflake(const Json& obj, std::string_view key, std::string_view path);
std::optional<core::Snowflake> opt_snowflake(const Json& obj, std::string_view key,
                                             std::string_view path);
std::string string(const Json& obj, std::string_view key, std::string_view path);
std::optional<std::string> opt_string(const Json& obj, std::string_view key, std::string_view path);
std::int64_t integer(const Json& obj, std::string_view key, std::string_view path);
std::optional<std::int64_t> opt_integer(const Json& obj, std::string_view key,
                                        std::string_view path);

// The users of a deduplicated READY (DEDUPE_USER_OBJECTS, discord-userdoccers
// pages/gateway/gateway-events.mdx, "Ready" footnote 6): its objects name a user by id
// (`user_id`, `recipient_ids`) and the user itself is in READY's `users`. With a table, the
// readers below take either form; without one (every other dispatch) only the full object.
using UserTable = std::map<core::Snowflake, core::DiscordUser>;

core::DiscordUser user(const Json& j, std::string_view path);
core::DiscordChannel channel(const Json& j, std::string_view path,
                             const UserTable* users = nullptr);
// A gateway guild; with CLIENT_STATE_V2 its own fields (name, owner_id) are under `properties`
// (gateway-events.mdx, "Gateway Guild Structure", footnote 5).
core::DiscordGuild guild(const Json& j, std::string_view path);
core::DiscordRole role(const Json& j, std::string_view path);
// A guild member object ({user, nick?, roles[]}); GUILD_MEMBER_ADD/UPDATE carry one too.
core::DiscordMember guild_member(const Json& j, std::string_view path,
                                 const UserTable* users = nullptr);
core::DiscordRelationship relationship(const Json& j, std::string_view path,
                                       const UserTable* users = nullptr);
// A presence object ({user: {id}} or, merged, {user_id}; status; activities): the custom
// status is the `state` of the activity of type 4.
core::DiscordPresenceUpdate presence(const Json& j, std::string_view path);
core::DiscordAttachment attachment(const Json& j, std::string_view path);
core::DiscordEmoji emoji(const Json& j, std::string_view path);
// A guild's custom emoji (an emoji object with its id, name, animated, available, roles).
core::DiscordGuildEmoji guild_emoji(const Json& j, std::string_view path);
// The array `emojis` of `obj` (a guild, GUILD_EMOJIS_UPDATE); an emoji that does not read (a
// deleted one has a null name) is left out.
std::vector<core::DiscordGuildEmoji> guild_emojis(const Json& obj, std::string_view path);

// Arrays under a key of `obj`; an absent or null array is empty.
std::vector<core::DiscordAttachment> attachments(const Json& obj, std::string_view path);
std::vector<core::DiscordUser> users(const Json& obj, std::string_view key, std::string_view path);
std::vector<core::Snowflake> snowflakes(const Json& obj, std::string_view key,
                                        std::string_view path);

// Lists of independent entries (READY's friends, DMs and guilds): with `skipped`, an entry that
// does not read is left out and named there ("relationships[3].user.id: missing"), so that one
// bad entry does not cost the others; without it, it throws like the readers above.
using Skipped = std::vector<std::string>;
std::vector<core::DiscordChannel> channels(const Json& obj, std::string_view key,
                                           std::string_view path, Skipped* skipped = nullptr,
                                           const UserTable* users = nullptr);
std::vector<core::DiscordGuild> guilds(const Json& obj, std::string_view path,
                                       Skipped* skipped = nullptr);
std::vector<core::DiscordRelationship> relationships(const Json& obj, std::string_view path,
                                                     Skipped* skipped = nullptr,
                                                     const UserTable* users = nullptr);
// READY's read_state (a versioned {entries} object or a plain array): the channels' entries
// with a last read message.
std::vector<core::DiscordReadState> read_state_entries(const Json& read_state,
                                                       Skipped* skipped = nullptr);
// Guild members under `key` of `obj` (a merged_members list), each read with `users`.
std::vector<core::DiscordMember> guild_members(const Json& arr, std::string_view path,
                                               Skipped* skipped, const UserTable* users);

}  // namespace cordgate::adapters::discord
