#pragma once
// The core's wish for the user's Discord status (discord.set_presence) as the gateway presence
// to send. The core says "offline" when no XMPP client of the user is online; Discord has no
// such status for a connected client, so the operator's choice stands in for it
// ([discord.client] status_without_xmpp, "invisible" by default: nobody sees the user as
// around, and with `afk` Discord keeps sending push notifications to their phone).

#include <adapters/discord/gateway_session.hpp>
#include <core/discord_effects.hpp>

#include <string>

namespace cordgate::adapters::discord {

GatewayPresence gateway_presence(const core::SetDiscordPresence& wish,
                                 const std::string& status_without_xmpp);

}  // namespace cordgate::adapters::discord
