#include <core/conversation.hpp>
#include <core/puppets.hpp>
#include <core/rooms.hpp>

namespace cordgate::core {

std::optional<Conversation> conversation_of(const Session& session, Snowflake channel_id) {
    if (auto dm = session.dm_partner_by_channel.find(channel_id);
        dm != session.dm_partner_by_channel.end()) {
        return Conversation{Conversation::Kind::dm, dm->second, std::nullopt};
    }
    if (session.rooms.count(channel_id)) {
        return Conversation{Conversation::Kind::room, channel_id, std::nullopt};
    }
    if (auto thread = session.thread_parent.find(channel_id);
        thread != session.thread_parent.end() && session.rooms.count(thread->second)) {
        return Conversation{Conversation::Kind::room, thread->second, channel_id.str()};
    }
    return std::nullopt;
}

std::string room_jid(const Session& session, Snowflake room_id) {
    return puppet_jid(session, room_id);  // same shape: <snowflake>@<gateway>
}

Room* room_of_jid(Session& session, std::string_view jid) {
    auto id = puppet_user(session, jid);
    if (!id) return nullptr;
    auto it = session.rooms.find(*id);
    return it == session.rooms.end() ? nullptr : &it->second;
}

std::optional<Snowflake> channel_for_jid(const Session& session, std::string_view jid) {
    auto id = puppet_user(session, jid);
    if (!id) return std::nullopt;
    if (session.rooms.count(*id)) return id;
    auto contact = session.contacts.find(*id);
    if (contact == session.contacts.end()) return std::nullopt;
    return contact->second.dm_channel;
}

template <class Stanza>
void deliver(ApplyContext& ctx, Session& session, const Conversation& conv,
             const DiscordUser& author, Stanza stanza) {
    if (conv.is_dm()) {
        stanza.from = puppet_jid(session, author.id);
        stanza.to = session.jid;
        stanza.message_type = "chat";
        ctx.emit(std::move(stanza));
        return;
    }
    Room& room = session.rooms.at(conv.id);
    std::string from =
        room_jid(session, room.id) + "/" + rooms::occupant_nick(ctx, session, room, author);
    stanza.message_type = "groupchat";
    for (const auto& [client, nick] : room.joined) {
        Stanza copy = stanza;
        copy.from = from;
        copy.to = client;
        ctx.emit(std::move(copy));
    }
}

template void deliver(ApplyContext&, Session&, const Conversation&, const DiscordUser&,
                      SendXmppMessage);
template void deliver(ApplyContext&, Session&, const Conversation&, const DiscordUser&,
                      SendXmppRetraction);
template void deliver(ApplyContext&, Session&, const Conversation&, const DiscordUser&,
                      SendXmppReactions);
template void deliver(ApplyContext&, Session&, const Conversation&, const DiscordUser&,
                      SendXmppChatState);

}  // namespace cordgate::core
