#pragma once
// Effects for the XMPP adapter besides xmpp.message and xmpp.roster_set (effect.hpp). Every
// stanza id here comes from the core (derived from the log position), so a resend after an
// adapter crash carries the same id. `iq_id` is the id of the request being answered.

#include <core/codec.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cordgate::core {

// XEP-0447 metadata of the file a message shares (the URL is the message's oob_url): what
// clients show before fetching it, and the hash they check it against.
struct SharedFile {
    std::string name;
    std::optional<std::uint64_t> size;
    std::optional<std::string> media_type;
    std::optional<std::string> sha256_base64;  // XEP-0300 algo sha-256

    static constexpr auto fields =
        std::tuple{field("name", &SharedFile::name), field("size", &SharedFile::size),
                   field("media_type", &SharedFile::media_type),
                   field("sha256_base64", &SharedFile::sha256_base64)};
};

// XEP-0424 retraction sent by a puppet (the Discord message was deleted).
struct SendXmppRetraction {
    static constexpr const char* type = "xmpp.retraction";
    std::string from;
    std::string to;
    std::string message_type = "chat";
    std::string id;
    std::string retract_id;
    // Added later: XEP-0425, the room retracting someone's message as a moderator (a Discord
    // delete in a room is not always the author's own). Holds the moderator's occupant JID.
    std::optional<std::string> moderated_by{};

    static constexpr auto fields =
        std::tuple{field("from", &SendXmppRetraction::from),
                   field("to", &SendXmppRetraction::to),
                   field("type", &SendXmppRetraction::message_type),
                   field("id", &SendXmppRetraction::id),
                   field("retract_id", &SendXmppRetraction::retract_id),
                   field("moderated_by", &SendXmppRetraction::moderated_by)};
};

// XEP-0444: the puppet's full set of reactions to `target_id`.
struct SendXmppReactions {
    static constexpr const char* type = "xmpp.reactions";
    std::string from;
    std::string to;
    std::string message_type = "chat";
    std::string id;
    std::string target_id;
    std::vector<std::string> reactions;

    static constexpr auto fields = std::tuple{field("from", &SendXmppReactions::from),
                                              field("to", &SendXmppReactions::to),
                                              field("type", &SendXmppReactions::message_type),
                                              field("id", &SendXmppReactions::id),
                                              field("target_id", &SendXmppReactions::target_id),
                                              field("reactions", &SendXmppReactions::reactions)};
};

// XEP-0085 standalone chat state (a Discord typing event).
struct SendXmppChatState {
    static constexpr const char* type = "xmpp.chat_state";
    std::string from;
    std::string to;
    std::string message_type = "chat";
    std::string id;
    std::string state;

    static constexpr auto fields =
        std::tuple{field("from", &SendXmppChatState::from), field("to", &SendXmppChatState::to),
                   field("type", &SendXmppChatState::message_type),
                   field("id", &SendXmppChatState::id), field("state", &SendXmppChatState::state)};
};

// marker "receipt": XEP-0184 <received/>; "received", "displayed", "acknowledged": XEP-0333.
struct SendXmppMarker {
    static constexpr const char* type = "xmpp.marker";
    std::string from;
    std::string to;
    std::string message_type = "chat";
    std::string id;
    std::string marker;
    std::string target_id;

    static constexpr auto fields = std::tuple{field("from", &SendXmppMarker::from),
                                              field("to", &SendXmppMarker::to),
                                              field("type", &SendXmppMarker::message_type),
                                              field("id", &SendXmppMarker::id),
                                              field("marker", &SendXmppMarker::marker),
                                              field("target_id", &SendXmppMarker::target_id)};
};

// A puppet's presence. avatar_hash (XEP-0153) is the SHA-1 of the vCard photo, "" for none.
struct SendXmppPresence {
    static constexpr const char* type = "xmpp.presence";
    std::string from;
    std::string to;
    std::optional<std::string> id;
    std::optional<std::string> presence_type;
    std::optional<std::string> show;
    std::optional<std::string> status;
    std::optional<std::string> avatar_hash;
    // Added later: the puppet is a Discord bot. The adapter's XEP-0115 caps then hash the
    // client/bot identity (core/puppet_disco.hpp) instead of client/pc.
    std::optional<bool> bot{};

