#pragma once
// The durable event log. Owned by cordgate-core alone; nothing else opens the database.
//
// What it stores (RocksDB column families):
//   events     one record (a segment) per commit: position of its first event (big-endian u64;
//              positions are 1, 2, 3...) -> its events' bytes as their adapter encoded them with
//              core's canonical codec, usually LZ4-compressed
//              together (layout in eventlog/segment.hpp). Callers still see one event per
//              position; read_events decodes the segments it touches.
//   effects    target name, 0x00, first id (big-endian u64) -> a run: the canonical bytes of
//              the effects for that target added to one batch with consecutive ids, as one
//              segment (eventlog/effects.hpp). Callers still see one effect per id.
//   snapshots  position (big-endian u64)               -> state bytes after that position
//              Retention (Batch::drop_events_before) deletes the oldest segments and the
//              snapshots too old to start from; the newest snapshot always stays.
//   archive    the rooms' archives (core/archive/) as of the newest snapshot: written only with
//              a snapshot, so at start-up the archive and the state are at the same position
//   meta       dedup high-water per origin, last and acknowledged effect id per target, last
//              position (key layout in eventlog/keys.hpp). Loaded into memory at open.
//
// Writes are group commits: everything from one bus poll goes into one Batch, which commit()
// writes as one RocksDB WriteBatch with the WAL on and (with Sync::every_batch) one fsync.
// Dedup: an origin numbers its events 1, 2, 3...; an event whose origin_seq is not above the
// highest one kept for that origin is a duplicate. A high-water mark per origin is the dedup
// index: one key per origin instead of one per event, updated in the same batch.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace cordgate::eventlog {

class LogError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

enum class Sync {
    every_batch,  // fsync the WAL once per commit(): durable when commit() returns (a commit
                  // of effect acks alone is synced by the next commit; see Log::commit)
    never,        // WAL written, fsync left to the OS: survives a process crash, not power loss
};

struct Options {
    std::string path;
    Sync sync = Sync::every_batch;
    // With Sync::every_batch, each WAL file is written over this many zeros made and synced
    // beforehand, so a commit's fsync has no journal commit to wait for (eventlog/wal_spare.hpp).
    // 0: WAL files are plain appends. The log folder keeps one spare of this size.
    std::uint64_t wal_spare_bytes = 0;
};

class Log;

// One group commit in the making. Positions are handed out as events are added, so the core
// can derive effect ids and stanza ids from them before the batch is written.
// A batch must not outlive its Log. Build one at a time: once another batch is committed, the
// positions and dedup answers this one gave may be wrong, and commit() refuses it.
// Effect ids must grow per target (add_effect throws LogError otherwise); acks that do not
// advance are ignored. Acknowledged effects are never read again: the runs an ack covers in
// full are deleted in the same commit, and read_effects skips the acknowledged part of a run.
class Batch {
  public:
    // nullopt when (origin, origin_seq) is a duplicate of a kept event or of one earlier in
    // this batch; otherwise the position the event will have.
    std::optional<std::uint64_t> add_event(std::string_view origin, std::uint64_t origin_seq,
                                           std::string_view bytes);
    void add_effect(std::string_view target, std::uint64_t id, std::string_view bytes);
    // The adapter for `target` executed every effect up to and including `id`.
    void ack_effects(std::string_view target, std::uint64_t id);
    void put_snapshot(std::uint64_t position, std::string_view bytes);
    // The archive's changes since the last snapshot, written with the next one.
    void put_archive(std::string_view key, std::string_view value);
    void erase_archive(std::string_view key);
    // Retention: deletes, in this commit, every committed segment that ends before the one
    // holding `position` (whole segments only, so a few events before it may stay), and the
    // snapshots older than the first event kept. The caller must have a snapshot at or after
    // position - 1 (in this batch or the log), or a restart could not rebuild the state.
    void drop_events_before(std::uint64_t position);

    // The highest origin_seq kept for `origin`, counting this batch: the next event of that
    // origin in order is this + 1.
    std::uint64_t last_origin_seq(std::string_view origin) const;
    std::size_t event_count() const;
    bool empty() const;

  private:
    friend class Log;
    struct Impl;
    explicit Batch(Log& log);
    std::shared_ptr<Impl> impl_;
};

// Not thread-safe: one thread at a time uses a Log and its batches.
class Log {
  public:
    // Creates the database when missing. Throws LogError naming the path and RocksDB's reason.
    // A database whose effects are stored one record each (before runs) is upgraded in place.
    static std::unique_ptr<Log> open(const Options& options);
    ~Log();

    Batch begin();
    // Writes the batch atomically. Throws LogError on failure; then nothing of it is kept.
    // The batch is spent either way. An empty batch writes nothing and does not fsync.
    void commit(Batch&& batch);

    std::uint64_t last_position() const;  // 0 when empty
    // The oldest event still kept: 1 until retention dropped some; last_position() + 1 when
    // there is none.
    std::uint64_t first_position() const;
    std::uint64_t last_origin_seq(std::string_view origin) const;  // 0 when unseen
    std::uint64_t last_effect_id(std::string_view target) const;   // 0 when none
    std::uint64_t acked_effect_id(std::string_view target) const;  // 0 when none

    // Events with from <= position <= to, in order. The callback returns false to stop. The bytes
    // are valid during the callback only. A damaged segment throws LogError naming its position
    // before any of its events are handed out.
    void read_events(std::uint64_t from, std::uint64_t to,
                     const std::function<bool(std::uint64_t, std::string_view)>& fn) const;
    // Effects for target with id > after and above acked_effect_id(target), in order. A
    // damaged run throws LogError naming the target and its first id before any of its
    // effects are handed out.
    void read_effects(std::string_view target, std::uint64_t after,
                      const std::function<bool(std::uint64_t, std::string_view)>& fn) const;
    std::optional<std::string> get_archive(std::string_view key) const;
    // Archive entries with from <= key < to, ascending or descending; fn returns false to stop.
    void scan_archive(std::string_view from, std::string_view to, bool descending,
                      const std::function<bool(std::string_view, std::string_view)>& fn) const;
    // A consistent copy of the log as of the last commit (a RocksDB checkpoint: SST files hard
    // linked when `dir` is on the same file system, copied otherwise; the WAL copied). `dir`
    // must not exist; its parent must. The copy opens as a log of its own (Log::open).
    void checkpoint(const std::string& dir);
    // Bytes of the files in the log's folder: SST, WAL, MANIFEST, the WAL spare.
    std::uint64_t disk_bytes() const;
    // Microseconds the last commit() spent in fsync (RocksDB's own I/O timer, on only for the
    // write); nullopt when it did not sync.
    std::optional<std::uint64_t> last_fsync_us() const;

    // The newest snapshot at or before `at_or_before` (default: the newest of all).
    std::optional<std::pair<std::uint64_t, std::string>> latest_snapshot(
        std::uint64_t at_or_before = UINT64_MAX) const;

  private:
    friend class Batch;
    struct Impl;
    explicit Log(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace cordgate::eventlog
