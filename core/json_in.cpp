#include <core/json_in.hpp>
#include <core/json_scan.hpp>
#include <core/utf8.hpp>

#include <limits>

namespace cordgate::core {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// What an escape that JsonOut writes stands for, and its length after the backslash. Length 0
// for any other escape: valid JSON, but never ours (the DOM decoder reads those).
struct Escape {
    char c = 0;
    std::size_t length = 0;
};

Escape canonical_escape(std::string_view text) {
    if (text.empty()) return {};
    switch (text[0]) {
        case '"':
            return {'"', 1};
        case '\\':
            return {'\\', 1};
        case 'b':
            return {'\b', 1};
        case 't':
            return {'\t', 1};
        case 'n':
            return {'\n', 1};
        case 'f':
            return {'\f', 1};
        case 'r':
            return {'\r', 1};
        case 'u':
            break;
        default:
            return {};
    }
    if (text.size() < 5 || text[1] != '0' || text[2] != '0' || (text[3] != '0' && text[3] != '1'))
        return {};
    const char low = text[4];
    int c = (text[3] - '0') << 4;
    if (is_digit(low)) {
        c |= low - '0';
    } else if (low >= 'A' && low <= 'F') {
        c |= low - 'A' + 10;
    } else {
        return {};
    }
    const bool has_short_form = c == '\b' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
    if (has_short_form) return {};
    return {static_cast<char>(c), 5};
}

// out = [start, end). Into an empty string (every decode's), a new string moved in is cheaper
// than assign(), which goes through the general _M_replace.
void assign(std::string& out, const char* start, const char* end) {
    if (out.empty()) {
        out = std::string(start, end);
    } else {
        out.assign(start, end);
    }
}

}  // namespace

// Moves p_ over plain string bytes, checking each non-ASCII sequence, to the next '"' or '\\'.
// False at an unescaped control character, invalid UTF-8 or the end of the text.
bool CanonicalReader::skip_plain() {
    for (;;) {
        p_ = json_scan::find_string_stop(p_, end_);
        if (p_ == end_) return false;
        const auto c = static_cast<unsigned char>(*p_);
        if (c == '"' || c == '\\') return true;
        if (c < 0x80) return false;
        const std::size_t n =
            utf8_sequence_length(std::string_view(p_, static_cast<std::size_t>(end_ - p_)));
        if (n == 0) return false;
        p_ += n;
    }
}

bool CanonicalReader::string(std::string& out) {
    if (!eat('"')) return false;
    const char* start = p_;
    if (!skip_plain()) return false;
    if (*p_ == '\\') return escaped_string(start, out);
    assign(out, start, p_);
    ++p_;
    return true;
}

bool CanonicalReader::escaped_string(const char* start, std::string& out) {
    out.assign(start, p_);
    while (*p_ == '\\') {
        const Escape e =
            canonical_escape(std::string_view(p_ + 1, static_cast<std::size_t>(end_ - p_ - 1)));
        if (e.length == 0) return false;
        out += e.c;
        p_ += 1 + e.length;
        start = p_;
        if (!skip_plain()) return false;
        out.append(start, p_);
    }
    ++p_;  // the closing quote
    return true;
}

bool CanonicalReader::plain_string(std::string_view& out) {
    if (!eat('"')) return false;
    const char* start = p_;
    if (!skip_plain() || *p_ != '"') return false;
    out = std::string_view(start, static_cast<std::size_t>(p_ - start));
    ++p_;
    return true;
}

// The number of ASCII digits at p, up to 24 (enough to tell a 21-digit number from a 20-digit one).
std::size_t CanonicalReader::count_digits(const char* p) const {
    std::size_t n = 0;
    while (end_ - (p + n) >= 8 && n < 24) {
        const int k = json_scan::leading_digits(json_scan::load(p + n));
        n += static_cast<std::size_t>(k);
        if (k < 8) return n;
    }
    while (p + n != end_ && n < 24 && is_digit(p[n])) ++n;
    return n;
}

bool CanonicalReader::integer(std::uint64_t& out) {
    const std::size_t n = count_digits(p_);
    if (n == 0 || n > 20 || (n > 1 && *p_ == '0')) return false;  // "01" is not canonical
    // Eight digits at a time while eight are left (count_digits saw that they are in the text),
    // then one at a time. Nineteen digits cannot overflow; a twentieth is checked.
    const char* p = p_;
    const char* const digits_end = p_ + n;
    std::uint64_t v = 0;
    for (; digits_end - p >= 8 && p - p_ < 16; p += 8) {
        v = v * 100000000 + json_scan::eight_digits(json_scan::load(p));
    }
    for (; p != digits_end && p - p_ < 19; ++p) v = v * 10 + static_cast<std::uint64_t>(*p - '0');
    if (p != digits_end) {
        const auto digit = static_cast<std::uint64_t>(*p - '0');
        if (v > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) return false;
        v = v * 10 + digit;
    }
    p_ = digits_end;
    out = v;
    return true;
}

bool CanonicalReader::integer(std::int64_t& out) {
    const bool negative = eat('-');
    std::uint64_t magnitude = 0;
    if (!integer(magnitude)) return false;
    constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (!negative) {
        if (magnitude > kMax) return false;
        out = static_cast<std::int64_t>(magnitude);
        return true;
    }
    if (magnitude == 0 || magnitude > kMax + 1) return false;  // "-0" is not canonical
    out = static_cast<std::int64_t>(0 - magnitude);            // two's complement, C++20
    return true;
}

bool CanonicalReader::integer(int& out) {
    std::int64_t v = 0;
    if (!integer(v) || v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max())
        return false;
    out = static_cast<int>(v);
    return true;
}

bool CanonicalReader::boolean(bool& out) {
    if (literal("true")) {
        out = true;
        return true;
    }
    if (literal("false")) {
        out = false;
        return true;
    }
    return false;
}

}  // namespace cordgate::core
