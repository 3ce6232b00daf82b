#include <core/action_refusals.hpp>
#include <core/archive/room_history.hpp>
#include <core/carbons.hpp>
#include <core/contacts.hpp>
#include <core/content.hpp>
#include <core/conversation.hpp>
#include <core/file_transfers.hpp>
#include <core/from_discord.hpp>
#include <core/gateway_status.hpp>
#include <core/own_presence.hpp>
#include <core/puppets.hpp>
#include <core/relationships.hpp>
#include <core/rich_content.hpp>
#include <core/rooms.hpp>
#include <core/subscriptions.hpp>

namespace cordgate::core::from_discord {
namespace {

bool is_self(const Session& session, Snowflake user) {
    return session.self && session.self->id == user;
}

void note_seen(Session& session, const DiscordMessageCreate& msg) {
    Snowflake& last = session.last_message_by_channel[msg.channel_id];
    if (last < msg.id) last = msg.id;
}

// After a fresh login (the Discord adapter restarted, or the session was invalidated), what was
// said in a chat the session follows while nobody listened is fetched; the answer comes back as
// discord.channel_history and each message the session has not seen goes out as usual.
void catch_up(ApplyContext& ctx, Session& session, const DiscordChannel& channel) {
    if (!channel.last_message_id) return;
    // A room nobody has joined has no one to tell; joining fetches its history anyway.
    if (auto room = session.rooms.find(channel.id);
        room != session.rooms.end() && room->second.joined.empty()) {
        return;
    }
    auto seen = session.last_message_by_channel.find(channel.id);
    if (seen == session.last_message_by_channel.end() ||
        !(seen->second < *channel.last_message_id)) {
        return;
    }
    FetchDiscordHistory fetch{channel.id, 50};
    fetch.after = seen->second;
    ctx.emit(std::move(fetch));
}

// The message as the XMPP side shows it; id is already linked to the Discord id.
// Without its files when they go apart (file_transfers.hpp).
SendXmppMessage xmpp_message(const Session& session, const DiscordMessageCreate& msg,
                             const std::string& id, bool with_files = true) {
    SendXmppMessage m;
    m.id = id;
    MessageParts parts = parts_of(msg);
    parts.files_apart = !with_files;
    RenderedMessage rendered = render_message(session, msg.guild_id, parts);
    m.body = std::move(rendered.body);
    m.oob_url = std::move(rendered.oob_url);
    if (rendered.spoiler) m.spoiler = true;
    if (msg.referenced_message_id) {
        if (const std::string* target = session.messages.xmpp_id(*msg.referenced_message_id)) {
            m.reply_to_id = *target;
        }
    }
    return m;
}

// A new DM channel, from someone the session did not know: they become a contact.
std::optional<Conversation> adopt_dm(ApplyContext& ctx, Session& session,
                                     const DiscordMessageCreate& msg) {
    if (msg.guild_id || is_self(session, msg.author.id)) return std::nullopt;
    Contact& contact = upsert_contact(session, msg.author);
    contact.dm_channel = msg.channel_id;
    session.dm_partner_by_channel[msg.channel_id] = msg.author.id;
    offer_contact(ctx, session, contact);
    return Conversation{Conversation::Kind::dm, msg.author.id, std::nullopt};
}

// The echo of what the user sent from XMPP: learn its Discord id. In a room, this is also
// when the room reflects the message to the user's joined clients, with the id they chose.
bool take_echo(ApplyContext& ctx, Session& session, const DiscordMessageCreate& msg) {
    if (!msg.nonce) return false;
    auto pending = session.messages.xmpp_by_nonce.find(*msg.nonce);
    if (pending == session.messages.xmpp_by_nonce.end()) return false;
    std::string xmpp_id = pending->second;
    session.messages.xmpp_by_nonce.erase(pending);
    if (auto opened = session.messages.recipient_by_nonce.find(*msg.nonce);
        opened != session.messages.recipient_by_nonce.end()) {
        auto contact = session.contacts.find(opened->second);
        if (contact != session.contacts.end() && !msg.guild_id) {
            contact->second.dm_channel = msg.channel_id;
            session.dm_partner_by_channel[msg.channel_id] = opened->second;
        }
        session.messages.recipient_by_nonce.erase(opened);
    }
    session.messages.link(msg.id, xmpp_id);
    session.messages.sent_by_user.insert(msg.id);
    SplitMessage* split = nullptr;
    std::optional<ActionOrigin> origin;
    if (session.pending) {
        origin = session.pending->echoed(*msg.nonce);
        split = session.pending->split(xmpp_id);
    }
    if (split) {
        // One part of a split message: every part's id leads to the one XMPP message, and the
        // XMPP id to the first part (replies and markers name the message's start).
        const std::size_t part = nonce_part(*msg.nonce);
        if (part < split->ids.size()) split->ids[part] = msg.id;
        if (!split->ids.front().empty()) {
            session.messages.discord_by_xmpp[xmpp_id] = split->ids.front();
        }
    }
    note_seen(session, msg);
    auto conv = conversation_of(session, msg.channel_id);
    // XEP-0184: Discord has the message (all of it, when it went in parts). Each part's echo
    // is taken once (its nonce is forgotten above), so the receipt goes once.
    if (origin && origin->receipt.value_or(false) && origin->id &&
        (!split || split->all_echoed())) {
        ctx.emit(SendXmppMarker{origin->to, origin->from,
                                conv && !conv->is_dm() ? "groupchat" : "chat", ctx.derived_id(),
                                "receipt", *origin->id});
    }
    if (conv && !conv->is_dm()) {
        // A room shows the user's split message once, whole, at its first part's echo.
        if (split && split->reflected) return true;
        SendXmppMessage m = xmpp_message(session, msg, xmpp_id);
        if (split) {
            split->reflected = true;
            m.body = split->whole();
        }
        m.origin_id = xmpp_id;
        m.stanza_id = msg.id.str();
        if (m.reply_to_id) m.reply_to_id = msg.referenced_message_id->str();  // its stanza-id
        m.thread = conv->thread;
        archive::keep(ctx, session, session.rooms.at(conv->id), msg, m);
        deliver(ctx, session, *conv, msg.author, std::move(m));
    }
    return true;
}

}  // namespace

void on_ready(ApplyContext& ctx, Session& session, const DiscordReady& ready) {
    session.self = ready.user;
    session.premium_type = ready.premium_type;
    session.login_state = "ready";
    session.failure.reset();
    // A READY without required_action clears one set before (by an update or a 40002).
    if (session.required_action != ready.required_action) {
        action_refusals::on_required_action(ctx, session,
                                            DiscordRequiredAction{ready.required_action});
    } else {
        gateway_status::show(ctx, session);
    }
    for (const auto& rel : ready.relationships) {
        if (rel.type != DiscordRelationship::kFriend) continue;
        Contact& contact = upsert_contact(session, rel.user);
        contact.is_friend = true;
        contact.nickname = rel.nickname;
    }
    relationships::on_ready(ctx, session, ready);
    for (const auto& channel : ready.private_channels) {
        if (channel.type == DiscordChannel::kGroupDm) {
            rooms::add_channel(ctx, session, channel);
            continue;
        }
        if (channel.type != DiscordChannel::kDm || channel.recipients.size() != 1) continue;
        const DiscordUser& partner = channel.recipients.front();
        upsert_contact(session, partner).dm_channel = channel.id;
        session.dm_partner_by_channel[channel.id] = partner.id;
    }
    if (ready.guilds) {
        for (const auto& guild : *ready.guilds) rooms::add_guild(ctx, session, guild);
    }
    for (const auto& channel : ready.private_channels) catch_up(ctx, session, channel);
    if (ready.guilds) {
        for (const auto& guild : *ready.guilds) {
            for (const auto& channel : guild.channels) catch_up(ctx, session, channel);
        }
    }
    // A new Discord session follows nothing yet: the guilds of joined rooms again.
    subscriptions::subscribe_all(ctx, session);
    // Pushed in snowflake order (the map's), so the effects are the same on every replay.
    for (auto& [id, contact] : session.contacts) offer_contact(ctx, session, contact);
    // What the user read elsewhere while no session listened, as a MESSAGE_ACK says it.
    if (ready.read_state) {
        for (const auto& read : *ready.read_state) {
            on_ack(ctx, session, DiscordMessageAck{read.channel_id, read.last_message_id});
        }
    }
    // A new Discord session starts without the status the user's XMPP clients set.
    session.discord_status.reset();
    if (!session.online_resources.empty()) own_presence::update(ctx, session, std::nullopt);
}

void on_message_create(ApplyContext& ctx, Session& session, const DiscordMessageCreate& msg) {
    bool from_self = is_self(session, msg.author.id);
    if (from_self && take_echo(ctx, session, msg)) return;
    // Hidden, not marked (docs/ARCHITECTURE.md, "Relationships"): unknown to the message map,
    // so its edits, deletes and reactions are dropped too.
    if (relationships::is_blocked(session, msg.author.id)) return;
    auto conv = conversation_of(session, msg.channel_id);
    if (!conv) conv = adopt_dm(ctx, session, msg);
    if (!conv) return;  // a channel the session has no room for
    if (conv->is_dm() && !from_self && conv->id != msg.author.id) return;
    note_seen(session, msg);

    std::string id = ctx.derived_id();
    session.messages.link(msg.id, id);
    if (from_self) session.messages.sent_by_user.insert(msg.id);
    // What the user sent from the official app reaches their DM clients as a carbon, whole.
    const std::vector<MessageFile> files = files_of(parts_of(msg));
    const bool files_apart =
        !(conv->is_dm() && from_self) && file_transfers::takes_files(ctx.state(), session, files);
    SendXmppMessage m = xmpp_message(session, msg, id, !files_apart);

    if (conv->is_dm() && from_self) {
        SendXmppCarbon carbon;
        carbon.id = id;
        carbon.body = m.body;
        carbon.reply_to_id = m.reply_to_id;
        carbon.oob_url = m.oob_url;
        carbon.spoiler = m.spoiler;
        send_carbon(ctx, session, conv->id, std::move(carbon));
        return;
    }
    if (conv->is_dm()) {
        m.chat_state = "active";  // ends the "typing" a TYPING_START began
        m.markable = true;        // so the client's displayed marker can mark it read on Discord
        if (m.reply_to_id) {
            m.reply_to_jid = session.messages.sent_by_user.count(*msg.referenced_message_id)
                                 ? session.jid
                                 : puppet_jid(session, conv->id);
        }
    } else {
        m.stanza_id = msg.id.str();
        // A room names the message replied to by its stanza-id (XEP-0461 §3).
        if (m.reply_to_id) m.reply_to_id = msg.referenced_message_id->str();
        m.thread = conv->thread;
        // The archive keeps the message whole, its files as Discord's links.
        Room& room = session.rooms.at(conv->id);
        if (files_apart) {
            SendXmppMessage whole = xmpp_message(session, msg, id);
            whole.thread = conv->thread;
            archive::keep(ctx, session, room, msg, std::move(whole));
        } else {
            archive::keep(ctx, session, room, msg, m);
        }
    }
    file_transfers::deliver_message(ctx, session, *conv, msg.author, std::move(m),
                                    files_apart ? &files : nullptr, msg.channel_id);
}

void on_history(ApplyContext& ctx, Session& session, const DiscordChannelHistory& history) {
    // Archive queries waited for it (older messages: kept, not shown live), a join, or both.
    const bool queried = archive::on_history(ctx, session, history);
    auto room = session.rooms.find(history.channel_id);
    if (room != session.rooms.end() && !room->second.awaiting_history.empty()) {
        rooms::on_history(ctx, session, history);  // a join waits for it
        return;
    }
    if (queried) return;
    for (const auto& msg : history.messages) {
        if (!session.messages.xmpp_id(msg.id)) on_message_create(ctx, session, msg);
    }
}

}  // namespace cordgate::core::from_discord
