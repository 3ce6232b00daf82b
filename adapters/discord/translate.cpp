#include <adapters/discord/json_escapes.hpp>
#include <adapters/discord/json_read.hpp>
#include <adapters/discord/member_list.hpp>
#include <adapters/discord/ready_assembly.hpp>
#include <adapters/discord/rich_read.hpp>
#include <adapters/discord/translate.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <functional>
#include <utility>

namespace cordgate::adapters::discord {
namespace {

using core::EventPayload;

// A READY is a list of independent things: a friend, DM or guild that does not read is left
// out (and named in `skipped`), not the account's whole contact list. The gateway connection
// sends READY through a ReadyAssembly, which also waits for READY_SUPPLEMENTAL.
EventPayload ready(const Json& d, Skipped& skipped) {
    return read_ready(d, skipped);
}

// {"required_action": "REQUIRE_VERIFIED_EMAIL"}, or null once the account has done it.
EventPayload required_action_update(const Json& d) {
    return core::DiscordRequiredAction{opt_string(d, "required_action", "")};
}

EventPayload message_create(const Json& d) {
    return translate_message(d);
}

EventPayload guild_member_update(const Json& d) {
    // GUILD_MEMBER_ADD and _UPDATE are a member object with the guild's id beside it.
    return core::DiscordGuildMemberUpdate{snowflake(d, "guild_id", ""), guild_member(d, "")};
}

EventPayload guild_member_list_update(const Json& d) {
    return member_list_update(d);
}

EventPayload guild_member_remove(const Json& d) {
    return core::DiscordGuildMemberRemove{snowflake(d, "guild_id", ""),
                                          user(require(d, "user", ""), "user")};
}

}  // namespace

core::DiscordMessageCreate translate_message(const Json& d) {
    if (!d.IsObject()) throw MalformedPayload("expected a message object");
    core::DiscordMessageCreate m;
    m.id = snowflake(d, "id", "");
    m.channel_id = snowflake(d, "channel_id", "");
    m.guild_id = opt_snowflake(d, "guild_id", "");
    m.author = user(require(d, "author", ""), "author");
    m.content = opt_string(d, "content", "").value_or("");
    m.timestamp = string(d, "timestamp", "");
    // A nonce may be a string or an integer; the core compares it with the one it sent.
    if (const Json* nonce = member(d, "nonce")) {
        if (nonce->IsString())
            m.nonce.emplace(nonce->GetString(), nonce->GetStringLength());
        else if (nonce->IsInt64())
            m.nonce = std::to_string(nonce->GetInt64());
    }
    RichParts rich = read_rich(d);
    if (const Json* ref = member(d, "message_reference"); ref && !rich.is_forward) {
        m.referenced_message_id = opt_snowflake(*ref, "message_id", "message_reference");
    }
    m.attachments = attachments(d, "");
    // Guild messages carry the author's member object (without its user) on the gateway.
    if (const Json* mem = member(d, "member")) {
        if (!mem->IsObject()) throw MalformedPayload("member: expected an object");
        m.member_nick = opt_string(*mem, "nick", "member");
    }
    if (member(d, "mentions")) {
        std::vector<core::Snowflake> ids;
        for (const auto& u : users(d, "mentions", "")) ids.push_back(u.id);
        m.mentions = std::move(ids);
    }
    take_rich(std::move(rich), m);
    return m;
}

namespace {

EventPayload message_update(const Json& d) {
    core::DiscordMessageUpdate m;
    m.id = snowflake(d, "id", "");
    m.channel_id = snowflake(d, "channel_id", "");
    m.guild_id = opt_snowflake(d, "guild_id", "");
    if (const Json* author = member(d, "author")) m.author = user(*author, "author");
    m.content = opt_string(d, "content", "");
    m.edited_timestamp = opt_string(d, "edited_timestamp", "");
    m.attachments = attachments(d, "");
    take_rich(read_rich(d), m);
    return m;
}

EventPayload message_delete(const Json& d) {
    return core::DiscordMessageDelete{snowflake(d, "id", ""), snowflake(d, "channel_id", ""),
                                      opt_snowflake(d, "guild_id", "")};
}

// Discord documents ids as required; an empty list would delete nothing, so it is malformed.
EventPayload message_delete_bulk(const Json& d) {
    core::DiscordMessageDeleteBulk b{snowflakes(d, "ids", ""), snowflake(d, "channel_id", ""),
                                     opt_snowflake(d, "guild_id", "")};
    if (b.ids.empty()) throw MalformedPayload("ids: missing or empty");
    return b;
}

EventPayload reaction_remove_all(const Json& d) {
    return core::DiscordReactionRemoveAll{snowflake(d, "channel_id", ""),
                                          snowflake(d, "message_id", ""),
                                          opt_snowflake(d, "guild_id", "")};
}

EventPayload reaction_remove_emoji(const Json& d) {
    return core::DiscordReactionRemoveEmoji{
        snowflake(d, "channel_id", ""), snowflake(d, "message_id", ""),
        opt_snowflake(d, "guild_id", ""), emoji(require(d, "emoji", ""), "emoji")};
}

template <class Reaction>
EventPayload reaction(const Json& d) {
    return Reaction{snowflake(d, "user_id", ""), snowflake(d, "channel_id", ""),
                    snowflake(d, "message_id", ""), opt_snowflake(d, "guild_id", ""),
                    emoji(require(d, "emoji", ""), "emoji")};
}

// Unix seconds. The core does not read it, so an odd one (a float, a numeric string, negative,
// absent) is taken as well as it can be, or as 0, and never loses the typing notification.
std::int64_t typing_timestamp(const Json& d) {
    const Json* t = member(d, "timestamp");
    if (!t) return 0;
    if (t->IsInt64()) return std::max<std::int64_t>(t->GetInt64(), 0);
    if (t->IsDouble()) {
        const double v = t->GetDouble();
        return v >= 0 && v < 9.2e18 ? static_cast<std::int64_t>(v) : 0;
    }
    if (t->IsString()) {
        const char* first = t->GetString();
        const char* last = first + t->GetStringLength();
        std::int64_t v = 0;
        if (std::from_chars(first, last, v).ec == std::errc() && v >= 0)
            return v;  // "1700000000.5" too: the whole seconds
    }
    return 0;
}

EventPayload typing_start(const Json& d) {
    std::optional<core::Snowflake> user_id = opt_snowflake(d, "user_id", "");
    // Guild typing may carry only the member's user.
    if (!user_id) {
        if (const Json* m = member(d, "member")) {
            user_id = snowflake(require(*m, "user", "member"), "id", "member.user");
        }
    }
    if (!user_id) throw MalformedPayload("user_id: missing");
    return core::DiscordTypingStart{snowflake(d, "channel_id", ""),
                                    opt_snowflake(d, "guild_id", ""), *user_id,
                                    typing_timestamp(d)};
}

EventPayload presence_update(const Json& d) {
    return presence(d, "");
}

EventPayload relationship_add(const Json& d) {
    return core::DiscordRelationshipAdd{relationship(d, "")};
}

EventPayload relationship_remove(const Json& d) {
    return core::DiscordRelationshipRemove{
        snowflake(d, "id", ""), static_cast<int>(opt_integer(d, "type", "").value_or(1))};
}

// {id, type, nickname, since?}; the user object is not sent (see DiscordRelationshipUpdate).
EventPayload relationship_update(const Json& d) {
    return core::DiscordRelationshipUpdate{snowflake(d, "id", ""),
                                           static_cast<int>(opt_integer(d, "type", "").value_or(1)),
                                           opt_string(d, "nickname", "")};
}

EventPayload message_ack(const Json& d) {
    return core::DiscordMessageAck{snowflake(d, "channel_id", ""), snowflake(d, "message_id", "")};
}

template <class Wrapper>
EventPayload channel_event(const Json& d) {
    return Wrapper{channel(d, "")};
}

EventPayload guild_create(const Json& d) {
    return core::DiscordGuildCreate{guild(d, "")};
}

// An unavailable guild object: `unavailable` absent (or false) means the user left or was
// removed; true means an outage.
EventPayload guild_delete(const Json& d) {
    const Json* unavailable = member(d, "unavailable");
    if (unavailable && !unavailable->IsBool())
        throw MalformedPayload("unavailable: expected a boolean");
    return core::DiscordGuildDelete{snowflake(d, "id", ""), unavailable && unavailable->GetBool()};
}

EventPayload guild_update(const Json& d) {
    core::DiscordGuild g = guild(d, "");
    return core::DiscordGuildUpdate{g.id, string(d, "name", ""), g.owner_id, std::move(g.roles)};
}

EventPayload guild_role_update(const Json& d) {
    return core::DiscordGuildRoleUpdate{snowflake(d, "guild_id", ""),
                                        role(require(d, "role", ""), "role")};
}

EventPayload guild_emojis_update(const Json& d) {
    return core::DiscordGuildEmojisUpdate{snowflake(d, "guild_id", ""), guild_emojis(d, "")};
}

EventPayload guild_role_delete(const Json& d) {
    return core::DiscordGuildRoleDelete{snowflake(d, "guild_id", ""), snowflake(d, "role_id", "")};
}

// {channel_id, user, nick?} (user accounts, group DMs).
template <class Recipient>
EventPayload channel_recipient(const Json& d) {
    return Recipient{snowflake(d, "channel_id", ""), user(require(d, "user", ""), "user")};
}

EventPayload thread_create(const Json& d) {
    return core::DiscordThreadCreate{channel(d, ""), opt_snowflake(d, "parent_id", "")};
}

// {guild_id, channel_ids?, threads, members, most_recent_messages?}: the threads are channel
// objects; members and messages are not kept (userdoccers gateway-events.mdx, "Thread List Sync").
// A thread that does not read is left out, not the others.
EventPayload thread_list_sync(const Json& d, Skipped& skipped) {
    core::DiscordThreadListSync sync{snowflake(d, "guild_id", ""),
                                     channels(d, "threads", "", &skipped)};
    for (auto& t : sync.threads) {
        if (!t.guild_id) t.guild_id = sync.guild_id;
    }
    return sync;
}

EventPayload user_update(const Json& d) {
    return core::DiscordUserUpdate{user(d, "")};
}

using Translator = EventPayload (*)(const Json&, Skipped&);

// A dispatch that is one thing: read whole, or malformed.
template <EventPayload (*Read)(const Json&)>
EventPayload whole(const Json& d, Skipped&) {
    return Read(d);
}

// One table: a name missing here is an ignored dispatch, not a code path.
constexpr std::array<std::pair<std::string_view, Translator>, 38> kTranslators{{
    {"READY", &ready},
    {"MESSAGE_CREATE", &whole<&message_create>},
    {"MESSAGE_UPDATE", &whole<&message_update>},
    {"MESSAGE_DELETE", &whole<&message_delete>},
    {"MESSAGE_REACTION_ADD", &whole<&reaction<core::DiscordReactionAdd>>},
    {"MESSAGE_REACTION_REMOVE", &whole<&reaction<core::DiscordReactionRemove>>},
    {"MESSAGE_DELETE_BULK", &whole<&message_delete_bulk>},
    {"MESSAGE_REACTION_REMOVE_ALL", &whole<&reaction_remove_all>},
    {"MESSAGE_REACTION_REMOVE_EMOJI", &whole<&reaction_remove_emoji>},
    {"TYPING_START", &whole<&typing_start>},
    {"PRESENCE_UPDATE", &whole<&presence_update>},
    {"RELATIONSHIP_ADD", &whole<&relationship_add>},
    {"RELATIONSHIP_REMOVE", &whole<&relationship_remove>},
    {"RELATIONSHIP_UPDATE", &whole<&relationship_update>},
    {"MESSAGE_ACK", &whole<&message_ack>},
    {"CHANNEL_CREATE", &whole<&channel_event<core::DiscordChannelCreate>>},
    {"CHANNEL_UPDATE", &whole<&channel_event<core::DiscordChannelUpdate>>},
    {"CHANNEL_DELETE", &whole<&channel_event<core::DiscordChannelDelete>>},
    {"GUILD_CREATE", &whole<&guild_create>},
    {"GUILD_UPDATE", &whole<&guild_update>},
    {"GUILD_DELETE", &whole<&guild_delete>},
    {"GUILD_ROLE_CREATE", &whole<&guild_role_update>},
    {"GUILD_ROLE_UPDATE", &whole<&guild_role_update>},
    {"GUILD_ROLE_DELETE", &whole<&guild_role_delete>},
    {"GUILD_EMOJIS_UPDATE", &whole<&guild_emojis_update>},
    {"CHANNEL_RECIPIENT_ADD", &whole<&channel_recipient<core::DiscordChannelRecipientAdd>>},
    {"CHANNEL_RECIPIENT_REMOVE", &whole<&channel_recipient<core::DiscordChannelRecipientRemove>>},
    {"THREAD_CREATE", &whole<&thread_create>},
    {"THREAD_UPDATE", &whole<&channel_event<core::DiscordThreadUpdate>>},
    {"THREAD_DELETE", &whole<&channel_event<core::DiscordThreadDelete>>},
    {"THREAD_LIST_SYNC", &thread_list_sync},
    {"USER_UPDATE", &whole<&user_update>},
    {"GUILD_MEMBER_ADD", &whole<&guild_member_update>},
    {"GUILD_MEMBER_UPDATE", &whole<&guild_member_update>},
    {"GUILD_MEMBER_REMOVE", &whole<&guild_member_remove>},
    {"GUILD_MEMBER_LIST_UPDATE", &whole<&guild_member_list_update>},
    {"USER_REQUIRED_ACTION_UPDATE", &whole<&required_action_update>},
    {"RESUMED", nullptr},  // session bookkeeping only: nothing new for the core
}};

Translator find(std::string_view name) {
    for (const auto& [n, t] : kTranslators)
        if (n == name) return t;
    return nullptr;
}

}  // namespace

HistoryTranslation translate_history(core::Snowflake channel_id, std::string_view body) {
    const std::string text = repaired_json_text(body);
    rapidjson::Document doc;
    doc.Parse(text.data(), text.size());
    if (doc.HasParseError() || !doc.IsArray())
        throw MalformedPayload("the channel's messages are not a JSON array");
    HistoryTranslation out;
    out.history.channel_id = channel_id;
    // Discord lists the newest first; the core wants them in the order they were written.
    const auto arr = doc.GetArray();
    for (rapidjson::SizeType i = arr.Size(); i-- > 0;) {
        try {
            out.history.messages.push_back(translate_message(arr[i]));
        } catch (const MalformedPayload& e) {
            out.skipped.push_back("[" + std::to_string(i) + "] " + e.what());
        }
    }
    return out;
}

bool is_translated(std::string_view name) {
    return find(name) != nullptr;
}

Translation translate_dispatch(std::string_view name, const rapidjson::Value& d) {
    Translation out;
    Translator t = find(name);
    if (!t) return out;
    if (!d.IsObject()) {
        out.kind = Translation::Kind::malformed;
        out.error = "d: expected an object";
        return out;
    }
    try {
        out.payload = t(d, out.skipped);
        out.kind = Translation::Kind::event;
    } catch (const MalformedPayload& e) {
        out.kind = Translation::Kind::malformed;
        out.error = e.what();
    }
    return out;
}

}  // namespace cordgate::adapters::discord
