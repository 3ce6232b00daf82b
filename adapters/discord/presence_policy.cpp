#include <adapters/discord/presence_policy.hpp>

namespace cordgate::adapters::discord {

GatewayPresence gateway_presence(const core::SetDiscordPresence& wish,
                                 const std::string& status_without_xmpp) {
    GatewayPresence p;
    const bool no_client = wish.status == "offline";
    p.status = no_client ? status_without_xmpp : wish.status;
    p.custom_status = no_client ? std::nullopt : wish.custom_status;
    // Effects from before `afk` existed: nobody at the keyboard when idle or gone.
    p.afk = wish.afk.value_or(no_client || wish.status == "idle");
    return p;
}

}  // namespace cordgate::adapters::discord
