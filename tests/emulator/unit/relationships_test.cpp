// Emulator: friend requests with both sides told (PUT / DELETE /users/@me/relationships/{id} and
// the /friend control), blocks, a profile change carried by PRESENCE_UPDATE (/user), and the
// /thread control (rename, delete).

#include <tests/emulator/control_api.hpp>
#include <tests/emulator/seed.hpp>

#include <gtest/gtest.h>

namespace cordgate::tests::emulator {
namespace {

class RelationshipsTest : public ::testing::Test {
  protected:
    void SetUp() override {
        load_seed(
            world,
            R"({"users":[{"id":"1","username":"a","token":"ta"},{"id":"2","username":"b","token":"tb"},
                               {"id":"3","username":"bot","bot":true}],
            "guilds":[{"id":"10","members":[{"user_id":"1"},{"user_id":"2"}],
                       "channels":[{"id":"20"}],
                       "threads":[{"id":"30","name":"th","parent_id":"20","owner_id":"2"}]}]})");
    }

    HttpResponse call(const std::string& method, const std::string& path, std::string body,
                      const char* token = "ta") {
        HttpRequest req;
        req.method = method;
        req.path = path;
        req.body = std::move(body);
        req.headers["content-type"] = "application/json";
        req.headers["authorization"] = token;
        if (path.rfind("/_emulator/", 0) == 0) return control.handle(req);
        return rest.handle(req);
    }

    // The type of owner's relationship with target, 0 for none.
    int type(std::uint64_t owner, std::uint64_t target) {
        for (const auto& r : world.relationships[owner])
            if (r.user_id == target) return r.type;
        return 0;
    }

    Clock clock{[] { return std::uint64_t{1000}; }, [] { return std::uint64_t{1000}; },
                [] { return std::uint64_t{1000}; }};
    World world;
    Scheduler scheduler = [](std::uint64_t, std::function<void()>) {};
    Gateway gateway{world, scheduler, "ws://x/gateway", 1000};
    Operations ops{world, gateway};
    RestRouter rest{world, ops, clock, "ws://x/gateway"};
    CdnLog cdn;
    ControlApi control{world, ops, gateway, rest, cdn, scheduler, clock};
};

TEST_F(RelationshipsTest, APutIsARequestOnBothSidesAndTheOtherPutAcceptsIt) {
    ASSERT_EQ(call("PUT", "/api/v9/users/@me/relationships/2", "{}").status, 204);
    EXPECT_EQ(type(1, 2), 4);
    EXPECT_EQ(type(2, 1), 3);
    EXPECT_EQ(call("PUT", "/api/v9/users/@me/relationships/2", "{}").status, 204);  // again
    EXPECT_EQ(type(1, 2), 4);
    ASSERT_EQ(
        call("POST", "/_emulator/friend", R"({"user_id":"2","target_id":"1","action":"accept"})")
            .status,
        200);
    EXPECT_EQ(type(1, 2), 1);
    EXPECT_EQ(type(2, 1), 1);
}

TEST_F(RelationshipsTest, ADeleteEndsARequestOnBothSides) {
    call("POST", "/_emulator/friend", R"({"user_id":"2","target_id":"1","action":"request"})");
    EXPECT_EQ(type(1, 2), 3);
    ASSERT_EQ(call("DELETE", "/api/v9/users/@me/relationships/2", "").status, 204);
    EXPECT_EQ(type(1, 2), 0);
    EXPECT_EQ(type(2, 1), 0);
    EXPECT_EQ(call("DELETE", "/api/v9/users/@me/relationships/2", "").status, 404);
}

TEST_F(RelationshipsTest, ABlockEndsTheOthersFriendshipAndRefusesTheirRequests) {
    call("PUT", "/api/v9/users/@me/relationships/2", "{}");
    call("PUT", "/api/v9/users/@me/relationships/1", "{}", "tb");
    ASSERT_EQ(type(2, 1), 1);
    ASSERT_EQ(call("PUT", "/api/v9/users/@me/relationships/2", R"({"type":2})").status, 204);
    EXPECT_EQ(type(1, 2), 2);
    EXPECT_EQ(type(2, 1), 0);
    EXPECT_EQ(call("PUT", "/api/v9/users/@me/relationships/1", "{}", "tb").status, 400);
    // Unblocking touches the blocker's side only.
    call("DELETE", "/api/v9/users/@me/relationships/2", "");
    EXPECT_EQ(type(1, 2), 0);
}

TEST_F(RelationshipsTest, NoFriendRequestToABot) {
    EXPECT_EQ(call("PUT", "/api/v9/users/@me/relationships/3", "{}").status, 400);
    EXPECT_EQ(type(1, 3), 0);
}

TEST_F(RelationshipsTest, TheUserControlChangesTheProfile) {
    auto r =
        call("POST", "/_emulator/user", R"({"user_id":"2","global_name":"Bee","avatar":"abc"})");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(world.user(2)->global_name, "Bee");
    EXPECT_EQ(world.user(2)->avatar, "abc");
    JsonOut j;
    world.write_presence(j, *world.user(2), 0, true);
    const std::string p = j.take();
    EXPECT_NE(p.find(R"("global_name":"Bee")"), std::string::npos) << p;
    EXPECT_NE(p.find(R"("username":"b")"), std::string::npos) << p;
}

TEST_F(RelationshipsTest, TheThreadControlRenamesAndDeletes) {
    ASSERT_EQ(call("POST", "/_emulator/thread", R"({"thread_id":"30","name":"renamed"})").status,
              200);
    EXPECT_EQ(world.channels.at(30).name, "renamed");
    ASSERT_EQ(call("POST", "/_emulator/thread", R"({"thread_id":"30","remove":true})").status, 200);
    EXPECT_FALSE(world.channels.count(30));
    EXPECT_EQ(call("POST", "/_emulator/thread", R"({"thread_id":"30"})").status, 404);
}

}  // namespace
}  // namespace cordgate::tests::emulator
