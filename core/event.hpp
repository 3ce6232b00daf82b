#pragma once
// Events: immutable facts an adapter saw on its network, in the order it saw them.
//
// Envelope (canonical JSON, one line in a capture):
//   {"v":1,"origin":"discord","origin_seq":42,"ts":1732500000000,"user":"romeo@localhost",
//    "type":"discord.message_create","payload":{...}}
//
// - v: envelope version. A reader rejects versions it does not know, by name.
// - origin, origin_seq: the idempotency key. An origin numbers its events 1, 2, 3... and the
//   log drops any event whose origin_seq is not above the last one it kept for that origin.
// - ts: milliseconds since the Unix epoch on the adapter's clock; the core never reads a clock.
// - user: bare JID of the registered XMPP user the event belongs to (the partition key).

#include <core/codec.hpp>
#include <core/discord_events.hpp>
#include <core/discord_guild_events.hpp>
#include <core/discord_member_list.hpp>
#include <core/discord_rich.hpp>
#include <core/discord_types.hpp>
#include <core/snowflake.hpp>
#include <core/xmpp_events.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace cordgate::core {

inline constexpr int kEventVersion = 1;

// ---- from the XMPP adapter --------------------------------------------------------------

// XEP-0077 registration with the gateway. The token arrives sealed to the Discord adapter's
// key (crypto_box_seal, base64): nothing past the XMPP adapter can read it but the Discord one.
struct XmppRegister {
    static constexpr const char* type = "xmpp.register";
    std::string gateway;  // the component's domain the user registered with
    std::string sealed_token;

    static constexpr auto fields = std::tuple{field("gateway", &XmppRegister::gateway),
                                              field("sealed_token", &XmppRegister::sealed_token)};
};

// XEP-0372 reference in a message of the user: what `uri` names and, when given, where in the
// body (code points from 0, begin inclusive, end exclusive: the XEP's "Dijkstra convention").
struct XmppReference {
    std::string type;  // mention, data
    std::string uri;
    std::optional<std::uint64_t> begin;
    std::optional<std::uint64_t> end;

    static constexpr auto fields =
        std::tuple{field("type", &XmppReference::type), field("uri", &XmppReference::uri),
                   field("begin", &XmppReference::begin), field("end", &XmppReference::end)};
};

// A <message/> from the user to the gateway's domain.
struct XmppMessage {
    static constexpr const char* type = "xmpp.message";
    std::string from;  // full JID as the server stamped it
    std::string to;    // puppet or room JID
    std::string message_type = "chat";
    std::optional<std::string> id;
    std::optional<std::string> origin_id;  // XEP-0359
    std::optional<std::string> body;
    // Added later: the {} initialisers keep positional brace-inits of the fields above valid.
    std::optional<std::string> stanza_id{};     // XEP-0359, when the server stamped one
    std::optional<std::string> reply_to_id{};   // XEP-0461
    std::optional<std::string> reply_to_jid{};  // XEP-0461
    std::optional<std::string> oob_url{};       // XEP-0066
    std::optional<std::string> chat_state{};    // XEP-0085 state sent along with the body
    std::optional<bool> receipt_request{};      // XEP-0184 <request/>
    std::optional<bool> markable{};             // XEP-0333 <markable/>
    std::optional<std::string> thread{};        // XEP-0201 <thread/>
    std::optional<std::vector<XmppReference>> references{};  // XEP-0372, absent when none

    static constexpr auto fields =
        std::tuple{field("from", &XmppMessage::from),
                   field("to", &XmppMessage::to),
                   field("type", &XmppMessage::message_type),
                   field("id", &XmppMessage::id),
                   field("origin_id", &XmppMessage::origin_id),
                   field("body", &XmppMessage::body),
                   field("stanza_id", &XmppMessage::stanza_id),
                   field("reply_to_id", &XmppMessage::reply_to_id),
                   field("reply_to_jid", &XmppMessage::reply_to_jid),
                   field("oob_url", &XmppMessage::oob_url),
                   field("chat_state", &XmppMessage::chat_state),
                   field("receipt_request", &XmppMessage::receipt_request),
                   field("markable", &XmppMessage::markable),
                   field("thread", &XmppMessage::thread),
                   field("references", &XmppMessage::references)};
};

