// Emulator: guild roles, member roles, threads and categories from the seed; member joins,
// updates and leaves with their dispatches; op 3 presence per session; hostile raw frames;
// the CDN's avatars.

#include <tests/emulator/cdn.hpp>
#include <tests/emulator/operations.hpp>
#include <tests/emulator/seed.hpp>

#include <gtest/gtest.h>
#include <rapidjson/document.h>

namespace cordgate::tests::emulator {
namespace {

constexpr const char* kSeed = R"({
  "users": [{"id": "1", "username": "a", "token": "ta", "avatar": "abc123"},
            {"id": "2", "username": "b", "token": "tb"}, {"id": "3", "username": "c"}],
  "guilds": [{"id": "10", "owner_id": "1",
              "roles": [{"id": "11", "name": "mods", "permissions": "8"}],
              "members": [{"user_id": "1", "nick": "A", "roles": ["11"]}, {"user_id": "2"}],
              "channels": [{"id": "19", "type": 4, "name": "cat"},
                           {"id": "20", "name": "general", "topic": "t", "parent_id": "19"}],
              "threads": [{"id": "30", "name": "th", "parent_id": "20", "owner_id": "2"}]}]
})";

struct Recorder : Connection {
    std::vector<std::string> frames;
    void send(std::string_view f) override { frames.emplace_back(f); }
    void close(std::uint16_t, std::string) override {}
    void drop() override {}
    void ping(std::string_view) override {}
    std::size_t unsent() const override { return 0; }
    void when_unsent_at_most(std::size_t, std::function<void()>) override {}
};

class RoomsTest : public ::testing::Test {
  protected:
    void SetUp() override { load_seed(world, kSeed); }

    // A user session of `token` on a recorder; returns the connection id.
    std::uint64_t identify(Recorder& r, const std::string& token, const std::string& extra = "") {
        const auto conn = gateway.on_open(r, 10, false);
        gateway.on_text(conn, R"({"op":2,"d":{"token":")" + token + "\"" + extra + "}}");
        return conn;
    }

    static rapidjson::Document last(const Recorder& r) {
        rapidjson::Document d;
        d.Parse(r.frames.back().c_str());
        return d;
    }

    World world;
    Gateway gateway{world, [](std::uint64_t, std::function<void()>) {}, "ws://x/gateway", 1000};
    Operations ops{world, gateway};
};

TEST_F(RoomsTest, GuildJsonHasRolesMemberRolesCategoriesAndThreads) {
    JsonOut j;
    world.write_guild(j, world.guilds.at(10));
    rapidjson::Document g;
    g.Parse(j.take().c_str());
    ASSERT_EQ(g["roles"].Size(), 2u);
    EXPECT_STREQ(g["roles"][0]["name"].GetString(), "@everyone");
    EXPECT_STREQ(g["roles"][1]["permissions"].GetString(), "8");
    EXPECT_STREQ(g["members"][0]["roles"][0].GetString(), "11");
    EXPECT_STREQ(g["members"][0]["nick"].GetString(), "A");
    EXPECT_EQ(g["channels"].Size(), 2u) << "threads are not channels";
    EXPECT_STREQ(g["channels"][1]["parent_id"].GetString(), "19");
    EXPECT_STREQ(g["channels"][1]["topic"].GetString(), "t");
    ASSERT_EQ(g["threads"].Size(), 1u);
    EXPECT_EQ(g["threads"][0]["type"].GetInt(), 11);
    EXPECT_STREQ(g["threads"][0]["owner_id"].GetString(), "2");
    EXPECT_FALSE(g["threads"][0]["thread_metadata"]["archived"].GetBool());
}

