// The gateway with user accounts' subscriptions: what a session gets without op 37 / op 14
// and with it, the member sidebar over the gateway, large guilds, THREAD_LIST_SYNC.
#include <tests/emulator/operations.hpp>
#include <tests/emulator/seed.hpp>
#include <tests/emulator/unit/fake_connection.hpp>

#include <gtest/gtest.h>

namespace cordgate::tests::emulator {
namespace {

// alice (1) is friends with bob (2); carol (3) is a stranger in the guild; dave (4) is not in
// it; the bot (9) has every intent.
constexpr const char* kSeed = R"({
  "users": [{"id": "1", "username": "alice", "token": "ta"}, {"id": "2", "username": "bob", "token": "tb"},
            {"id": "3", "username": "carol"}, {"id": "4", "username": "dave", "status": "offline"},
            {"id": "9", "username": "robot", "bot": true, "token": "tbot"}],
  "relationships": [{"user_id": "1", "target_id": "2", "type": 1}],
  "guilds": [{"id": "10", "owner_id": "1",
              "roles": [{"id": "11", "name": "mods", "position": 1, "hoist": true}],
              "members": [{"user_id": "1"}, {"user_id": "2"}, {"user_id": "3"}, {"user_id": "9"}],
              "channels": [{"id": "20", "name": "general"}],
              "threads": [{"id": "30", "name": "mine", "parent_id": "20", "owner_id": "1"},
                          {"id": "31", "name": "theirs", "parent_id": "20", "owner_id": "3"}]}]
})";

class SubscriptionGatewayTest : public ::testing::Test {
  protected:
    void SetUp() override { load_seed(world, kSeed); }
    std::uint64_t identify(FakeConnection& c, const std::string& token, const char* extra = "") {
        const auto id = gw.on_open(c, 9, false);
        gw.on_text(id, R"({"op":2,"d":{"token":")" + token + "\"" + extra + "}}");
        return id;
    }
    // The dispatch types sent to `c` after its first `from` frames.
    static std::vector<std::string> types(const FakeConnection& c, std::size_t from) {
        std::vector<std::string> out;
        for (std::size_t i = from; i < c.sent.size(); ++i) {
            auto f = c.frame(i);
            if (f["t"].IsString()) out.emplace_back(f["t"].GetString());
        }
        return out;
    }
    static rapidjson::Document last_of(const FakeConnection& c, const std::string& type) {
        for (std::size_t i = c.sent.size(); i-- > 0;) {
            auto f = c.frame(i);
            if (f["t"].IsString() && type == f["t"].GetString()) return f;
        }
        ADD_FAILURE() << "no " << type;
        return {};
    }
    // carol's message in #general.
    static NewMessage by_carol(const std::string& content) {
        NewMessage m;
        m.channel_id = 20;
        m.author_id = 3;
        m.content = content;
        return m;
    }
    // Everything a stranger does in the guild.
    void stranger_acts() {
        ops.typing(20, 3, 1700000000);
        ops.presence(3, "idle", "");
        ops.set_member(10, 3, "Cee", {});
    }
    World world;
    Gateway gw{world, [](std::uint64_t, std::function<void()> fn) { fn(); }, "ws://x/gateway",
               1000};
    Operations ops{world, gw};
};

using Strings = std::vector<std::string>;

TEST_F(SubscriptionGatewayTest, WithoutASubscriptionAStrangersEventsDoNotArrive) {
    FakeConnection a, bot;
    identify(a, "ta");
    identify(bot, "tbot", R"(,"intents":33554431)");
    const auto mark = a.sent.size(), bot_mark = bot.sent.size();
    stranger_acts();
    EXPECT_EQ(types(a, mark), Strings{});
    EXPECT_EQ(types(bot, bot_mark),
              (Strings{"TYPING_START", "PRESENCE_UPDATE", "GUILD_MEMBER_UPDATE"}))
        << "bots keep intent routing";
    // A friend's presence and member changes arrive anyway, and so do messages.
    ops.presence(2, "dnd", "");
    ops.set_member(10, 2, "B", {});
    ops.create_message(by_carol("hi"));
    EXPECT_EQ(types(a, mark), (Strings{"PRESENCE_UPDATE", "PRESENCE_UPDATE", "GUILD_MEMBER_UPDATE",
                                       "MESSAGE_CREATE"}))
        << "bob's guild presence, his friend presence, his member update, the message";
}

