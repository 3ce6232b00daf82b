#pragma once
// Answers the adapter gives on its own. Each is a fixed protocol fact about the gateway with no
// state behind it (no user, no contact, no log position), so routing them through the core
// would add latency and log noise for nothing. Anything that depends on what the user has
// registered goes to the core as an event instead; whether the asker is an administrator is
// configuration, which the adapter has.

#include <adapters/xmpp/element.hpp>

#include <string_view>

namespace cordgate::adapters::xmpp {

// XEP-0030 disco#info of the gateway's domain: identity gateway/discord (XEP-0100) and the
// features the gateway serves.
Element gateway_disco_info(const Element& iq);
// XEP-0050 §2.2: disco#items of the commands node, the gateway's command list; with the
// administrators' commands when `admin` (the asker is in [xmpp] admins).
Element command_list(const Element& iq, bool admin);
// XEP-0050 §2.3: disco#info of one command's node.
Element command_info(const Element& iq, std::string_view node);
// XEP-0077 registration form: the Discord token goes in <password/> or the form's "token".
Element register_form(const Element& iq);
// An empty result (XEP-0199 ping, and acknowledging a registration the adapter has published).
Element iq_result(const Element& iq);

}  // namespace cordgate::adapters::xmpp
