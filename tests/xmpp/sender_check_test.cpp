// SenderCheck: which 'from' an outgoing stanza may carry, asked again and again as a flood does.

#include <adapters/xmpp/sender_check.hpp>

#include <gtest/gtest.h>

#include <string>

namespace cordgate::adapters::xmpp::testing {
namespace {

TEST(SenderCheck, AcceptsWellFormedJidsInTheDomainOnly) {
    SenderCheck check("discord.localhost");
    for (const char* good :
         {"discord.localhost", "123@discord.localhost", "123@discord.localhost/res/with@at",
          "456@DISCORD.localhost", "room@discord.localhost/Some Nick"}) {
        EXPECT_TRUE(check.allowed(good)) << good;
        EXPECT_TRUE(check.allowed(good)) << good << " (remembered)";
    }
    for (const char* bad :
         {"", "123@other.localhost", "123@discord.localhost.evil", "discord.localhost@other",
          "a b@discord.localhost", "123@discord.localhost/", "@discord.localhost"}) {
        EXPECT_FALSE(check.allowed(bad)) << bad;
        EXPECT_FALSE(check.allowed(bad)) << bad << " (asked again)";
    }
}

TEST(SenderCheck, KeepsAnsweringRightPastItsBound) {
    SenderCheck check("discord.localhost", 8);
    for (int round = 0; round < 3; ++round) {
        for (int i = 0; i < 20; ++i) {
            const std::string id = std::to_string(1000 + i);
            EXPECT_TRUE(check.allowed(id + "@discord.localhost")) << id;
            EXPECT_FALSE(check.allowed(id + "@elsewhere.localhost")) << id;
        }
    }
}

}  // namespace
}  // namespace cordgate::adapters::xmpp::testing
