// RocksDB tuning for the event log. The workload: one writer appending events at increasing
// positions in group commits of up to a few thousand, one record (segment) per commit, reads almost
// only at start-up (snapshot, then the tail) and by the replay tool, a handful of meta keys
// rewritten on every commit.

#include <eventlog/tuning.hpp>

#include <rocksdb/cache.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>

#include <memory>

namespace cordgate::eventlog::tuning {
namespace {

constexpr std::size_t kMiB = 1024 * 1024;

// One block cache for all families: reads are rare, so a small shared cache is enough and keeps
// the process's memory bounded however many families we add.
std::shared_ptr<rocksdb::Cache> shared_cache() {
    static const std::shared_ptr<rocksdb::Cache> cache = rocksdb::NewLRUCache(32 * kMiB);
    return cache;
}

rocksdb::ColumnFamilyOptions base_options(std::size_t block_size) {
    rocksdb::ColumnFamilyOptions cf;
    rocksdb::BlockBasedTableOptions table;
    table.block_cache = shared_cache();
    table.block_size = block_size;
    cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
    return cf;
}

}  // namespace

rocksdb::DBOptions db_options() {
    rocksdb::DBOptions db;
    db.create_if_missing = true;
    db.create_missing_column_families = true;
    // Recover up to the last intact WAL record after a crash: a torn tail belongs to a commit
    // that never returned, so dropping it loses nothing that was acknowledged.
    db.wal_recovery_mode = rocksdb::WALRecoveryMode::kPointInTimeRecovery;
    // The target machines have few cores; flushes and compactions share two background threads.
    db.max_background_jobs = 2;
    // Write SST files out in 1 MiB steps so a flush does not stall the WAL fsync behind a large
    // burst of dirty pages.
    db.bytes_per_sync = 1 * kMiB;
    // Every commit touches the small meta family too; without a cap its memtable would keep old
    // WAL files alive for a long time. Past this size RocksDB flushes whatever holds them.
    db.max_total_wal_size = 512 * kMiB;
    db.keep_log_file_num = 4;
    return db;
}

rocksdb::ColumnFamilyOptions events_options() {
    // Reads are scans. A segment larger than a block gets a block of its own.
    rocksdb::ColumnFamilyOptions cf = base_options(16 * 1024);
    // Incompressible events are stored raw, at up to 150 MB/s; there the default 64 MiB memtable
    // would flush several times a second. Larger memtables, and a spare one to write into while
    // another flushes, absorb bursts.
    cf.write_buffer_size = 128 * kMiB;
    cf.max_write_buffer_number = 3;
    cf.target_file_size_base = 64 * kMiB;
    cf.max_bytes_for_level_base = 512 * kMiB;
    // Keys only grow, so flushed files never overlap and compaction mostly moves files without
    // rewriting them. Segments arrive compressed by the log itself (tuning.hpp), so compressing
    // the blocks again would cost CPU for nothing.
    cf.compression = rocksdb::kNoCompression;
    // Every key shares the empty prefix, so the memtable keeps one insert hint: appending in
    // key order then skips most of the skip-list search.
    cf.memtable_insert_with_hint_prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(0));
    return cf;
}

rocksdb::ColumnFamilyOptions effects_options() {
    // Effects live until acknowledged, then are range-deleted: the family stays small.
    rocksdb::ColumnFamilyOptions cf = base_options(4 * 1024);
    cf.write_buffer_size = 16 * kMiB;
    cf.compression = rocksdb::kNoCompression;
    return cf;
}

rocksdb::ColumnFamilyOptions snapshots_options() {
    // Few, large values, written every N events; read once at start-up.
    rocksdb::ColumnFamilyOptions cf = base_options(16 * 1024);
    cf.write_buffer_size = 16 * kMiB;
    cf.compression = rocksdb::kLZ4Compression;
    return cf;
}

rocksdb::ColumnFamilyOptions archive_options() {
    // Small records written with each snapshot, read by range (a page of one room).
    rocksdb::ColumnFamilyOptions cf = base_options(16 * 1024);
    cf.write_buffer_size = 16 * kMiB;
    cf.compression = rocksdb::kLZ4Compression;
    return cf;
}

rocksdb::ColumnFamilyOptions meta_options() {
    // A handful of keys overwritten on every commit; read in full at open.
    rocksdb::ColumnFamilyOptions cf = base_options(4 * 1024);
    cf.write_buffer_size = 4 * kMiB;
    cf.compression = rocksdb::kNoCompression;
    return cf;
}

}  // namespace cordgate::eventlog::tuning
