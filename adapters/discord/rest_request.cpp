#include <adapters/discord/rest_request.hpp>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <sodium.h>

#include <algorithm>
#include <stdexcept>

namespace cordgate::adapters::discord {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void key_string(Writer& w, const char* key, std::string_view value) {
    w.Key(key);
    w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

constexpr const char* kJson = "application/json";

std::string message_json(std::string_view content, std::string_view nonce,
                         std::optional<core::Snowflake> reply_to) {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    key_string(w, "content", content);
    // enforce_nonce makes Discord return the earlier message on a repeat instead of creating
    // a second one: a resent effect (adapter crash before its ack) cannot duplicate.
    key_string(w, "nonce", nonce);
    w.Key("enforce_nonce");
    w.Bool(true);
    if (reply_to) {
        // A reply in the same channel: Discord fills in channel_id (and guild_id) itself.
        // fail_if_not_exists false: a reply to a message deleted meanwhile still goes out.
        w.Key("message_reference");
        w.StartObject();
        key_string(w, "message_id", reply_to->str());
        w.Key("fail_if_not_exists");
        w.Bool(false);
        w.EndObject();
    }
    w.EndObject();
    return b.GetString();
}

std::string relationship_path(core::Snowflake user) {
    return "/users/@me/relationships/" + user.str();
}

// Every friend request shares one rate-limit route, whoever it goes to: Discord watches how many
// an account sends, not whom (route_pace.cpp).
constexpr const char* kRelationshipPut = "PUT /users/@me/relationships/:user";
constexpr const char* kRelationshipDelete = "DELETE /users/@me/relationships/:user";

// X-Context-Properties of an action taken on a user's profile: base64 of
// {"location":"User Profile"}, one of the places discord.py-self names for sending, accepting
// and declining friend requests (`add_relationship`, `remove_relationship` in discord/http.py;
// the encoded values in discord/tracking.py, ContextProperties.LOCATIONS).
constexpr const char* kFromUserProfile = "eyJsb2NhdGlvbiI6IlVzZXIgUHJvZmlsZSJ9";

std::string channel_path(core::Snowflake c) {
    return "/channels/" + c.str();
}
std::string message_path(core::Snowflake c, core::Snowflake m) {
    return channel_path(c) + "/messages/" + m.str();
}

RestRequest make(std::string method, std::string path, std::string route, std::string body = {},
                 std::string content_type = {}) {
    if (!body.empty() && content_type.empty()) content_type = kJson;
    return RestRequest{std::move(method), std::move(path), std::move(route), std::move(body),
                       std::move(content_type)};
}

std::string decode_base64(std::string_view text) {
    std::string out(text.size() / 4 * 3 + 3, '\0');
    std::size_t len = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                          text.size(), "\r\n", &len, nullptr,
                          sodium_base64_VARIANT_ORIGINAL) != 0) {
        throw std::invalid_argument("attachment data is not valid base64");
    }
    out.resize(len);
    return out;
}

// A quoted-string for Content-Disposition: quotes and backslashes escaped, line breaks dropped.
std::string quoted(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '\r' || c == '\n') continue;
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + '"';
}

RestRequest upload(const core::UploadDiscordAttachment& u, core::Snowflake channel,
                   std::string_view boundary) {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    key_string(w, "content", u.content);
    key_string(w, "nonce", u.nonce);
    w.Key("enforce_nonce");
    w.Bool(true);
    w.Key("attachments");
    w.StartArray();
    w.StartObject();
    w.Key("id");
    w.Int(0);
    key_string(w, "filename", u.filename);
    w.EndObject();
    w.EndArray();
    w.EndObject();

    const std::string data = decode_base64(u.data_base64);
    std::string body;
    body.reserve(data.size() + 512);
    const std::string delim = "--" + std::string(boundary);
    body += delim +
            "\r\nContent-Disposition: form-data; name=\"payload_json\"\r\n"
            "Content-Type: application/json\r\n\r\n";
    body += b.GetString();
    body += "\r\n" + delim + "\r\nContent-Disposition: form-data; name=\"files[0]\"; filename=" +
            quoted(u.filename) +
            "\r\nContent-Type: " + u.content_type.value_or("application/octet-stream") + "\r\n\r\n";
    body += data;
    body += "\r\n" + delim + "--\r\n";
    return make("POST", channel_path(channel) + "/messages",
                "POST " + channel_path(channel) + "/messages", std::move(body),
                "multipart/form-data; boundary=" + std::string(boundary));
}

