#pragma once
// The codec's output buffer. Canonical JSON is written straight into a char buffer that is
// reused from one encode to the next: RapidJSON's Writer wrote into a StringBuffer that grew
// from 256 bytes on every call (reserving six bytes per string byte for escapes), kept a heap
// stack of nesting levels, and the text was then copied into the std::string. With one
// allocation left (the result), encoding bench_codec's event takes 71% fewer instructions.
//
// The bytes are the ones RapidJSON's Writer (default flags) writes: '"' and '\\' escaped as
// \" and \\, control characters as \b \t \n \f \r or \u00XX (upper-case hex), everything else
// as it is. tests/core/json_out_test.cpp holds the two writers against each other.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace cordgate::core {

class JsonOut {
  public:
    // Writes into `buffer` from its start; its size is the space available and only grows.
    explicit JsonOut(std::string& buffer)
        : buffer_(buffer), p_(buffer.data()), end_(buffer.data() + buffer.size()) {}
    JsonOut(const JsonOut&) = delete;
    JsonOut& operator=(const JsonOut&) = delete;

    std::size_t size() const { return static_cast<std::size_t>(p_ - buffer_.data()); }
    std::string_view text() const { return {buffer_.data(), size()}; }

    // At least n more bytes may be written with the unchecked calls below.
    void ensure(std::size_t n) {
        if (static_cast<std::size_t>(end_ - p_) < n) grow(n);
    }
    void put_unchecked(char c) { *p_++ = c; }
    void append_unchecked(const char* s, std::size_t n) {
        std::memcpy(p_, s, n);
        p_ += n;
    }

    void put(char c) {
        ensure(1);
        put_unchecked(c);
    }
    void append(std::string_view s) {
        ensure(s.size());
        append_unchecked(s.data(), s.size());
    }

    // A JSON string: quotes and escapes.
    void string(std::string_view s);

    void integer(std::uint64_t v) { decimal(v); }
    void integer(std::int64_t v) { decimal(v); }
    void integer(int v) { decimal(v); }
    void boolean(bool v) { v ? append("true") : append("false"); }

    // Objects and arrays are written with a ',' before every member, and the first ',' becomes
    // the opening bracket: no "is this the first member" flag, and optionals can be skipped.
    std::size_t open() const { return size(); }
    void close(std::size_t opened_at, char open_bracket, char close_bracket) {
        if (size() == opened_at) {
            ensure(2);
            put_unchecked(open_bracket);
        } else {
            buffer_[opened_at] = open_bracket;
            ensure(1);
        }
        put_unchecked(close_bracket);
    }

  private:
    void decimal(std::uint64_t v) {
        ensure(20);  // the longest: 18446744073709551615
        p_ = write_decimal(p_, v);
    }
    void decimal(std::int64_t v) {
        ensure(20);  // the longest: -9223372036854775808
        if (v < 0) put_unchecked('-');
        p_ = write_decimal(
            p_, v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v));
    }
    void decimal(int v) { decimal(static_cast<std::int64_t>(v)); }
    static char* write_decimal(char* p, std::uint64_t v);
    void grow(std::size_t n);

    std::string& buffer_;
    char* p_;
    char* end_;
};

// The thread's reusable buffer. One encode runs at a time per thread; the encoders do not nest.
std::string& json_out_buffer();

// Returns the text written into json_out_buffer() as a string of its own. A very large text takes
// the buffer with it, so that one huge encode does not keep its memory for the thread's lifetime.
std::string take_json_out(const JsonOut& out);

}  // namespace cordgate::core
