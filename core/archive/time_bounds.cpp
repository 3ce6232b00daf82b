#include <core/archive/time_bounds.hpp>
#include <core/nonce.hpp>

namespace cordgate::core::archive {
namespace {

// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool digits(std::string_view text, std::size_t at, std::size_t n, int& out) {
    if (at + n > text.size()) return false;
    out = 0;
    for (std::size_t i = at; i < at + n; ++i) {
        if (text[i] < '0' || text[i] > '9') return false;
        out = out * 10 + (text[i] - '0');
    }
    return true;
}

}  // namespace

std::optional<std::int64_t> parse_datetime_ms(std::string_view t) {
    int year, month, day, hour, minute, second;
    if (!digits(t, 0, 4, year) || t.size() < 19 || t[4] != '-' || !digits(t, 5, 2, month) ||
        t[7] != '-' || !digits(t, 8, 2, day) || t[10] != 'T' || !digits(t, 11, 2, hour) ||
        t[13] != ':' || !digits(t, 14, 2, minute) || t[16] != ':' || !digits(t, 17, 2, second)) {
        return std::nullopt;
    }
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
        return std::nullopt;
    }
    std::size_t at = 19;
    std::int64_t ms = 0;
    if (at < t.size() && t[at] == '.') {
        ++at;
        int scale = 100;
        const std::size_t begin = at;
        while (at < t.size() && t[at] >= '0' && t[at] <= '9') {
            ms += (t[at] - '0') * scale;
            scale /= 10;
            ++at;
        }
        if (at == begin) return std::nullopt;
    }
    std::int64_t offset_min = 0;
    if (at < t.size() && t[at] == 'Z') {
        ++at;
    } else if (at < t.size() && (t[at] == '+' || t[at] == '-')) {
        int oh, om;
        if (!digits(t, at + 1, 2, oh) || at + 3 >= t.size() || t[at + 3] != ':' ||
            !digits(t, at + 4, 2, om) || oh > 23 || om > 59) {
            return std::nullopt;
        }
        offset_min = (t[at] == '+' ? 1 : -1) * (oh * 60 + om);
        at += 6;
    } else {
        return std::nullopt;  // XEP-0082 requires the zone
    }
    if (at != t.size()) return std::nullopt;
    const std::int64_t days =
        days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    const std::int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second;
    return (seconds - offset_min * 60) * 1000 + ms;
}

Snowflake first_snowflake_at(std::int64_t unix_ms) {
    if (unix_ms <= kDiscordEpochMs) return Snowflake{0};
    return Snowflake{static_cast<std::uint64_t>(unix_ms - kDiscordEpochMs) << 22};
}

}  // namespace cordgate::core::archive