// ---- from the Discord adapter -----------------------------------------------------------

// READY for a user account: who we are, friends, and open DMs.
struct DiscordReady {
    static constexpr const char* type = "discord.ready";
    DiscordUser user;
    std::vector<DiscordRelationship> relationships;
    std::vector<DiscordChannel> private_channels;
    // Added later: user accounts get full guilds in READY (bots get them as GUILD_CREATE).
    std::optional<std::vector<DiscordGuild>> guilds{};
    // Something Discord wants of the account before it takes actions (REQUIRE_VERIFIED_EMAIL,
    // REQUIRE_VERIFIED_PHONE, REQUIRE_CAPTCHA, ...); absent when it wants nothing.
    std::optional<std::string> required_action{};
    // How far the user read each channel in other clients (absent in logs from before it).
    std::optional<std::vector<DiscordReadState>> read_state{};
    // The user's Nitro (user.premium_type: 0 or absent none, 1-3 a tier): animated custom emoji
    // need one.
    std::optional<int> premium_type{};

    static constexpr auto fields =
        std::tuple{field("user", &DiscordReady::user),
                   field("relationships", &DiscordReady::relationships),
                   field("private_channels", &DiscordReady::private_channels),
                   field("guilds", &DiscordReady::guilds),
                   field("required_action", &DiscordReady::required_action),
                   field("read_state", &DiscordReady::read_state),
                   field("premium_type", &DiscordReady::premium_type)};
};

struct DiscordMessageCreate {
    static constexpr const char* type = "discord.message_create";
    Snowflake id;
    Snowflake channel_id;
    std::optional<Snowflake> guild_id;
    DiscordUser author;
    std::string content;
    std::string timestamp;  // ISO 8601, as Discord sent it
    std::optional<std::string> nonce;
    std::optional<Snowflake> referenced_message_id;
    std::vector<DiscordAttachment> attachments;
    // Added later: the {} initialisers keep positional brace-inits of the fields above valid.
    std::optional<std::string> member_nick{};          // the author's nickname in the guild
    std::optional<std::vector<Snowflake>> mentions{};  // users mentioned as <@id>
    // Message type (0 default, 19 reply, ...; system messages otherwise); absent when 0.
    std::optional<int> message_type{};
    std::optional<std::vector<DiscordEmbed>> embeds{};           // absent when none
    std::optional<std::vector<DiscordSticker>> sticker_items{};  // absent when none
    std::optional<DiscordPoll> poll{};
    std::optional<std::vector<DiscordForwarded>> forwarded{};  // message_snapshots of a forward

    static constexpr auto fields =
        std::tuple{field("id", &DiscordMessageCreate::id),
                   field("channel_id", &DiscordMessageCreate::channel_id),
                   field("guild_id", &DiscordMessageCreate::guild_id),
                   field("author", &DiscordMessageCreate::author),
                   field("content", &DiscordMessageCreate::content),
                   field("timestamp", &DiscordMessageCreate::timestamp),
                   field("nonce", &DiscordMessageCreate::nonce),
                   field("referenced_message_id", &DiscordMessageCreate::referenced_message_id),
                   field("attachments", &DiscordMessageCreate::attachments),
                   field("member_nick", &DiscordMessageCreate::member_nick),
                   field("mentions", &DiscordMessageCreate::mentions),
                   field("type", &DiscordMessageCreate::message_type),
                   field("embeds", &DiscordMessageCreate::embeds),
                   field("sticker_items", &DiscordMessageCreate::sticker_items),
                   field("poll", &DiscordMessageCreate::poll),
                   field("message_snapshots", &DiscordMessageCreate::forwarded)};
};
// Answer to a discord.fetch_history effect: the channel's last messages, oldest first.
struct DiscordChannelHistory {
    static constexpr const char* type = "discord.channel_history";
    Snowflake channel_id;
    std::vector<DiscordMessageCreate> messages;
    static constexpr auto fields =
        std::tuple{field("channel_id", &DiscordChannelHistory::channel_id),
                   field("messages", &DiscordChannelHistory::messages)};
};

