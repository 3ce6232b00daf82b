#include <tests/emulator/gateway.hpp>
#include <tests/emulator/seed.hpp>
#include <tests/emulator/unit/fake_connection.hpp>

#include <gtest/gtest.h>
#include <rapidjson/document.h>

namespace cordgate::tests::emulator {
namespace {

class GatewayTest : public ::testing::Test {
  protected:
    void SetUp() override {
        load_seed(world, R"({"users":[{"id":"1","username":"b","bot":true,"token":"tb"}],
            "guilds":[{"id":"10","members":[{"user_id":"1"}],"channels":[{"id":"20"}]}]})");
    }
    std::uint64_t identify(FakeConnection& c) {
        const auto id = gw.on_open(c, 10, false);
        gw.on_text(id, R"({"op":2,"d":{"token":"tb","intents":513}})");
        return id;
    }
    void send_messages(int n) {
        for (int i = 0; i < n; ++i)
            gw.dispatch_channel(world.channels.at(20), "MESSAGE_CREATE", "{}");
    }
    World world;
    Gateway gw{world, [](std::uint64_t, std::function<void()> fn) { fn(); }, "ws://x/gateway",
               1000};
};

TEST_F(GatewayTest, HelloHeartbeatAndUnknownOpcodes) {
    FakeConnection c;
    const auto id = gw.on_open(c, 10, false);
    gw.on_text(id, R"({"op":1,"d":null})");
    gw.on_text(id, R"({"op":37,"d":{}})");
    ASSERT_EQ(c.sent.size(), 2u);
    EXPECT_EQ(c.frame(0)["op"].GetInt(), 10);
    EXPECT_EQ(c.frame(1)["op"].GetInt(), 11);
    EXPECT_EQ(c.closed_with, -1);
}

TEST_F(GatewayTest, BotIdentifyGetsReadyThenGuildCreate) {
    FakeConnection c;
    identify(c);
    ASSERT_EQ(c.sent.size(), 3u);
    EXPECT_STREQ(c.frame(1)["t"].GetString(), "READY");
    EXPECT_TRUE(c.frame(1)["d"]["guilds"][0]["unavailable"].GetBool());
    EXPECT_STREQ(c.frame(2)["t"].GetString(), "GUILD_CREATE");
    EXPECT_EQ(c.frame(2)["s"].GetInt(), 2);
}

TEST_F(GatewayTest, BadTokenCloses4004) {
    FakeConnection c;
    const auto id = gw.on_open(c, 10, false);
    gw.on_text(id, R"({"op":2,"d":{"token":"nope"}})");
    EXPECT_EQ(c.closed_with, 4004);
}

TEST_F(GatewayTest, ResumeReplaysInOrderThenResumed) {
    FakeConnection c1;
    const auto id1 = identify(c1);
    const std::string sid = c1.frame(1)["d"]["session_id"].GetString();
    gw.on_close(id1, 0);  // a drop keeps the session
    send_messages(3);
    FakeConnection c2;
    const auto id2 = gw.on_open(c2, 10, false);
    gw.on_text(id2, R"({"op":6,"d":{"token":"tb","session_id":")" + sid + R"(","seq":2}})");
    ASSERT_EQ(c2.sent.size(), 5u);
    for (int i = 1; i <= 3; ++i) EXPECT_EQ(c2.frame(i)["s"].GetInt(), 2 + i);
    EXPECT_STREQ(c2.frame(4)["t"].GetString(), "RESUMED");
    EXPECT_TRUE(c2.frame(4)["d"].IsObject());
}

TEST_F(GatewayTest, NormalCloseEndsTheSession) {
    FakeConnection c1;
    const auto id1 = identify(c1);
    const std::string sid = c1.frame(1)["d"]["session_id"].GetString();
    gw.on_close(id1, 1000);
    FakeConnection c2;
    const auto id2 = gw.on_open(c2, 10, false);
    gw.on_text(id2, R"({"op":6,"d":{"token":"tb","session_id":")" + sid + R"(","seq":2}})");
    EXPECT_EQ(c2.frame(1)["op"].GetInt(), 9);
    EXPECT_FALSE(c2.frame(1)["d"].GetBool());
}

TEST_F(GatewayTest, ResumeBeyondTheBufferIsRefused) {
    FakeConnection c1;
    const auto id1 = identify(c1);
    const std::string sid = c1.frame(1)["d"]["session_id"].GetString();
    gw.on_close(id1, 0);
    send_messages(10001);  // more than the replay buffer keeps
    FakeConnection c2;
    const auto id2 = gw.on_open(c2, 10, false);
    gw.on_text(id2, R"({"op":6,"d":{"token":"tb","session_id":")" + sid + R"(","seq":2}})");
    ASSERT_EQ(c2.sent.size(), 2u);
    EXPECT_EQ(c2.frame(1)["op"].GetInt(), 9);
}

// DMs are delivered through the recipients' own sessions (not a walk over every session):
// each recipient's live sessions get it once, nobody else does, a DM with oneself once.
TEST(GatewayDm, OnlyTheRecipientsSessionsOncePerSession) {
    World world;
    load_seed(world, R"({"users":[{"id":"1","username":"a","token":"ta"},
        {"id":"2","username":"b","token":"tb"},{"id":"3","username":"c","token":"tc"}],
        "private_channels":[{"id":"30","type":1,"recipients":["1","2"]},
                            {"id":"31","type":1,"recipients":["3","3"]}]})");
    Gateway gw{world, [](std::uint64_t, std::function<void()>) {}, "ws://x/gateway", 1000};
    FakeConnection a1, a2, b, c;
    for (auto [conn, token] :
         {std::pair{&a1, "ta"}, std::pair{&a2, "ta"}, std::pair{&b, "tb"}, std::pair{&c, "tc"}}) {
        const auto id = gw.on_open(*conn, 10, false);
        gw.on_text(id, std::string(R"({"op":2,"d":{"token":")") + token + "\"}}");
        conn->sent.clear();
    }
    gw.dispatch_channel(world.channels.at(30), "MESSAGE_DELETE", "{}");
    gw.dispatch_channel(world.channels.at(31), "MESSAGE_DELETE", "{}");
    EXPECT_EQ(a1.sent.size(), 1u);
    EXPECT_EQ(a2.sent.size(), 1u) << "a second session of the same user";
    EXPECT_EQ(b.sent.size(), 1u);
    EXPECT_EQ(c.sent.size(), 1u) << "a DM with oneself, once";
    gw.dispatch_user(1, "RELATIONSHIP_ADD", "{}");
    EXPECT_EQ(a1.sent.size(), 2u);
    EXPECT_EQ(a2.sent.size(), 2u);
    EXPECT_EQ(b.sent.size(), 1u);
}

}  // namespace
}  // namespace cordgate::tests::emulator
