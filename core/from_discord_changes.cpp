#include <core/archive/room_history.hpp>
#include <core/carbons.hpp>
#include <core/content.hpp>
#include <core/conversation.hpp>
#include <core/from_discord.hpp>
#include <core/puppets.hpp>
#include <core/relationships.hpp>
#include <core/rich_content.hpp>
#include <core/rooms.hpp>

namespace cordgate::core::from_discord {
namespace {

bool is_self(const Session& session, Snowflake user) {
    return session.self && session.self->id == user;
}

// The author of a message the session knows, when the event does not say: in a DM it is the
// user or the partner, and the session remembers which messages are the user's.
std::optional<DiscordUser> author_of(const Session& session, const Conversation& conv,
                                     Snowflake message) {
    if (session.messages.sent_by_user.count(message)) return session.self;
    if (!conv.is_dm()) return std::nullopt;
    auto contact = session.contacts.find(conv.id);
    if (contact == session.contacts.end()) return std::nullopt;
    return contact->second.user;
}

}  // namespace

void on_message_update(ApplyContext& ctx, Session& session, const DiscordMessageUpdate& upd) {
    // Discord also sends MESSAGE_UPDATE when link previews arrive; only an edit has a
    // timestamp, and only an edit is a correction. A poll's update carries its new counts
    // (or its close), which a correction shows.
    const bool poll_results = upd.poll.has_value();
    if (!poll_results && (!upd.content || !upd.edited_timestamp)) return;
    auto conv = conversation_of(session, upd.channel_id);
    const std::string* original = session.messages.xmpp_id(upd.id);
    if (!conv || !original) return;
    auto author = upd.author ? upd.author : author_of(session, *conv, upd.id);
    if (!author) return;

    std::string replace_id = *original;
    // A part of a message the user sent in several: XMPP knows one message, so its correction
    // carries the whole text with this part's new one.
    SplitMessage* split = session.pending ? session.pending->split(replace_id) : nullptr;
    std::string body;
    bool spoiler = false;
    if (split) {
        for (std::size_t k = 0; k < split->ids.size(); ++k) {
            if (split->ids[k] == upd.id) split->texts[k] = upd.content.value_or("");
        }
        body = message_text(session, upd.guild_id, split->whole(), upd.attachments);
    } else {
        RenderedMessage rendered = render_message(session, upd.guild_id, parts_of(upd));
        body = std::move(rendered.body);
        spoiler = rendered.spoiler;
    }
    if (auto pending = session.messages.pending_edits.find(upd.id);
        pending != session.messages.pending_edits.end()) {
        bool echo = pending->second == upd.content.value_or("");
        session.messages.pending_edits.erase(pending);
        std::optional<std::string> client_id = session.messages.take_edit_id(upd.id);
        if (echo) {
            // The user's own correction, back from Discord. A DM has nothing to say; a room
            // reflects it to the joined clients (XEP-0045 §7.4), with the id the client chose,
            // once for a split message (at the echo of the part that kept the client's id).
            if (conv->is_dm()) return;
            archive::keep_correction(ctx, session, conv->id, upd.id, body);
            if (split && !client_id) return;
            SendXmppMessage m;
            m.id = client_id ? *client_id : ctx.derived_id();
            m.body = std::move(body);
            m.replace_id = replace_id;
            m.thread = conv->thread;
            deliver(ctx, session, *conv, *author, std::move(m));
            return;
        }
    }
    if (conv->is_dm() && is_self(session, author->id)) {
        SendXmppCarbon carbon;
        carbon.id = ctx.derived_id();
        carbon.body = std::move(body);
        if (spoiler) carbon.spoiler = true;
        carbon.replace_id = replace_id;
        send_carbon(ctx, session, conv->id, std::move(carbon));
        return;
    }
    if (!conv->is_dm()) archive::keep_correction(ctx, session, conv->id, upd.id, body);
    SendXmppMessage m;
    m.id = ctx.derived_id();
    m.body = std::move(body);
    if (spoiler) m.spoiler = true;
    m.replace_id = replace_id;
    if (!conv->is_dm()) m.thread = conv->thread;
    deliver(ctx, session, *conv, *author, std::move(m));
}

void on_message_delete(ApplyContext& ctx, Session& session, const DiscordMessageDelete& del) {
    auto conv = conversation_of(session, del.channel_id);
    const std::string* known = session.messages.xmpp_id(del.id);
    if (!conv || !known) return;  // deleted before the session saw it, or the user's own retraction
    std::string target = *known;
    bool own = session.messages.sent_by_user.count(del.id) > 0;
    session.messages.forget(del.id);

    if (conv->is_dm()) {
        if (own) {
            SendXmppCarbon carbon;
            carbon.id = ctx.derived_id();
            carbon.retract_id = target;
            send_carbon(ctx, session, conv->id, std::move(carbon));
            return;
        }
        SendXmppRetraction r;
        r.id = ctx.derived_id();
        r.retract_id = target;
        deliver(ctx, session, *conv, session.contacts.at(conv->id).user, std::move(r));
        return;
    }
    // In a room Discord does not say who deleted the message: the author, or a moderator.
    // The room retracts it as a moderator would (XEP-0425), which every client shows. A
    // moderation names the message by its stanza-id (XEP-0425 §4).
    archive::keep_retraction(ctx, session, conv->id, del.id);
    const Room& room = session.rooms.at(conv->id);
    std::string jid = room_jid(session, room.id);
    std::string id = ctx.derived_id();
    for (const auto& [client, nick] : room.joined) {
        SendXmppRetraction r{jid, client, "groupchat", id, del.id.str()};
        r.moderated_by = jid;
        ctx.emit(std::move(r));
    }
}

void on_message_delete_bulk(ApplyContext& ctx, Session& session,
                            const DiscordMessageDeleteBulk& bulk) {
    // Each message is retracted as if deleted alone: XMPP has no retraction of many at once.
    for (Snowflake id : bulk.ids) {
        on_message_delete(ctx, session, DiscordMessageDelete{id, bulk.channel_id, bulk.guild_id});
    }
}

void on_typing(ApplyContext& ctx, Session& session, const DiscordTypingStart& typing) {
    if (relationships::is_blocked(session, typing.user_id)) return;
    if (is_self(session, typing.user_id)) return;
    auto conv = conversation_of(session, typing.channel_id);
    if (!conv) return;
    if (conv->is_dm()) {
        if (conv->id != typing.user_id) return;
        SendXmppChatState s;
        s.id = ctx.derived_id();
        s.state = "composing";
        deliver(ctx, session, *conv, session.contacts.at(conv->id).user, std::move(s));
        return;
    }
    // Typing in rooms is shown only for people the room knows by name.
    const Room& room = session.rooms.at(conv->id);
    const RoomMember* who = rooms::member(session, room, typing.user_id);
    if (!who || !rooms::is_occupant(session, room, typing.user_id)) return;
    SendXmppChatState s;
    s.id = ctx.derived_id();
    s.state = "composing";
    deliver(ctx, session, *conv, who->user, std::move(s));
}

void on_ack(ApplyContext& ctx, Session& session, const DiscordMessageAck& ack) {
    // The user read the chat in the official app: their XMPP clients mark it read too.
    auto conv = conversation_of(session, ack.channel_id);
    const std::string* target = session.messages.xmpp_id(ack.message_id);
    if (!conv || !conv->is_dm() || !target) return;
    if (!session.messages.mark_read(ack.channel_id, ack.message_id)) return;
    SendXmppCarbon carbon;
    carbon.id = ctx.derived_id();
    carbon.displayed_id = *target;
    send_carbon(ctx, session, conv->id, std::move(carbon));
}

}  // namespace cordgate::core::from_discord
