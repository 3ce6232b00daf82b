// READY as the capabilities ask for it: the legacy shape for 0, the deduplicated READY and
// READY_SUPPLEMENTAL for the official client's bits (ready_shape.hpp has the citations).
#include <tests/emulator/gateway.hpp>
#include <tests/emulator/seed.hpp>
#include <tests/emulator/unit/fake_connection.hpp>

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <set>
#include <string>

namespace cordgate::tests::emulator {
namespace {

// discord.py-self's Capabilities.default() (discord/flags.py), the official client's value.
constexpr std::uint64_t kOfficial = 22525;

std::set<std::string> ids(const rapidjson::Value& arr, const char* key) {
    std::set<std::string> out;
    for (const auto& v : arr.GetArray()) out.insert(v[key].GetString());
    return out;
}

class ReadyShapeTest : public ::testing::Test {
  protected:
    void SetUp() override {
        // alice's friends: bob (online, in the guild and a DM) and carol (offline); dave is
        // a stranger in the guild, online.
        load_seed(world, R"({"users":[
            {"id":"1","username":"alice","token":"ta"},
            {"id":"2","username":"bob","token":"tb"},
            {"id":"3","username":"carol","status":"offline"},
            {"id":"4","username":"dave"}],
          "relationships":[{"user_id":"1","target_id":"2","type":1},
                           {"user_id":"1","target_id":"3","type":1}],
          "guilds":[{"id":"10","name":"g","owner_id":"1",
                     "members":[{"user_id":"1"},{"user_id":"2","nick":"Bobby"},{"user_id":"4"}],
                     "channels":[{"id":"20","name":"general"}]}],
          "private_channels":[{"id":"30","type":1,"recipients":["1","2"]}],
          "messages":[{"id":"40","channel_id":"30","author_id":"1","content":"hi"},
                      {"id":"41","channel_id":"30","author_id":"2","content":"hey"},
                      {"id":"42","channel_id":"20","author_id":"2","content":"all"}]})");
    }
    FakeConnection& identify(std::uint64_t capabilities) {
        const auto id = gw.on_open(c, 9, false);
        gw.on_text(id, R"({"op":2,"d":{"token":"ta","capabilities":)" +
                           std::to_string(capabilities) + "}}");
        return c;
    }
    World world;
    Gateway gw{world, [](std::uint64_t, std::function<void()> fn) { fn(); }, "ws://x/gateway",
               1000};
    FakeConnection c;
};

TEST_F(ReadyShapeTest, CapabilitiesZeroKeepTheLegacyShape) {
    identify(0);
    ASSERT_EQ(c.sent.size(), 2u);  // HELLO, READY, no READY_SUPPLEMENTAL
    auto f = c.frame(1);
    const auto& d = f["d"];
    EXPECT_STREQ(f["t"].GetString(), "READY");
    EXPECT_STREQ(d["relationships"][0]["user"]["username"].GetString(), "bob");
    EXPECT_STREQ(d["private_channels"][0]["recipients"][0]["id"].GetString(), "2");
    // The user and its friend, not dave: user accounts get no stranger members at login.
    EXPECT_EQ(d["guilds"][0]["members"].Size(), 2u);
    EXPECT_STREQ(d["guilds"][0]["name"].GetString(), "g");
    EXPECT_TRUE(d["presences"].IsArray());
    EXPECT_TRUE(d["user_settings"].IsObject());
    EXPECT_EQ(d["users"].Size(), 0u);
}

