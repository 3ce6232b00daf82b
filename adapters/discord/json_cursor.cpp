#include <adapters/discord/json_cursor.hpp>

#include <core/json_scan.hpp>

#include <cstring>
#include <limits>

namespace cordgate::adapters::discord {
namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Deeper than any Discord payload; RapidJSON's recursion has no limit of its own to match.
constexpr int kMaxDepth = 64;
// RapidJSON refuses a number whose integer part is too big for a double; far below that.
constexpr std::ptrdiff_t kMaxNumberBytes = 100;

int hex_value(char c) {
    if (is_digit(c)) return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// A \uXXXX escape outside the surrogates (those are declined), so at most three bytes.
void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

}  // namespace

bool JsonCursor::literal(std::string_view word) {
    skip_space();
    if (static_cast<std::size_t>(end_ - p_) < word.size() ||
        std::memcmp(p_, word.data(), word.size()) != 0)
        return false;
    p_ += word.size();
    return true;
}

bool JsonCursor::null() {
    return literal("null");
}

bool JsonCursor::boolean(bool& out) {
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

bool JsonCursor::plain_string(std::string_view& out) {
    if (!eat('"')) return false;
    const char* start = p_;
    p_ = core::json_scan::find_escape(p_, end_);
    if (p_ == end_ || *p_ != '"') return false;  // an escape, a control byte or no end
    out = std::string_view(start, static_cast<std::size_t>(p_ - start));
    ++p_;
    return true;
}

bool JsonCursor::key(std::string_view& out) {
    return plain_string(out) && eat(':');
}

// After a backslash: appends what the escape stands for. Surrogates are declined, paired or not:
// RapidJSON pairs them or refuses them, and which needs care to match; Discord sends raw UTF-8.
bool JsonCursor::escape(std::string& out) {
    if (p_ == end_) return false;
    switch (*p_++) {
        case '"':
            out += '"';
            return true;
        case '\\':
            out += '\\';
            return true;
        case '/':
            out += '/';
            return true;
        case 'b':
            out += '\b';
            return true;
        case 'f':
            out += '\f';
            return true;
        case 'n':
            out += '\n';
            return true;
        case 'r':
            out += '\r';
            return true;
        case 't':
            out += '\t';
            return true;
        case 'u':
            break;
        default:
            return false;
    }
    if (end_ - p_ < 4) return false;
    std::uint32_t cp = 0;
    for (int i = 0; i < 4; ++i) {
        const int v = hex_value(*p_++);
        if (v < 0) return false;
        cp = cp << 4 | static_cast<std::uint32_t>(v);
    }
    if (cp >= 0xD800 && cp <= 0xDFFF) return false;
    append_utf8(out, cp);
    return true;
}

bool JsonCursor::string(std::string& out) {
    if (!eat('"')) return false;
    out.clear();
    for (;;) {
        const char* run = p_;
        p_ = core::json_scan::find_escape(p_, end_);
        out.append(run, p_);
        if (p_ == end_) return false;
        const char c = *p_++;
        if (c == '"') return true;
        if (c != '\\' || !escape(out)) return false;  // a raw control byte, or a bad escape
    }
}

// As string(), without keeping the text: only each escape is decoded, to check it.
bool JsonCursor::skip_string() {
    if (!eat('"')) return false;
    std::string scratch;
    for (;;) {
        p_ = core::json_scan::find_escape(p_, end_);
        if (p_ == end_) return false;
        const char c = *p_++;
        if (c == '"') return true;
        scratch.clear();
        if (c != '\\' || !escape(scratch)) return false;
    }
}

// Digits of an unsigned integer that fits in 64 bits, without a leading zero, and not followed by
// a fraction or an exponent (RapidJSON would read a double).
bool JsonCursor::unsigned_digits(std::uint64_t& out) {
    if (p_ == end_ || !is_digit(*p_)) return false;
    if (*p_ == '0') {
        ++p_;
        out = 0;
    } else {
        std::uint64_t v = 0;
        while (p_ != end_ && is_digit(*p_)) {
            const auto digit = static_cast<std::uint64_t>(*p_ - '0');
            if (v > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) return false;
            v = v * 10 + digit;
            ++p_;
        }
        out = v;
    }
    return p_ == end_ || (!is_digit(*p_) && *p_ != '.' && *p_ != 'e' && *p_ != 'E');
}

bool JsonCursor::snowflake(core::Snowflake& out) {
    skip_space();
    if (p_ == end_) return false;
    if (*p_ != '"') return unsigned_digits(out.value);
    std::string_view digits;
    if (!plain_string(digits)) return false;
    const auto parsed = core::Snowflake::parse(digits);  // the DOM path's own check
    if (!parsed) return false;
    out = *parsed;
    return true;
}

bool JsonCursor::integer(std::int64_t& out) {
    skip_space();
    const bool negative = p_ != end_ && *p_ == '-';
    if (negative) ++p_;
    std::uint64_t magnitude = 0;
    if (!unsigned_digits(magnitude)) return false;
    constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (!negative) {
        if (magnitude > kMax) return false;
        out = static_cast<std::int64_t>(magnitude);
        return true;
    }
    if (magnitude == 0 || magnitude > kMax + 1) return false;  // "-0" is declined, not guessed
    out = static_cast<std::int64_t>(~magnitude + 1);
    return true;
}

bool JsonCursor::skip_number() {
    const char* start = p_;
    if (p_ != end_ && *p_ == '-') ++p_;
    if (p_ == end_ || !is_digit(*p_)) return false;
    if (*p_ == '0') {
        ++p_;
    } else {
        while (p_ != end_ && is_digit(*p_)) ++p_;
    }
    if (p_ != end_ && *p_ == '.') {
        ++p_;
        if (p_ == end_ || !is_digit(*p_)) return false;
        while (p_ != end_ && is_digit(*p_)) ++p_;
    }
    if (p_ - start > kMaxNumberBytes) return false;
    return p_ == end_ || (!is_digit(*p_) && *p_ != 'e' && *p_ != 'E');
}

bool JsonCursor::skip_value(int depth) {
    if (depth > kMaxDepth) return false;
    skip_space();
    if (p_ == end_) return false;
    switch (*p_) {
        case '"':
            return skip_string();
        case '{':
            return object([&](std::string_view) { return skip_value(depth + 1); });
        case '[':
            return array([&] { return skip_value(depth + 1); });
        case 't':
            return literal("true");
        case 'f':
            return literal("false");
        case 'n':
            return literal("null");
        default:
            return skip_number();
    }
}

}  // namespace cordgate::adapters::discord
