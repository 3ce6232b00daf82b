#include <adapters/discord/session_health.hpp>

namespace cordgate::adapters::discord {

common::bus::GatewayState session_health(bool failed,
                                         std::optional<GatewaySession::State> gateway) {
    using S = common::bus::GatewayState;
    if (failed) return S::failed;
    if (!gateway) return S::waiting;
    switch (*gateway) {
        case GatewaySession::State::idle:
        case GatewaySession::State::connecting:
        case GatewaySession::State::waiting_hello:
            return S::connecting;  // includes the wait before a reconnect
        case GatewaySession::State::identifying:
            return S::identifying;
        case GatewaySession::State::resuming:
            return S::resuming;
        case GatewaySession::State::ready:
            return S::ready;
        case GatewaySession::State::failed:
            return S::failed;
    }
    return S::connecting;
}

}  // namespace cordgate::adapters::discord
