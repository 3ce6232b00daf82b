#pragma once
// Snowflakes made by the emulator. They come from a counter, not the clock, so two runs of
// the same scenario give the same ids; each new id is one millisecond after the last one
// (and after every id seen in the seed), so ids still sort by creation order like Discord's.

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cordgate::tests::emulator {

inline constexpr std::uint64_t kDiscordEpochMs = 1420070400000ULL;

class SnowflakeGenerator {
  public:
    // 2024-01-01T00:00:00Z: a fixed, plausible start so timestamps look real.
    explicit SnowflakeGenerator(std::uint64_t start_ms = 1704067200000ULL) : last_ms_(start_ms) {}

    std::uint64_t next();
    // Makes every later id sort after `id` (used for ids that come from the seed).
    void observe(std::uint64_t id);

    static std::uint64_t timestamp_ms(std::uint64_t id) { return (id >> 22) + kDiscordEpochMs; }

  private:
    std::uint64_t last_ms_;
    std::uint64_t increment_ = 0;
};

// Discord's timestamp format: 2024-01-01T00:00:00.000000+00:00.
std::string iso8601_from_ms(std::uint64_t unix_ms);

// Strict decimal parse: 1-20 digits, fits in 64 bits.
std::optional<std::uint64_t> parse_snowflake(std::string_view text);
// Accepts a JSON string or an unsigned integer: discord.py sends some ids as numbers.
std::optional<std::uint64_t> snowflake_of(const rapidjson::Value& v);

}  // namespace cordgate::tests::emulator
