#pragma once
// XEP-0050 ad-hoc commands on the gateway (core/command_list.hpp): status, login, logout,
// resync. Each answers with one xmpp.command_result.

#include <core/apply_context.hpp>
#include <core/event.hpp>

#include <string>

namespace cordgate::core::from_xmpp {

void on_command(ApplyContext& ctx, Session& session, const XmppCommand& command);

// Logs the session out of Discord: its contacts go offline on the user's clients, the Discord
// adapter closes the gateway connection (`reason` goes to its log), and the session stays
// registered as logged_out. The user's logout command, and an administrator's
// end-user-session.
void end_discord_session(ApplyContext& ctx, Session& session, std::string reason);

// A command from someone with no session: every command needs a registration first.
void on_command_without_session(ApplyContext& ctx, const XmppCommand& command);

}  // namespace cordgate::core::from_xmpp
