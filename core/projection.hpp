#pragma once
// The pure fold: apply(state, event, position) -> effects. No I/O, no clock, no randomness;
// everything an effect needs comes from the state, the event and its log position, so a
// capture replays to the same bytes every time.

#include <core/effect.hpp>
#include <core/event.hpp>
#include <core/state.hpp>

#include <cstdint>
#include <vector>

namespace cordgate::core {

using Effects = std::vector<Effect>;

// `position` is the event's place in the log (1-based); stanza ids and nonces derive from it.
Effects apply(State& state, const Event& event, std::uint64_t position);

}  // namespace cordgate::core
