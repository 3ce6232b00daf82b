#pragma once
// The nonce of a message the user sends to Discord, shaped like the official client's: a
// snowflake of the moment the user sent it. Discord's clients send
// (unix ms - Discord epoch) << 22 with the low 22 bits free; a small counter there ("5", "6")
// is a sign of a bot. Derived only from the event (its ts, its log position) and the part of a
// split message, so every replay and every resend of the effect carries the same nonce, and
// Discord (enforce_nonce) drops a repeat.
//
// Low 22 bits: the log position's low 13 bits, then the part's 9 bits. Two messages in one
// millisecond differ in position; they would collide only 8,192 events apart within that
// millisecond. A message is split into at most kMaxParts parts (split_message.hpp).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace cordgate::core {

inline constexpr std::int64_t kDiscordEpochMs = 1420070400000;
inline constexpr unsigned kNoncePartBits = 9;
inline constexpr std::size_t kMaxParts = std::size_t{1} << kNoncePartBits;

inline std::string message_nonce(std::int64_t ts_ms, std::uint64_t position, std::size_t part) {
    // A clock before 2015 (tests, a broken host) gives time 0 rather than a negative number.
    const std::uint64_t since_epoch =
        ts_ms > kDiscordEpochMs ? static_cast<std::uint64_t>(ts_ms - kDiscordEpochMs) : 0;
    const std::uint64_t low = ((position & 0x1FFF) << kNoncePartBits) | (part & (kMaxParts - 1));
    return std::to_string((since_epoch << 22) | low);
}

// The part a nonce of message_nonce() names; 0 for any other text.
inline std::size_t nonce_part(std::string_view nonce) {
    std::uint64_t v = 0;
    for (char c : nonce) {
        if (c < '0' || c > '9') return 0;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return static_cast<std::size_t>(v & (kMaxParts - 1));
}

}  // namespace cordgate::core
