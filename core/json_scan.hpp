#pragma once
// Finding the end of a run of plain string bytes eight bytes at a time. Most of what the codec
// reads and writes is string content, and most of that needs neither an escape nor a UTF-8
// check, so the writer and the reader each copy runs between the bytes these find.

#include <bit>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace cordgate::core::json_scan {

inline constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
inline constexpr std::uint64_t kHighs = 0x8080808080808080ULL;

// The high bit of each byte of `w` that equals c. Only the lowest flag is exact (a borrow can
// flag a byte above a true hit), which is all the searches below use.
constexpr std::uint64_t bytes_equal(std::uint64_t w, unsigned char c) {
    const std::uint64_t x = w ^ (kOnes * c);
    return (x - kOnes) & ~x & kHighs;
}

// The high bit of each byte of `w` below n (n <= 0x80); the lowest flag is exact, as above.
constexpr std::uint64_t bytes_below(std::uint64_t w, unsigned char n) {
    return (w - kOnes * n) & ~w & kHighs;
}

inline std::uint64_t load(const char* p) {
    std::uint64_t w;
    std::memcpy(&w, p, sizeof w);
    if constexpr (std::endian::native == std::endian::big) w = __builtin_bswap64(w);
    return w;  // byte k of the text is byte k of w, counted from the least significant end
}

// The first byte in [p, end) for which `flags` (a word function like the above) or, past the
// last whole word, `is_stop` holds; end when there is none.
template <class Flags, class IsStop>
const char* find(const char* p, const char* end, Flags flags, IsStop is_stop) {
    while (end - p >= 8) {
        if (const std::uint64_t hits = flags(load(p))) return p + std::countr_zero(hits) / 8;
        p += 8;
    }
    while (p != end && !is_stop(static_cast<unsigned char>(*p))) ++p;
    return p;
}

// How many of the eight bytes of `w` (in text order) are ASCII digits before the first one that
// is not: 8 when all are.
inline int leading_digits(std::uint64_t w) {
    const std::uint64_t x = w ^ (kOnes * '0');  // digits become 0..9
    // A byte is not a digit when x >= 10: adding 0x76 sets its high bit, or x has it already. A
    // carry out of a byte only comes from such a byte, so the lowest flag is exact.
    const std::uint64_t not_digit = ((x + kOnes * 0x76) | x) & kHighs;
    return not_digit ? std::countr_zero(not_digit) / 8 : 8;
}

// The value of eight ASCII digits (w as load() returns it: first digit in the lowest byte).
inline std::uint64_t eight_digits(std::uint64_t w) {
    w -= kOnes * '0';
    w = (w * 10 + (w >> 8)) & 0x00FF00FF00FF00FFULL;         // pairs: d0*10 + d1
    w = (w * 100 + (w >> 16)) & 0x0000FFFF0000FFFFULL;       // quads
    return (w * 10000 + (w >> 32)) & 0x00000000FFFFFFFFULL;  // all eight
}

#if defined(__SSE2__)
// Sixteen bytes at a time while sixteen are left (x86-64 always has SSE2); `stop` sets the bytes
// to stop at. True with p at the first of them; false with p where fewer than sixteen are left.
template <class Stop>
bool find16(const char*& p, const char* end, Stop stop) {
    for (; end - p >= 16; p += 16) {
        const __m128i s = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        if (const auto mask = static_cast<unsigned>(_mm_movemask_epi8(stop(s)))) {
            p += std::countr_zero(mask);
            return true;
        }
    }
    return false;
}
#endif

// What the writer must escape: '"', '\\' and control characters.
inline const char* find_escape(const char* p, const char* end) {
#if defined(__SSE2__)
    const bool found = find16(p, end, [](__m128i s) {
        const __m128i quote = _mm_cmpeq_epi8(s, _mm_set1_epi8('"'));
        const __m128i backslash = _mm_cmpeq_epi8(s, _mm_set1_epi8('\\'));
        const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(s, _mm_set1_epi8(0x1F)), s);  // <= 0x1F
        return _mm_or_si128(_mm_or_si128(quote, backslash), control);
    });
    if (found) return p;
#endif
    return find(
        p, end,
        [](std::uint64_t w) {
            return bytes_equal(w, '"') | bytes_equal(w, '\\') | bytes_below(w, 0x20);
        },
        [](unsigned char c) { return c == '"' || c == '\\' || c < 0x20; });
}

// Where the reader must stop in a string: its end, an escape, a control character (not allowed
// unescaped), or a non-ASCII byte (its sequence is checked).
inline const char* find_string_stop(const char* p, const char* end) {
#if defined(__SSE2__)
    const bool found = find16(p, end, [](__m128i s) {
        const __m128i quote = _mm_cmpeq_epi8(s, _mm_set1_epi8('"'));
        const __m128i backslash = _mm_cmpeq_epi8(s, _mm_set1_epi8('\\'));
        // Signed: below 0x20 is a control character or, negative, a byte of 0x80 and above.
        const __m128i control_or_high = _mm_cmplt_epi8(s, _mm_set1_epi8(0x20));
        return _mm_or_si128(_mm_or_si128(quote, backslash), control_or_high);
    });
    if (found) return p;
#endif
    return find(
        p, end,
        [](std::uint64_t w) {
            return bytes_equal(w, '"') | bytes_equal(w, '\\') | bytes_below(w, 0x20) | (w & kHighs);
        },
        [](unsigned char c) { return c == '"' || c == '\\' || c < 0x20 || c >= 0x80; });
}

}  // namespace cordgate::core::json_scan
