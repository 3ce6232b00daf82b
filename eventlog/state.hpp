#pragma once
// Internal: what a Log and a Batch hold. Included by the eventlog sources only.

#include <eventlog/keys.hpp>
#include <eventlog/log.hpp>
#include <eventlog/segment.hpp>

#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/write_batch.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cordgate::eventlog {

struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// origin or target name -> V. Looked up by string_view without allocating.
template <typename V>
using NameMap = std::unordered_map<std::string, V, NameHash, std::equal_to<>>;
using SeqMap = NameMap<std::uint64_t>;

inline std::uint64_t lookup(const SeqMap& map, std::string_view name) {
    auto it = map.find(name);
    return it == map.end() ? 0 : it->second;
}

// Every RocksDB failure surfaces as a LogError naming the database and RocksDB's reason.
inline void check(const rocksdb::Status& status, std::string_view path, std::string_view doing) {
    if (status.ok()) return;
    throw LogError("event log " + std::string(path) + ": " + std::string(doing) + ": " +
                   status.ToString());
}

// The ids of one run: one target's effects with consecutive ids, stored as one record.
struct RunIds {
    std::uint64_t first = 0;
    std::uint64_t last = 0;
};

// Log::Impl is private to Log; the helpers in the sources take this public base instead.
struct LogState {
    std::string path;
    rocksdb::WriteOptions write_options;
    std::unique_ptr<rocksdb::Env> env;  // the WAL spares' (wal_spare.hpp); outlives db
    std::unique_ptr<rocksdb::DB> db;
    std::vector<rocksdb::ColumnFamilyHandle*> handles;  // released before db closes
    rocksdb::ColumnFamilyHandle* events = nullptr;
    rocksdb::ColumnFamilyHandle* effects = nullptr;
    rocksdb::ColumnFamilyHandle* snapshots = nullptr;
    rocksdb::ColumnFamilyHandle* meta = nullptr;
    rocksdb::ColumnFamilyHandle* archive = nullptr;

    // What is durable, mirrored from the meta family at open and after each commit, so that
    // building a batch never reads the database.
    std::uint64_t last_position = 0;
    std::uint64_t first_position = 1;  // read from the events family at open
    SeqMap origin_seq;
    SeqMap effect_id;
    SeqMap acked_id;
    std::uint64_t effects_format = keys::kEffectsOnePerRecord;

    // The runs in the effects family per target, oldest first: what an ack deletes is found
    // here, so commit never reads the database. Runs are added above every earlier id and
    // deleted oldest first (acks only advance), hence a deque. The family holds only
    // unacknowledged effects, so this is small; it is loaded at open.
    NameMap<std::deque<RunIds>> effect_runs;

    // Bumped by every commit that wrote something. A batch begun under an older generation
    // handed out positions and dedup answers that may no longer hold.
    std::uint64_t generation = 0;
    std::optional<std::uint64_t> last_fsync_us;  // Log::last_fsync_us

    // The buffer of the last committed batch, cleared, for the next one. A commit of thousands
    // of events is megabytes; a fresh buffer each time costs a page fault per 4 KiB as it grows.
    std::unique_ptr<rocksdb::WriteBatch> spare_writes;
    std::unique_ptr<segment::Builder> spare_events;             // the same, for the events' segment
    std::vector<std::unique_ptr<segment::Builder>> spare_runs;  // and for effect runs

    LogState() = default;
    LogState(const LogState&) = delete;
    LogState& operator=(const LogState&) = delete;
    ~LogState();
};

struct Log::Impl : LogState {};

// Effects added to a batch with consecutive ids for one target; put as one record at commit.
struct PendingRun {
    std::string target;
    RunIds ids;
    std::unique_ptr<segment::Builder> effects;
    bool written = false;  // false when acknowledged in the same batch: then it is not put
};

// Batch::Impl is private to Batch; this is the public base the helpers take, as for LogState.
struct BatchState {
    Log* log = nullptr;
    std::uint64_t generation = 0;
    std::uint64_t next_position = 1;
    std::size_t event_count = 0;
    std::unique_ptr<rocksdb::WriteBatch> writes;  // snapshots; the rest at commit
    std::unique_ptr<segment::Builder> events;     // one segment, put at commit
    std::vector<PendingRun> runs;                 // in the order they were begun; put at commit
    // This batch's changes; they reach Log::Impl only when the commit succeeded.
    SeqMap origin_seq;
    NameMap<std::size_t> newest_run;  // target -> its last run in `runs`, which ends at its
                                      // highest effect id in this batch
    SeqMap acked_id;
    // Retention: the first position kept once this batch is committed; 0 when it drops nothing.
    std::uint64_t first_kept = 0;

    // Nothing to write: no effect, event, snapshot or ack that advances.
    bool nothing_to_write() const {
        return event_count == 0 && runs.empty() && writes->Count() == 0 && acked_id.empty();
    }
};

struct Batch::Impl : BatchState {};

}  // namespace cordgate::eventlog
