#include <core/utf8.hpp>

#include <cstdint>
#include <cstring>

namespace cordgate::core {

namespace {

constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;

bool continuation(unsigned char c) {
    return (c & 0xC0) == 0x80;
}

}  // namespace

std::size_t utf8_sequence_length(std::string_view text) {
    const auto at = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    if (text.empty()) return 0;
    const unsigned char c = at(0);
    const std::size_t left = text.size();
    if (c >= 0xC2 && c <= 0xDF) return left >= 2 && continuation(at(1)) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (left < 3 || !continuation(at(1)) || !continuation(at(2))) return 0;
        if (c == 0xE0 && at(1) < 0xA0) return 0;   // overlong
        if (c == 0xED && at(1) >= 0xA0) return 0;  // UTF-16 surrogate
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (left < 4 || !continuation(at(1)) || !continuation(at(2)) || !continuation(at(3)))
            return 0;
        if (c == 0xF0 && at(1) < 0x90) return 0;   // overlong
        if (c == 0xF4 && at(1) >= 0x90) return 0;  // above U+10FFFF
        return 4;
    }
    return 0;  // a stray continuation byte, C0/C1 (overlong) or F5..FF
}

std::optional<std::size_t> first_invalid_utf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        if (text.size() - i >= 8) {
            std::uint64_t word;
            std::memcpy(&word, text.data() + i, sizeof word);
            if ((word & kHighBits) == 0) {
                i += 8;
                continue;
            }
        }
        if (static_cast<unsigned char>(text[i]) < 0x80) {
            ++i;
            continue;
        }
        const std::size_t n = utf8_sequence_length(text.substr(i));
        if (n == 0) return i;
        i += n;
    }
    return std::nullopt;
}

}  // namespace cordgate::core
