#pragma once
// Internal: effects stored as runs. A run is the effects of one target added to one batch with
// consecutive ids, stored as one record (key: target, 0x00, be64(first id); value: a segment,
// eventlog/segment.hpp), so that a flood pays the per-record costs of RocksDB once per commit
// and target rather than once per effect, as events do. An ack deletes the runs it covers
// entirely; a run it covers in part stays until a later ack covers the rest, and reads skip
// its acknowledged ids.

#include <eventlog/segment.hpp>
#include <eventlog/state.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace cordgate::eventlog::effects {

// At open, before the runs are loaded: brings the effects family to the current format.
// A database from before runs holds one record per effect; each becomes a run of one.
void upgrade(LogState& log);

// At open: every run in the effects family, checked in full, into log.effect_runs.
void load_runs(LogState& log);

// The highest effect id of `target` counting this batch.
std::uint64_t last_id(const LogState& log, const BatchState& batch, std::string_view target);

// Adds effect `id` of `target` to the target's newest run in this batch if `id` follows its last
// id, else to a new run. `id` must be above last_id().
void add(LogState& log, BatchState& batch, std::string_view target, std::uint64_t id,
         std::string_view bytes);

// Adds to the batch's WriteBatch what the commit changes in the effects family: its runs, less
// those acknowledged in the same batch, and the deletion of the runs it acknowledges in full.
void add_to_commit(const LogState& log, BatchState& batch);

// The commit is durable: the in-memory index and the last ids follow it.
void committed(LogState& log, const BatchState& batch);

// The batch's run builders go back to the log, cleared, for the next batch. Keeps at most
// kSpareRuns of them.
inline constexpr std::size_t kSpareRuns = 4;
void recycle(LogState& log, BatchState& batch) noexcept;

// One stored run, decoded and checked in full. Damage, including a malformed key, is a LogError
// naming the database, the target and the run's first id.
segment::Reader decode(std::string_view key, std::string_view value, std::string& scratch,
                       std::string_view path);

}  // namespace cordgate::eventlog::effects
