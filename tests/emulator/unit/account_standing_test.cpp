#include <tests/emulator/account_standing.hpp>

#include <gtest/gtest.h>

namespace cordgate::tests::emulator {
namespace {

TEST(AccountStanding, CountsRepeatedFlagsAndListsThemInOrder) {
    AccountStanding s;
    EXPECT_FALSE(s.record(2, {"bot_user_agent", "DiscordBot"}));
    EXPECT_FALSE(s.record(2, {"bot_user_agent", "DiscordBot"}));
    EXPECT_FALSE(s.record(1, {"api_version", "REST /api/v10"}));
    EXPECT_EQ(s.flag_count(2), 2u);
    EXPECT_EQ(s.flag_count(3), 0u);
    JsonOut j;
    s.write_flags(j);
    EXPECT_EQ(j.take(),
              R"({"flags":[{"user_id":"1","kind":"api_version","detail":"REST /api/v10",)"
              R"("count":1},{"user_id":"2","kind":"bot_user_agent","detail":"DiscordBot",)"
              R"("count":2}]})");
    s.clear_flags();
    EXPECT_EQ(s.flag_count(2), 0u);
}

TEST(AccountStanding, StrictModeLocksAnAccountOnceAtTheThreshold) {
    AccountStanding s;
    s.set_strict({true, 3, "REQUIRE_VERIFIED_EMAIL"});
    EXPECT_FALSE(s.record(1, {"a", ""}));
    EXPECT_FALSE(s.record(1, {"b", ""}));
    EXPECT_EQ(s.record(1, {"a", ""}), std::optional<std::string>("REQUIRE_VERIFIED_EMAIL"));
    EXPECT_FALSE(s.record(1, {"a", ""}));  // already locked: no second update
    EXPECT_EQ(s.required_action(1), "REQUIRE_VERIFIED_EMAIL");
    EXPECT_EQ(s.required_action(2), "");
}

TEST(AccountStanding, RequiredActionSetAndClearedDirectly) {
    AccountStanding s;
    EXPECT_TRUE(s.set_required_action(1, "REQUIRE_VERIFIED_PHONE"));
    EXPECT_FALSE(s.set_required_action(1, "REQUIRE_VERIFIED_PHONE"));
    EXPECT_TRUE(s.set_required_action(1, ""));
    EXPECT_FALSE(s.set_required_action(1, ""));
    EXPECT_EQ(s.required_action(1), "");
}

}  // namespace
}  // namespace cordgate::tests::emulator