    static constexpr auto fields =
        std::tuple{field("from", &SendXmppPresence::from),
                   field("to", &SendXmppPresence::to),
                   field("id", &SendXmppPresence::id),
                   field("presence_type", &SendXmppPresence::presence_type),
                   field("show", &SendXmppPresence::show),
                   field("status", &SendXmppPresence::status),
                   field("avatar_hash", &SendXmppPresence::avatar_hash),
                   field("bot", &SendXmppPresence::bot)};
};

// XEP-0054 vCard result for a puppet.
struct SendXmppVcard {
    static constexpr const char* type = "xmpp.vcard";
    std::string from;
    std::string to;
    std::string iq_id;
    std::optional<std::string> full_name;
    std::optional<std::string> nickname;
    std::optional<std::string> url;
    std::optional<std::string> description;
    std::optional<std::string> photo_type;    // MIME type
    std::optional<std::string> photo_base64;  // already base64, as vCard carries it

    static constexpr auto fields = std::tuple{field("from", &SendXmppVcard::from),
                                              field("to", &SendXmppVcard::to),
                                              field("iq_id", &SendXmppVcard::iq_id),
                                              field("full_name", &SendXmppVcard::full_name),
                                              field("nickname", &SendXmppVcard::nickname),
                                              field("url", &SendXmppVcard::url),
                                              field("description", &SendXmppVcard::description),
                                              field("photo_type", &SendXmppVcard::photo_type),
                                              field("photo_base64", &SendXmppVcard::photo_base64)};
};

// XEP-0084 for a puppet, answered as the puppet's own PEP service would: one item of the
// metadata node (id, type, bytes) or of the data node (the image). With an iq_id it answers a
// pubsub items query; without, it is the notification (a headline to the user) that the
// metadata changed. No id: the puppet has no avatar (an empty <metadata/>).
struct SendXmppAvatar {
    static constexpr const char* type = "xmpp.avatar";
    std::string from;
    std::string to;
    std::optional<std::string> iq_id;
    std::string node;                        // "metadata" or "data"
    std::optional<std::string> id;           // SHA-1 of the image, hex
    std::optional<std::string> image_type;   // MIME type
    std::optional<std::uint64_t> bytes;      // image size
    std::optional<std::string> data_base64;  // the data node's payload

    static constexpr auto fields = std::tuple{
        field("from", &SendXmppAvatar::from),   field("to", &SendXmppAvatar::to),
        field("iq_id", &SendXmppAvatar::iq_id), field("node", &SendXmppAvatar::node),
        field("id", &SendXmppAvatar::id),       field("image_type", &SendXmppAvatar::image_type),
        field("bytes", &SendXmppAvatar::bytes), field("data_base64", &SendXmppAvatar::data_base64)};
};

struct DiscoIdentity {
    std::string category;
    std::string type;
    std::optional<std::string> name;

    static constexpr auto fields =
        std::tuple{field("category", &DiscoIdentity::category), field("type", &DiscoIdentity::type),
                   field("name", &DiscoIdentity::name)};
};

// XEP-0030 disco#info result for a puppet or room.
struct SendXmppDiscoInfo {
    static constexpr const char* type = "xmpp.disco_info";
    std::string from;
    std::string to;
    std::string iq_id;
    std::optional<std::string> node;
    std::vector<DiscoIdentity> identities;
    std::vector<std::string> features;

    static constexpr auto fields = std::tuple{field("from", &SendXmppDiscoInfo::from),
                                              field("to", &SendXmppDiscoInfo::to),
                                              field("iq_id", &SendXmppDiscoInfo::iq_id),
                                              field("node", &SendXmppDiscoInfo::node),
                                              field("identities", &SendXmppDiscoInfo::identities),
                                              field("features", &SendXmppDiscoInfo::features)};
};

// Empty <iq type='result'/> answering `iq_id`.
struct SendXmppIqResult {
    static constexpr const char* type = "xmpp.iq_result";
    std::string from;
    std::string to;
    std::string iq_id;

    static constexpr auto fields =
        std::tuple{field("from", &SendXmppIqResult::from), field("to", &SendXmppIqResult::to),
                   field("iq_id", &SendXmppIqResult::iq_id)};
};

// <iq type='error'/> answering `iq_id` with an RFC 6120 condition (item-not-found, ...).
struct SendXmppIqError {
    static constexpr const char* type = "xmpp.iq_error";
    std::string from;
    std::string to;
    std::string iq_id;
    std::string error_type = "cancel";
    std::string condition;
    std::optional<std::string> text;

