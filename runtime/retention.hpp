#pragma once
// How much of the event log the core keeps (core.retain_events, core.retain_days).
//
// Retention runs with each snapshot, in the same commit: the snapshot covers every event up to
// its position, so the events before it are only history (for `cordgate export` and the
// replay tools), not needed to restart. What is dropped: whole segments (commits) older than
// both bounds allow, and the snapshots too old to start from. What is kept: the newest
// snapshot and every event after it, whatever the bounds; the room archive (core/archive/),
// which has its own bound; effects not yet acknowledged.
//
// Age is measured against the time of the newest event, not this machine's clock: a clock that
// jumps forward on the core's host drops nothing early, and the same log always keeps the same
// events.

#include <eventlog/log.hpp>

#include <cstdint>

namespace cordgate::runtime {

struct RetentionPolicy {
    std::uint64_t keep_events = 0;  // 0: no bound on the count
    std::int64_t keep_ms = 0;       // 0: no bound on the age
    bool bounded() const { return keep_events > 0 || keep_ms > 0; }
};

// The first position to keep once a snapshot at `snapshot` (the newest position, whose events
// may not be committed yet) is written: the later of what each bound keeps, and never past
// snapshot + 1. `newest_ts` is the time of the newest event, in the events' milliseconds. Reads
// the log for the age bound: the events from its first position up to the first one young
// enough, which is what this call drops, plus one.
std::uint64_t first_position_to_keep(const RetentionPolicy& policy, const eventlog::Log& log,
                                     std::uint64_t snapshot, std::int64_t newest_ts);

}  // namespace cordgate::runtime
