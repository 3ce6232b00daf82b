#pragma once
// From Discord to XMPP: what happened on Discord, for the user's XMPP clients.

#include <core/apply_context.hpp>
#include <core/event.hpp>

namespace cordgate::core::from_discord {

void on_ready(ApplyContext& ctx, Session& session, const DiscordReady& ready);
void on_message_create(ApplyContext& ctx, Session& session, const DiscordMessageCreate& msg);

}  // namespace cordgate::core::from_discord
