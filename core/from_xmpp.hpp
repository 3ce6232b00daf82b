#pragma once
// From XMPP to Discord: what the user did in their XMPP client.

#include <core/apply_context.hpp>
#include <core/event.hpp>

namespace cordgate::core::from_xmpp {

void on_register(ApplyContext& ctx, const XmppRegister& reg);
void on_message(ApplyContext& ctx, Session& session, const XmppMessage& msg);

}  // namespace cordgate::core::from_xmpp
