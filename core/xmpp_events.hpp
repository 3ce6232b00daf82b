#pragma once
// Events the XMPP adapter publishes besides xmpp.register and xmpp.message (event.hpp).
// Each is one stanza the gateway received, already parsed and checked: JIDs are well-formed,
// `from` is the full JID the server stamped. The envelope's `user` is the bare JID of `from`,
// except for xmpp.privileges, which concerns the whole component and has an empty user.

#include <core/codec.hpp>
#include <core/http_header.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cordgate::core {

// XEP-0077 <remove/>: the user leaves the gateway.
struct XmppUnregister {
    static constexpr const char* type = "xmpp.unregister";
    std::string gateway;

    static constexpr auto fields = std::tuple{field("gateway", &XmppUnregister::gateway)};
};

// XEP-0308 last message correction: replaces the body of message `replace_id`.
struct XmppCorrection {
    static constexpr const char* type = "xmpp.correction";
    std::string from;
    std::string to;
    std::string message_type = "chat";
    std::optional<std::string> id;
    std::string replace_id;
    std::string body;

    static constexpr auto fields = std::tuple{field("from", &XmppCorrection::from),
                                              field("to", &XmppCorrection::to),
                                              field("type", &XmppCorrection::message_type),
                                              field("id", &XmppCorrection::id),
                                              field("replace_id", &XmppCorrection::replace_id),
                                              field("body", &XmppCorrection::body)};
};

// XEP-0424 message retraction of message `retract_id` (its origin-id, or its id).
struct XmppRetraction {
    static constexpr const char* type = "xmpp.retraction";
    std::string from;
    std::string to;
    std::string message_type = "chat";
    std::optional<std::string> id;
    std::string retract_id;

    static constexpr auto fields =
        std::tuple{field("from", &XmppRetraction::from), field("to", &XmppRetraction::to),
                   field("type", &XmppRetraction::message_type), field("id", &XmppRetraction::id),
                   field("retract_id", &XmppRetraction::retract_id)};
};

// XEP-0444: the full set of the user's reactions to `target_id` (empty = all removed).
struct XmppReactions {
    static constexpr const char* type = "xmpp.reactions";
    std::string from;
    std::string to;
    std::string message_type = "chat";
    std::optional<std::string> id;
    std::string target_id;
    std::vector<std::string> reactions;

    static constexpr auto fields = std::tuple{field("from", &XmppReactions::from),
                                              field("to", &XmppReactions::to),
                                              field("type", &XmppReactions::message_type),
                                              field("id", &XmppReactions::id),
                                              field("target_id", &XmppReactions::target_id),
                                              field("reactions", &XmppReactions::reactions)};
};

// XEP-0085 standalone chat state: active, composing, paused, inactive, gone.
struct XmppChatState {
    static constexpr const char* type = "xmpp.chat_state";
    std::string from;
    std::string to;
    std::string message_type = "chat";
    std::string state;

    static constexpr auto fields = std::tuple{
        field("from", &XmppChatState::from), field("to", &XmppChatState::to),
        field("type", &XmppChatState::message_type), field("state", &XmppChatState::state)};
};

// XEP-0184 <received/> (marker "receipt") or XEP-0333 chat marker (received, displayed,
// acknowledged) for message `target_id`.
struct XmppMarker {
    static constexpr const char* type = "xmpp.marker";
    std::string from;
    std::string to;
    std::string message_type = "chat";
    std::string marker;
    std::string target_id;

    static constexpr auto fields =
        std::tuple{field("from", &XmppMarker::from), field("to", &XmppMarker::to),
                   field("type", &XmppMarker::message_type), field("marker", &XmppMarker::marker),
                   field("target_id", &XmppMarker::target_id)};
};

// Presence from the user: directed at a puppet, or broadcast to the gateway (XEP-0356
// presence permission). No presence_type means available; probes and subscription requests
// carry their type.
struct XmppPresence {
    static constexpr const char* type = "xmpp.presence";
    std::string from;
    std::string to;
    std::optional<std::string> presence_type;
    std::optional<std::string> show;  // away, chat, dnd, xa
    std::optional<std::string> status;
    std::optional<int> priority;
    // XEP-0153 <x xmlns='vcard-temp:x:update'><photo>: the SHA-1 (hex) of the sender's avatar,
    // "" for an empty <photo/> (no avatar); absent when the presence has no <photo/> (the client
    // is not ready to say).
    std::optional<std::string> photo{};

    static constexpr auto fields = std::tuple{field("from", &XmppPresence::from),
                                              field("to", &XmppPresence::to),
                                              field("presence_type", &XmppPresence::presence_type),
                                              field("show", &XmppPresence::show),
                                              field("status", &XmppPresence::status),
                                              field("priority", &XmppPresence::priority),
                                              field("photo", &XmppPresence::photo)};
};

