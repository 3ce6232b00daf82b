#pragma once
// RocksDB options for an append-mostly log. Why each value was chosen is in tuning.cpp.

#include <rocksdb/options.h>

namespace cordgate::eventlog::tuning {

// LZ4 on each commit's segment of events (see segment.hpp). Canonical JSON shrinks several
// times, and on a disk that syncs ~150 MB/s the bytes written, not the CPU, bound durable
// appends; the WAL and the memtable flush both carry the compressed segment.
inline constexpr bool kCompressSegments = true;

// LZ4 on each run of effects (see effects.hpp), on the same terms as for events.
inline constexpr bool kCompressEffects = true;

rocksdb::DBOptions db_options();
rocksdb::ColumnFamilyOptions events_options();
rocksdb::ColumnFamilyOptions effects_options();
rocksdb::ColumnFamilyOptions snapshots_options();
rocksdb::ColumnFamilyOptions archive_options();
rocksdb::ColumnFamilyOptions meta_options();

}  // namespace cordgate::eventlog::tuning
