// Reading the log back: events by position, pending effects, the snapshot to start from.

#include <eventlog/effects.hpp>
#include <eventlog/keys.hpp>
#include <eventlog/log.hpp>
#include <eventlog/segment.hpp>
#include <eventlog/state.hpp>

#include <algorithm>

namespace cordgate::eventlog {

void Log::read_events(std::uint64_t from, std::uint64_t to,
                      const std::function<bool(std::uint64_t, std::string_view)>& fn) const {
    if (from > to) return;
    keys::U64Key start = keys::be64(from);
    keys::U64Key upper = keys::be64(to + 1);
    rocksdb::Slice start_slice(start.data(), start.size());
    rocksdb::Slice upper_slice(upper.data(), upper.size());
    rocksdb::ReadOptions read;
    // The bound lets RocksDB stop at `to` without looking at the next file or block. There is
    // no lower bound: the segment holding `from` usually starts before it.
    if (to != UINT64_MAX) read.iterate_upper_bound = &upper_slice;
    std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(read, impl_->events));
    it->SeekForPrev(start_slice);
    if (!it->Valid()) {
        check(it->status(), impl_->path, "reading events");
        it->Seek(start_slice);  // `from` is before the first segment
    }
    std::string scratch;  // decompressed segments, reused
    std::uint64_t expected = 0;
    for (; it->Valid(); it->Next()) {
        segment::Reader segment(it->key().ToStringView(), it->value().ToStringView(), scratch,
                                impl_->path);
        // Each commit's segment starts where the previous one ended; anything else is damage,
        // and reading on would hand out a log with holes or repeats.
        if (expected != 0 && segment.first() != expected) {
            throw LogError("event log " + impl_->path + ": corrupt: expected the segment at " +
                           "position " + std::to_string(expected) + ", found one at " +
                           std::to_string(segment.first()));
        }
        if (!segment.for_each(from, to, fn)) return;
        if (segment.last() >= to) return;
        expected = segment.last() + 1;
    }
    check(it->status(), impl_->path, "reading events");
}

void Log::read_effects(std::string_view target, std::uint64_t after,
                       const std::function<bool(std::uint64_t, std::string_view)>& fn) const {
    // A run acknowledged in part is kept until the rest of it is; the acknowledged part is
    // gone as far as readers can tell, as it was when each effect had its own record.
    after = std::max(after, lookup(impl_->acked_id, target));
    if (after == UINT64_MAX) return;
    std::string start = keys::effect_key(target, after + 1);
    // The bounds keep the seek within the target's keys: SeekForPrev does not step back into
    // another target's runs, nor does Next run past its own.
    std::string lower = keys::effects_begin(target);
    std::string upper = keys::effects_end(target);
    rocksdb::Slice lower_slice(lower);
    rocksdb::Slice upper_slice(upper);
    rocksdb::ReadOptions read;
    read.iterate_lower_bound = &lower_slice;
    read.iterate_upper_bound = &upper_slice;
    std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(read, impl_->effects));
    // The run holding after + 1 starts at or before it.
    it->SeekForPrev(start);
    if (!it->Valid()) {
        check(it->status(), impl_->path, "reading effects");
        it->Seek(start);
    }
    std::string scratch;  // decompressed runs, reused
    std::uint64_t previous_last = 0;
    for (; it->Valid(); it->Next()) {
        segment::Reader run = effects::decode(it->key().ToStringView(), it->value().ToStringView(),
                                              scratch, impl_->path);
        if (run.first() <= previous_last) {
            throw LogError("event log " + impl_->path + ": corrupt: effect run of '" +
                           std::string(target) + "' at id " + std::to_string(run.first()) +
                           " overlaps the one before, which ends at " +
                           std::to_string(previous_last));
        }
        if (!run.for_each(after + 1, UINT64_MAX, fn)) return;
        previous_last = run.last();
    }
    check(it->status(), impl_->path, "reading effects");
}

std::optional<std::string> Log::get_archive(std::string_view key) const {
    std::string value;
    rocksdb::Status status = impl_->db->Get(rocksdb::ReadOptions(), impl_->archive,
                                            rocksdb::Slice(key.data(), key.size()), &value);
    if (status.IsNotFound()) return std::nullopt;
    check(status, impl_->path, "reading the archive");
    return value;
}

void Log::scan_archive(std::string_view from, std::string_view to, bool descending,
                       const std::function<bool(std::string_view, std::string_view)>& fn) const {
    const rocksdb::Slice lower(from.data(), from.size());
    const rocksdb::Slice upper(to.data(), to.size());
    rocksdb::ReadOptions options;
    options.iterate_lower_bound = &lower;
    options.iterate_upper_bound = &upper;
    std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(options, impl_->archive));
    if (descending) {
        for (it->SeekToLast(); it->Valid(); it->Prev()) {
            if (!fn(it->key().ToStringView(), it->value().ToStringView())) return;
        }
    } else {
        for (it->SeekToFirst(); it->Valid(); it->Next()) {
            if (!fn(it->key().ToStringView(), it->value().ToStringView())) return;
        }
    }
    check(it->status(), impl_->path, "reading the archive");
}

std::optional<std::pair<std::uint64_t, std::string>> Log::latest_snapshot(
    std::uint64_t at_or_before) const {
    keys::U64Key key = keys::be64(at_or_before);
    std::unique_ptr<rocksdb::Iterator> it(
        impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->snapshots));
    it->SeekForPrev(rocksdb::Slice(key.data(), key.size()));
    check(it->status(), impl_->path, "reading snapshots");
    if (!it->Valid()) return std::nullopt;
    return std::pair{keys::read_be64(it->key().ToStringView()), it->value().ToString()};
}

}  // namespace cordgate::eventlog
