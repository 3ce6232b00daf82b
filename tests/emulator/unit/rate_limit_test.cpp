#include <tests/emulator/rate_limit.hpp>

#include <gtest/gtest.h>

namespace cordgate::tests::emulator {
namespace {

TEST(RateLimit, BucketKeysKeepMajorParameters) {
    EXPECT_EQ(route_bucket_key("POST", "/channels/123/messages"), "POST /channels/123/messages");
    EXPECT_EQ(route_bucket_key("PATCH", "/channels/123/messages/456"),
              "PATCH /channels/123/messages/:id");
    EXPECT_EQ(route_bucket_key("PUT", "/channels/1/messages/2/reactions/%F0%9F%91%8D/@me"),
              "PUT /channels/1/messages/:id/reactions/:id/@me");
    EXPECT_EQ(route_bucket_key("GET", "/users/99"), "GET /users/:id");
    EXPECT_EQ(route_bucket_key("GET", "/guilds/5/members/6"), "GET /guilds/5/members/:id");
}

TEST(RateLimit, DisabledAllowsEverything) {
    RateLimiter rl;
    for (int i = 0; i < 100; ++i) EXPECT_TRUE(rl.check("k", 0).allowed);
}

TEST(RateLimit, WindowExhaustsAndResets) {
    RateLimiter rl;
    rl.configure(true, 2, 1000);
    auto a = rl.check("k", 10000);
    EXPECT_TRUE(a.allowed);
    EXPECT_EQ(a.remaining, 1);
    EXPECT_EQ(a.reset_after_ms, 1000u);
    auto b = rl.check("k", 10400);
    EXPECT_TRUE(b.allowed);
    EXPECT_EQ(b.remaining, 0);
    EXPECT_EQ(b.reset_after_ms, 600u);
    auto c = rl.check("k", 10500);
    EXPECT_FALSE(c.allowed);
    EXPECT_EQ(c.reset_after_ms, 500u);
    EXPECT_TRUE(rl.check("other", 10500).allowed);  // buckets are independent
    auto d = rl.check("k", 11000);
    EXPECT_TRUE(d.allowed);
    EXPECT_EQ(d.remaining, 1);
    EXPECT_EQ(a.bucket, d.bucket);
}

}  // namespace
}  // namespace cordgate::tests::emulator
