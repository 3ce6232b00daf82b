#pragma once
// Lone UTF-16 surrogate escapes in Discord's JSON text.
//
// Discord passes on whatever UTF-16 a client sent, so a message can hold "\udc00" with no high
// surrogate before it, or "\ud83d" with no low one after it. RapidJSON 1.1.0 refuses the second
// (the whole frame is lost) and decodes the first into bytes that are not UTF-8 (ED B0 80),
// which the core cannot take. Discord's own clients show such a character as U+FFFD.

#include <string>
#include <string_view>

namespace cordgate::adapters::discord {

// Rewrites, in place, every \uXXXX escape of a surrogate that is not half of a correctly paired
// high+low escape into \ufffd (the same six bytes' length, so a parse in place still works).
// Escapes are read as a JSON tokeniser reads them: "\\" is one escape, so the "\u..." after it
// is text. Returns whether anything was rewritten. A backslash outside a string is invalid JSON
// either way, so the text is not tokenised beyond its escapes.
bool replace_lone_surrogate_escapes(std::string& json);

// A REST body made safe to parse and publish: bytes that are not UTF-8 (nothing validates an
// HTTP body) and lone surrogate escapes both become U+FFFD.
std::string repaired_json_text(std::string_view body);

}  // namespace cordgate::adapters::discord