    static constexpr auto fields = std::tuple{field("from", &SendXmppIqError::from),
                                              field("to", &SendXmppIqError::to),
                                              field("iq_id", &SendXmppIqError::iq_id),
                                              field("error_type", &SendXmppIqError::error_type),
                                              field("condition", &SendXmppIqError::condition),
                                              field("text", &SendXmppIqError::text)};
};

// <message type='error'/> answering a message of the user's that the gateway cannot carry out
// (a correction, retraction or reactions of a message it does not know, or not the user's
// own): from the JID the message addressed, to its sender, with its id (RFC 6120 §8.3).
struct SendXmppMessageError {
    static constexpr const char* type = "xmpp.message_error";
    std::string from;
    std::string to;
    std::optional<std::string> id;
    std::string error_type = "cancel";
    std::string condition;
    std::optional<std::string> text;

    static constexpr auto fields =
        std::tuple{field("from", &SendXmppMessageError::from),
                   field("to", &SendXmppMessageError::to),
                   field("id", &SendXmppMessageError::id),
                   field("error_type", &SendXmppMessageError::error_type),
                   field("condition", &SendXmppMessageError::condition),
                   field("text", &SendXmppMessageError::text)};
};

// A groupchat message from the room itself that carries only MUC status codes (XEP-0045
// §10.2.1: 104 "room configuration changed", sent to the occupants when the room's name or
// description changes, so clients fetch disco#info again).
struct SendXmppRoomStatus {
    static constexpr const char* type = "xmpp.room_status";
    std::string from;  // room@gateway
    std::string to;    // the occupant's full JID
    std::string id;
    std::vector<int> status_codes;

    static constexpr auto fields =
        std::tuple{field("from", &SendXmppRoomStatus::from), field("to", &SendXmppRoomStatus::to),
                   field("id", &SendXmppRoomStatus::id),
                   field("status_codes", &SendXmppRoomStatus::status_codes)};
};

// What the user wrote in the official Discord app, shown in their XMPP clients as if sent by
// them: an XEP-0280 'sent' carbon the server delivers under the XEP-0356 message permission.
// The envelope's user is the sender (bare JID); `to` is the puppet or room it went to.
struct SendXmppCarbon {
    static constexpr const char* type = "xmpp.carbon";
    std::string to;
    std::string message_type = "chat";
    std::string id;
    std::optional<std::string> body;
    std::optional<std::string> replace_id;
    std::optional<std::string> origin_id;
    // Added later, for the other things the user does in the official app: a delete
    // (XEP-0424), their reactions (XEP-0444, the full set for reactions_to), reading (XEP-0333
    // displayed) and replies (XEP-0461).
    std::optional<std::string> retract_id{};
    std::optional<std::string> reactions_to{};
    std::optional<std::vector<std::string>> reactions{};
    std::optional<std::string> displayed_id{};
    std::optional<std::string> reply_to_id{};
    std::optional<std::string> oob_url{};
    std::optional<bool> spoiler{};  // XEP-0382

    static constexpr auto fields = std::tuple{field("to", &SendXmppCarbon::to),
                                              field("type", &SendXmppCarbon::message_type),
                                              field("id", &SendXmppCarbon::id),
                                              field("body", &SendXmppCarbon::body),
                                              field("replace_id", &SendXmppCarbon::replace_id),
                                              field("origin_id", &SendXmppCarbon::origin_id),
                                              field("retract_id", &SendXmppCarbon::retract_id),
                                              field("reactions_to", &SendXmppCarbon::reactions_to),
                                              field("reactions", &SendXmppCarbon::reactions),
                                              field("displayed_id", &SendXmppCarbon::displayed_id),
                                              field("reply_to_id", &SendXmppCarbon::reply_to_id),
                                              field("oob_url", &SendXmppCarbon::oob_url),
                                              field("spoiler", &SendXmppCarbon::spoiler)};
};

