#include <adapters/discord/json_escapes.hpp>
#include <core/utf8.hpp>

#include <cstring>
#include <optional>

namespace cordgate::adapters::discord {
namespace {

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// The code unit of a \uXXXX escape starting at json[at] ('\\'), or nullopt when it is not one.
std::optional<unsigned> unit_at(const std::string& json, std::size_t at) {
    if (at + 6 > json.size() || json[at] != '\\' || json[at + 1] != 'u') return std::nullopt;
    unsigned unit = 0;
    for (std::size_t k = at + 2; k < at + 6; ++k) {
        const int d = hex_digit(json[k]);
        if (d < 0) return std::nullopt;
        unit = unit * 16 + static_cast<unsigned>(d);
    }
    return unit;
}

bool is_high(unsigned unit) {
    return unit >= 0xD800 && unit <= 0xDBFF;
}

bool is_low(unsigned unit) {
    return unit >= 0xDC00 && unit <= 0xDFFF;
}

}  // namespace

bool replace_lone_surrogate_escapes(std::string& json) {
    bool replaced = false;
    char* const data = json.data();
    const std::size_t size = json.size();
    std::size_t i = 0;
    // memchr: nearly every frame has few or no backslashes, and this skips to them.
    while (i < size) {
        const void* found = std::memchr(data + i, '\\', size - i);
        if (!found) break;
        i = static_cast<std::size_t>(static_cast<const char*>(found) - data);
        const std::optional<unsigned> unit = unit_at(json, i);
        if (!unit || (!is_high(*unit) && !is_low(*unit))) {
            i += 2;  // any other escape, "\\" included, is two characters before the next
            continue;
        }
        if (is_high(*unit)) {
            if (const auto next = unit_at(json, i + 6); next && is_low(*next)) {
                i += 12;  // a pair: one character
                continue;
            }
        }
        std::memcpy(data + i, "\\ufffd", 6);
        replaced = true;
        i += 6;
    }
    return replaced;
}

std::string repaired_json_text(std::string_view body) {
    std::string text(body);
    core::replace_invalid_utf8(text);
    replace_lone_surrogate_escapes(text);
    return text;
}

}  // namespace cordgate::adapters::discord
