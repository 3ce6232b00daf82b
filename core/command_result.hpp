#pragma once
// The answer to one step of an ad-hoc command, with everything but the outcome filled in. The
// session id is the client's when it sent one (a later step of the same command), else derived
// from the log position, so a replayed log answers with the same ids.

#include <core/apply_context.hpp>
#include <core/event.hpp>
#include <core/xmpp_effects.hpp>

namespace cordgate::core {

inline SendXmppCommandResult command_result_for(ApplyContext& ctx, const XmppCommand& command) {
    SendXmppCommandResult r;
    r.from = command.to;
    r.to = command.from;
    r.iq_id = command.iq_id;
    r.node = command.node;
    r.session_id = command.session_id.value_or(ctx.derived_id());
    return r;
}

}  // namespace cordgate::core
