#include <tests/emulator/snowflake.hpp>

#include <tests/emulator/json_text.hpp>

namespace cordgate::tests::emulator {

namespace {
constexpr std::uint64_t kIncrementMask = 0xFFFULL;
}

void SnowflakeGenerator::use_clock(std::function<std::uint64_t()> unix_ms) {
    clock_ = std::move(unix_ms);
    next_in_ms_ = kIncrementMask + 1;  // nothing more in last_ms_, which an id may already have
}

void SnowflakeGenerator::fix_clock(std::uint64_t start_ms) {
    clock_ = nullptr;
    if (start_ms > last_ms_) last_ms_ = start_ms;
}

std::uint64_t SnowflakeGenerator::next() {
    if (!clock_) {
        ++last_ms_;
        const std::uint64_t inc = increment_++ & kIncrementMask;
        return ((last_ms_ - kDiscordEpochMs) << 22) | inc;
    }
    const std::uint64_t now = clock_();
    if (now > last_ms_) {
        last_ms_ = now;
        next_in_ms_ = 0;
    } else if (next_in_ms_ > kIncrementMask) {
        // 4096 ids within one millisecond, or the clock went back: borrow the next one.
        ++last_ms_;
        next_in_ms_ = 0;
    }
    return ((last_ms_ - kDiscordEpochMs) << 22) | next_in_ms_++;
}

void SnowflakeGenerator::observe(std::uint64_t id) {
    const std::uint64_t ms = timestamp_ms(id);
    if (ms > last_ms_) {
        last_ms_ = ms;
        next_in_ms_ = kIncrementMask + 1;
    } else if (ms == last_ms_ && (id & kIncrementMask) >= next_in_ms_) {
        next_in_ms_ = (id & kIncrementMask) + 1;
    }
}

std::string iso8601_from_ms(std::uint64_t unix_ms) {
    std::string out;
    append_iso8601(out, unix_ms);
    return out;
}

std::optional<std::uint64_t> parse_snowflake(std::string_view text) {
    if (text.empty() || text.size() > 20) return std::nullopt;
    std::uint64_t v = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        const auto digit = static_cast<std::uint64_t>(c - '0');
        if (v > (UINT64_MAX - digit) / 10) return std::nullopt;
        v = v * 10 + digit;
    }
    return v;
}

std::optional<std::uint64_t> snowflake_of(const rapidjson::Value& v) {
    if (v.IsString()) return parse_snowflake({v.GetString(), v.GetStringLength()});
    if (v.IsUint64()) return v.GetUint64();
    return std::nullopt;
}

}  // namespace cordgate::tests::emulator