TEST_F(ReadyShapeTest, OfficialCapabilitiesGetTheDeduplicatedReady) {
    identify(kOfficial);
    ASSERT_EQ(c.sent.size(), 3u);
    auto f = c.frame(1);
    const auto& d = f["d"];
    EXPECT_STREQ(f["t"].GetString(), "READY");
    // Every other user the payload names once, the user itself in `user` only; dave is a
    // stranger in the guild, not named.
    EXPECT_EQ(ids(d["users"], "id"), (std::set<std::string>{"2", "3"}));
    EXPECT_STREQ(d["relationships"][0]["user_id"].GetString(), "2");
    EXPECT_FALSE(d["relationships"][0].HasMember("user"));
    EXPECT_STREQ(d["private_channels"][0]["recipient_ids"][0].GetString(), "2");
    EXPECT_FALSE(d["private_channels"][0].HasMember("recipients"));
    // CLIENT_STATE_V2: the guild's own fields under `properties`; members merged, only the
    // user's own with PRIORITIZED_READY_PAYLOAD.
    const auto& g = d["guilds"][0];
    EXPECT_STREQ(g["properties"]["name"].GetString(), "g");
    EXPECT_STREQ(g["properties"]["owner_id"].GetString(), "1");
    EXPECT_FALSE(g.HasMember("name"));
    EXPECT_FALSE(g.HasMember("members"));
    EXPECT_FALSE(g.HasMember("presences"));
    EXPECT_STREQ(g["channels"][0]["id"].GetString(), "20");
    ASSERT_EQ(d["merged_members"].Size(), 1u);
    ASSERT_EQ(d["merged_members"][0].Size(), 1u);
    EXPECT_STREQ(d["merged_members"][0][0]["user_id"].GetString(), "1");
    EXPECT_FALSE(d.HasMember("presences"));
    EXPECT_FALSE(d.HasMember("merged_presences"));
    EXPECT_FALSE(d.HasMember("user_settings"));  // USER_SETTINGS_PROTO
    // VERSIONED_READ_STATES: an object; the DM is read up to alice's own message.
    ASSERT_TRUE(d["read_state"].IsObject());
    ASSERT_EQ(d["read_state"]["entries"].Size(), 1u);
    EXPECT_STREQ(d["read_state"]["entries"][0]["id"].GetString(), "30");
    EXPECT_STREQ(d["read_state"]["entries"][0]["last_message_id"].GetString(), "40");
    EXPECT_EQ(d["user_guild_settings"]["entries"].Size(), 0u);

    auto s = c.frame(2);
    const auto& sd = s["d"];
    EXPECT_STREQ(s["t"].GetString(), "READY_SUPPLEMENTAL");
    EXPECT_EQ(s["s"].GetInt(), 2);
    EXPECT_STREQ(sd["guilds"][0]["id"].GetString(), "10");
    // Friends and DM partners among the members, not dave (gateway-events.mdx, "Gateway
    // Guild Structure", footnote 1).
    EXPECT_EQ(ids(sd["merged_members"][0], "user_id"), (std::set<std::string>{"2"}));
    // Non-offline friends only (carol is offline); in the guild, friends only (not dave).
    EXPECT_EQ(ids(sd["merged_presences"]["friends"], "user_id"), (std::set<std::string>{"2"}));
    EXPECT_STREQ(sd["merged_presences"]["friends"][0]["status"].GetString(), "online");
    EXPECT_EQ(ids(sd["merged_presences"]["guilds"][0], "user_id"), (std::set<std::string>{"2"}));
    EXPECT_EQ(sd["lazy_private_channels"].Size(), 0u);
}

TEST_F(ReadyShapeTest, DedupeWithoutPrioritizedKeepsEverythingInReady) {
    identify(ReadyShape::kDedupeUserObjects);
    ASSERT_EQ(c.sent.size(), 2u);
    auto f = c.frame(1);
    const auto& d = f["d"];
    EXPECT_EQ(ids(d["merged_members"][0], "user_id"), (std::set<std::string>{"1", "2"}));
    EXPECT_EQ(ids(d["merged_presences"]["friends"], "user_id"), (std::set<std::string>{"2"}));
    EXPECT_STREQ(d["guilds"][0]["name"].GetString(), "g");  // no CLIENT_STATE_V2
    ASSERT_TRUE(d["read_state"].IsArray());                 // no VERSIONED_READ_STATES
    EXPECT_TRUE(d["user_settings"].IsObject());
}

