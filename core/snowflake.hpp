#pragma once
// A Discord id. On the wire (Discord's and ours) it is a decimal string of at most 20 digits;
// in memory a 64-bit integer, so comparisons and map keys are cheap and ordering is numeric.

#include <core/codec.hpp>

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cordgate::core {

struct Snowflake {
    std::uint64_t value = 0;

    auto operator<=>(const Snowflake&) const = default;
    bool empty() const { return value == 0; }
    std::string str() const { return std::to_string(value); }

    // Strict: 1-20 ASCII digits, no sign, no leading zero, fits in 64 bits.
    static std::optional<Snowflake> parse(std::string_view text);

    // The id a puppet's or room's JID localpart names: the one canonical spelling of a Discord
    // id, ASCII digits with no sign, no leading zero, 1 to 2^63-1. Every other spelling of a
    // number (0123, +123, 0x1f, fullwidth or Arabic-Indic digits) would be a second JID for the
    // same user, and a value above 2^63-1 is no Discord id: Discord's ids are signed 64-bit
    // integers, and a larger one is read as negative, or wrapped, by whoever parses it so. Such
    // a localpart names nothing, and must never open a DM.
    static std::optional<Snowflake> from_localpart(std::string_view localpart);
};

inline std::optional<Snowflake> Snowflake::parse(std::string_view text) {
    if (text.empty() || text.size() > 20 || (text.size() > 1 && text[0] == '0')) {
        return std::nullopt;
    }
    std::uint64_t v = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        std::uint64_t digit = static_cast<std::uint64_t>(c - '0');
        if (v > (UINT64_MAX - digit) / 10) return std::nullopt;
        v = v * 10 + digit;
    }
    return Snowflake{v};
}

inline std::optional<Snowflake> Snowflake::from_localpart(std::string_view localpart) {
    constexpr std::uint64_t kMaxId = INT64_MAX;
    auto id = parse(localpart);
    if (!id || id->value == 0 || id->value > kMaxId) return std::nullopt;
    return id;
}

inline bool parse_map_key(std::string_view text, Snowflake& out) {
    auto parsed = Snowflake::parse(text);
    if (parsed) out = *parsed;
    return parsed.has_value();
}

// Canonically: the decimal digits in quotes; a snowflake's digits are exactly a canonical uint64's.
inline void write_json(JsonOut& out, const Snowflake& s) {
    write_json_key(out, s.value);
}
inline void write_json_key(JsonOut& out, const Snowflake& s) {
    write_json_key(out, s.value);
}
inline bool read_canonical(CanonicalReader& r, Snowflake& out) {
    return read_canonical_key(r, out.value);
}
inline bool read_canonical_key(CanonicalReader& r, Snowflake& out) {
    return read_canonical_key(r, out.value);
}

inline void read_value(const JsonValue& j, Snowflake& out, const Path& p) {
    if (!j.IsString()) detail::fail(p, "expected a snowflake string");
    auto parsed = Snowflake::parse(std::string_view(j.GetString(), j.GetStringLength()));
    if (!parsed) detail::fail(p, "not a snowflake (1-20 decimal digits)");
    out = *parsed;
}

}  // namespace cordgate::core
