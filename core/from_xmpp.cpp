#include <core/contacts.hpp>
#include <core/content.hpp>
#include <core/conversation.hpp>
#include <core/from_xmpp.hpp>
#include <core/gateway_status.hpp>
#include <core/puppets.hpp>

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
    ctx.state().sessions.erase(session.jid);  // `session` dangles from here on
}

void on_message(ApplyContext& ctx, Session& session, const XmppMessage& msg) {
    // Only the registered user speaks for this session: the server stamps `from`.
    if (bare_jid(msg.from) != session.jid) return;
    if (!msg.body) return;
    bool groupchat = msg.message_type == "groupchat";
    if (!groupchat && msg.message_type != "chat" && msg.message_type != "normal") return;

    SendDiscordMessage send;
    if (groupchat) {
        Room* room = room_of_jid(session, msg.to);
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
    } else {
        auto recipient = puppet_user(session, msg.to);
        if (!recipient || session.rooms.count(*recipient)) return;
        auto contact = session.contacts.find(*recipient);
        if (contact != session.contacts.end() && contact->second.dm_channel) {
            send.channel_id = contact->second.dm_channel;
        } else {
            send.recipient_id = recipient;
            session.messages.recipient_by_nonce[std::to_string(ctx.position())] = *recipient;
        }
    }
    std::string content = *msg.body;
    if (msg.reply_to_id) {
        send.reply_to = session.messages.discord_id(*msg.reply_to_id);
        if (send.reply_to) content = strip_reply_fallback(content);
    }
    // An XEP-0066 file whose URL is not in the body yet: Discord shows the link.
    if (msg.oob_url && content.find(*msg.oob_url) == std::string::npos) {
        if (!content.empty()) content += '\n';
        content += *msg.oob_url;
    }
    send.content = std::move(content);
    send.nonce = std::to_string(ctx.position());
    // Corrections, retractions and markers refer to the id the sending client chose.
    std::string xmpp_id = msg.origin_id ? *msg.origin_id : msg.id.value_or(send.nonce);
    session.messages.xmpp_by_nonce[send.nonce] = xmpp_id;
    ctx.emit(std::move(send));
}

}  // namespace cordgate::core::from_xmpp
