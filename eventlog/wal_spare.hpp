#pragma once
// Internal: every new WAL file of the log is written over a spare, a file of zeros that was
// written and synced before it was needed.
//
// Why: at low rates every commit is its own fdatasync. Appending to a file makes that sync also
// commit the file system's journal (the file's new size, the blocks it just took); writing over
// blocks that are already the file's makes it a data write and a cache flush: p50 0.24 -> 0.17
// ms per sync (bench/e2e/fsync_floor.py with and without --overwrite), and end to end at 1,000
// msg/s p50 1.59 -> 1.32 ms (bench/RESULTS.md, issue #6 session 11). Every message waits for
// one sync before its effects may leave the core.
//
// Why this is safe: RocksDB's WAL reader skips a block of zeros (a zero-length record of type
// 0) without reporting anything, so a WAL left longer than its records by a crash reads as if
// it ended with them; a record torn by a power cut fails its checksum and point-in-time
// recovery stops there, as it does at a torn end of a plain file. A spare holds only zeros,
// never an older WAL's records, so RocksDB's recyclable record format (log numbers in every
// record) is not needed. A WAL that outgrows its spare goes on as a plain append.
//
// The spare lives in the log folder as `cordgate-wal-spare`, a name RocksDB ignores. The first
// one is made when the log opens (so the first WAL has one too); the next one in a thread of
// its own once the current WAL has filled half of its spare, so a short-lived log makes one
// and a restart takes over the one its predecessor left. A spare that cannot be made (a full
// disk) is logged, and that WAL is a plain file, only its syncs slower; the next WAL asks again.

#include <rocksdb/file_system.h>

#include <cstdint>
#include <memory>
#include <string>

namespace cordgate::eventlog {

inline constexpr const char* kWalSpareName = "cordgate-wal-spare";

// A file system for the log in `dir` whose new WAL files take a spare of `bytes` zeros.
// Makes the first spare before it returns (when there is none), unless making it fails.
std::shared_ptr<rocksdb::FileSystem> wal_spare_file_system(
    std::shared_ptr<rocksdb::FileSystem> base, const std::string& dir, std::uint64_t bytes);

}  // namespace cordgate::eventlog
