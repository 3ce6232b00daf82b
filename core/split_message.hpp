#pragma once
// Text longer than Discord takes in one message becomes consecutive messages.
//
// Discord counts a message's length in Unicode code points (2,000 for accounts without Nitro).
// Each part holds at most `limit` code points and ends, by preference:
//   1. at a line break outside a ``` code block, so a block is not cut in two when a line
//      before it can end the part;
//   2. at any line break;
//   3. at a space;
//   4. at the limit itself, between two code points (never inside a UTF-8 sequence).
// The line break or space the part ends at is dropped (Discord would trim it anyway). Text
// within the limit is one part, unchanged.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace cordgate::core {

inline constexpr std::size_t kDiscordMaxCodePoints = 2000;

std::vector<std::string> split_message(std::string_view text,
                                       std::size_t limit = kDiscordMaxCodePoints);

// Code points in valid UTF-8 (bytes that do not continue a sequence).
std::size_t code_points(std::string_view text);

}  // namespace cordgate::core
