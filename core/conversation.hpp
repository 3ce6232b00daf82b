#pragma once
// Where a Discord channel shows up in the user's XMPP clients: a one-to-one chat with a puppet,
// or a room. Messages, edits, deletes, reactions and typing all go through here, so each of
// them reaches a DM and a room the same way.

#include <core/apply_context.hpp>
#include <core/state.hpp>

#include <optional>
#include <string>

namespace cordgate::core {

struct Conversation {
    enum class Kind { dm, room };
    Kind kind;
    Snowflake id;                       // the DM partner's user id, or the room's channel id
    std::optional<std::string> thread;  // a thread's channel id, when the channel is one

    bool is_dm() const { return kind == Kind::dm; }
};

std::optional<Conversation> conversation_of(const Session& session, Snowflake channel_id);

// The Discord channel to act on for a chat the user addresses by JID (a puppet or a room).
std::optional<Snowflake> channel_for_jid(const Session& session, std::string_view jid);

std::string room_jid(const Session& session, Snowflake room_id);

// The room a joined client is in; nullptr when the JID is not one of the session's rooms.
Room* room_of_jid(Session& session, std::string_view jid);

// Sends `stanza` (id and payload already set) from `author` into the conversation: from the
// puppet to the user in a DM, from the author's occupant JID to every joined client in a
// room. What the user did themselves in a DM is not sent this way (see carbons.hpp).
// Instantiated for the message-like stanzas in conversation.cpp.
template <class Stanza>
void deliver(ApplyContext& ctx, Session& session, const Conversation& conv,
             const DiscordUser& author, Stanza stanza);

}  // namespace cordgate::core
