#pragma once
// The bytes the crash-test writer stores for each origin_seq. Both the writer and the checker
// derive them from the seq alone, so the checker can tell a torn, shifted or swapped event from
// an intact one without keeping anything from the writer's run.

#include <cstdint>
#include <string>

namespace cordgate::eventlog::testing {

inline constexpr const char* kCrashOrigin = "w";
inline constexpr std::size_t kCrashPayloadSize = 300;

inline std::string crash_payload(std::uint64_t seq) {
    std::string out = "seq=" + std::to_string(seq) + ";";
    // A filler that differs for neighbouring seqs in every byte position.
    std::uint64_t x = seq * 0x9E3779B97F4A7C15ull;
    while (out.size() < kCrashPayloadSize) {
        x ^= x >> 29;
        x *= 0xBF58476D1CE4E5B9ull;
        out.push_back(static_cast<char>('a' + (x >> 59)));
    }
    return out;
}

// With --effects the writer adds one effect per event, for this target, with the event's
// position as its id.
inline constexpr const char* kCrashTarget = "t";

inline std::string crash_effect(std::uint64_t id) {
    return "effect of " + crash_payload(id);
}

}  // namespace cordgate::eventlog::testing
