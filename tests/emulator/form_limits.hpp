#pragma once
// Message bodies Discord refuses with 400 Invalid Form Body (code 50035) and a per-field
// `errors` tree: content over 2,000 characters. Discord counts characters as Unicode code
// points, so 2,000 emoji (8,000 UTF-8 bytes) pass and 2,001 ASCII letters do not.

#include <tests/emulator/http_types.hpp>

#include <cstddef>
#include <optional>
#include <string_view>

namespace cordgate::tests::emulator {

inline constexpr std::size_t kMaxContentCodePoints = 2000;

// Code points in UTF-8 text (bytes that are not continuation bytes 10xxxxxx).
std::size_t code_points(std::string_view utf8);

// The 400 for `content`, or nullopt when it is within the limit.
std::optional<HttpResponse> check_content_length(std::string_view content);

}  // namespace cordgate::tests::emulator
