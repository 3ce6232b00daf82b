#pragma once
// UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
//
// The codec validates a frame with this before RapidJSON parses it, instead of RapidJSON's own
// kParseValidateEncodingFlag: that flag decodes every character through a per-byte state
// machine and turns off RapidJSON's fast scan of unescaped string runs, which together were
// 60% of decoding an event (perf of bench_codec). Text on the bus is nearly all ASCII, which
// this checks eight bytes at a time.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace cordgate::core {

// The offset of the first byte that does not start or continue a valid sequence; nullopt when
// the whole text is valid.
std::optional<std::size_t> first_invalid_utf8(std::string_view text);

// The length of the valid multi-byte sequence that `text` starts with (its first byte is not
// ASCII), or 0 when it does not start with one. The canonical decoder validates string bytes
// with this as it copies them, instead of a separate pass over the whole text.
std::size_t utf8_sequence_length(std::string_view text);

// Replaces every ill-formed part of `text` with U+FFFD, one per maximal subpart (Unicode 15,
// section 3.9: "\xE2\x82(" becomes one U+FFFD and "(", an encoded surrogate "\xED\xA0\x80"
// three), as browsers and Discord's clients do. Returns whether anything was replaced; valid
// text costs one first_invalid_utf8() pass and is left untouched.
bool replace_invalid_utf8(std::string& text);

}  // namespace cordgate::core
