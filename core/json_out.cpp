#include <core/json_out.hpp>
#include <core/json_scan.hpp>

#include <algorithm>
#include <array>

namespace cordgate::core {

namespace {

// Above this, the text leaves in a string of its own and the buffer starts small again: one READY
// of a large account should not pin megabytes to a thread.
constexpr std::size_t kKeepBytes = 64 * 1024;
constexpr std::size_t kFirstBytes = 1024;  // an event or effect envelope of a chat message fits

// The short escapes JSON has; every other control character is written as \u00XX.
char short_escape(unsigned char c) {
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
            return 0;
    }
}

// "00" "01" ... "99": two digits per division, as most integer formatters do.
constexpr auto kDigitPairs = [] {
    std::array<char, 200> pairs{};
    for (int i = 0; i < 100; ++i) {
        pairs[2 * i] = static_cast<char>('0' + i / 10);
        pairs[2 * i + 1] = static_cast<char>('0' + i % 10);
    }
    return pairs;
}();

void two_digits(char* p, std::uint32_t v) {
    std::memcpy(p, kDigitPairs.data() + 2 * v, 2);
}

// v < 10^8 as exactly eight digits, with leading zeros.
void eight_digits(char* p, std::uint32_t v) {
    const std::uint32_t high = v / 10000;
    const std::uint32_t low = v % 10000;
    two_digits(p, high / 100);
    two_digits(p + 2, high % 100);
    two_digits(p + 4, low / 100);
    two_digits(p + 6, low % 100);
}

// v < 10^8 without leading zeros; returns the end.
char* up_to_eight_digits(char* p, std::uint32_t v) {
    int n = 1;
    for (std::uint32_t limit = 10; n < 8 && v >= limit; limit *= 10) ++n;
    char* const end = p + n;
    char* q = end;
    for (; v >= 100; v /= 100) {
        q -= 2;
        two_digits(q, v % 100);
    }
    if (v >= 10) {
        two_digits(q - 2, v);
    } else {
        q[-1] = static_cast<char>('0' + v);
    }
    return end;
}

}  // namespace

// Snowflakes have 17 to 20 digits: the number is split into parts of eight, each written with
// four two-digit lookups, instead of a division per two digits from the end.
char* JsonOut::write_decimal(char* p, std::uint64_t v) {
    constexpr std::uint64_t k8 = 100000000;
    if (v < k8) return up_to_eight_digits(p, static_cast<std::uint32_t>(v));
    if (v < k8 * k8) {
        p = up_to_eight_digits(p, static_cast<std::uint32_t>(v / k8));
        eight_digits(p, static_cast<std::uint32_t>(v % k8));
        return p + 8;
    }
    p = up_to_eight_digits(p, static_cast<std::uint32_t>(v / (k8 * k8)));  // at most 1844
    const std::uint64_t rest = v % (k8 * k8);
    eight_digits(p, static_cast<std::uint32_t>(rest / k8));
    eight_digits(p + 8, static_cast<std::uint32_t>(rest % k8));
    return p + 16;
}

void JsonOut::grow(std::size_t n) {
    const std::size_t used = size();
    // A large text (a heavy account's discord.ready) grows by half: at the moment of growing,
    // the old buffer and the new are both alive, and the last growth's slack stays with the text.
    const std::size_t had = buffer_.size();
    const std::size_t next = had < kKeepBytes * 4 ? had * 2 : had + had / 2;
    const std::size_t want = std::max({next, used + n, kFirstBytes});
    if (want <= buffer_.capacity()) {
        buffer_.resize(want);
    } else {
        // std::string's own growth doubles its capacity whatever was asked for (a 537 KB
        // discord.ready grew 512 KiB -> 1 MiB, both alive at once), so the new buffer is made
        // here: reserving on an empty string allocates exactly what is asked.
        std::string bigger;
        bigger.reserve(want);
        bigger.append(buffer_.data(), used);
        bigger.resize(want);
        buffer_.swap(bigger);
    }
    p_ = buffer_.data() + used;
    end_ = buffer_.data() + buffer_.size();
}

void JsonOut::string(std::string_view s) {
    const char* in = s.data();
    const char* const last = in + s.size();
    ensure(s.size() + 2);
    put_unchecked('"');
    for (;;) {
        const char* stop = json_scan::find_escape(in, last);
        append_unchecked(in, static_cast<std::size_t>(stop - in));
        if (stop == last) break;
        // Room for this escape (at most six bytes), the rest of the string and the quote.
        ensure(6 + static_cast<std::size_t>(last - stop));
        const auto c = static_cast<unsigned char>(*stop);
        put_unchecked('\\');
        if (const char e = short_escape(c)) {
            put_unchecked(e);
        } else {
            static constexpr char kHex[] = "0123456789ABCDEF";
            append_unchecked("u00", 3);
            put_unchecked(kHex[c >> 4]);
            put_unchecked(kHex[c & 0xF]);
        }
        in = stop + 1;
    }
    put_unchecked('"');
}

std::string& json_out_buffer() {
    thread_local std::string buffer;
    return buffer;
}

std::string take_json_out(const JsonOut& out) {
    std::string& buffer = json_out_buffer();
    if (buffer.size() <= kKeepBytes) return std::string(out.text());
    // The buffer leaves with the text rather than being copied: a copy of a megabyte would be a
    // second megabyte alive at the peak.
    const std::size_t n = out.size();  // measured against the buffer, so before it moves
    std::string text = std::move(buffer);
    text.resize(n);
    buffer = std::string();
    return text;
}

}  // namespace cordgate::core