// A large guild full of strangers: READY lists its channels and roles, the user's own member and
// its friends' members, whatever the guild's size; `large` says there are more than 250.
TEST(ReadyShapeLarge, StrangersOfALargeGuildAreNeitherMembersNorUsers) {
    std::string members = R"({"user_id":"1"},{"user_id":"2"})";
    std::string users = R"({"id":"1","username":"alice","token":"ta"},{"id":"2","username":"bob"})";
    for (int i = 0; i < 300; ++i) {
        members += R"(,{"user_id":")" + std::to_string(1000 + i) + "\"}";
        users += R"(,{"id":")" + std::to_string(1000 + i) + R"(","username":"u)" +
                 std::to_string(i) + "\"}";
    }
    World world;
    load_seed(world, R"({"users":[)" + users + R"(],
          "relationships":[{"user_id":"1","target_id":"2","type":1}],
          "guilds":[{"id":"10","name":"big","members":[)" +
                         members + R"(],
                     "channels":[{"id":"20","name":"general"}]}],
          "private_channels":[],"messages":[]})");
    Gateway gw{world, [](std::uint64_t, std::function<void()> fn) { fn(); }, "ws://x/gateway",
               1000};
    FakeConnection c;
    const auto id = gw.on_open(c, 9, false);
    gw.on_text(id, R"({"op":2,"d":{"token":"ta","capabilities":22525}})");
    ASSERT_EQ(c.sent.size(), 3u);
    auto ready = c.frame(1);
    EXPECT_EQ(ids(ready["d"]["users"], "id"), (std::set<std::string>{"2"}));
    EXPECT_TRUE(ready["d"]["guilds"][0]["large"].GetBool());
    EXPECT_EQ(ready["d"]["guilds"][0]["member_count"].GetInt(), 302);
    auto supplemental = c.frame(2);
    EXPECT_EQ(ids(supplemental["d"]["merged_members"][0], "user_id"), (std::set<std::string>{"2"}));
}

}  // namespace
TEST_F(ReadyShapeTest, MutedGuildsAndChannelsFromTheSeedAreInUserGuildSettings) {
    World muted;
    load_seed(muted, R"({"users":[{"id":"1","username":"alice","token":"ta"}],
      "guilds":[{"id":"10","name":"g","owner_id":"1","members":[{"user_id":"1"}],
                 "channels":[{"id":"20","name":"general"},{"id":"21","name":"noise"}]},
                {"id":"11","name":"h","owner_id":"1","members":[{"user_id":"1"}]}],
      "user_guild_settings":[{"user_id":"1","guild_id":"10","muted_channels":["21"]},
                             {"user_id":"1","guild_id":"11","muted":true}]})");
    Gateway gateway{muted, [](std::uint64_t, std::function<void()> fn) { fn(); }, "ws://x/gateway",
                    1000};
    FakeConnection conn;
    const auto id = gateway.on_open(conn, 9, false);
    gateway.on_text(
        id, R"({"op":2,"d":{"token":"ta","capabilities":)" + std::to_string(kOfficial) + "}}");
    auto f = conn.frame(1);
    const auto& entries = f["d"]["user_guild_settings"]["entries"];
    ASSERT_EQ(entries.Size(), 2u);
    EXPECT_STREQ(entries[0]["guild_id"].GetString(), "10");
    EXPECT_FALSE(entries[0]["muted"].GetBool());
    ASSERT_EQ(entries[0]["channel_overrides"].Size(), 1u);
    EXPECT_STREQ(entries[0]["channel_overrides"][0]["channel_id"].GetString(), "21");
    EXPECT_TRUE(entries[0]["channel_overrides"][0]["muted"].GetBool());
    EXPECT_TRUE(entries[1]["muted"].GetBool());
    EXPECT_THROW(load_seed(muted, R"({"user_guild_settings":[{"user_id":"1","guild_id":"99"}]})"),
                 std::exception);
}

}  // namespace cordgate::tests::emulator