// XEP-0045 occupant presence from room@gateway/nick to one joined client (full JID).
// status_codes: 110 (this is you), 100 (non-anonymous), 210 (nick changed by the room).
struct SendXmppMucPresence {
    static constexpr const char* type = "xmpp.muc_presence";
    std::string from;
    std::string to;
    std::optional<std::string> id;
    std::optional<std::string> presence_type;  // unavailable when the occupant left
    std::optional<std::string> show;
    std::optional<std::string> status;
    std::string affiliation = "member";  // owner, admin, member, none
    std::string role = "participant";    // moderator, participant, visitor, none
    std::optional<std::string> jid;      // the occupant's real JID (its puppet)
    std::vector<int> status_codes;
    std::optional<std::string> avatar_hash;
    // A refused join (XEP-0045 §7.2): presence type='error' with this RFC 6120 condition
    // (type cancel) instead of an occupant item; affiliation, role and codes are not written.
    std::optional<std::string> error_condition{};
    // The room no longer exists for the user (XEP-0045 §10.9): <destroy><reason/></destroy>.
    std::optional<std::string> destroy_reason{};
    static constexpr auto fields =
        std::tuple{field("from", &SendXmppMucPresence::from),
                   field("to", &SendXmppMucPresence::to),
                   field("id", &SendXmppMucPresence::id),
                   field("presence_type", &SendXmppMucPresence::presence_type),
                   field("show", &SendXmppMucPresence::show),
                   field("status", &SendXmppMucPresence::status),
                   field("affiliation", &SendXmppMucPresence::affiliation),
                   field("role", &SendXmppMucPresence::role),
                   field("jid", &SendXmppMucPresence::jid),
                   field("status_codes", &SendXmppMucPresence::status_codes),
                   field("avatar_hash", &SendXmppMucPresence::avatar_hash),
                   field("error_condition", &SendXmppMucPresence::error_condition),
                   field("destroy_reason", &SendXmppMucPresence::destroy_reason)};
};
// A room's subject (the channel topic): <message type='groupchat'><subject/></message>, sent
// after the occupant list and history on join, and again when it changes.
struct SendXmppSubject {
    static constexpr const char* type = "xmpp.subject";
    std::string from;  // room@gateway (or room@gateway/nick of who set it)
    std::string to;
    std::string id;
    std::string subject;
    static constexpr auto fields =
        std::tuple{field("from", &SendXmppSubject::from), field("to", &SendXmppSubject::to),
                   field("id", &SendXmppSubject::id), field("subject", &SendXmppSubject::subject)};
};
// XEP-0249 direct invitation from the gateway to a room, so clients offer (or auto-join and
// bookmark) group DMs and channels without the user typing a JID.
struct SendXmppInvite {
    static constexpr const char* type = "xmpp.invite";
    std::string from;  // the gateway's domain
    std::string to;    // the user's bare JID
    std::string id;
    std::string room;
    std::optional<std::string> reason;
    static constexpr auto fields =
        std::tuple{field("from", &SendXmppInvite::from), field("to", &SendXmppInvite::to),
                   field("id", &SendXmppInvite::id), field("room", &SendXmppInvite::room),
                   field("reason", &SendXmppInvite::reason)};
};
// XEP-0402: a room put in the user's bookmarks (their PEP node urn:xmpp:bookmarks:1), published
// on their behalf with the XEP-0356 IQ permission, so every client of theirs shows (and with
// autojoin, joins) it.
struct SetXmppBookmark {
    static constexpr const char* type = "xmpp.bookmark";
    std::string user;  // the user's bare JID
    std::string id;
    std::string room;
    std::string name;
    bool autojoin = true;
    std::optional<std::string> nick;
    static constexpr auto fields = std::tuple{
        field("user", &SetXmppBookmark::user),         field("id", &SetXmppBookmark::id),
        field("room", &SetXmppBookmark::room),         field("name", &SetXmppBookmark::name),
        field("autojoin", &SetXmppBookmark::autojoin), field("nick", &SetXmppBookmark::nick)};
};
struct DiscoItem {
    std::string jid;
    std::optional<std::string> name;
    std::optional<std::string> node;
    static constexpr auto fields =
        std::tuple{field("jid", &DiscoItem::jid), field("name", &DiscoItem::name),
                   field("node", &DiscoItem::node)};
};
// XEP-0030 disco#items result: the rooms on the gateway, or the occupants of a room.
struct SendXmppDiscoItems {
    static constexpr const char* type = "xmpp.disco_items";
    std::string from;
    std::string to;
    std::string iq_id;
    std::optional<std::string> node;
    std::vector<DiscoItem> items;
    static constexpr auto fields = std::tuple{
        field("from", &SendXmppDiscoItems::from), field("to", &SendXmppDiscoItems::to),
        field("iq_id", &SendXmppDiscoItems::iq_id), field("node", &SendXmppDiscoItems::node),
        field("items", &SendXmppDiscoItems::items)};
};
// One <option/> of an XEP-0004 list-single or list-multi field.
struct FormOption {
    std::string value;
    std::optional<std::string> label;
    static constexpr auto fields =
        std::tuple{field("value", &FormOption::value), field("label", &FormOption::label)};
};
// One field of an XEP-0004 data form the gateway sends (a command's form).
struct FormField {
    std::string var;
    std::string type = "text-single";  // text-single, text-private, boolean, fixed, ...
    std::optional<std::string> label;
    std::optional<std::string> value;
    bool required = false;
    // A multi-valued field's (jid-multi, text-multi) <value/>s after `value`, if any.
    std::optional<std::vector<std::string>> values{};
    std::optional<std::vector<FormOption>> options{};  // list-single, list-multi
    static constexpr auto fields =
        std::tuple{field("var", &FormField::var),           field("type", &FormField::type),
                   field("label", &FormField::label),       field("value", &FormField::value),
                   field("required", &FormField::required), field("values", &FormField::values),
                   field("options", &FormField::options)};
};
struct DataForm {
    std::string title;
    std::optional<std::string> instructions;
    std::vector<FormField> form_fields;
    // XEP-0004 form type: absent is "form" (asks for input), "result" reports an outcome.
    std::optional<std::string> form_type{};
    static constexpr auto fields =
        std::tuple{field("title", &DataForm::title), field("instructions", &DataForm::instructions),
                   field("fields", &DataForm::form_fields), field("type", &DataForm::form_type)};
};
// XEP-0050 answer to an xmpp.command: the next form (status executing) or the outcome
// (completed with a note, canceled).
struct SendXmppCommandResult {
    static constexpr const char* type = "xmpp.command_result";
    std::string from;
    std::string to;
    std::string iq_id;
    std::string node;
    std::string session_id;
    std::string status;                      // executing, completed, canceled
    std::optional<std::string> note_type{};  // info, warn, error
    std::optional<std::string> note{};
    std::optional<DataForm> form{};
    static constexpr auto fields =
        std::tuple{field("from", &SendXmppCommandResult::from),
                   field("to", &SendXmppCommandResult::to),
                   field("iq_id", &SendXmppCommandResult::iq_id),
                   field("node", &SendXmppCommandResult::node),
                   field("session_id", &SendXmppCommandResult::session_id),
                   field("status", &SendXmppCommandResult::status),
                   field("note_type", &SendXmppCommandResult::note_type),
                   field("note", &SendXmppCommandResult::note),
                   field("form", &SendXmppCommandResult::form)};
};
// XEP-0363 slot request, sent from the gateway's domain to `service`. The answer is
// xmpp.upload_slot with the same request_id (derived from the log position).
struct RequestXmppUploadSlot {
    static constexpr const char* type = "xmpp.request_upload_slot";
    std::string request_id;
    std::string service;
    std::string filename;
    std::uint64_t size = 0;
    std::optional<std::string> content_type;

    static constexpr auto fields =
        std::tuple{field("request_id", &RequestXmppUploadSlot::request_id),
                   field("service", &RequestXmppUploadSlot::service),
                   field("filename", &RequestXmppUploadSlot::filename),
                   field("size", &RequestXmppUploadSlot::size),
                   field("content_type", &RequestXmppUploadSlot::content_type)};
};

// Ask the user's server for the user's vCard (vcard-temp, XEP-0054: an iq get to the bare JID,
// which the server answers for its account) to read the photo whose SHA-1 the user's presence
// announced (XEP-0153). The answer is xmpp.own_avatar.
struct FetchXmppOwnAvatar {
    static constexpr const char* type = "xmpp.fetch_own_avatar";
    std::string from;  // the gateway's domain
    std::string to;    // the user's bare JID
    std::string sha1;

    static constexpr auto fields =
        std::tuple{field("from", &FetchXmppOwnAvatar::from), field("to", &FetchXmppOwnAvatar::to),
                   field("sha1", &FetchXmppOwnAvatar::sha1)};
};
}  // namespace cordgate::core
