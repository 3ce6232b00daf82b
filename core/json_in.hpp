#pragma once
// A reader that accepts only the bytes the codec writes: no whitespace, keys in field-list order,
// integers without sign on zero or leading zeros, strings with raw UTF-8 and only the escapes
// JsonOut writes (\" \\ \b \t \n \f \r, \u00XX upper-case for the other control characters).
//
// It is the decoder's fast path. Every call returns false at the first byte that is not
// canonical, and the decoder then decodes the same text again with the strict DOM decoder, which
// accepts any valid JSON and names the path of what is wrong. So the reader needs no error
// messages and no tolerance: it only has to be right about what it accepts (decoding the same
// value the DOM decoder would) and never read past the end. Canonical input is the common case —
// every producer of events and effects is this codec — and costs no DOM, no key search and no
// second pass for UTF-8.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace cordgate::core {

class CanonicalReader {
  public:
    explicit CanonicalReader(std::string_view text)
        : p_(text.data()), end_(text.data() + text.size()) {}

    bool at_end() const { return p_ == end_; }

    bool eat(char c) {
        if (p_ == end_ || *p_ != c) return false;
        ++p_;
        return true;
    }
    // Consumes the N bytes at s when the text continues with them, else nothing. N is a template
    // argument so that every instantiation compares a constant length, which the compiler turns
    // into a few word compares whether or not the call is inlined.
    template <std::size_t N>
    bool bytes(const char* s) {
        if (static_cast<std::size_t>(end_ - p_) < N || std::memcmp(p_, s, N) != 0) return false;
        p_ += N;
        return true;
    }
    template <std::size_t N>
    bool literal(const char (&s)[N]) {
        return bytes<N - 1>(s);  // without the terminating NUL
    }

    bool string(std::string& out);
    // A string without escapes, as a view of the text (type names, numeric keys).
    bool plain_string(std::string_view& out);

    bool integer(std::uint64_t& out);
    bool integer(std::int64_t& out);
    bool integer(int& out);
    bool boolean(bool& out);

  private:
    std::size_t count_digits(const char* p) const;
    bool skip_plain();
    bool escaped_string(const char* start, std::string& out);

    const char* p_;
    const char* end_;
};

}  // namespace cordgate::core
