#include <core/archive/room_archive.hpp>
#include <core/action_refusals.hpp>
#include <core/channel_permissions.hpp>
#include <core/contacts.hpp>
#include <core/content.hpp>
#include <core/conversation.hpp>
#include <core/file_transfers.hpp>
#include <core/from_xmpp.hpp>
#include <core/gateway_status.hpp>
#include <core/outgoing_content.hpp>
#include <core/puppets.hpp>
#include <core/split_message.hpp>

namespace cordgate::core::from_xmpp {
namespace {

// XEP-0100: the gateway sits in the user's roster too, so its presence (the login state)
// shows, and it is the obvious place to send commands to.
void offer_gateway(ApplyContext& ctx, const Session& session) {
    if (privileges_for(ctx.state(), session).can_set_roster()) {
        ctx.emit(SetXmppRoster{session.gateway,
                               RosterItem{session.gateway, "Discord", {"Discord"}, "both"}});
        return;
    }
    SendXmppPresence subscribe;
    subscribe.from = session.gateway;
    subscribe.to = session.jid;
    subscribe.id = ctx.derived_id();
    subscribe.presence_type = "subscribe";
    ctx.emit(std::move(subscribe));
}

void withdraw_gateway(ApplyContext& ctx, const Session& session) {
    if (privileges_for(ctx.state(), session).can_set_roster()) {
        ctx.emit(SetXmppRoster{session.gateway,
                               RosterItem{session.gateway, std::nullopt, {}, "remove"}});
        return;
    }
    SendXmppPresence gone;
    gone.from = session.gateway;
    gone.to = session.jid;
    gone.id = ctx.derived_id();
    gone.presence_type = "unsubscribed";
    ctx.emit(std::move(gone));
}

// Which servers' users may register is the XMPP adapter's configuration (allowed_domains),
// checked there on every stanza before it becomes an event. The core keeps no copy of that
// list: it would have to reach the pure fold through the log to stay replayable, and could
// disagree with the adapter's. It refuses what no configuration makes valid: a user that is not
// a bare JID with a localpart, or one inside the gateway's own domain (a puppet or a room).
bool may_register(const std::string& user, const std::string& gateway) {
    auto jid = Jid::parse(user);
    if (!jid || jid->local.empty() || !jid->resource.empty() || jid->bare() != user) return false;
    const std::string& domain = jid->domain;
    return domain != gateway && !domain.ends_with("." + gateway);
}

// Discord's own words for its refusal (50013 "Missing Permissions"), and which one is missing.
constexpr const char* kNoWrites =
    "Missing Permissions: Discord does not let you write in this channel (you lack its Send "
    "Messages permission).";
constexpr const char* kNoThreadWrites =
    "Missing Permissions: Discord does not let you write in this channel's threads (you lack "
    "its Send Messages in Threads permission).";
// [discord] dm_strangers = false: Discord counts unsolicited DMs from user accounts as spam,
// and accounts that open many are flagged.
constexpr const char* kNoStrangerDms =
    "Not sent: this would open a new Discord DM with someone who is not your friend, which "
    "this gateway does not do ([discord] dm_strangers = false: Discord treats unsolicited DMs "
    "as spam and may lock the account). Add them as a friend, or start the DM in the official "
    "app; then messages from here go through. The operator can allow it with "
    "dm_strangers = true.";

}  // namespace

void on_register(ApplyContext& ctx, const XmppRegister& reg) {
    if (!may_register(ctx.user(), reg.gateway)) return;
    bool is_new = !ctx.state().sessions.count(ctx.user());
    Session& session = ctx.state().sessions[ctx.user()];
    session.jid = ctx.user();
    session.gateway = reg.gateway;
    session.sealed_token = reg.sealed_token;
    session.login_state = "logging_in";
    session.failure.reset();
    if (is_new) {
        offer_gateway(ctx, session);
        // The user's clients were most likely online before they registered, and their
        // presence did not reach a gateway without a session: ask the server for it.
        ctx.emit(gateway_status::probe(ctx, session));
    }
    gateway_status::show(ctx, session);
    ctx.emit(LoginDiscord{reg.sealed_token});
}

void on_unregister(ApplyContext& ctx, Session& session, const XmppUnregister& unreg) {
    if (unreg.gateway != session.gateway) return;
    // The user's client should not keep contacts that no longer lead anywhere.
    for (auto& [id, contact] : session.contacts) {
        if (contact.status != "offline" && !session.online_resources.empty()) {
            Contact gone = contact;
            gone.status = "offline";
            gone.status_text.reset();
            auto p = puppet_presence(session, gone, session.jid);
            p.id = ctx.derived_id();
            ctx.emit(std::move(p));
        }
        withdraw_contact(ctx, session, contact);
    }
    withdraw_gateway(ctx, session);
    ctx.emit(LogoutDiscord{"unregistered"});
    archive::forget_user(ctx.archive(), session.jid);  // what their account saw goes with them
    ctx.state().sessions.erase(session.jid);           // `session` dangles from here on
}

void on_message(ApplyContext& ctx, Session& session, const XmppMessage& msg) {
    // Only the registered user speaks for this session: the server stamps `from`.
    if (bare_jid(msg.from) != session.jid) return;
    if (!msg.body) return;
    bool groupchat = msg.message_type == "groupchat";
    if (!groupchat && msg.message_type != "chat" && msg.message_type != "normal") return;

    // Corrections, retractions and markers refer to the id the sending client chose.
    const std::string xmpp_id = msg.origin_id ? *msg.origin_id : msg.id.value_or(ctx.nonce());
    ActionOrigin origin{msg.from, msg.to, msg.id, xmpp_id};
    // XEP-0184 §5.4: a receipt names the message's id, so only a message with one gets it.
    if (msg.receipt_request.value_or(false) && msg.id) origin.receipt = true;
    SendDiscordMessage send;
    bool opens_dm = false;
    const Room* room = nullptr;
    if (groupchat) {
        room = room_of_jid(session, msg.to);
        if (!room) return;
        send.channel_id = room->id;
        // A reply in a thread goes to the thread itself.
        if (msg.thread) {
            auto thread = Snowflake::parse(*msg.thread);
            auto parent =
                thread ? session.thread_parent.find(*thread) : session.thread_parent.end();
            if (parent != session.thread_parent.end() && parent->second == room->id) {
                send.channel_id = *thread;
            }
        }
        // A thread has its channel's overwrites; writing in one takes SEND_MESSAGES_IN_THREADS
        // instead (userdoccers topics/permissions.mdx). Discord would refuse with 50013; the
        // room says so itself and nothing goes to Discord (a visitor may not speak, XEP-0045
        // §7.4).
        const bool in_thread = send.channel_id != room->id;
        if (!permissions::user_can(
                session, *room,
                in_thread ? permissions::kSendMessagesInThreads : permissions::kSendMessages)) {
            ctx.emit(SendXmppMessageError{msg.to, msg.from, msg.id, "auth", "forbidden",
                                          in_thread ? kNoThreadWrites : kNoWrites});
            return;
        }
    } else {
        auto recipient = puppet_user(session, msg.to);
        if (!recipient || session.rooms.count(*recipient)) return;
        auto contact = session.contacts.find(*recipient);
        if (contact != session.contacts.end() && contact->second.dm_channel) {
            send.channel_id = contact->second.dm_channel;
        } else {
            bool is_friend = contact != session.contacts.end() && contact->second.is_friend;
            if (!is_friend && !ctx.state().dm_strangers.value_or(true)) {
                // The gateway's own policy, not Discord's answer (RFC 6120 §8.3.3.10).
                ctx.emit(SendXmppMessageError{msg.to, msg.from, msg.id, "cancel", "not-allowed",
                                              kNoStrangerDms});
                return;
            }
            send.recipient_id = recipient;
            opens_dm = true;
        }
    }
    if (action_refusals::refuse_while_required(ctx, session, origin)) return;
    std::size_t fallback = 0;
    if (msg.reply_to_id) {
        send.reply_to = session.messages.discord_id(*msg.reply_to_id);
        if (send.reply_to) fallback = msg.body->size() - strip_reply_fallback(*msg.body).size();
    }
    std::string content = discord_content(
        session, room, *msg.body, msg.references.value_or(std::vector<XmppReference>{}), fallback);
    // An XEP-0066 file (Conversations and Dino share uploads this way): a real attachment,
    // which the Discord adapter fetches from the upload host. The rest of the body is its text,
    // when that fits one Discord message; a longer text goes with the link as before.
    if (auto upload = file_transfers::shared_upload(msg, content);
        upload && split_message(upload->content).size() <= 1) {
        UploadDiscordAttachment u;
        u.channel_id = send.channel_id;
        u.recipient_id = send.recipient_id;
        u.content = std::move(upload->content);
        u.nonce = ctx.nonce();
        u.filename = std::move(upload->filename);
        u.source_url = std::move(upload->url);
        session.messages.xmpp_by_nonce[u.nonce] = xmpp_id;
        if (opens_dm) session.messages.recipient_by_nonce[u.nonce] = *send.recipient_id;
        action_refusals::emit_action(ctx, session, std::move(u), origin);
        return;
    }
    // An XEP-0066 file whose URL is not in the body yet: Discord shows the link.
    if (msg.oob_url && content.find(*msg.oob_url) == std::string::npos) {
        if (!content.empty()) content += '\n';
        content += *msg.oob_url;
    }
    std::vector<std::string> parts = split_message(content);
    if (parts.size() > kMaxParts) {
        action_refusals::answer(ctx, origin, Refusal::too_long,
                                "This message would take " + std::to_string(parts.size()) +
                                    " Discord messages; at most " + std::to_string(kMaxParts) +
                                    " are sent for one.");
        return;
    }
    if (parts.size() > 1) {
        SplitMessage split{parts, std::vector<Snowflake>(parts.size()), ctx.position()};
        session.actions().remember_split(xmpp_id, std::move(split));
    }
    for (std::size_t k = 0; k < parts.size(); ++k) {
        send.content = std::move(parts[k]);
        send.nonce = ctx.nonce(k);
        if (k == 1) send.reply_to.reset();  // the first part carries the reply
        session.messages.xmpp_by_nonce[send.nonce] = xmpp_id;
        if (opens_dm) session.messages.recipient_by_nonce[send.nonce] = *send.recipient_id;
        origin.send = send;
        action_refusals::send(ctx, session, origin);
    }
}

}  // namespace cordgate::core::from_xmpp
