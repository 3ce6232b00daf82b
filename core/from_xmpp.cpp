#include <core/contacts.hpp>
#include <core/from_xmpp.hpp>
#include <core/puppets.hpp>

namespace cordgate::core::from_xmpp {

void on_register(ApplyContext& ctx, const XmppRegister& reg) {
    Session& session = ctx.state().sessions[ctx.user()];
    session.jid = ctx.user();
    session.gateway = reg.gateway;
    session.sealed_token = reg.sealed_token;
    session.login_state = "logging_in";
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
    ctx.emit(LogoutDiscord{"unregistered"});
    ctx.state().sessions.erase(session.jid);  // `session` dangles from here on
}

void on_message(ApplyContext& ctx, Session& session, const XmppMessage& msg) {
    // Only the registered user speaks for this session: the server stamps `from`.
    if (bare_jid(msg.from) != session.jid) return;
    if (msg.message_type != "chat" || !msg.body) return;
    auto recipient = puppet_user(session, msg.to);
    if (!recipient) return;

    SendDiscordMessage send;
    auto contact = session.contacts.find(*recipient);
    if (contact != session.contacts.end() && contact->second.dm_channel) {
        send.channel_id = contact->second.dm_channel;
    } else {
        send.recipient_id = recipient;
    }
    send.content = *msg.body;
    send.nonce = std::to_string(ctx.position());
    // Corrections, retractions and markers refer to the id the sending client chose.
    std::string xmpp_id = msg.origin_id ? *msg.origin_id : msg.id.value_or(send.nonce);
    session.messages.xmpp_by_nonce[send.nonce] = xmpp_id;
    ctx.emit(std::move(send));
}

}  // namespace cordgate::core::from_xmpp
