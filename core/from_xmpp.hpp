#pragma once
// From XMPP to Discord: what the user did in their XMPP client.

#include <core/apply_context.hpp>
#include <core/event.hpp>

namespace cordgate::core::from_xmpp {

// from_xmpp.cpp: registration and messages
void on_register(ApplyContext& ctx, const XmppRegister& reg);
void on_unregister(ApplyContext& ctx, Session& session, const XmppUnregister& unreg);
void on_message(ApplyContext& ctx, Session& session, const XmppMessage& msg);

// from_xmpp_changes.cpp: what the user does to messages afterwards, and signals around them
void on_correction(ApplyContext& ctx, Session& session, const XmppCorrection& correction);
void on_retraction(ApplyContext& ctx, Session& session, const XmppRetraction& retraction);
void on_reactions(ApplyContext& ctx, Session& session, const XmppReactions& reactions);
void on_chat_state(ApplyContext& ctx, Session& session, const XmppChatState& state);
void on_marker(ApplyContext& ctx, Session& session, const XmppMarker& marker);

// from_xmpp_presence.cpp: the user's presence, probes and subscriptions; server privileges
void on_presence(ApplyContext& ctx, Session& session, const XmppPresence& presence);
void on_privileges(ApplyContext& ctx, const XmppPrivileges& privileges);

// from_xmpp_queries.cpp: what only the state can answer (vCard, disco on puppets and rooms)
void on_query(ApplyContext& ctx, Session& session, const XmppQuery& query);
void on_query_without_session(ApplyContext& ctx, const XmppQuery& query);

}  // namespace cordgate::core::from_xmpp
