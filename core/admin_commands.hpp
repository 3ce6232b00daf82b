#pragma once
// The administrators' ad-hoc commands (command_list.hpp, kAdminCommands) that act on the state:
// list the registered users with their Discord sessions, end users' sessions, unregister users,
// announce a message to every registered user. Each is one entry of a table with the form its
// first step asks for and what its submitted form does.
//
// Trust comes with the event: the XMPP adapter sets xmpp.command's `admin` for a sender listed
// in [xmpp] admins. A command without it is refused with <forbidden/> (type auth), so the core
// never acts on an administrator's node for anyone the adapter did not vouch for.

#include <core/apply_context.hpp>
#include <core/event.hpp>

namespace cordgate::core::admin_commands {

// One step of an administrator's command, whoever sent it (registered or not).
void run(ApplyContext& ctx, const XmppCommand& command);

}  // namespace cordgate::core::admin_commands
