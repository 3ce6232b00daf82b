#include <tests/emulator/seed.hpp>

#include <gtest/gtest.h>

namespace cordgate::tests::emulator {
namespace {

std::string error_of(const std::string& json) {
    World w;
    try {
        load_seed(w, json);
    } catch (const SeedError& e) {
        return e.what();
    }
    return "";
}

TEST(Seed, LoadsAWorld) {
    World w;
    load_seed(w, R"({
      "users": [{"id": "11", "username": "bot", "bot": true, "token": "t1"},
                {"id": 12, "username": "u", "token": "t2"}],
      "relationships": [{"user_id": "12", "target_id": "11", "type": 1}],
      "guilds": [{"id": "20", "name": "g", "members": [{"user_id": "11"}, {"user_id": "12"}],
                  "channels": [{"id": "30", "name": "general"}]}],
      "private_channels": [{"id": "40", "recipients": ["11", "12"]}],
      "messages": [{"channel_id": "30", "author_id": "12", "content": "hi"}]
    })");
    EXPECT_EQ(w.users.size(), 2u);
    EXPECT_EQ(w.application_id, 11u);  // the bot's id
    EXPECT_EQ(w.user_by_token("Bot t1")->id, 11u);
    EXPECT_EQ(w.user_by_token("t2")->id, 12u);
    EXPECT_EQ(w.user_by_token("nope"), nullptr);
    EXPECT_EQ(w.guilds.at(20).owner_id, 11u);
    EXPECT_TRUE(w.can_see(12, w.channels.at(40)));
    ASSERT_EQ(w.messages.at(30).size(), 1u);
    EXPECT_GT(w.messages.at(30).begin()->first, 40u);
    EXPECT_EQ(w.relationships.at(12).front().user_id, 11u);
}

TEST(Seed, ErrorsNameTheField) {
    EXPECT_NE(error_of("{").find("not JSON"), std::string::npos);
    EXPECT_NE(error_of("[]").find("top level"), std::string::npos);
    EXPECT_EQ(error_of(R"({"users":[{"username":"x"}]})"), "users[0].id: missing");
    EXPECT_EQ(error_of(R"({"users":[{"id":"x1","username":"x"}]})"),
              "users[0].id: not a snowflake (string or unsigned integer)");
    EXPECT_EQ(
        error_of(
            R"({"users":[{"id":"1","username":"a","token":"t"},{"id":"2","username":"b","token":"t"}]})"),
        "users[1].token: duplicate token");
    EXPECT_EQ(error_of(R"({"guilds":[{"id":"5","members":[{"user_id":"9"}]}]})"),
              "guilds[0].members[0].user_id: unknown user 9");
    EXPECT_EQ(
        error_of(
            R"({"users":[{"id":"1","username":"a"}],"private_channels":[{"id":"3","recipients":["1"]}]})"),
        "private_channels[0].recipients: a DM has exactly 2 recipients");
    EXPECT_EQ(error_of(R"({"messages":[{"channel_id":"3","author_id":"1"}]})"),
              "messages[0].channel_id: unknown channel 3");
    EXPECT_EQ(error_of(R"({"users":"no"})"), ".users: must be an array");
}

}  // namespace
}  // namespace cordgate::tests::emulator