core::Snowflake channel_or(std::optional<core::Snowflake> own,
                           std::optional<core::Snowflake> resolved) {
    if (own) return *own;
    if (resolved) return *resolved;
    throw std::invalid_argument("neither channel_id nor an opened DM channel");
}

template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace

std::string avatar_path(core::Snowflake user_id, std::string_view hash) {
    std::string path = "/avatars/" + user_id.str() + "/";
    // The hash comes from Discord; keep anything but [0-9A-Za-z_] out of the path.
    for (char c : hash) {
        const bool ok =
            (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        if (!ok) throw std::invalid_argument("avatar hash has characters a hash never has");
    }
    if (hash.empty()) throw std::invalid_argument("empty avatar hash");
    return path + std::string(hash) + ".png?size=128";
}

RestRequest get_gateway() {
    return make("GET", "/gateway", "GET /gateway");
}

RestRequest open_dm(core::Snowflake recipient_id, DmBody shape) {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    switch (shape) {
        case DmBody::recipients: {
            const std::string id = recipient_id.str();
            w.Key("recipients");
            w.StartArray();
            w.String(id.data(), static_cast<rapidjson::SizeType>(id.size()));
            w.EndArray();
            break;
        }
        case DmBody::recipient_id:
            key_string(w, "recipient_id", recipient_id.str());
            break;
    }
    w.EndObject();
    return make("POST", "/users/@me/channels", "POST /users/@me/channels", b.GetString());
}

std::optional<core::Snowflake> dm_needed(const core::EffectPayload& effect) {
    if (const auto* s = std::get_if<core::SendDiscordMessage>(&effect)) {
        if (!s->channel_id) return s->recipient_id;
    }
    if (const auto* u = std::get_if<core::UploadDiscordAttachment>(&effect)) {
        if (!u->channel_id) return u->recipient_id;
    }
    return std::nullopt;
}

std::string encode_emoji(std::string_view emoji) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : emoji) {
        bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                     c == '-' || c == '_' || c == '.' || c == '~' || c == ':';
        if (plain) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 0xF];
        }
    }
    return out;
}

std::optional<core::Snowflake> channel_id_of(std::string_view response_body) {
    rapidjson::Document doc;
    doc.Parse(response_body.data(), response_body.size());
    if (doc.HasParseError() || !doc.IsObject()) return std::nullopt;
    auto it = doc.FindMember("id");
    if (it == doc.MemberEnd() || !it->value.IsString()) return std::nullopt;
    return core::Snowflake::parse(it->value.GetString());
}

namespace {
// An effect for the XMPP adapter: its type name says so ("xmpp.*"). Every Discord effect is
// named in request_for(), so a new one does not compile until it is.
template <class T>
concept XmppEffect = std::string_view(T::type)
.starts_with("xmpp.");
}  // namespace

