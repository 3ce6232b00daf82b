#pragma once
// Snowflakes made by the emulator, in one of two clocks:
// - fixed (tests that compare ids or times): a counter, not the clock, so two runs of the same
//   scenario give the same ids; each new id is one millisecond after the last one;
// - real (the emulator binary's default, the demo): each id carries the wall-clock millisecond,
//   with Discord's 12-bit increment telling apart ids of the same millisecond.
// Either way every id sorts after the previous one and after every id seen in the seed, so ids
// sort by creation order like Discord's, even if the wall clock steps back.

#include <rapidjson/document.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace cordgate::tests::emulator {

inline constexpr std::uint64_t kDiscordEpochMs = 1420070400000ULL;

// 2024-01-01T00:00:00Z: the fixed clock's usual start, plausible so timestamps look real.
inline constexpr std::uint64_t kFixedClockStartMs = 1704067200000ULL;

class SnowflakeGenerator {
  public:
    // A fixed clock starting at `start_ms`.
    explicit SnowflakeGenerator(std::uint64_t start_ms = kFixedClockStartMs) : last_ms_(start_ms) {}

    // Switches to the real clock: `unix_ms` is read for every id.
    void use_clock(std::function<std::uint64_t()> unix_ms);
    // Back to a fixed clock starting at `start_ms` (or after the last id, if later).
    void fix_clock(std::uint64_t start_ms);
    bool fixed() const { return !clock_; }
    // The time ids are being made at: the fixed clock's last millisecond, or the real clock.
    std::uint64_t now_ms() const { return clock_ ? clock_() : last_ms_; }

    std::uint64_t next();
    // Makes every later id sort after `id` (used for ids that come from the seed).
    void observe(std::uint64_t id);

    static std::uint64_t timestamp_ms(std::uint64_t id) { return (id >> 22) + kDiscordEpochMs; }

  private:
    std::function<std::uint64_t()> clock_;
    std::uint64_t last_ms_;
    std::uint64_t increment_ = 0;  // fixed clock: advances with every id, in the low 12 bits
    // Real clock: the next increment within last_ms_; past 0xFFF the next id takes a later ms.
    std::uint64_t next_in_ms_ = 0;
};

// Discord's timestamp format: 2024-01-01T00:00:00.000000+00:00.
std::string iso8601_from_ms(std::uint64_t unix_ms);

// Strict decimal parse: 1-20 digits, fits in 64 bits.
std::optional<std::uint64_t> parse_snowflake(std::string_view text);
// Accepts a JSON string or an unsigned integer: discord.py sends some ids as numbers.
std::optional<std::uint64_t> snowflake_of(const rapidjson::Value& v);

}  // namespace cordgate::tests::emulator
