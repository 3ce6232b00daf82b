#pragma once
// Folding a capture through the pure core, and comparing what comes out with an expectation.

#include <core/archive/store.hpp>
#include <core/state.hpp>
#include <replay/capture.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cordgate::replay {

struct ReplayResult {
    core::State state;
    std::vector<std::string> effects;  // canonical effect envelopes, in order
    // The rooms' archives the fold kept: like the core's, beside the state, not in snapshots.
    core::archive::MemoryStore archive;
};

using Progress = std::function<void(std::size_t done, std::size_t total)>;

// Folds events[from..] onto `state` and `archive`; event i has log position first_position + i.
ReplayResult replay(const std::vector<CapturedEvent>& events, core::State state = {},
                    std::size_t from = 0, std::uint64_t first_position = 1,
                    const Progress& progress = {}, core::archive::MemoryStore archive = {});

struct Difference {
    std::size_t effect_index = 0;  // 0-based
    std::uint64_t event_position = 0;
    std::string expected;  // empty when there was nothing more expected
    std::string got;       // empty when the replay produced fewer effects
};

std::optional<Difference> first_difference(const std::vector<std::string>& expected,
                                           const std::vector<std::string>& got);

// Replays up to `split` events, round-trips the state through a snapshot, and replays the
// rest; nullopt when both the state and the effects equal a straight replay, else a reason.
std::optional<std::string> check_snapshot_equivalence(const std::vector<CapturedEvent>& events,
                                                      std::size_t split);

}  // namespace cordgate::replay
