#include <core/utf8.hpp>

#include <cstdint>
#include <cstring>
#include <utility>

namespace cordgate::core {

namespace {

constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;

bool continuation(unsigned char c) {
    return (c & 0xC0) == 0x80;
}

// How many bytes from the start of `text` (which holds no valid sequence there) form a prefix of
// some valid sequence: at least one, so every call makes progress.
std::size_t maximal_subpart(std::string_view text) {
    const auto c = static_cast<unsigned char>(text[0]);
    unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
    std::size_t length = 0;                 // of a complete sequence with this lead byte
    if (c >= 0xC2 && c <= 0xDF) {
        length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        length = 3;
        if (c == 0xE0) low = 0xA0;   // overlong below
        if (c == 0xED) high = 0x9F;  // surrogates above
    } else if (c >= 0xF0 && c <= 0xF4) {
        length = 4;
        if (c == 0xF0) low = 0x90;   // overlong below
        if (c == 0xF4) high = 0x8F;  // above U+10FFFF
    } else {
        return 1;
    }
    std::size_t n = 1;
    while (n < length && n < text.size()) {
        const auto b = static_cast<unsigned char>(text[n]);
        if (n == 1 ? (b < low || b > high) : !continuation(b)) break;
        ++n;
    }
    return n;
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

bool replace_invalid_utf8(std::string& text) {
    std::optional<std::size_t> bad = first_invalid_utf8(text);
    if (!bad) return false;
    std::string out;
    out.reserve(text.size() + 16);
    std::string_view rest(text);
    while (bad) {
        out.append(rest.substr(0, *bad));
        out.append("\xEF\xBF\xBD");  // U+FFFD
        rest.remove_prefix(*bad + maximal_subpart(rest.substr(*bad)));
        bad = first_invalid_utf8(rest);
    }
    out.append(rest);
    text = std::move(out);
    return true;
}

}  // namespace cordgate::core
