#include <tests/emulator/json_text.hpp>

#include <charconv>
#include <chrono>
#include <cstring>

namespace cordgate::tests::emulator {
namespace {

// What RapidJSON's Writer does with each byte below 0x20 and with '"' and '\\': a short
// escape, 'u' for \u00XX, 0 for "as it is". Bytes from 0x80 on pass through (UTF-8 as given).
constexpr char escape_of(unsigned char c) {
    switch (c) {
        case '"':
            return '"';
        case '\\':
            return '\\';
        case '\b':
            return 'b';
        case '\t':
            return 't';
        case '\n':
            return 'n';
        case '\f':
            return 'f';
        case '\r':
            return 'r';
        default:
            return c < 0x20 ? 'u' : 0;
    }
}

void append_escape(std::string& out, unsigned char c) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    const char e = escape_of(c);
    if (e != 'u') {
        const char pair[2] = {'\\', e};
        out.append(pair, 2);
        return;
    }
    const char six[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
    out.append(six, 6);
}

std::uint64_t load8(const char* p) {
    std::uint64_t w;
    std::memcpy(&w, p, sizeof w);
    return w;
}

// Whether any of the 8 bytes is below 0x20, '"' or '\\' (bytes from 0x80 on never are): the
// usual "has a zero byte" bit trick, so plain text is scanned a word at a time.
bool needs_escape(std::uint64_t w) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
    const auto has_zero = [](std::uint64_t x) { return (x - kOnes) & ~x & kHigh; };
    const std::uint64_t below_space = (w - kOnes * 0x20) & ~w & kHigh;
    return (below_space | has_zero(w ^ (kOnes * '"')) | has_zero(w ^ (kOnes * '\\'))) != 0;
}

// `n` decimal digits of `v`, zero-padded, ending just before `end`.
void put_digits(char* end, unsigned v, int n) {
    for (int i = 0; i < n; ++i, v /= 10) *--end = static_cast<char>('0' + v % 10);
}

}  // namespace

JsonText& JsonText::str(std::string_view v) {
    out_.push_back('"');
    const char* p = v.data();
    const char* const end = p + v.size();
    const char* plain_from = p;
    while (p != end) {
        if (end - p >= 8 && !needs_escape(load8(p))) {
            p += 8;
            continue;
        }
        const auto c = static_cast<unsigned char>(*p);
        if (c >= 0x20 && c != '"' && c != '\\') {
            ++p;
            continue;
        }
        out_.append(plain_from, static_cast<std::size_t>(p - plain_from));
        append_escape(out_, c);
        plain_from = ++p;
    }
    out_.append(plain_from, static_cast<std::size_t>(end - plain_from));
    out_.push_back('"');
    return *this;
}

JsonText& JsonText::num(std::int64_t v) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, static_cast<std::size_t>(r.ptr - buf));
    return *this;
}

JsonText& JsonText::snow(std::uint64_t id) {
    char buf[24];
    buf[0] = '"';
    auto r = std::to_chars(buf + 1, buf + sizeof buf - 1, id);
    *r.ptr++ = '"';
    out_.append(buf, static_cast<std::size_t>(r.ptr - buf));
    return *this;
}

JsonText& JsonText::timestamp(std::uint64_t unix_ms) {
    out_.push_back('"');
    append_iso8601(out_, unix_ms);
    out_.push_back('"');
    return *this;
}

void append_iso8601(std::string& out, std::uint64_t unix_ms) {
    using namespace std::chrono;
    const sys_time<milliseconds> tp{milliseconds{unix_ms}};
    const auto day = floor<days>(tp);
    const year_month_day ymd{day};
    auto ms = static_cast<unsigned>((tp - day).count());
    const int year = static_cast<int>(ymd.year());
    // Years past 9999 take more digits, as printf's %04d gave them.
    if (year > 9999) {
        out.append(std::to_string(year));
    } else {
        char y[4];
        put_digits(y + 4, static_cast<unsigned>(year), 4);
        out.append(y, 4);
    }
    char rest[29] = "-00-00T00:00:00.000000+00:00";
    put_digits(rest + 3, static_cast<unsigned>(ymd.month()), 2);
    put_digits(rest + 6, static_cast<unsigned>(ymd.day()), 2);
    put_digits(rest + 19, ms % 1000, 3);
    ms /= 1000;
    put_digits(rest + 15, ms % 60, 2);
    ms /= 60;
    put_digits(rest + 12, ms % 60, 2);
    put_digits(rest + 9, ms / 60, 2);
    out.append(rest, 28);
}

}  // namespace cordgate::tests::emulator