TEST_F(SubscriptionGatewayTest, Op37OpensTypingPresencesAndMemberEvents) {
    FakeConnection a;
    const auto conn = identify(a, "ta");
    gw.on_text(conn, R"({"op":37,"d":{"subscriptions":{"10":{"typing":true,"activities":true,
        "threads":false,"member_updates":true,"members":["3"],"channels":{},"thread_member_lists":[]}}}})");
    const auto mark = a.sent.size();
    stranger_acts();
    EXPECT_EQ(types(a, mark), (Strings{"TYPING_START", "PRESENCE_UPDATE", "GUILD_MEMBER_UPDATE"}));
    ops.set_member(10, 4, "", {});  // dave joins
    EXPECT_EQ(types(a, mark).back(), "GUILD_MEMBER_ADD") << "member_updates";
    ops.remove_member(10, 4);
    EXPECT_EQ(types(a, mark).back(), "GUILD_MEMBER_REMOVE");
}

TEST_F(SubscriptionGatewayTest, Op14IsTheSameAsOneGuildOfOp37) {
    FakeConnection a;
    const auto conn = identify(a, "ta");
    gw.on_text(conn, R"({"op":14,"d":{"guild_id":"10","typing":true,"members":["3"]}})");
    const auto mark = a.sent.size();
    stranger_acts();
    EXPECT_EQ(types(a, mark), (Strings{"TYPING_START", "PRESENCE_UPDATE", "GUILD_MEMBER_UPDATE"}));
}

TEST_F(SubscriptionGatewayTest, BadSubscriptionsAreIgnoredNotClosed) {
    FakeConnection a;
    const auto conn = identify(a, "ta");
    for (const char* bad :
         {R"({"op":37,"d":null})", R"({"op":37,"d":{"subscriptions":[1]}})",
          R"({"op":37,"d":{"subscriptions":{"10":{"typing":"yes","channels":{"20":[[5]]}}}}})",
          R"({"op":37,"d":{"subscriptions":{"999":{"typing":true}}}})", R"({"op":14,"d":7})",
          R"({"op":14,"d":{"guild_id":"10","channels":{"20":[[0,1000]]}}})"})
        gw.on_text(conn, bad);
    EXPECT_EQ(a.closed_with, -1);
    const auto mark = a.sent.size();
    stranger_acts();
    EXPECT_EQ(types(a, mark), Strings{});
}

TEST_F(SubscriptionGatewayTest, SidebarSyncThenInsertUpdateDelete) {
    FakeConnection a;
    const auto conn = identify(a, "ta");
    gw.on_text(
        conn,
        R"({"op":37,"d":{"subscriptions":{"10":{"typing":true,"channels":{"20":[[0,99]]}}}}})");
    auto sync = last_of(a, "GUILD_MEMBER_LIST_UPDATE");
    const auto& d = sync["d"];
    EXPECT_STREQ(d["id"].GetString(), "everyone");
    EXPECT_EQ(d["member_count"].GetInt(), 4);
    EXPECT_EQ(d["online_count"].GetInt(), 4);
    ASSERT_EQ(d["ops"].Size(), 1u);
    EXPECT_STREQ(d["ops"][0]["op"].GetString(), "SYNC");
    EXPECT_EQ(d["ops"][0]["items"].Size(), 5u);  // [online] alice bob carol robot

    // carol goes offline: she moves to a new "offline" group.
    auto mark = a.sent.size();
    ops.presence(3, "offline", "");
    auto moved = last_of(a, "GUILD_MEMBER_LIST_UPDATE");
    EXPECT_EQ(types(a, mark), (Strings{"PRESENCE_UPDATE", "GUILD_MEMBER_LIST_UPDATE"}))
        << "carol is in the synced range, so her presence arrives too";
    EXPECT_EQ(moved["d"]["online_count"].GetInt(), 3);
    std::string kinds;
    for (const auto& op : moved["d"]["ops"].GetArray())
        kinds += std::string(op["op"].GetString()) + " ";
    EXPECT_EQ(kinds,
              "UPDATE DELETE INSERT INSERT ");  // [online] count, carol out, [offline], carol

    // bob gets the hoisted role: the new "mods" group comes first.
    ops.set_member(10, 2, "", {11});
    auto promoted = last_of(a, "GUILD_MEMBER_LIST_UPDATE");
    EXPECT_STREQ(promoted["d"]["groups"][0]["id"].GetString(), "11");
    EXPECT_STREQ(promoted["d"]["ops"][0]["op"].GetString(), "INSERT");

    // dave joins (offline): INSERT; then leaves: DELETE.
    ops.set_member(10, 4, "", {});
    auto joined = last_of(a, "GUILD_MEMBER_LIST_UPDATE");
    EXPECT_EQ(joined["d"]["member_count"].GetInt(), 5);
    bool inserted_dave = false;
    for (const auto& op : joined["d"]["ops"].GetArray())
        if (std::string(op["op"].GetString()) == "INSERT" && op["item"].HasMember("member"))
            inserted_dave |= std::string(op["item"]["member"]["user"]["id"].GetString()) == "4";
    EXPECT_TRUE(inserted_dave);
    mark = a.sent.size();
    ops.remove_member(10, 4);
    auto left = last_of(a, "GUILD_MEMBER_LIST_UPDATE");
    EXPECT_EQ(left["d"]["member_count"].GetInt(), 4);
    EXPECT_STREQ(left["d"]["ops"][0]["op"].GetString(), "UPDATE");  // the offline count
    EXPECT_STREQ(left["d"]["ops"][1]["op"].GetString(), "DELETE");
    EXPECT_EQ(types(a, mark), Strings{"GUILD_MEMBER_LIST_UPDATE"}) << "no member_updates";

    // Unsubscribing the channel stops the updates.
    gw.on_text(conn, R"({"op":37,"d":{"subscriptions":{"10":{"channels":{}}}}})");
    mark = a.sent.size();
    ops.presence(3, "online", "");
    EXPECT_EQ(types(a, mark), Strings{});
}

