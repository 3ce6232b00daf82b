#pragma once
// Appends JSON to a std::string for the shapes the emulator makes once per message (users,
// members, messages). Keys and punctuation are written as literal text, values are escaped
// exactly as RapidJSON's Writer escapes them, so the bytes equal JsonOut's without its
// per-value bookkeeping: a flood makes hundreds of thousands of these.
// It is the emulator's own and not cordgate's core/json_out: the emulator stands in for Discord,
// and one escaper on both sides of the wire would hide its bugs from the tests.

#include <cstdint>
#include <string>
#include <string_view>

namespace cordgate::tests::emulator {

class JsonText {
  public:
    explicit JsonText(std::string& out) : out_(out) {}

    // JSON text as it is: keys, punctuation, null, false.
    JsonText& raw(std::string_view json) {
        out_.append(json);
        return *this;
    }
    JsonText& str(std::string_view v);
    JsonText& str_or_null(std::string_view v) { return v.empty() ? raw("null") : str(v); }
    JsonText& num(std::int64_t v);
    JsonText& boolean(bool v) { return raw(v ? "true" : "false"); }
    // Snowflakes always go out as strings; zero is Discord's "absent id", null.
    JsonText& snow(std::uint64_t id);
    JsonText& snow_or_null(std::uint64_t id) { return id ? snow(id) : raw("null"); }
    // A quoted Discord timestamp, 2024-01-01T00:00:00.000000+00:00.
    JsonText& timestamp(std::uint64_t unix_ms);

  private:
    std::string& out_;
};

// Discord's timestamp format, unquoted, appended to `out`.
void append_iso8601(std::string& out, std::uint64_t unix_ms);

}  // namespace cordgate::tests::emulator
