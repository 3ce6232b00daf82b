#pragma once
// What the gateway itself tells the user: its presence shows the login state ("Logging in…",
// "Logged in as …", why a login failed), and what needs the user's action comes as a message.

#include <core/apply_context.hpp>
#include <core/event.hpp>
#include <core/state.hpp>

#include <string>

namespace cordgate::core::gateway_status {

// The gateway's presence to the user for the session's login_state.
void show(ApplyContext& ctx, const Session& session);

// A presence probe from the gateway to the user: their server answers with the presence of
// every client of theirs that is online.
SendXmppPresence probe(ApplyContext& ctx, const Session& session);

// A chat message from the gateway's JID to the user.
void tell(ApplyContext& ctx, const Session& session, std::string text);

void on_login_failed(ApplyContext& ctx, Session& session, const DiscordLoginFailed& failed);
void on_effect_failed(ApplyContext& ctx, Session& session, const DiscordEffectFailed& failed);
// Cloudflare's ban of the gateway's address began or ended: the user's actions wait meanwhile.
void on_rest_paused(ApplyContext& ctx, const Session& session, const DiscordRestPaused& paused);
// A message the user would have seen or sent that the core could not read is named to them;
// other refused events are only in the core's log.
void on_event_refused(ApplyContext& ctx, const Session& session, const EventRefused& refused);

}  // namespace cordgate::core::gateway_status