// ---- from the core itself ------------------------------------------------------------------

// Stands in the log for an envelope the core could not decode (bytes that are not UTF-8, an
// unknown type, a payload that does not fit) but whose identity it could read: recorded at the
// refused envelope's origin and origin_seq, so the origin's dedup moves past it and what the
// adapter sent after it is taken. The refused bytes themselves stay out of the log (they may
// be anything), only their size.
struct EventRefused {
    static constexpr const char* type = "core.event_refused";
    std::string refused_type;  // the envelope's "type"
    std::string reason;        // the decoder's error
    std::uint64_t bytes = 0;   // the envelope's size

    static constexpr auto fields =
        std::tuple{field("refused_type", &EventRefused::refused_type),
                   field("reason", &EventRefused::reason), field("bytes", &EventRefused::bytes)};
};

using EventPayload = std::variant<
    XmppRegister, XmppMessage, DiscordReady, DiscordMessageCreate, XmppUnregister, XmppCorrection,
    XmppRetraction, XmppReactions, XmppChatState, XmppMarker, XmppPresence, XmppQuery,
    XmppPrivileges, XmppStanzaError, DiscordMessageUpdate, DiscordMessageDelete, DiscordReactionAdd,
    DiscordReactionRemove, DiscordTypingStart, DiscordPresenceUpdate, DiscordRelationshipAdd,
    DiscordRelationshipRemove, DiscordMessageAck, DiscordChannelCreate, DiscordChannelUpdate,
    DiscordChannelDelete, DiscordGuildCreate, DiscordThreadCreate, DiscordUserUpdate,
    DiscordUserProfile, DiscordLoginFailed, DiscordEffectFailed, DiscordAdapterStarted, XmppMucJoin,
    DiscordGuildMemberUpdate, DiscordGuildMemberRemove, DiscordChannelHistory, XmppCommand,
    EventRefused, DiscordRequiredAction, DiscordRestPaused, DiscordMessageDeleteBulk,
    DiscordReactionRemoveAll, DiscordReactionRemoveEmoji, DiscordGuildDelete, DiscordGuildUpdate,
    DiscordGuildRoleUpdate, DiscordGuildRoleDelete, DiscordChannelRecipientAdd,
    DiscordChannelRecipientRemove, DiscordThreadUpdate, DiscordThreadDelete,
    DiscordRelationshipUpdate, DiscordMemberListUpdate, DiscordThreadListSync, DiscordAvatar,
    DiscordGuildEmojisUpdate, XmppUploadService, XmppUploadSlot, DiscordFileRehosted,
    DiscordFileProbed, XmppOwnAvatar, XmppArchiveQuery>;

struct Event {
    int v = kEventVersion;
    std::string origin;
    std::uint64_t origin_seq = 0;
    std::int64_t ts = 0;
    std::string user;
    EventPayload payload;

    const char* type() const { return variant_type_name(payload); }
};

std::string encode_event(const Event& event);
// Throws CodecError: malformed JSON, unknown version or type, or a payload that does not fit.
Event decode_event(std::string_view text);

// What identifies an envelope, read from one that decode_event() refused: its origin, origin_seq,
// ts, user and type, each of the right JSON type and the strings valid UTF-8. Reads any JSON
// object (other members, the payload and a version are not looked at); nullopt when one of
// them is missing, ill-typed or not UTF-8, or when the text is not a JSON object.
struct EventIdentity {
    std::string origin;
    std::uint64_t origin_seq = 0;
    std::int64_t ts = 0;
    std::string user;
    std::string type;
};
std::optional<EventIdentity> read_event_identity(std::string_view text);

}  // namespace cordgate::core
