#pragma once
// XEP-0050 ad-hoc commands on the gateway (core/command_list.hpp): status, login, logout,
// resync. Each answers with one xmpp.command_result.

#include <core/apply_context.hpp>
#include <core/event.hpp>

namespace cordgate::core::from_xmpp {

void on_command(ApplyContext& ctx, Session& session, const XmppCommand& command);

// A command from someone with no session: every command needs a registration first.
void on_command_without_session(ApplyContext& ctx, const XmppCommand& command);

}  // namespace cordgate::core::from_xmpp
