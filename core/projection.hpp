#pragma once
// The pure fold: apply(state, event, position) -> effects. No I/O, no clock, no randomness;
// everything an effect needs comes from the state, the event and its log position, so a
// capture replays to the same bytes every time.

#include <core/archive/store.hpp>
#include <core/effect.hpp>
#include <core/event.hpp>
#include <core/state.hpp>

#include <cstdint>
#include <vector>

namespace cordgate::core {

using Effects = std::vector<Effect>;

// `position` is the event's place in the log (1-based); stanza ids and nonces derive from it.
// `archive` holds the rooms' archives (core/archive/): read and written as the state is, and
// like the state a function of the events folded so far.
Effects apply(State& state, archive::Store& archive, const Event& event, std::uint64_t position);

}  // namespace cordgate::core
