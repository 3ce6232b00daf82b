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
    Scheduler scheduler = [](std::uint64_t, std::function<void()>) {};
    Gateway gateway{world, scheduler, "ws://x/gateway", 1000};
    Operations ops{world, gateway};
    RestRouter rest{world, ops, clock, "ws://x/gateway"};
    ControlApi control{world, ops, gateway, rest, scheduler, clock};
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

}  // namespace
}  // namespace cordgate::tests::emulator
