// The REST rate limiter: buckets from headers, 429 (route and global), queues, shared buckets.

#include <adapters/discord/rate_limiter.hpp>

#include <gtest/gtest.h>

namespace cordgate::adapters::discord {
namespace {

using Tickets = std::vector<RateLimiter::Ticket>;

RateLimitInfo ok(int limit, int remaining, Millis reset_after, std::string bucket = "b1") {
    RateLimitInfo i;
    i.limit = limit;
    i.remaining = remaining;
    i.reset_after = reset_after;
    i.bucket = std::move(bucket);
    return i;
}

TEST(RateLimiter, OneInFlightPerRouteInOrder) {
    RateLimiter rl;
    rl.enqueue("POST /channels/1/messages", 1);
    rl.enqueue("POST /channels/1/messages", 2);
    rl.enqueue("POST /channels/2/messages", 3);
    EXPECT_EQ(rl.take_ready(0), (Tickets{1, 3}));
    EXPECT_EQ(rl.take_ready(0), Tickets{});
    EXPECT_FALSE(rl.on_response(1, ok(5, 4, 1000), 10));
    EXPECT_EQ(rl.take_ready(10), Tickets{2});
}

TEST(RateLimiter, NeverExceedsAKnownBucket) {
    RateLimiter rl;
    const std::string route = "POST /channels/1/messages";
    for (RateLimiter::Ticket t = 1; t <= 4; ++t) rl.enqueue(route, t);
    ASSERT_EQ(rl.take_ready(0), Tickets{1});
    rl.on_response(1, ok(2, 1, 1000), 0);
    ASSERT_EQ(rl.take_ready(0), Tickets{2});
    rl.on_response(2, ok(2, 0, 990), 10);
    // Bucket empty until 1000: nothing goes, and the wakeup says when.
    EXPECT_EQ(rl.take_ready(500), Tickets{});
    EXPECT_EQ(rl.next_wakeup(500), 1000);
    EXPECT_EQ(rl.take_ready(1000), Tickets{3});
}

TEST(RateLimiter, RouteLimitedBy429WaitsRetryAfterThenRetriesTheSameTicket) {
    RateLimiter rl;
    const std::string route = "POST /channels/1/messages";
    rl.enqueue(route, 7);
    rl.enqueue(route, 8);
    ASSERT_EQ(rl.take_ready(0), Tickets{7});
    RateLimitInfo limited = parse_rate_limit(
        429, "", "", "", "", "", "3", R"({"message":"slow","retry_after":1.25,"global":false})");
    EXPECT_EQ(limited.retry_after, 1250);  // the body wins over the whole-second header
    EXPECT_TRUE(rl.on_response(7, limited, 100));
    EXPECT_EQ(rl.take_ready(1349), Tickets{});
    EXPECT_EQ(rl.next_wakeup(200), 1350);
    EXPECT_EQ(rl.take_ready(1350), Tickets{7});  // the same request, still before 8
    rl.on_response(7, RateLimitInfo{}, 1400);
    EXPECT_EQ(rl.take_ready(1400), Tickets{8});
}

RateLimitInfo refused(double retry_after_s) {
    return parse_rate_limit(429, "", "", "", "", "", "",
                            R"({"retry_after":)" + std::to_string(retry_after_s) + "}");
}

TEST(RateLimiter, AnAssumedPaceLearnsWhatDiscordLetThroughAndARefusalCostsOnlyRetryAfter) {
    // Assumed 5 per 5 s; this channel's Discord lets 2 through (another client shares it).
    RateLimiter rl([](std::string_view) { return std::optional<RoutePace>(RoutePace{5, 5000}); });
    const std::string route = "POST /channels/1/messages";
    for (RateLimiter::Ticket t = 1; t <= 4; ++t) rl.enqueue(route, t);
    ASSERT_EQ(rl.take_ready(0), Tickets{1});
    rl.on_response(1, RateLimitInfo{}, 10);
    ASSERT_EQ(rl.take_ready(10), Tickets{2});
    rl.on_response(2, RateLimitInfo{}, 20);
    ASSERT_EQ(rl.take_ready(20), Tickets{3});
    ASSERT_TRUE(rl.on_response(3, refused(0.3), 30));
    // Two were let through in the window: the pace is 2 per 5 s from now on, so the refused one
    // waits for the window (not only retry_after), and goes before 4.
    EXPECT_EQ(rl.assumed_pace(route), (RoutePace{2, 5000}));
    // (Each window is followed by pace_margin(): 500 ms of 5 s.)
    EXPECT_EQ(rl.take_ready(330), Tickets{});
    EXPECT_EQ(rl.take_ready(5499), Tickets{});
    EXPECT_EQ(rl.take_ready(5500), Tickets{3});
    rl.on_response(3, RateLimitInfo{}, 5505);
    EXPECT_EQ(rl.take_ready(5510), Tickets{4});
    rl.on_response(4, RateLimitInfo{}, 5515);
    rl.enqueue(route, 5);
    EXPECT_EQ(rl.take_ready(5520), Tickets{});  // two in this window already
    EXPECT_EQ(rl.take_ready(11000), Tickets{5});
    rl.on_response(5, RateLimitInfo{}, 11010);
    EXPECT_EQ(rl.assumed_pace(route), (RoutePace{2, 5000}));
    // A minute after the 429 the lesson is forgotten (it may have been someone else using the
    // bucket): the assumed pace is back.
    rl.enqueue(route, 6);
    EXPECT_EQ(rl.take_ready(20010), Tickets{6});
    rl.on_response(6, RateLimitInfo{}, 20020);
    EXPECT_EQ(rl.assumed_pace(route), (RoutePace{2, 5000}));
    rl.enqueue(route, 7);
    EXPECT_EQ(rl.take_ready(60030), Tickets{7});
    EXPECT_EQ(rl.assumed_pace(route), (RoutePace{5, 5000}));
}

TEST(RateLimiter, ARefusalOfTheFirstRequestWaitsRetryAfterNotAWholeWindow) {
    RateLimiter rl([](std::string_view) { return std::optional<RoutePace>(RoutePace{5, 5000}); });
    const std::string route = "POST /channels/1/messages";
    rl.enqueue(route, 1);
    ASSERT_EQ(rl.take_ready(0), Tickets{1});
    ASSERT_TRUE(rl.on_response(1, refused(0.3), 10));
    EXPECT_EQ(rl.take_ready(309), Tickets{});
    EXPECT_EQ(rl.take_ready(310), Tickets{1});
    // Nothing of ours had been let through: someone else used the bucket (the app, or this
    // adapter before a restart), which says nothing of the limit.
    EXPECT_EQ(rl.assumed_pace(route), (RoutePace{5, 5000}));
}

TEST(RateLimiter, Global429HoldsEveryRoute) {
    RateLimiter rl;
    rl.enqueue("POST /channels/1/messages", 1);
    rl.enqueue("POST /channels/2/messages", 2);
    ASSERT_EQ(rl.take_ready(0), (Tickets{1, 2}));
    auto global = parse_rate_limit(429, "", "", "", "", "true", "", R"({"retry_after":0.5})");
    EXPECT_TRUE(global.global);
    rl.on_response(1, global, 0);
    rl.on_response(2, RateLimitInfo{}, 0);
    rl.enqueue("POST /channels/2/messages", 3);
    EXPECT_EQ(rl.take_ready(499), Tickets{});
    EXPECT_EQ(rl.take_ready(500), (Tickets{1, 3}));
}

TEST(RateLimiter, RoutesSharingABucketAndMajorShareTheCount) {
    RateLimiter rl;
    // Learn that both reaction routes map to bucket "r".
    for (auto route : {"PUT /channels/1/messages/:id/reactions/:emoji/@me",
                       "DELETE /channels/1/messages/:id/reactions/:emoji/@me"}) {
        rl.enqueue(route, 1);
        auto t = rl.take_ready(0);
        ASSERT_EQ(t.size(), 1u);
        rl.on_response(t[0], ok(1, 1, 250, "r"), 0);
    }
    rl.enqueue("PUT /channels/1/messages/:id/reactions/:emoji/@me", 2);
    rl.enqueue("DELETE /channels/1/messages/:id/reactions/:emoji/@me", 3);
    // One slot left in the shared bucket: only one of the two may go.
    EXPECT_EQ(rl.take_ready(0).size(), 1u);
    // Another channel is another bucket instance.
    rl.enqueue("PUT /channels/2/messages/:id/reactions/:emoji/@me", 4);
    EXPECT_EQ(rl.take_ready(0), Tickets{4});
}

TEST(RateLimiter, AbandonedTicketFreesTheRoute) {
    RateLimiter rl;
    rl.enqueue("GET /users/:id", 1);
    rl.enqueue("GET /users/:id", 2);
    ASSERT_EQ(rl.take_ready(0), Tickets{1});
    rl.on_abandoned(1);
    EXPECT_EQ(rl.take_ready(0), Tickets{2});
    EXPECT_EQ(rl.in_flight(), 1u);
    EXPECT_EQ(rl.waiting(), 0u);
}

TEST(RateLimiter, ParsesHeadersAndDefaults) {
    auto i = parse_rate_limit(200, "5", "4", "0.001", "abc", "", "", "");
    EXPECT_EQ(i.limit, 5);
    EXPECT_EQ(i.remaining, 4);
    EXPECT_EQ(i.reset_after, 1);
    EXPECT_EQ(i.bucket, "abc");
    EXPECT_FALSE(i.retry_after);
    auto bare = parse_rate_limit(429, "x", "", "-1", "", "", "", "not json");
    EXPECT_FALSE(bare.limit);
    EXPECT_FALSE(bare.reset_after);
    EXPECT_EQ(bare.retry_after, 1000);
    EXPECT_EQ(major_parameter("POST /channels/42/messages"), "42");
    EXPECT_EQ(major_parameter("GET /guilds/7"), "7");
    EXPECT_EQ(major_parameter("GET /users/:id"), "");
}

}  // namespace
}  // namespace cordgate::adapters::discord
