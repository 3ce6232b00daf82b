// Opening the log, and the commit that makes a batch durable.

#include <eventlog/effects.hpp>
#include <eventlog/keys.hpp>
#include <eventlog/log.hpp>
#include <eventlog/segment.hpp>
#include <eventlog/state.hpp>
#include <eventlog/tuning.hpp>
#include <eventlog/wal_spare.hpp>

#include <rocksdb/convenience.h>
#include <rocksdb/iostats_context.h>
#include <rocksdb/perf_level.h>
#include <spdlog/spdlog.h>

#include <utility>

namespace cordgate::eventlog {
namespace {

constexpr const char* kEvents = "events";
constexpr const char* kEffects = "effects";
constexpr const char* kSnapshots = "snapshots";
constexpr const char* kMeta = "meta";
constexpr const char* kArchive = "archive";

std::uint64_t meta_value(const rocksdb::Slice& value, std::string_view path) {
    if (value.size() != 8) {
        throw LogError("event log " + std::string(path) + ": corrupt meta value of " +
                       std::to_string(value.size()) + " bytes");
    }
    return keys::read_be64(value.ToStringView());
}

// Fills the in-memory mirror from the meta family; it holds a few keys per origin and target.
void load_meta(LogState& log) {
    std::unique_ptr<rocksdb::Iterator> it(log.db->NewIterator(rocksdb::ReadOptions(), log.meta));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
        std::string_view key = it->key().ToStringView();
        if (key.empty()) throw LogError("event log " + log.path + ": empty meta key");
        std::uint64_t value = meta_value(it->value(), log.path);
        std::string name(key.substr(1));
        switch (key[0]) {
            case keys::kLastPosition:
                log.last_position = value;
                break;
            case keys::kOriginSeq:
                log.origin_seq[name] = value;
                break;
            case keys::kEffectId:
                log.effect_id[name] = value;
                break;
            case keys::kAckedId:
                log.acked_id[name] = value;
                break;
            case keys::kEffectsFormat:
                log.effects_format = value;
                break;
            default:
                throw LogError("event log " + log.path + ": unknown meta key tag '" +
                               std::string(key.substr(0, 1)) + "'");
        }
    }
    check(it->status(), log.path, "reading meta");
}

// The last position is written in the same batch as the last segment, so the newest segment
// must end there. A mismatch means the files were damaged or mixed up. The newest segment is
// decoded in full: it is the one a torn write would have hit.
void verify_last_position(const LogState& log) {
    std::unique_ptr<rocksdb::Iterator> it(log.db->NewIterator(rocksdb::ReadOptions(), log.events));
    it->SeekToLast();
    check(it->status(), log.path, "reading the last event");
    std::uint64_t newest = 0;
    if (it->Valid()) {
        std::string scratch;
        segment::Reader last(it->key().ToStringView(), it->value().ToStringView(), scratch,
                             log.path);
        newest = last.last();
    }
    if (newest != log.last_position) {
        throw LogError("event log " + log.path + ": corrupt: meta says the last position is " +
                       std::to_string(log.last_position) + " but the newest event is at " +
                       std::to_string(newest));
    }
}

// Retention deletes segments from the front; the oldest one left says where the log begins.
void find_first_position(LogState& log) {
    std::unique_ptr<rocksdb::Iterator> it(log.db->NewIterator(rocksdb::ReadOptions(), log.events));
    it->SeekToFirst();
    check(it->status(), log.path, "reading the first event");
    log.first_position =
        it->Valid() ? keys::read_be64(it->key().ToStringView()) : log.last_position + 1;
}

// The range deletion made the old segments unreadable; their SST files would only go when a
// compaction reached them, and with keys that only grow most files are moved between levels
// without being rewritten. Files wholly below the first segment kept are deleted now instead.
// Space is an optimisation, so a failure here is logged and left to compaction.
void release_dropped_files(LogState& log) {
    keys::U64Key from = keys::be64(0);
    keys::U64Key to = keys::be64(log.first_position);
    const rocksdb::Slice begin(from.data(), from.size());
    const rocksdb::Slice end(to.data(), to.size());
    rocksdb::Status status =
        rocksdb::DeleteFilesInRange(log.db.get(), log.events, &begin, &end, false);
    if (!status.ok()) {
        spdlog::warn("event log {}: old event files left for compaction: {}", log.path,
                     status.ToString());
    }
}

}  // namespace