// XEP-0045 join: available presence to room@gateway/nick with <x xmlns='…/muc'/>. Leaving is
// an xmpp.presence of type unavailable to the same occupant JID.
struct XmppMucJoin {
    static constexpr const char* type = "xmpp.muc_join";
    std::string from;                // full JID of the joining client
    std::string to;                  // room@gateway/nick
    std::optional<int> history_max;  // <history maxstanzas/>; absent: the room's default
    static constexpr auto fields =
        std::tuple{field("from", &XmppMucJoin::from), field("to", &XmppMucJoin::to),
                   field("history_max", &XmppMucJoin::history_max)};
};
// XEP-0313 (MAM v2) query of a room's archive, paged with XEP-0059 (RSM). Ids are archive ids:
// the messages' stanza-ids, their Discord snowflakes.
struct XmppArchiveQuery {
    static constexpr const char* type = "xmpp.archive_query";
    std::string from;  // full JID of the asking client
    std::string to;    // the room's bare JID
    std::string iq_id;
    std::optional<std::string> query_id;
    std::optional<std::string> start;     // XEP-0082 timestamps: only messages at or after it
    std::optional<std::string> end;       // ... at or before it
    std::optional<std::string> with;      // an occupant's JID: only what they wrote
    std::optional<std::string> after_id;  // form fields (urn:xmpp:mam:2#extended)
    std::optional<std::string> before_id;
    std::optional<int> max;                  // RSM <max/>
    std::optional<std::string> page_after;   // RSM <after/>
    std::optional<std::string> page_before;  // RSM <before/>; "" asks for the last page
    std::optional<bool> flip_page;           // <flip-page/>: newest first within the page

    static constexpr auto fields = std::tuple{field("from", &XmppArchiveQuery::from),
                                              field("to", &XmppArchiveQuery::to),
                                              field("iq_id", &XmppArchiveQuery::iq_id),
                                              field("query_id", &XmppArchiveQuery::query_id),
                                              field("start", &XmppArchiveQuery::start),
                                              field("end", &XmppArchiveQuery::end),
                                              field("with", &XmppArchiveQuery::with),
                                              field("after_id", &XmppArchiveQuery::after_id),
                                              field("before_id", &XmppArchiveQuery::before_id),
                                              field("max", &XmppArchiveQuery::max),
                                              field("page_after", &XmppArchiveQuery::page_after),
                                              field("page_before", &XmppArchiveQuery::page_before),
                                              field("flip_page", &XmppArchiveQuery::flip_page)};
};

// XEP-0050 ad-hoc command executed on the gateway's domain (core/command_list.hpp).
// `fields` are the submitted data form's values: a field with several <value/>s (jid-multi,
// text-multi) arrives as its values joined by "\n". A field named `token` arrives sealed to the
// Discord adapter's key, as in xmpp.register, never in clear. `admin` is the XMPP adapter's
// word that the bare JID of `from` is one of the configured administrators ([xmpp] admins):
// trust is decided at the edge, which has the config, and recorded here so that a replay acts
// the same; absent means not an administrator.
struct XmppCommand {
    static constexpr const char* type = "xmpp.command";
    std::string from;
    std::string to;
    std::string iq_id;
    std::string node;
    std::string action = "execute";  // execute, next, complete, cancel
    std::optional<std::string> session_id;
    // On the wire "fields"; the member cannot share the codec's `fields` name.
    std::map<std::string, std::string> values;
    std::optional<bool> admin{};

    static constexpr auto fields = std::tuple{
        field("from", &XmppCommand::from),     field("to", &XmppCommand::to),
        field("iq_id", &XmppCommand::iq_id),   field("node", &XmppCommand::node),
        field("action", &XmppCommand::action), field("session_id", &XmppCommand::session_id),
        field("fields", &XmppCommand::values), field("admin", &XmppCommand::admin)};
};
// An IQ get the core must answer because only state knows the answer: a puppet's vCard
// (XEP-0054, query "vcard"), a puppet's or room's disco (query "disco_info", "disco_items"), or
// a puppet's XEP-0084 avatar ("avatar_metadata", "avatar_data"; node: the item id asked, if any).
struct XmppQuery {
    static constexpr const char* type = "xmpp.query";
    std::string from;
    std::string to;
    std::string iq_id;
    std::string query;
    std::optional<std::string> node;

    static constexpr auto fields =
        std::tuple{field("from", &XmppQuery::from), field("to", &XmppQuery::to),
                   field("iq_id", &XmppQuery::iq_id), field("query", &XmppQuery::query),
                   field("node", &XmppQuery::node)};
};

