#pragma once
// A forward-only reader over Discord's JSON text, for the hot dispatches (hot_dispatch.hpp).
//
// Like core's CanonicalReader it is a fast path with a fallback: every call returns false at the
// first byte it is not sure of, and the caller then parses the same frame with RapidJSON's DOM,
// which has the last word (it also names what is wrong). So it needs no error messages; it only
// has to be right about what it accepts — the value RapidJSON would read, and nothing RapidJSON
// would refuse, also in the values it skips — and never read past the end. Where RapidJSON's
// grammar has a corner that would take care to match (exponents, huge numbers, lone surrogates,
// escaped keys, control bytes), this reader declines instead.

#include <core/snowflake.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace cordgate::adapters::discord {

class JsonCursor {
  public:
    explicit JsonCursor(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

    // After whitespace: consumes c when it is next.
    bool eat(char c) {
        skip_space();
        if (p_ == end_ || *p_ != c) return false;
        ++p_;
        return true;
    }
    // Consumes `null` when it is the next value (null reads as absent, as json_read.hpp's do).
    bool null();
    // True when only whitespace is left.
    bool at_end() {
        skip_space();
        return p_ == end_;
    }

    // A member's key and its colon. Keys with escapes are declined: Discord's never have any.
    bool key(std::string_view& out);

    bool string(std::string& out);
    // A string without escapes, as a view of the text (dispatch names).
    bool plain_string(std::string_view& out);
    // A snowflake as Discord sends it (a string of 1-20 digits) or as some clients do (a number).
    bool snowflake(core::Snowflake& out);
    // An integer that fits: no fraction, no exponent.
    bool integer(std::int64_t& out);
    bool boolean(bool& out);

    // Any value, checked as strictly as RapidJSON would check it.
    bool skip_value() { return skip_value(0); }
    // The same, keeping the value's text to read later (a `d` that comes before its `t`).
    bool skip_value(std::string_view& text) {
        skip_space();
        const char* start = p_;
        if (!skip_value(0)) return false;
        text = std::string_view(start, static_cast<std::size_t>(p_ - start));
        return true;
    }

    // Calls on_member(key) with the cursor on each member's value, which it must consume. False
    // when the text is not an object or on_member returns false.
    template <class OnMember>
    bool object(OnMember&& on_member) {
        if (!eat('{')) return false;
        if (eat('}')) return true;
        do {
            std::string_view k;
            if (!key(k) || !on_member(k)) return false;
        } while (eat(','));
        return eat('}');
    }
    // Calls on_item() with the cursor on each item, which it must consume.
    template <class OnItem>
    bool array(OnItem&& on_item) {
        if (!eat('[')) return false;
        if (eat(']')) return true;
        do {
            if (!on_item()) return false;
        } while (eat(','));
        return eat(']');
    }

  private:
    void skip_space() {
        while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
    }
    bool skip_value(int depth);
    bool skip_string();
    bool skip_number();
    bool literal(std::string_view word);
    bool unsigned_digits(std::uint64_t& out);
    bool escape(std::string& out);

    const char* p_;
    const char* end_;
};

}  // namespace cordgate::adapters::discord
