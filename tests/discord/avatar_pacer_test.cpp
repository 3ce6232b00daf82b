// The pacing of avatar fetches: a token bucket and a cap on fetches underway, on a test clock.

#include <adapters/discord/avatar_pacer.hpp>

#include <gtest/gtest.h>

namespace cordgate::adapters::discord {
namespace {

TEST(AvatarPacer, ABurstThenTheSteadyRate) {
    AvatarPacer pacer({10, 3, 100}, 0);
    int started = 0;
    while (pacer.try_start(0)) ++started;
    EXPECT_EQ(started, 3);  // the burst
    EXPECT_EQ(pacer.wait(0), 100);
    EXPECT_FALSE(pacer.try_start(99));
    EXPECT_TRUE(pacer.try_start(100));
    // Over one second from empty: ten more, not more.
    started = 0;
    for (Millis t = 100; t <= 1100; t += 10) {
        while (pacer.try_start(t)) ++started;
    }
    EXPECT_EQ(started, 10);
}

TEST(AvatarPacer, NoMoreUnderwayThanAllowed) {
    AvatarPacer pacer({100, 10, 2}, 0);
    EXPECT_TRUE(pacer.try_start(0));
    EXPECT_TRUE(pacer.try_start(0));
    EXPECT_FALSE(pacer.try_start(1000));  // tokens enough, slots none
    EXPECT_EQ(pacer.underway(), 2);
    pacer.finished();
    EXPECT_TRUE(pacer.try_start(1000));
    EXPECT_FALSE(pacer.try_start(1000));
}

TEST(AvatarPacer, TheBucketHoldsNoMoreThanItsBurstAndAClockGoingBackAddsNothing) {
    AvatarPacer pacer({10, 2, 100}, 0);
    int started = 0;
    while (pacer.try_start(60'000)) ++started;  // a minute idle: still only the burst
    EXPECT_EQ(started, 2);
    EXPECT_FALSE(pacer.try_start(1'000));
    EXPECT_GT(pacer.wait(59'000), 0);
}

}  // namespace
}  // namespace cordgate::adapters::discord
