#include <core/contacts.hpp>
#include <core/from_discord.hpp>
#include <core/puppets.hpp>

namespace cordgate::core::from_discord {
namespace {

std::string body_of(const DiscordMessageCreate& msg) {
    std::string body = msg.content;
    for (const auto& attachment : msg.attachments) {
        if (!body.empty()) body += '\n';
        body += attachment.url;
    }
    return body;
}

// What the user wrote in the official Discord app shows up in their XMPP clients as sent by
// them (XEP-0280 carbon through the XEP-0356 message permission). Without the permission
// there is no honest way to show it, so nothing is sent.
void copy_to_xmpp_clients(ApplyContext& ctx, Session& session, const DiscordMessageCreate& msg) {
    if (!privileges_for(ctx.state(), session).can_send_as_user()) return;
    auto partner = session.dm_partner_by_channel.find(msg.channel_id);
    if (partner == session.dm_partner_by_channel.end()) return;
    std::string id = ctx.derived_id();
    session.messages.link(msg.id, id);
    SendXmppCarbon carbon;
    carbon.to = puppet_jid(session, partner->second);
    carbon.id = id;
    carbon.body = body_of(msg);
    ctx.emit(std::move(carbon));
}

}  // namespace

void on_ready(ApplyContext& ctx, Session& session, const DiscordReady& ready) {
    session.self = ready.user;
    session.login_state = "ready";
    for (const auto& rel : ready.relationships) {
        if (rel.type != DiscordRelationship::kFriend) continue;
        Contact& contact = upsert_contact(session, rel.user);
        contact.is_friend = true;
        contact.nickname = rel.nickname;
    }
    for (const auto& channel : ready.private_channels) {
        if (channel.type != DiscordChannel::kDm || channel.recipients.size() != 1) continue;
        const DiscordUser& partner = channel.recipients.front();
        upsert_contact(session, partner).dm_channel = channel.id;
        session.dm_partner_by_channel[channel.id] = partner.id;
    }
    // Pushed in snowflake order (the map's), so the effects are the same on every replay.
    for (auto& [id, contact] : session.contacts) offer_contact(ctx, session, contact);
}

void on_message_create(ApplyContext& ctx, Session& session, const DiscordMessageCreate& msg) {
    if (msg.guild_id) return;  // guild channels are rooms, not part of this slice
    bool from_self = session.self && session.self->id == msg.author.id;
    if (from_self) {
        // The echo of what the user sent from XMPP: learn the Discord id of their message.
        if (msg.nonce) {
            auto pending = session.messages.xmpp_by_nonce.find(*msg.nonce);
            if (pending != session.messages.xmpp_by_nonce.end()) {
                session.messages.link(msg.id, pending->second);
                session.messages.xmpp_by_nonce.erase(pending);
                return;
            }
        }
        copy_to_xmpp_clients(ctx, session, msg);
        return;
    }
    auto known = session.dm_partner_by_channel.find(msg.channel_id);
    if (known != session.dm_partner_by_channel.end() && known->second != msg.author.id) {
        return;  // a group DM or a channel of someone else: not a one-to-one chat
    }
    // Someone who is not a friend yet writes first: they become a contact.
    Contact& contact = upsert_contact(session, msg.author);
    contact.dm_channel = msg.channel_id;
    session.dm_partner_by_channel[msg.channel_id] = msg.author.id;
    offer_contact(ctx, session, contact);

    std::string id = ctx.derived_id();
    session.messages.link(msg.id, id);
    ctx.emit(
        SendXmppMessage{puppet_jid(session, msg.author.id), session.jid, "chat", id, body_of(msg)});
}

}  // namespace cordgate::core::from_discord