std::optional<RestRequest> request_for(const core::EffectPayload& effect,
                                       std::optional<core::Snowflake> channel,
                                       std::string_view boundary) {
    return std::visit(
        Overloaded{
            [&](const core::SendDiscordMessage& s) -> std::optional<RestRequest> {
                const core::Snowflake c = channel_or(s.channel_id, channel);
                return make("POST", channel_path(c) + "/messages",
                            "POST " + channel_path(c) + "/messages",
                            message_json(s.content, s.nonce, s.reply_to));
            },
            [&](const core::UploadDiscordAttachment& u) -> std::optional<RestRequest> {
                return upload(u, channel_or(u.channel_id, channel), boundary);
            },
            [&](const core::EditDiscordMessage& e) -> std::optional<RestRequest> {
                rapidjson::StringBuffer b;
                Writer w(b);
                w.StartObject();
                key_string(w, "content", e.content);
                w.EndObject();
                return make("PATCH", message_path(e.channel_id, e.message_id),
                            "PATCH " + channel_path(e.channel_id) + "/messages/:id", b.GetString());
            },
            [&](const core::DeleteDiscordMessage& d) -> std::optional<RestRequest> {
                return make("DELETE", message_path(d.channel_id, d.message_id),
                            "DELETE " + channel_path(d.channel_id) + "/messages/:id");
            },
            [&](const core::AddDiscordReaction& r) -> std::optional<RestRequest> {
                return make(
                    "PUT",
                    message_path(r.channel_id, r.message_id) + "/reactions/" +
                        encode_emoji(r.emoji) + "/@me",
                    "PUT " + channel_path(r.channel_id) + "/messages/:id/reactions/:emoji/@me");
            },
            [&](const core::RemoveDiscordReaction& r) -> std::optional<RestRequest> {
                return make(
                    "DELETE",
                    message_path(r.channel_id, r.message_id) + "/reactions/" +
                        encode_emoji(r.emoji) + "/@me",
                    "DELETE " + channel_path(r.channel_id) + "/messages/:id/reactions/:emoji/@me");
            },
            [&](const core::TriggerDiscordTyping& t) -> std::optional<RestRequest> {
                return make("POST", channel_path(t.channel_id) + "/typing",
                            "POST " + channel_path(t.channel_id) + "/typing");
            },
            [&](const core::AckDiscordMessage& a) -> std::optional<RestRequest> {
                // The official client sends {"token": null}; an empty object is accepted too.
                return make("POST", message_path(a.channel_id, a.message_id) + "/ack",
                            "POST " + channel_path(a.channel_id) + "/messages/:id/ack",
                            R"({"token":null})");
            },
            [&](const core::AddDiscordRelationship& r) -> std::optional<RestRequest> {
                // No type: Discord accepts their request, or sends ours (userdoccers
                // relationships.mdx, "Create Relationship"); discord.py-self sends {} too.
                RestRequest req = make("PUT", relationship_path(r.user_id), kRelationshipPut, "{}");
                req.context_properties = kFromUserProfile;
                return req;
            },
            [&](const core::RemoveDiscordRelationship& r) -> std::optional<RestRequest> {
                RestRequest req = make("DELETE", relationship_path(r.user_id), kRelationshipDelete);
                req.context_properties = kFromUserProfile;
                return req;
            },
            [&](const core::FetchDiscordUser& f) -> std::optional<RestRequest> {
                std::string path = "/users/" + f.user_id.str() + (f.profile ? "/profile" : "");
                return make("GET", path, f.profile ? "GET /users/:id/profile" : "GET /users/:id");
            },
            [&](const core::SetDiscordOwnAvatar& a) -> std::optional<RestRequest> {
                // What discord.py-self's ClientUser.edit(avatar=...) sends: a data URI of the
                // image (utils.py _bytes_to_base64_data), nothing else in the body.
                rapidjson::StringBuffer b;
                Writer w(b);
                w.StartObject();
                key_string(w, "avatar", "data:" + a.image_type + ";base64," + a.image_base64);
                w.EndObject();
                return make("PATCH", "/users/@me", "PATCH /users/@me", b.GetString());
            },
            [&](const core::FetchDiscordHistory& h) -> std::optional<RestRequest> {
                // Discord takes 1-100; an out-of-range limit is clamped rather than refused.
                const int limit = std::clamp(h.limit, 1, 100);
                std::string query = "/messages?limit=" + std::to_string(limit);
                if (h.after) query += "&after=" + h.after->str();
                if (h.before) query += "&before=" + h.before->str();
                return make("GET", channel_path(h.channel_id) + query,
                            "GET " + channel_path(h.channel_id) + "/messages");
            },
            // Not REST: the XMPP adapter's effects, and the gateway's (login, logout, presence).
            [&]<XmppEffect T>(const T&) -> std::optional<RestRequest> { return std::nullopt; },
            [&](const core::LoginDiscord&) -> std::optional<RestRequest> { return std::nullopt; },
            [&](const core::LogoutDiscord&) -> std::optional<RestRequest> { return std::nullopt; },
            [&](const core::SetDiscordPresence&) -> std::optional<RestRequest> {
                return std::nullopt;
            },
            // The CDN, not the API: the AvatarFetcher's, without a token or the pipeline.
            [&](const core::FetchDiscordAvatar&) -> std::optional<RestRequest> {
                return std::nullopt;
            },
            [&](const core::SubscribeDiscordGuild&) -> std::optional<RestRequest> {
                return std::nullopt;
            },
            // A streamed copy (CDN -> upload slot), not one Discord REST request.
            [&](const core::RehostDiscordFile&) -> std::optional<RestRequest> {
                return std::nullopt;
            },
            [&](const core::ProbeDiscordFile&) -> std::optional<RestRequest> {
                return std::nullopt;
            },
        },
        effect);
}

}  // namespace cordgate::adapters::discord
