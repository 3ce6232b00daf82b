// Retention: dropping the oldest segments of the events family once a snapshot covers them.

#include <eventlog/keys.hpp>
#include <eventlog/log.hpp>
#include <eventlog/state.hpp>

#include <algorithm>
#include <memory>

namespace cordgate::eventlog {

void Batch::drop_events_before(std::uint64_t position) {
    if (!impl_) throw LogError("event log: batch already committed");
    Log::Impl& log = *impl_->log->impl_;
    // Segments are keyed by their first position, so the one holding `position` is the
    // greatest key at or before it; everything before that key goes.
    keys::U64Key at = keys::be64(position);
    std::unique_ptr<rocksdb::Iterator> it(log.db->NewIterator(rocksdb::ReadOptions(), log.events));
    it->SeekForPrev(rocksdb::Slice(at.data(), at.size()));
    check(it->status(), log.path, "finding the segment to keep");
    if (!it->Valid()) return;
    const std::uint64_t first_kept = keys::read_be64(it->key().ToStringView());
    if (first_kept <= std::max(log.first_position, impl_->first_kept)) return;

    // One point deletion per segment rather than a range deletion: the events family's
    // memtable inserts with a hint (tuning.cpp), and Debian 12's RocksDB (7.8) uses that hint
    // for the range-tombstone table too, which corrupts the skip list (later releases skip
    // it there: db/memtable.cc, MemTable::Add). One key per commit since the log's first
    // position is read; the ones dropped before are not walked again.
    keys::U64Key from = keys::be64(0);
    keys::U64Key to = keys::be64(first_kept);
    const rocksdb::Slice upper(to.data(), to.size());
    rocksdb::ReadOptions read;
    read.iterate_upper_bound = &upper;
    std::unique_ptr<rocksdb::Iterator> old(log.db->NewIterator(read, log.events));
    keys::U64Key first = keys::be64(log.first_position);
    for (old->Seek(rocksdb::Slice(first.data(), first.size())); old->Valid(); old->Next()) {
        check(impl_->writes->Delete(log.events, old->key()), log.path, "dropping old events");
    }
    check(old->status(), log.path, "finding old events");
    // A snapshot at first_kept - 1 can still start a restart (its tail is all kept); older ones
    // cannot.
    keys::U64Key oldest_snapshot = keys::be64(first_kept - 1);
    check(
        impl_->writes->DeleteRange(log.snapshots, rocksdb::Slice(from.data(), from.size()),
                                   rocksdb::Slice(oldest_snapshot.data(), oldest_snapshot.size())),
        log.path, "dropping old snapshots");
    impl_->first_kept = first_kept;
}

}  // namespace cordgate::eventlog
