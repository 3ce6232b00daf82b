#include <tests/emulator/snowflake.hpp>

#include <gtest/gtest.h>

namespace cordgate::tests::emulator {
namespace {

TEST(Snowflake, GeneratorIsDeterministicAndIncreasing) {
    SnowflakeGenerator a, b;
    std::uint64_t prev = 0;
    for (int i = 0; i < 5000; ++i) {
        const auto x = a.next();
        EXPECT_EQ(x, b.next());
        EXPECT_GT(x, prev);
        prev = x;
    }
}

TEST(Snowflake, TimestampRoundTrip) {
    SnowflakeGenerator g(1704067200000ULL);
    const auto id = g.next();
    EXPECT_EQ(SnowflakeGenerator::timestamp_ms(id), 1704067200001ULL);
    EXPECT_EQ(iso8601_from_ms(1704067200001ULL), "2024-01-01T00:00:00.001000+00:00");
}

TEST(Snowflake, ObserveMovesPastSeededIds) {
    SnowflakeGenerator g(1704067200000ULL);
    const std::uint64_t future = ((1800000000000ULL - kDiscordEpochMs) << 22) | 77;
    g.observe(future);
    EXPECT_GT(g.next(), future);
}

TEST(Snowflake, RealClockIdsCarryTheTimeAndNeverGoBack) {
    std::uint64_t now = 1800000000000ULL;
    SnowflakeGenerator g;
    g.use_clock([&] { return now; });
    const auto a = g.next();
    EXPECT_EQ(SnowflakeGenerator::timestamp_ms(a), now);
    const auto b = g.next();  // the same millisecond: the increment tells them apart
    EXPECT_EQ(SnowflakeGenerator::timestamp_ms(b), now);
    EXPECT_GT(b, a);
    now += 5000;
    const auto c = g.next();
    EXPECT_EQ(SnowflakeGenerator::timestamp_ms(c), now);
    now -= 60000;  // the wall clock steps back: ids still grow
    std::uint64_t prev = c;
    for (int i = 0; i < 5000; ++i) {  // more than 4096 in one millisecond, too
        const auto x = g.next();
        EXPECT_GT(x, prev);
        prev = x;
    }
    EXPECT_LE(SnowflakeGenerator::timestamp_ms(prev), now + 60000 + 2);
}

TEST(Snowflake, RealClockStaysAfterSeededIds) {
    const std::uint64_t now = 1800000000000ULL;
    SnowflakeGenerator g;
    g.use_clock([&] { return now; });
    const std::uint64_t same_ms = ((now - kDiscordEpochMs) << 22) | 9;
    g.observe(same_ms);
    EXPECT_GT(g.next(), same_ms);
    const std::uint64_t future = ((now + 1000 - kDiscordEpochMs) << 22);
    g.observe(future);
    EXPECT_GT(g.next(), future);
}

TEST(Snowflake, ParsesStringsAndIntegersWithoutPrecisionLoss) {
    rapidjson::Document d;
    d.Parse(R"({"s":"1575035618902282240","n":1575035618902282240,"max":18446744073709551615,)"
            R"("neg":-1,"f":1.5,"bad":"12a","big":"18446744073709551616"})");
    EXPECT_EQ(snowflake_of(d["s"]), 1575035618902282240ULL);
    EXPECT_EQ(snowflake_of(d["n"]), 1575035618902282240ULL);
    EXPECT_EQ(snowflake_of(d["max"]), 18446744073709551615ULL);
    EXPECT_FALSE(snowflake_of(d["neg"]));
    EXPECT_FALSE(snowflake_of(d["f"]));
    EXPECT_FALSE(snowflake_of(d["bad"]));
    EXPECT_FALSE(snowflake_of(d["big"]));
}

}  // namespace
}  // namespace cordgate::tests::emulator
