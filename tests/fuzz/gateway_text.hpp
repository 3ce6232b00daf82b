#pragma once
// A fuzz input as the Discord adapter's translation sees a gateway message: valid UTF-8. The
// frame reader refuses a text message that is not (websocket_frames.cpp, close 1007), and
// gateway_reader.cpp repairs what it inflates, so invalid bytes are repaired here the same way
// rather than thrown away: the mutation that made them still reaches the reader.

#include <core/utf8.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

namespace cordgate::fuzz {

inline std::string gateway_text(const std::uint8_t* data, std::size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    core::replace_invalid_utf8(text);
    return text;
}

}  // namespace cordgate::fuzz
