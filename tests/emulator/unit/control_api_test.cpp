#include <tests/emulator/control_api.hpp>
#include <tests/emulator/seed.hpp>

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <sstream>

namespace cordgate::tests::emulator {
namespace {

// The e2e bench's latency stamps: a flood that carries its send time, a request log that
// carries its receive time. A fake wall clock that ticks on every read shows which read
// ended up where.
class StampTest : public ::testing::Test {
  protected:
    void SetUp() override {
        load_seed(world,
                  R"({"users":[{"id":"1","username":"a","token":"ta"},{"id":"2","username":"b"}],
            "guilds":[{"id":"10","members":[{"user_id":"1"},{"user_id":"2"}],
                       "channels":[{"id":"20"}]}]})");
    }

    HttpResponse call(const std::string& method, const std::string& path, std::string body) {
        HttpRequest req;
        req.method = method;
        req.path = path;
        req.body = std::move(body);
        req.headers["content-type"] = "application/json";
        req.headers["authorization"] = "ta";
        if (path.rfind("/_emulator/", 0) == 0) return control.handle(req);
        return rest.handle(req);
    }

    std::vector<std::string> contents() const {
        std::vector<std::string> out;
        for (const auto& [id, msg] : world.messages.at(20)) out.push_back(msg.content);
        return out;
    }

    std::uint64_t wall_ns = 1'700'000'000'000'000'000;
    Clock clock{[] { return std::uint64_t{1000}; }, [this] { return wall_ns / 1'000'000; },
                [this] { return wall_ns += 1000; }};
    World world;
    std::vector<std::function<void()>> turns;  // what the loop would run next
    Scheduler scheduler = [this](std::uint64_t, std::function<void()> fn) {
        turns.push_back(std::move(fn));
    };
    Gateway gateway{world, scheduler, "ws://x/gateway", 1000};
    Operations ops{world, gateway};
    RestRouter rest{world, ops, clock, "ws://x/gateway"};
    CdnLog cdn;
    ControlApi control{world, ops, gateway, rest, cdn, scheduler, clock};
};

TEST_F(StampTest, StampedFloodCarriesTheWallClockOfEachMessage) {
    const auto r = call("POST", "/_emulator/flood",
                        R"({"channel_id":"20","author_id":"2","count":3,"stamp":true})");
    ASSERT_EQ(r.status, 200);
    const auto got = contents();
    ASSERT_EQ(got.size(), 3u);
    std::uint64_t previous = 0;
    for (std::size_t i = 0; i < got.size(); ++i) {
        std::istringstream in(got[i]);
        std::string word;
        std::uint64_t k = 0, t = 0;
        in >> word >> k >> t;
        EXPECT_EQ(word, "flood");
        EXPECT_EQ(k, i + 1);
        EXPECT_GT(t, previous) << "one clock read per message, in order";
        EXPECT_LE(t, wall_ns);
        EXPECT_TRUE(in.eof()) << got[i];
        previous = t;
    }
}

TEST_F(StampTest, UnstampedFloodKeepsThePlainContent) {
    ASSERT_EQ(
        call("POST", "/_emulator/flood", R"({"channel_id":"20","author_id":"2","count":2})").status,
        200);
    EXPECT_EQ(contents(), (std::vector<std::string>{"flood 1", "flood 2"}));
}

TEST_F(StampTest, RequestLogCarriesTheReceiveTime) {
    const std::uint64_t before = wall_ns;
    ASSERT_EQ(call("POST", "/api/v10/channels/20/messages", R"({"content":"x2d 1 5"})").status,
              200);
    ASSERT_EQ(call("GET", "/api/v10/users/@me", "").status, 200);
    const auto r = call("GET", "/_emulator/requests", "");
    rapidjson::Document doc;
    doc.Parse(r.body.c_str());
    ASSERT_TRUE(doc.IsObject()) << r.body;
    const auto& log = doc["requests"];
    ASSERT_EQ(log.Size(), 2u);
    const std::uint64_t first = log[0]["t_ns"].GetUint64(), second = log[1]["t_ns"].GetUint64();
    EXPECT_GT(first, before);
    EXPECT_GT(second, first);
    EXPECT_LE(second, wall_ns);
    EXPECT_STREQ(log[0]["body"]["content"].GetString(), "x2d 1 5");
}

// Backpressure: a flood at rate 0 makes its next batch of 256 once a receiving connection has
// drained, instead of queueing everything at once.
struct SlowConnection : Connection {
    std::size_t frames = 0;
    std::size_t backlog = 0;
    std::vector<std::pair<std::size_t, std::function<void()>>> waiters;
    void send(std::string_view) override { ++frames; }
    void close(std::uint16_t, std::string) override {}
    void drop() override {}
    void ping(std::string_view) override {}
    std::size_t unsent() const override { return backlog; }
    void when_unsent_at_most(std::size_t bytes, std::function<void()> fn) override {
        waiters.emplace_back(bytes, std::move(fn));
    }
    // The socket took everything: what a write's completion does.
    void drain() {
        backlog = 0;
        auto ready = std::move(waiters);
        waiters.clear();
        for (auto& [bytes, fn] : ready) fn();
    }
};

class FloodTest : public StampTest {
  protected:
    void SetUp() override {
        StampTest::SetUp();
        world.users.at(2).token = "tb";
        for (auto [conn, token] : {std::pair{&a, "ta"}, std::pair{&b, "tb"}}) {
            const auto id = gateway.on_open(*conn, 10, false);
            gateway.on_text(id, std::string(R"({"op":2,"d":{"token":")") + token + "\"}}");
        }
        a.frames = b.frames = 0;
    }
    void flood(int count) {
        ASSERT_EQ(call("POST", "/_emulator/flood",
                       R"({"channel_id":"20","author_id":"2","rate":0,"count":)" +
                           std::to_string(count) + "}")
                      .status,
                  200);
    }
    void run_turns() {
        while (!turns.empty()) {
            auto fn = std::move(turns.front());
            turns.erase(turns.begin());
            fn();
        }
    }

    SlowConnection a, b;
};

TEST_F(FloodTest, WaitsWhileEveryReceiverIsBehind) {
    a.backlog = 2 << 20;
    b.backlog = 1 << 20;
    flood(600);
    run_turns();
    EXPECT_EQ(a.frames, 0u) << "nothing made while both are a megabyte behind";
    ASSERT_TRUE(a.waiters.empty());
    ASSERT_EQ(b.waiters.size(), 1u) << "the flood waits on the one least behind";
    EXPECT_EQ(b.waiters[0].first, 256u * 1024);
    b.drain();
    EXPECT_EQ(b.frames, 256u) << "one batch per turn";
    b.backlog = 1 << 20;
    run_turns();
    EXPECT_EQ(b.frames, 256u);
    ASSERT_EQ(b.waiters.size(), 1u);
    b.drain();
    run_turns();
    EXPECT_EQ(contents().size(), 600u);
    EXPECT_EQ(a.frames, 600u) << "the one behind still gets every message";
}

TEST_F(FloodTest, AStuckReceiverDoesNotHoldUpTheOthers) {
    a.backlog = 64 << 20;
    flood(300);
    run_turns();
    EXPECT_EQ(b.frames, 300u);
    EXPECT_TRUE(a.waiters.empty());
}

}  // namespace
}  // namespace cordgate::tests::emulator
