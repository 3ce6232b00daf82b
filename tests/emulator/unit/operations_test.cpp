#include <tests/emulator/operations.hpp>
#include <tests/emulator/seed.hpp>

#include <gtest/gtest.h>

namespace cordgate::tests::emulator {
namespace {

NewMessage message(std::uint64_t channel_id, std::uint64_t author_id, std::string content,
                   std::optional<MessageReference> reference = std::nullopt) {
    NewMessage m;
    m.channel_id = channel_id;
    m.author_id = author_id;
    m.content = std::move(content);
    m.reference = reference;
    return m;
}

TEST(Emoji, UnicodeAndCustomForms) {
    EXPECT_EQ(parse_emoji("👍").name, "👍");
    EXPECT_EQ(parse_emoji("👍").id, 0u);
    const Emoji custom = parse_emoji("angry:123456789012345678");
    EXPECT_EQ(custom.name, "angry");
    EXPECT_EQ(custom.id, 123456789012345678u);
    EXPECT_EQ(parse_emoji("<a:party:42>").name, "party");
    EXPECT_EQ(parse_emoji("<:x:7>").id, 7u);
    EXPECT_EQ(parse_emoji("a:b").name, "a:b");  // not an id after the colon
}

class OpsTest : public ::testing::Test {
  protected:
    void SetUp() override {
        load_seed(world,
                  R"({"users":[{"id":"1","username":"a","token":"ta"},{"id":"2","username":"b"}],
            "guilds":[{"id":"10","members":[{"user_id":"1"}],"channels":[{"id":"20"}]}]})");
    }
    World world;
    Gateway gateway{world, [](std::uint64_t, std::function<void()>) {}, "ws://x/gateway", 1000};
    Operations ops{world, gateway};
};

TEST_F(OpsTest, EnforcedNonceCreatesOnce) {
    NewMessage m = message(20, 1, "hi");
    m.nonce = "n";
    m.enforce_nonce = true;
    auto [first, fresh1] = ops.create_message(m);
    auto [second, fresh2] = ops.create_message(m);
    EXPECT_TRUE(fresh1);
    EXPECT_FALSE(fresh2);
    EXPECT_EQ(first->id, second->id);
    m.enforce_nonce = false;  // without enforce_nonce a repeat is a new message, as on Discord
    EXPECT_TRUE(ops.create_message(m).second);
    EXPECT_EQ(world.messages.at(20).size(), 2u);
}

TEST_F(OpsTest, ReplyMentionsTheRepliedAuthorAndChecksTarget) {
    const std::uint64_t original = ops.create_message(message(20, 2, "q")).first->id;
    const Message* reply =
        ops.create_message(message(20, 1, "a", MessageReference{original, 0, 0})).first;
    EXPECT_EQ(reply->type, 19);
    EXPECT_EQ(reply->reference->channel_id, 20u);
    EXPECT_EQ(reply->reference->guild_id, 10u);
    EXPECT_EQ(reply->mentions, std::vector<std::uint64_t>{2});
    EXPECT_THROW(ops.create_message(message(20, 1, "a", MessageReference{999, 0, 0})), ApiError);
}

TEST_F(OpsTest, AccessIsCheckedOnlyWhenAskedFor) {
    EXPECT_NO_THROW(ops.channel_for(20, 0));
    EXPECT_NO_THROW(ops.channel_for(20, 1));
    try {
        ops.channel_for(20, 2);
        FAIL();
    } catch (const ApiError& e) {
        EXPECT_EQ(e.status, 403);
    }
    try {
        ops.channel_for(21, 0);
        FAIL();
    } catch (const ApiError& e) {
        EXPECT_EQ(e.code, 10003);
    }
}

}  // namespace
}  // namespace cordgate::tests::emulator
