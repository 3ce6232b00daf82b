#pragma once
// Effects: what the core decided should happen on a network. Plain data, so they can be
// compared, persisted, re-sent after a restart and diffed in replay.
//
// Envelope:
//   {"v":1,"id":7,"cause":42,"user":"romeo@localhost","type":"xmpp.message","payload":{...}}
//
// - id: per target adapter, 1, 2, 3... The target is the type's prefix ("xmpp", "discord").
//   Adapters acknowledge by id and skip ids they already carried out.
// - cause: log position of the event that produced it.

#include <core/codec.hpp>
#include <core/discord_effects.hpp>
#include <core/snowflake.hpp>
#include <core/xmpp_effects.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace cordgate::core {

inline constexpr int kEffectVersion = 1;

// ---- for the XMPP adapter ----------------------------------------------------------------

struct SendXmppMessage {
    static constexpr const char* type = "xmpp.message";
    std::string from;
    std::string to;
    std::string message_type = "chat";
    std::string id;  // derived from the log position: a resend carries the same id
    std::optional<std::string> body;
    // Added later: the {} initialisers keep positional brace-inits of the fields above valid.
    std::optional<std::string> origin_id{};     // XEP-0359
    std::optional<std::string> stanza_id{};     // XEP-0359, by= the puppet's bare JID
    std::optional<std::string> replace_id{};    // XEP-0308
    std::optional<std::string> reply_to_id{};   // XEP-0461
    std::optional<std::string> reply_to_jid{};  // XEP-0461
    std::optional<std::string> oob_url{};       // XEP-0066
    std::optional<std::string> chat_state{};    // XEP-0085, usually "active" along with a body
    std::optional<bool> receipt_request{};      // XEP-0184
    std::optional<bool> markable{};             // XEP-0333
    std::optional<std::string> delay_stamp{};   // XEP-0203, for room history (ISO 8601)
    std::optional<std::string> thread{};        // XEP-0201: a Discord thread of a room
    std::optional<bool> spoiler{};              // XEP-0382: the body hides a spoiler
    std::optional<SharedFile> file{};           // XEP-0447: the oob_url's file

    static constexpr auto fields =
        std::tuple{field("from", &SendXmppMessage::from),
                   field("to", &SendXmppMessage::to),
                   field("type", &SendXmppMessage::message_type),
                   field("id", &SendXmppMessage::id),
                   field("body", &SendXmppMessage::body),
                   field("origin_id", &SendXmppMessage::origin_id),
                   field("stanza_id", &SendXmppMessage::stanza_id),
                   field("replace_id", &SendXmppMessage::replace_id),
                   field("reply_to_id", &SendXmppMessage::reply_to_id),
                   field("reply_to_jid", &SendXmppMessage::reply_to_jid),
                   field("oob_url", &SendXmppMessage::oob_url),
                   field("chat_state", &SendXmppMessage::chat_state),
                   field("receipt_request", &SendXmppMessage::receipt_request),
                   field("markable", &SendXmppMessage::markable),
                   field("delay_stamp", &SendXmppMessage::delay_stamp),
                   field("thread", &SendXmppMessage::thread),
                   field("spoiler", &SendXmppMessage::spoiler),
                   field("file", &SendXmppMessage::file)};
};

// One result of an archive query (XEP-0313 §4.2): the archived message, forwarded (XEP-0297)
// from the room to the client that asked, with its archive id.
struct SendXmppArchived {
    static constexpr const char* type = "xmpp.archived";
    std::string from;  // the room's bare JID
    std::string to;
    std::optional<std::string> query_id;
    std::string result_id;    // the archive id: the message's stanza-id
    SendXmppMessage message;  // `to` is the client; delay_stamp its time

    static constexpr auto fields =
        std::tuple{field("from", &SendXmppArchived::from), field("to", &SendXmppArchived::to),
                   field("query_id", &SendXmppArchived::query_id),
                   field("result_id", &SendXmppArchived::result_id),
                   field("message", &SendXmppArchived::message)};
};

// The end of an archive query: the iq result with <fin/> and its RSM page (XEP-0313 §4.3).
struct SendXmppArchiveFin {
    static constexpr const char* type = "xmpp.archive_fin";
    std::string from;
    std::string to;
    std::string iq_id;
    bool complete = false;  // the page holds the last (or, paging back, the first) message
    std::optional<std::string> first;
    std::optional<std::string> last;

