// Session lifetime and the per-account session cap: a dropped session is resumable for the
// resume window and no longer after it; more live sessions than the cap close with 4015.
#include <tests/emulator/gateway.hpp>
#include <tests/emulator/seed.hpp>
#include <tests/emulator/unit/fake_connection.hpp>

#include <gtest/gtest.h>

namespace cordgate::tests::emulator {
namespace {

class Sessions : public ::testing::Test {
  protected:
    void SetUp() override {
        load_seed(world, R"({"users":[{"id":"1","username":"u","token":"tu"},
            {"id":"2","username":"b","bot":true,"token":"tb"}],
            "guilds":[{"id":"10","members":[{"user_id":"1"},{"user_id":"2"}],
                       "channels":[{"id":"20"}]}]})");
        gw.set_clock([this] { return now; });
        gw.set_session_policy({60'000, 3});
    }
    // Returns the session id, or "" when the connection got no READY.
    std::string identify(FakeConnection& c, const char* token = "tu") {
        conn_of[&c] = gw.on_open(c, 9, false);
        gw.on_text(conn_of[&c], std::string(R"({"op":2,"d":{"token":")") + token +
                                    R"(","capabilities":0,"properties":{}}})");
        for (std::size_t i = 0; i < c.sent.size(); ++i) {
            auto f = c.frame(i);
            if (f["t"].IsString() && std::string(f["t"].GetString()) == "READY")
                return f["d"]["session_id"].GetString();
        }
        return "";
    }
    // The first frame of the RESUME's answer: op 9 (d false) or a replayed/RESUMED dispatch.
    rapidjson::Document resume(FakeConnection& c, const std::string& sid, int seq) {
        const auto id = gw.on_open(c, 9, false);
        gw.on_text(id, R"({"op":6,"d":{"token":"tu","session_id":")" + sid + R"(","seq":)" +
                           std::to_string(seq) + "}}");
        EXPECT_GE(c.sent.size(), 2u);
        return c.frame(1);
    }
    void run_timers() {
        auto due = std::move(timers);
        timers.clear();
        for (auto& [at, fn] : due) {
            if (at <= now) {
                fn();
            } else {
                timers.emplace_back(at, std::move(fn));
            }
        }
    }

    std::uint64_t now = 5'000'000;
    std::vector<std::pair<std::uint64_t, std::function<void()>>> timers;
    World world;
    Gateway gw{world,
               [this](std::uint64_t ms, std::function<void()> fn) {
                   timers.emplace_back(now + ms, std::move(fn));
               },
               "ws://x/gateway", 1000};
    std::map<FakeConnection*, std::uint64_t> conn_of;
};

TEST_F(Sessions, ADroppedSessionResumesWithinTheWindow) {
    FakeConnection c1;
    const std::string sid = identify(c1);
    gw.on_close(conn_of[&c1], 0);
    now += 59'999;
    run_timers();
    // A small guild's message events reach a user session without a subscription.
    gw.dispatch_channel(world.channels.at(20), "MESSAGE_DELETE", R"({"id":"1","channel_id":"20"})");
    FakeConnection c2;
    const auto first = resume(c2, sid, 1);
    EXPECT_EQ(first["op"].GetInt(), 0);
    EXPECT_STREQ(first["t"].GetString(), "MESSAGE_DELETE");
    EXPECT_STREQ(c2.frame(2)["t"].GetString(), "RESUMED");
}

TEST_F(Sessions, AfterTheWindowResumeGetsInvalidSessionFalse) {
    FakeConnection c1;
    const std::string sid = identify(c1);
    gw.on_close(conn_of[&c1], 4000);  // any close but 1000/1001 keeps the session for a while
    now += 60'000;                    // no timer ran: RESUME itself finds the session expired
    FakeConnection c2;
    const auto first = resume(c2, sid, 1);
    EXPECT_EQ(first["op"].GetInt(), 9);
    EXPECT_FALSE(first["d"].GetBool());
    EXPECT_TRUE(gw.sessions().at(sid).invalidated);
    // A new IDENTIFY on the same connection starts over.
    gw.on_text(gw.on_open(c2, 9, false), R"({"op":2,"d":{"token":"tu","properties":{}}})");
    EXPECT_STREQ(c2.frame(c2.sent.size() - 1)["t"].GetString(), "READY");
}

TEST_F(Sessions, TheWindowTimerEndsTheSessionAndItsBuffering) {
    FakeConnection c1;
    const std::string sid = identify(c1);
    gw.drop(sid, 0);
    ASSERT_EQ(timers.size(), 1u);
    now += 60'000;
    run_timers();
    EXPECT_TRUE(gw.sessions().at(sid).invalidated);
    gw.dispatch_channel(world.channels.at(20), "TYPING_START", R"({"channel_id":"20"})");
    EXPECT_TRUE(gw.sessions().at(sid).buffer.empty());
}

TEST_F(Sessions, AnEarlierAbsenceTimerDoesNotEndAResumedSession) {
    FakeConnection c1;
    const std::string sid = identify(c1);
    gw.on_close(conn_of[&c1], 0);
    now += 30'000;
    FakeConnection c2;
    resume(c2, sid, 1);
    now += 20'000;
    gw.drop(sid, 0);  // away again, for 20 s when the first timer fires
    now += 10'000;
    run_timers();
    EXPECT_FALSE(gw.sessions().at(sid).invalidated);
    FakeConnection c3;
    EXPECT_EQ(resume(c3, sid, 1)["op"].GetInt(), 0);
}

TEST_F(Sessions, MoreSessionsThanTheCapCloseTheNewestWith4015) {
    FakeConnection a, b, c, d;
    const std::string first = identify(a);
    ASSERT_FALSE(first.empty());
    ASSERT_FALSE(identify(b).empty());
    gw.on_close(conn_of[&b], 0);  // away, still counted until its window passes
    ASSERT_FALSE(identify(c).empty());
    EXPECT_EQ(identify(d), "");
    EXPECT_EQ(d.closed_with, 4015);
    EXPECT_EQ(a.closed_with, -1);
    EXPECT_EQ(c.closed_with, -1);
    // A session that ends frees its place; so does one whose window passed.
    gw.on_close(conn_of[&a], 1000);
    FakeConnection e, f;
    EXPECT_FALSE(identify(e).empty());
    EXPECT_EQ(identify(f), "");
    now += 60'000;
    FakeConnection g;
    EXPECT_FALSE(identify(g).empty());
    // Bots are not counted against it.
    FakeConnection b1, b2, b3, b4;
    for (FakeConnection* bot : {&b1, &b2, &b3, &b4}) EXPECT_FALSE(identify(*bot, "tb").empty());
}

}  // namespace
}  // namespace cordgate::tests::emulator