struct XmppPermission {
    std::string access;                   // roster, message, presence, iq
    std::string type;                     // none, get, set, both, outgoing, roster, managed_entity
    std::vector<std::string> namespaces;  // for access="iq"

    static constexpr auto fields =
        std::tuple{field("access", &XmppPermission::access), field("type", &XmppPermission::type),
                   field("namespaces", &XmppPermission::namespaces)};
};

// XEP-0356 advertisement: what the user's server lets the gateway do on its users' behalf.
struct XmppPrivileges {
    static constexpr const char* type = "xmpp.privileges";
    std::string from;        // the user host that granted them
    std::string namespace_;  // urn:xmpp:privilege:2 or urn:xmpp:privilege:1
    std::vector<XmppPermission> perms;

    static constexpr auto fields = std::tuple{field("from", &XmppPrivileges::from),
                                              field("namespace", &XmppPrivileges::namespace_),
                                              field("perms", &XmppPrivileges::perms)};
};

// A stanza error addressed to the gateway: the fate of something an effect sent (a bounced
// message, a refused roster set). id is the id the effect gave the stanza.
struct XmppStanzaError {
    static constexpr const char* type = "xmpp.stanza_error";
    std::string kind;  // message, iq, presence
    std::string from;
    std::string to;
    std::optional<std::string> id;
    std::string error_type;  // cancel, modify, auth, wait, continue
    std::string condition;   // RFC 6120 defined condition
    std::optional<std::string> text;

    static constexpr auto fields = std::tuple{field("kind", &XmppStanzaError::kind),
                                              field("from", &XmppStanzaError::from),
                                              field("to", &XmppStanzaError::to),
                                              field("id", &XmppStanzaError::id),
                                              field("error_type", &XmppStanzaError::error_type),
                                              field("condition", &XmppStanzaError::condition),
                                              field("text", &XmppStanzaError::text)};
};

// The XEP-0363 upload service of a user's server, once per server domain (the envelope's user is
// empty, as for xmpp.privileges): configured, or found by disco#items of the domain and
// disco#info of each item. An empty `service` means the domain has none; max_bytes is the
// service's max-file-size when it announced one.
struct XmppUploadService {
    static constexpr const char* type = "xmpp.upload_service";
    std::string domain;
    std::string service;
    std::optional<std::uint64_t> max_bytes;

    static constexpr auto fields = std::tuple{field("domain", &XmppUploadService::domain),
                                              field("service", &XmppUploadService::service),
                                              field("max_bytes", &XmppUploadService::max_bytes)};
};

// The answer to xmpp.request_upload_slot (same request_id): a slot (put_url, its headers, and
// get_url), or `error` (the service refused, or did not answer in time).
struct XmppUploadSlot {
    static constexpr const char* type = "xmpp.upload_slot";
    std::string request_id;
    std::optional<std::string> put_url;
    std::vector<HttpHeader> put_headers;
    std::optional<std::string> get_url;
    std::optional<std::string> error;

    static constexpr auto fields = std::tuple{field("request_id", &XmppUploadSlot::request_id),
                                              field("put_url", &XmppUploadSlot::put_url),
                                              field("put_headers", &XmppUploadSlot::put_headers),
                                              field("get_url", &XmppUploadSlot::get_url),
                                              field("error", &XmppUploadSlot::error)};
};

// Answer to xmpp.fetch_own_avatar: the photo of the user's vCard (vcard-temp, fetched from the
// user's server) when its SHA-1 is `sha1`, the hash the presence announced. The image travels
// in the log: it changes seldom, paced by the core, and is bounded by the stanza limit; carrying
// it lets a replay send Discord the same bytes, and the adapters need no storage they share.
// `error` instead of the image when there is none (the server's condition, or why the adapter
// did not take it: another hash, not base64, an image type it does not know).
struct XmppOwnAvatar {
    static constexpr const char* type = "xmpp.own_avatar";
    std::string sha1;
    std::optional<std::string> image_type{};    // MIME type read from the image's first bytes
    std::optional<std::string> image_base64{};  // the image as the vCard's BINVAL carried it
    std::optional<std::uint64_t> bytes{};       // the image's decoded size
    std::optional<std::string> error{};

    static constexpr auto fields = std::tuple{
        field("sha1", &XmppOwnAvatar::sha1), field("image_type", &XmppOwnAvatar::image_type),
        field("image_base64", &XmppOwnAvatar::image_base64), field("bytes", &XmppOwnAvatar::bytes),
        field("error", &XmppOwnAvatar::error)};
};
}  // namespace cordgate::core
