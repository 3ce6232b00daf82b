#include <tests/emulator/snowflake.hpp>

#include <tests/emulator/json_text.hpp>

namespace cordgate::tests::emulator {

std::uint64_t SnowflakeGenerator::next() {
    ++last_ms_;
    const std::uint64_t inc = increment_++ & 0xFFFULL;
    return ((last_ms_ - kDiscordEpochMs) << 22) | inc;
}

void SnowflakeGenerator::observe(std::uint64_t id) {
    const std::uint64_t ms = timestamp_ms(id);
    if (ms > last_ms_) last_ms_ = ms;
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
