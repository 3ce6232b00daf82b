#pragma once
// Internal: what a Log and a Batch hold. Included by the eventlog sources only.

#include <eventlog/log.hpp>
#include <eventlog/segment.hpp>

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cordgate::eventlog {

struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// origin or target name -> a sequence number. Looked up by string_view without allocating.
using SeqMap = std::unordered_map<std::string, std::uint64_t, NameHash, std::equal_to<>>;

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

// Log::Impl is private to Log; the helpers in the sources take this public base instead.
struct LogState {
    std::string path;
    rocksdb::WriteOptions write_options;
    std::unique_ptr<rocksdb::DB> db;
    std::vector<rocksdb::ColumnFamilyHandle*> handles;  // released before db closes
    rocksdb::ColumnFamilyHandle* events = nullptr;
    rocksdb::ColumnFamilyHandle* effects = nullptr;
    rocksdb::ColumnFamilyHandle* snapshots = nullptr;
    rocksdb::ColumnFamilyHandle* meta = nullptr;

    // What is durable, mirrored from the meta family at open and after each commit, so that
    // building a batch never reads the database.
    std::uint64_t last_position = 0;
    SeqMap origin_seq;
    SeqMap effect_id;
    SeqMap acked_id;

    // Bumped by every commit that wrote something. A batch begun under an older generation
    // handed out positions and dedup answers that may no longer hold.
    std::uint64_t generation = 0;

    // The buffer of the last committed batch, cleared, for the next one. A commit of thousands
    // of events is megabytes; a fresh buffer each time costs a page fault per 4 KiB as it grows.
    std::unique_ptr<rocksdb::WriteBatch> spare_writes;
    std::unique_ptr<segment::Builder> spare_events;  // the same, for the events' segment

    LogState() = default;
    LogState(const LogState&) = delete;
    LogState& operator=(const LogState&) = delete;
    ~LogState();
};

struct Log::Impl : LogState {};

struct Batch::Impl {
    Log* log = nullptr;
    std::uint64_t generation = 0;
    std::uint64_t next_position = 1;
    std::size_t event_count = 0;
    std::unique_ptr<rocksdb::WriteBatch> writes;  // effects, snapshots; meta at commit
    std::unique_ptr<segment::Builder> events;     // one segment, put at commit
    // This batch's changes; they reach Log::Impl only when the commit succeeded.
    SeqMap origin_seq;
    SeqMap effect_id;
    SeqMap acked_id;
};

}  // namespace cordgate::eventlog