    static constexpr auto fields = std::tuple{field("from", &SendXmppArchiveFin::from),
                                              field("to", &SendXmppArchiveFin::to),
                                              field("iq_id", &SendXmppArchiveFin::iq_id),
                                              field("complete", &SendXmppArchiveFin::complete),
                                              field("first", &SendXmppArchiveFin::first),
                                              field("last", &SendXmppArchiveFin::last)};
};

struct RosterItem {
    std::string jid;
    std::optional<std::string> name;
    std::vector<std::string> groups;
    std::string subscription = "both";  // "remove" deletes the item

    static constexpr auto fields = std::tuple{
        field("jid", &RosterItem::jid), field("name", &RosterItem::name),
        field("groups", &RosterItem::groups), field("subscription", &RosterItem::subscription)};
};

// One roster item in the user's own roster (XEP-0356 roster permission). One item per
// effect, as a roster set carries exactly one item (RFC 6121 2.1.5).
struct SetXmppRoster {
    static constexpr const char* type = "xmpp.roster_set";
    std::string from;  // the gateway's domain
    RosterItem item;

    static constexpr auto fields =
        std::tuple{field("from", &SetXmppRoster::from), field("item", &SetXmppRoster::item)};
};

// ---- for the Discord adapter -------------------------------------------------------------

struct LoginDiscord {
    static constexpr const char* type = "discord.login";
    std::string sealed_token;

    static constexpr auto fields = std::tuple{field("sealed_token", &LoginDiscord::sealed_token)};
};

// The user unregistered: close their Discord session and forget the token.
struct LogoutDiscord {
    static constexpr const char* type = "discord.logout";
    std::string reason;

    static constexpr auto fields = std::tuple{field("reason", &LogoutDiscord::reason)};
};

// Either channel_id is known, or the adapter opens the DM with recipient_id first.
struct SendDiscordMessage {
    static constexpr const char* type = "discord.send_message";
    std::optional<Snowflake> channel_id;
    std::optional<Snowflake> recipient_id;
    std::string content;
    std::string nonce;  // derived from the effect: Discord drops a repeat (enforce_nonce)
    // Added later: a reply (message_reference.message_id, in the same channel).
    std::optional<Snowflake> reply_to{};

    static constexpr auto fields = std::tuple{
        field("channel_id", &SendDiscordMessage::channel_id),
        field("recipient_id", &SendDiscordMessage::recipient_id),
        field("content", &SendDiscordMessage::content), field("nonce", &SendDiscordMessage::nonce),
        field("reply_to", &SendDiscordMessage::reply_to)};
};

using EffectPayload =
    std::variant<SendXmppMessage, SetXmppRoster, LoginDiscord, SendDiscordMessage,
                 SendXmppRetraction, SendXmppReactions, SendXmppChatState, SendXmppMarker,
                 SendXmppPresence, SendXmppVcard, SendXmppDiscoInfo, SendXmppIqResult,
                 SendXmppIqError, SendXmppCarbon, LogoutDiscord, EditDiscordMessage,
                 DeleteDiscordMessage, AddDiscordReaction, RemoveDiscordReaction,
                 TriggerDiscordTyping, AckDiscordMessage, FetchDiscordUser, UploadDiscordAttachment,
                 SendXmppMucPresence, SendXmppSubject, SendXmppInvite, SendXmppDiscoItems,
                 SetDiscordPresence, FetchDiscordHistory, SendXmppCommandResult, SendXmppAvatar,
                 SetXmppBookmark, SendXmppMessageError, AddDiscordRelationship,
                 RemoveDiscordRelationship, SendXmppRoomStatus, SubscribeDiscordGuild,
                 FetchDiscordAvatar, RequestXmppUploadSlot, RehostDiscordFile, ProbeDiscordFile,
                 FetchXmppOwnAvatar, SetDiscordOwnAvatar, SendXmppArchived, SendXmppArchiveFin>;

enum class Target { xmpp, discord };
inline constexpr std::size_t kTargetCount = 2;
std::string_view target_name(Target t);
std::optional<Target> parse_target(std::string_view name);
Target target_of(const EffectPayload& payload);

struct Effect {
    int v = kEffectVersion;
    std::uint64_t id = 0;
    std::uint64_t cause = 0;
    std::string user;
    EffectPayload payload;

    const char* type() const { return variant_type_name(payload); }
    Target target() const { return target_of(payload); }
};

std::string encode_effect(const Effect& effect);
Effect decode_effect(std::string_view text);

}  // namespace cordgate::core