LogState::~LogState() {
    if (!db) return;
    for (auto* handle : handles) db->DestroyColumnFamilyHandle(handle);
    // Close() reports errors that the destructor would swallow anyway; nothing can act on them
    // here, and every acknowledged commit is already in the WAL.
    db->Close().PermitUncheckedError();
}

Log::Log(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Log::~Log() = default;

std::unique_ptr<Log> Log::open(const Options& options) {
    if (options.path.empty()) throw LogError("event log: no path given");
    auto impl = std::make_unique<Impl>();
    impl->path = options.path;
    impl->write_options.sync = options.sync == Sync::every_batch;

    // RocksDB insists on a "default" family; the log does not use it.
    std::vector<rocksdb::ColumnFamilyDescriptor> families = {
        {rocksdb::kDefaultColumnFamilyName, tuning::meta_options()},
        {kEvents, tuning::events_options()},
        {kEffects, tuning::effects_options()},
        {kSnapshots, tuning::snapshots_options()},
        {kMeta, tuning::meta_options()},
        {kArchive, tuning::archive_options()},
    };
    rocksdb::DBOptions db_options = tuning::db_options();
    // Spares only shorten syncs; a log that does not sync would only pay for the zeros.
    if (options.sync == Sync::every_batch && options.wal_spare_bytes > 0) {
        impl->env = rocksdb::NewCompositeEnv(wal_spare_file_system(
            rocksdb::FileSystem::Default(), options.path, options.wal_spare_bytes));
        db_options.env = impl->env.get();
    }
    rocksdb::DB* db = nullptr;
    check(rocksdb::DB::Open(db_options, options.path, families, &impl->handles, &db), options.path,
          "open");
    impl->db.reset(db);
    impl->events = impl->handles[1];
    impl->effects = impl->handles[2];
    impl->snapshots = impl->handles[3];
    impl->meta = impl->handles[4];
    impl->archive = impl->handles[5];

    load_meta(*impl);
    verify_last_position(*impl);
    find_first_position(*impl);
    effects::upgrade(*impl);
    effects::load_runs(*impl);
    impl->spare_runs.reserve(effects::kSpareRuns);
    return std::unique_ptr<Log>(new Log(std::move(impl)));
}

Batch Log::begin() {
    return Batch(*this);
}

void Log::commit(Batch&& batch) {
    if (!batch.impl_) throw LogError("event log " + impl_->path + ": batch already committed");
    // Whatever happens below, the batch is spent: a failed commit is not retried by reusing it.
    std::shared_ptr<Batch::Impl> b = std::move(batch.impl_);
    if (b->log != this) throw LogError("event log " + impl_->path + ": batch of another log");
    if (b->generation != impl_->generation) {
        throw LogError("event log " + impl_->path +
                       ": batch was begun before another commit; its positions are stale");
    }
    // The buffers go back to the log whatever happens, for the next batch to reuse.
    struct Recycle {
        LogState& log;
        Batch::Impl& b;
        ~Recycle() {
            b.writes->Clear();
            log.spare_writes = std::move(b.writes);
            b.events->clear();
            log.spare_events = std::move(b.events);
            effects::recycle(log, b);
        }
    } recycle{*impl_, *b};
    // Nothing to write: no WAL record and no fsync.
    if (b->nothing_to_write()) return;
    // Effect acknowledgements alone are written to the WAL without an fsync of their own. The
    // write is in the OS, so it survives a crash of this process, and the next synced commit
    // makes it durable (a WAL sync covers every record before it). Lost in a power cut, it only
    // means effects are sent again, which the bus allows anyway (an effect is acknowledged
    // after it was carried out; far sides recognise ids derived from the log position). At a
    // steady 1,000 msg/s every message was followed by a commit of just its ack: half the
    // fsyncs (bench/RESULTS.md).
    const bool acks_only = b->event_count == 0 && b->runs.empty() && b->writes->Count() == 0;

    auto put_meta = [&](char tag, std::string_view name, std::uint64_t value) {
        keys::U64Key v = keys::be64(value);
        check(b->writes->Put(impl_->meta, keys::meta_key(tag, name),
                             rocksdb::Slice(v.data(), v.size())),
              impl_->path, "building the commit");
    };
    for (const auto& [origin, seq] : b->origin_seq) put_meta(keys::kOriginSeq, origin, seq);
    for (const auto& [target, index] : b->newest_run) {
        put_meta(keys::kEffectId, target, b->runs[index].ids.last);
    }
    for (const auto& [target, id] : b->acked_id) put_meta(keys::kAckedId, target, id);
    // Executed effects are never read again: the runs an ack covers in full go in the same
    // commit as the ack.
    effects::add_to_commit(*impl_, *b);
    std::uint64_t last = b->next_position - 1;
    if (b->event_count > 0) {
        keys::U64Key first = keys::be64(impl_->last_position + 1);
        std::string_view value = b->events->encode(tuning::kCompressSegments);
        check(b->writes->Put(impl_->events, rocksdb::Slice(first.data(), first.size()),
                             rocksdb::Slice(value.data(), value.size())),
              impl_->path, "building the commit");
        put_meta(keys::kLastPosition, {}, last);
    }

    rocksdb::WriteOptions write_options = impl_->write_options;
    if (acks_only) write_options.sync = false;
    impl_->last_fsync_us.reset();
    if (write_options.sync) {
        // RocksDB times its I/O only above the default perf level; on for this one write, it
        // costs a few clock reads per commit.
        struct TimedIo {
            rocksdb::PerfLevel before = rocksdb::GetPerfLevel();
            TimedIo() {
                rocksdb::SetPerfLevel(rocksdb::kEnableTimeExceptForMutex);
                rocksdb::get_iostats_context()->fsync_nanos = 0;
            }
            ~TimedIo() { rocksdb::SetPerfLevel(before); }
        } timed;
        check(impl_->db->Write(write_options, b->writes.get()), impl_->path, "commit");
        impl_->last_fsync_us = rocksdb::get_iostats_context()->fsync_nanos / 1000;
    } else {
        check(impl_->db->Write(write_options, b->writes.get()), impl_->path, "commit");
    }

    // Durable: now the mirror may move.
    if (b->event_count > 0) impl_->last_position = last;
    if (b->first_kept > impl_->first_position) {
        impl_->first_position = b->first_kept;
        release_dropped_files(*impl_);
    }
    for (auto& [origin, seq] : b->origin_seq) impl_->origin_seq[origin] = seq;
    effects::committed(*impl_, *b);
    for (auto& [target, id] : b->acked_id) impl_->acked_id[target] = id;
    ++impl_->generation;
}

std::optional<std::uint64_t> Log::last_fsync_us() const {
    return impl_->last_fsync_us;
}

std::uint64_t Log::last_position() const {
    return impl_->last_position;
}

std::uint64_t Log::first_position() const {
    return impl_->first_position;
}

std::uint64_t Log::last_origin_seq(std::string_view origin) const {
    return lookup(impl_->origin_seq, origin);
}

std::uint64_t Log::last_effect_id(std::string_view target) const {
    return lookup(impl_->effect_id, target);
}

std::uint64_t Log::acked_effect_id(std::string_view target) const {
    return lookup(impl_->acked_id, target);
}

}  // namespace cordgate::eventlog
