#pragma once
// The `preferences` ad-hoc command (XEP-0050 with an XEP-0004 form): the first step shows every
// preference with its current value, the submitted form sets them. The choice is the command's
// event in the log, so a replay comes to the same preferences.

#include <core/apply_context.hpp>
#include <core/event.hpp>

namespace cordgate::core::preferences_command {

void run(ApplyContext& ctx, Session& session, const XmppCommand& command);

}  // namespace cordgate::core::preferences_command
