#include <tests/emulator/snowflake.hpp>

#include <chrono>
#include <cstdio>

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
    using namespace std::chrono;
    const sys_time<milliseconds> tp{milliseconds{unix_ms}};
    const auto day = floor<days>(tp);
    const year_month_day ymd{day};
    const hh_mm_ss<milliseconds> hms{tp - day};
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ld.%03ld000+00:00",
                  static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()), static_cast<long>(hms.hours().count()),
                  static_cast<long>(hms.minutes().count()),
                  static_cast<long>(hms.seconds().count()),
                  static_cast<long>(hms.subseconds().count()));
    return buf;
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
