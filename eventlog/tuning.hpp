#pragma once
// RocksDB options for an append-mostly log. Why each value was chosen is in tuning.cpp.

#include <rocksdb/options.h>

namespace cordgate::eventlog::tuning {

rocksdb::DBOptions db_options();
rocksdb::ColumnFamilyOptions events_options();
rocksdb::ColumnFamilyOptions effects_options();
rocksdb::ColumnFamilyOptions snapshots_options();
rocksdb::ColumnFamilyOptions meta_options();

}  // namespace cordgate::eventlog::tuning
