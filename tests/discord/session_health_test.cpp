// What the Discord adapter's heartbeat says of each session: every state of the gateway machine
// has its name, and a session the supervisor gave up is failed whatever its connection says.

#include <adapters/discord/session_health.hpp>

#include <gtest/gtest.h>

namespace cordgate::adapters::discord {
namespace {

using G = GatewaySession::State;
using S = common::bus::GatewayState;

TEST(SessionHealth, EachGatewayStateHasItsName) {
    EXPECT_EQ(session_health(false, std::nullopt), S::waiting);  // GET /gateway underway
    EXPECT_EQ(session_health(false, G::idle), S::connecting);
    EXPECT_EQ(session_health(false, G::connecting), S::connecting);
    EXPECT_EQ(session_health(false, G::waiting_hello), S::connecting);
    EXPECT_EQ(session_health(false, G::identifying), S::identifying);
    EXPECT_EQ(session_health(false, G::resuming), S::resuming);
    EXPECT_EQ(session_health(false, G::ready), S::ready);
    EXPECT_EQ(session_health(false, G::failed), S::failed);
}

TEST(SessionHealth, AGivenUpSessionIsFailed) {
    EXPECT_EQ(session_health(true, std::nullopt), S::failed);
    EXPECT_EQ(session_health(true, G::ready), S::failed);  // closed, its machine not told
}

TEST(SessionHealth, NamesOnTheWire) {
    EXPECT_EQ(core::enum_name(S::identifying), "identifying");
    EXPECT_EQ(core::enum_name(S::failed), "failed");
}

}  // namespace
}  // namespace cordgate::adapters::discord
