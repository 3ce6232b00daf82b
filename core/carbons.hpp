#pragma once
// What the user does in the official Discord app in a one-to-one chat reaches their XMPP clients
// as if they had done it there: an XEP-0280 'sent' carbon that the user's server delivers under
// the XEP-0356 message permission. Without the permission there is no honest way to show it,
// so nothing is sent.

#include <core/apply_context.hpp>
#include <core/contacts.hpp>
#include <core/puppets.hpp>

namespace cordgate::core {

// `carbon` has everything but `to` set; it goes to the DM partner's puppet.
inline void send_carbon(ApplyContext& ctx, Session& session, Snowflake partner,
                        SendXmppCarbon carbon) {
    if (!privileges_for(ctx.state(), session).can_send_as_user()) return;
    carbon.to = puppet_jid(session, partner);
    ctx.emit(std::move(carbon));
}

}  // namespace cordgate::core
