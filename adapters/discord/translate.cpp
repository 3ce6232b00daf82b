#include <adapters/discord/json_escapes.hpp>
#include <adapters/discord/json_read.hpp>
#include <adapters/discord/translate.hpp>

#include <array>
#include <functional>
#include <utility>

namespace cordgate::adapters::discord {
namespace {

using core::EventPayload;

EventPayload ready(const Json& d) {
    core::DiscordReady r;
    r.user = user(require(d, "user", ""), "user");
    r.relationships = relationships(d, "");
    r.private_channels = channels(d, "private_channels", "");
    // Bot READYs list unavailable stubs only; user READYs carry full guilds.
    if (member(d, "guilds")) r.guilds = guilds(d, "");
    return r;
}

EventPayload message_create(const Json& d) {
    return translate_message(d);
}

EventPayload guild_member_update(const Json& d) {
    // GUILD_MEMBER_ADD and _UPDATE are a member object with the guild's id beside it.
    return core::DiscordGuildMemberUpdate{snowflake(d, "guild_id", ""), guild_member(d, "")};
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
    if (const Json* ref = member(d, "message_reference")) {
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
    return m;
}

EventPayload message_delete(const Json& d) {
    return core::DiscordMessageDelete{snowflake(d, "id", ""), snowflake(d, "channel_id", ""),
                                      opt_snowflake(d, "guild_id", "")};
}

template <class Reaction>
EventPayload reaction(const Json& d) {
    return Reaction{snowflake(d, "user_id", ""), snowflake(d, "channel_id", ""),
                    snowflake(d, "message_id", ""), opt_snowflake(d, "guild_id", ""),
                    emoji(require(d, "emoji", ""), "emoji")};
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
                                    integer(d, "timestamp", "")};
}

EventPayload presence_update(const Json& d) {
    core::DiscordPresenceUpdate p;
    p.user_id = snowflake(require(d, "user", ""), "id", "user");
    p.guild_id = opt_snowflake(d, "guild_id", "");
    p.status = string(d, "status", "");
    if (const Json* acts = member(d, "activities"); acts && acts->IsArray()) {
        for (const auto& a : acts->GetArray()) {
            if (opt_integer(a, "type", "activities") == 4) {
                p.custom_status = opt_string(a, "state", "activities");
                break;
            }
        }
    }
    return p;
}

EventPayload relationship_add(const Json& d) {
    return core::DiscordRelationshipAdd{relationship(d, "")};
}

EventPayload relationship_remove(const Json& d) {
    return core::DiscordRelationshipRemove{
        snowflake(d, "id", ""), static_cast<int>(opt_integer(d, "type", "").value_or(1))};
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

EventPayload thread_create(const Json& d) {
    return core::DiscordThreadCreate{channel(d, ""), opt_snowflake(d, "parent_id", "")};
}

EventPayload user_update(const Json& d) {
    return core::DiscordUserUpdate{user(d, "")};
}

using Translator = EventPayload (*)(const Json&);

// One table: a name missing here is an ignored dispatch, not a code path.
constexpr std::array<std::pair<std::string_view, Translator>, 21> kTranslators{{
    {"READY", &ready},
    {"MESSAGE_CREATE", &message_create},
    {"MESSAGE_UPDATE", &message_update},
    {"MESSAGE_DELETE", &message_delete},
    {"MESSAGE_REACTION_ADD", &reaction<core::DiscordReactionAdd>},
    {"MESSAGE_REACTION_REMOVE", &reaction<core::DiscordReactionRemove>},
    {"TYPING_START", &typing_start},
    {"PRESENCE_UPDATE", &presence_update},
    {"RELATIONSHIP_ADD", &relationship_add},
    {"RELATIONSHIP_REMOVE", &relationship_remove},
    {"MESSAGE_ACK", &message_ack},
    {"CHANNEL_CREATE", &channel_event<core::DiscordChannelCreate>},
    {"CHANNEL_UPDATE", &channel_event<core::DiscordChannelUpdate>},
    {"CHANNEL_DELETE", &channel_event<core::DiscordChannelDelete>},
    {"GUILD_CREATE", &guild_create},
    {"THREAD_CREATE", &thread_create},
    {"USER_UPDATE", &user_update},
    {"GUILD_MEMBER_ADD", &guild_member_update},
    {"GUILD_MEMBER_UPDATE", &guild_member_update},
    {"GUILD_MEMBER_REMOVE", &guild_member_remove},
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
        out.payload = t(d);
        out.kind = Translation::Kind::event;
    } catch (const MalformedPayload& e) {
        out.kind = Translation::Kind::malformed;
        out.error = e.what();
    }
    return out;
}

}  // namespace cordgate::adapters::discord