TEST_F(SubscriptionGatewayTest, LargeGuildMessagesOnlyWhenSubscribed) {
    world.large_threshold = 3;  // four members: large
    FakeConnection a;
    const auto conn = identify(a, "ta");
    auto mark = a.sent.size();
    ops.create_message(by_carol("hello"));
    ops.add_reaction(20, world.channels.at(20).last_message_id, 3, Emoji{"x", 0});
    EXPECT_EQ(types(a, mark), Strings{});
    auto [m, created] = ops.create_message(by_carol("<@1>"));
    (void)created;
    ops.edit_message(20, m->id, 0, std::string("<@1> edited"));
    EXPECT_EQ(types(a, mark), (Strings{"MESSAGE_CREATE", "MESSAGE_UPDATE"}))
        << "a message that mentions the user reaches them unsubscribed";
    // Without typing:true the other subscriptions do nothing in a large guild.
    gw.on_text(conn, R"({"op":37,"d":{"subscriptions":{"10":{"member_updates":true}}}})");
    ops.create_message(by_carol("still nothing"));
    EXPECT_EQ(types(a, mark), (Strings{"MESSAGE_CREATE", "MESSAGE_UPDATE"}));
    gw.on_text(conn, R"({"op":37,"d":{"subscriptions":{"10":{"typing":true}}}})");
    EXPECT_EQ(types(a, mark).back(), "GUILD_CREATE") << "the first subscription of a large guild";
    mark = a.sent.size();
    ops.create_message(by_carol("now"));
    EXPECT_EQ(types(a, mark), Strings{"MESSAGE_CREATE"});
}

TEST_F(SubscriptionGatewayTest, ReadyHasOnlyAffineMembersAndJoinedThreads) {
    FakeConnection a;
    identify(a, "ta");
    auto ready = a.frame(1);
    const auto& g = ready["d"]["guilds"][0];
    std::set<std::string> members;
    for (const auto& m : g["members"].GetArray()) members.insert(m["user"]["id"].GetString());
    EXPECT_EQ(members, (std::set<std::string>{"1", "2"})) << "alice and her friend, not carol";
    ASSERT_EQ(g["threads"].Size(), 1u);
    EXPECT_STREQ(g["threads"][0]["id"].GetString(), "30");
    ASSERT_EQ(g["presences"].Size(), 1u);
    EXPECT_STREQ(g["presences"][0]["user"]["id"].GetString(), "2");
}

TEST_F(SubscriptionGatewayTest, ThreadsSubscriptionSyncsTheActiveThreads) {
    FakeConnection a;
    const auto conn = identify(a, "ta");
    gw.on_text(conn, R"({"op":37,"d":{"subscriptions":{"10":{"typing":true,"threads":true}}}})");
    auto sync = last_of(a, "THREAD_LIST_SYNC");
    EXPECT_STREQ(sync["d"]["guild_id"].GetString(), "10");
    ASSERT_EQ(sync["d"]["threads"].Size(), 2u);
    ASSERT_EQ(sync["d"]["members"].Size(), 1u);
    EXPECT_STREQ(sync["d"]["members"][0]["id"].GetString(), "30");
    const auto mark = a.sent.size();
    gw.on_text(conn, R"({"op":37,"d":{"subscriptions":{"10":{"threads":true}}}})");
    EXPECT_EQ(types(a, mark), Strings{}) << "only when threads turns on";
}

}  // namespace
}  // namespace cordgate::tests::emulator