TEST_F(RoomsTest, SeedErrorsForRolesAndThreads) {
    auto error = [](const std::string& json) {
        World w;
        try {
            load_seed(w, json);
        } catch (const SeedError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    const std::string users = R"("users":[{"id":"1","username":"a"}])";
    EXPECT_EQ(error("{" + users +
                    R"(,"guilds":[{"id":"10","members":[{"user_id":"1","roles":["99"]}]}]})"),
              "guilds[0].members[0].roles[0]: unknown role 99");
    EXPECT_EQ(
        error("{" + users + R"(,"guilds":[{"id":"10","roles":[{"id":"10","permissions":"x"}]}]})"),
        "guilds[0].roles[0].permissions: must be a decimal string or an unsigned integer");
    EXPECT_EQ(
        error("{" + users + R"(,"guilds":[{"id":"10","threads":[{"id":"30","parent_id":"77"}]}]})"),
        "guilds[0].threads[0].parent_id: not a channel of this guild");
}

TEST_F(RoomsTest, MemberJoinUpdateLeaveDispatches) {
    Recorder a;
    const auto conn = identify(a, "ta");
    // A user account hears of others' member changes once subscribed (user_routing.hpp).
    gateway.on_text(
        conn, R"({"op":37,"d":{"subscriptions":{"10":{"typing":true,"member_updates":true}}}})");
    ops.remove_member(10, 2);
    auto removed = last(a);
    EXPECT_STREQ(removed["t"].GetString(), "GUILD_MEMBER_REMOVE");
    EXPECT_STREQ(removed["d"]["guild_id"].GetString(), "10");
    EXPECT_STREQ(removed["d"]["user"]["id"].GetString(), "2");
    ops.set_member(10, 3, "Cee", {11});
    auto added = last(a);
    EXPECT_STREQ(added["t"].GetString(), "GUILD_MEMBER_ADD");
    EXPECT_STREQ(added["d"]["guild_id"].GetString(), "10");
    EXPECT_STREQ(added["d"]["user"]["id"].GetString(), "3");
    EXPECT_STREQ(added["d"]["nick"].GetString(), "Cee");
    ops.set_member(10, 3, "", {});
    auto updated = last(a);
    EXPECT_STREQ(updated["t"].GetString(), "GUILD_MEMBER_UPDATE");
    EXPECT_TRUE(updated["d"]["nick"].IsNull());
    EXPECT_THROW(ops.set_member(10, 3, "", {99}), ApiError);
    EXPECT_THROW(ops.remove_member(10, 2), ApiError);  // not a member any more
}

TEST_F(RoomsTest, ChannelUpdateChangesTopicAndNameForThoseWhoSeeIt) {
    Recorder a;
    identify(a, "ta");
    ops.update_channel(20, std::nullopt, std::string("new topic"));
    auto upd = last(a);
    EXPECT_STREQ(upd["t"].GetString(), "CHANNEL_UPDATE");
    EXPECT_STREQ(upd["d"]["id"].GetString(), "20");
    EXPECT_STREQ(upd["d"]["topic"].GetString(), "new topic");
    EXPECT_STREQ(upd["d"]["name"].GetString(), "general");  // absent fields stay
    EXPECT_STREQ(upd["d"]["guild_id"].GetString(), "10");
    ops.update_channel(20, std::string("chat"), std::nullopt);
    EXPECT_STREQ(last(a)["d"]["name"].GetString(), "chat");
    EXPECT_STREQ(last(a)["d"]["topic"].GetString(), "new topic");
    EXPECT_THROW(ops.update_channel(99, std::nullopt, std::nullopt), ApiError);
}

TEST_F(RoomsTest, BotsNeedGuildMembersIntentForMemberEvents) {
    world.users.at(2).bot = true;
    Recorder without, with;
    identify(without, "tb", R"(,"intents":513)");
    identify(with, "tb", R"(,"intents":515)");
    const auto before_without = without.frames.size(), before_with = with.frames.size();
    ops.set_member(10, 3, "", {});
    EXPECT_EQ(without.frames.size(), before_without);
    EXPECT_EQ(with.frames.size(), before_with + 1);
}

TEST_F(RoomsTest, PresenceFromIdentifyAndOp3IsKeptPerSession) {
    Recorder a;
    const auto conn = identify(a, "ta", R"(,"presence":{"status":"idle","activities":[]})");
    auto status = [&] {
        JsonOut j;
        gateway.write_sessions(j);
        rapidjson::Document d;
        d.Parse(j.take().c_str());
        return std::string(d[0]["presence"]["status"].GetString());
    };
    EXPECT_EQ(status(), "idle");
    gateway.on_text(conn, R"({"op":3,"d":{"status":"dnd","since":0,"afk":false,)"
                          R"("activities":[{"type":4,"name":"Custom Status","state":"busy"}]}})");
    EXPECT_EQ(status(), "dnd");
}

TEST_F(RoomsTest, RawFramesGoOutVerbatimAndDispatchesAreSequenced) {
    Recorder a;
    identify(a, "ta");
    const auto before = a.frames.size();
    auto ids = gateway.raw("", 1, {"not json"}, {{"MESSAGE_CREATE", R"({"id":"x"})"}});
    ASSERT_EQ(ids.size(), 1u);
    ASSERT_EQ(a.frames.size(), before + 2);
    EXPECT_EQ(a.frames[before], "not json");
    EXPECT_EQ(a.frames[before + 1], R"({"op":0,"s":2,"t":"MESSAGE_CREATE","d":{"id":"x"}})");
}

TEST_F(RoomsTest, CdnServesTheAvatarOfItsHashOnly) {
    HttpRequest req;
    req.method = "GET";
    req.path = "/avatars/1/abc123.png";
    auto ok = cdn_route(world, req);
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->status, 200);
    EXPECT_EQ(ok->body, avatar_png(1, "abc123"));
    EXPECT_EQ(ok->body.substr(1, 3), "PNG");
    // Another avatar is other bytes, so a test can tell which one a client got.
    EXPECT_NE(avatar_png(1, "abc124"), avatar_png(1, "abc123"));
    EXPECT_NE(avatar_png(2, "abc123"), avatar_png(1, "abc123"));
    CdnLog log;
    req.query_string = "size=128";
    ASSERT_TRUE(cdn_route(world, req, &log, 5));
    ASSERT_EQ(log.entries().size(), 1u);
    EXPECT_EQ(log.entries()[0].path, "/avatars/1/abc123.png");
    EXPECT_EQ(log.entries()[0].query, "size=128");
    EXPECT_EQ(log.entries()[0].status, 200);
    req.query_string.clear();
    req.path = "/avatars/1/other.png";
    EXPECT_EQ(cdn_route(world, req)->status, 404);
    req.path = "/avatars/2/abc123.png";  // user 2 has no avatar
    EXPECT_EQ(cdn_route(world, req)->status, 404);
    req.path = "/avatars/1/abc123.exe";
    EXPECT_EQ(cdn_route(world, req)->status, 404);
    req.path = "/api/v10/users/@me";
    EXPECT_FALSE(cdn_route(world, req));
}

}  // namespace
}  // namespace cordgate::tests::emulator
