#pragma once
// A user's Discord session as the adapter's heartbeat shows it (common/heartbeat.hpp): the
// gateway machine's states folded into what an operator needs to tell apart.

#include <adapters/discord/gateway_session.hpp>
#include <common/heartbeat.hpp>

#include <optional>

namespace cordgate::adapters::discord {

// `failed`: the supervisor gave the session up (a refused token, a fatal close code). `gateway`:
// the connection's machine, absent while the gateway URL is still being asked for.
common::bus::GatewayState session_health(bool failed, std::optional<GatewaySession::State> gateway);

}  // namespace cordgate::adapters::discord
