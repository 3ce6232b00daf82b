// Reading the log back: events by position, pending effects, the snapshot to start from.

#include <eventlog/keys.hpp>
#include <eventlog/log.hpp>
#include <eventlog/state.hpp>

namespace cordgate::eventlog {

void Log::read_events(std::uint64_t from, std::uint64_t to,
                      const std::function<bool(std::uint64_t, std::string_view)>& fn) const {
    if (from > to) return;
    keys::U64Key lower = keys::be64(from);
    keys::U64Key upper = keys::be64(to + 1);
    rocksdb::Slice lower_slice(lower.data(), lower.size());
    rocksdb::Slice upper_slice(upper.data(), upper.size());
    rocksdb::ReadOptions read;
    // Bounds let RocksDB stop at `to` without looking at the next file or block.
    read.iterate_lower_bound = &lower_slice;
    if (to != UINT64_MAX) read.iterate_upper_bound = &upper_slice;
    std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(read, impl_->events));
    for (it->Seek(lower_slice); it->Valid(); it->Next()) {
        if (!fn(keys::read_be64(it->key().ToStringView()), it->value().ToStringView())) return;
    }
    check(it->status(), impl_->path, "reading events");
}

void Log::read_effects(std::string_view target, std::uint64_t after,
                       const std::function<bool(std::uint64_t, std::string_view)>& fn) const {
    if (after == UINT64_MAX) return;
    std::string lower = keys::effect_key(target, after + 1);
    std::string upper = keys::effects_end(target);
    rocksdb::Slice upper_slice(upper);
    rocksdb::ReadOptions read;
    read.iterate_upper_bound = &upper_slice;
    std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(read, impl_->effects));
    for (it->Seek(lower); it->Valid(); it->Next()) {
        if (!fn(keys::read_be64(it->key().ToStringView()), it->value().ToStringView())) return;
    }
    check(it->status(), impl_->path, "reading effects");
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
