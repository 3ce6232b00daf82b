#pragma once
// The two decoders behind decode_event() and decode_effect(), for tests that hold them against
// each other: the canonical reader (fast, only the bytes encode_* writes, false otherwise) and
// the DOM decoder (any valid JSON, a CodecError naming what is wrong). decode_* is the first,
// and the second when the first says false.

#include <core/effect.hpp>
#include <core/event.hpp>

#include <string_view>

namespace cordgate::core::envelope_paths {

bool decode_event_canonical(std::string_view text, Event& out);
Event decode_event_dom(std::string_view text);

bool decode_effect_canonical(std::string_view text, Effect& out);
Effect decode_effect_dom(std::string_view text);

}  // namespace cordgate::core::envelope_paths
