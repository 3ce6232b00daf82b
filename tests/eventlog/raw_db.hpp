#pragma once
// The log's database opened with RocksDB directly, to damage it behind the log's back as a
// bad disk or a partial copy would.

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace cordgate::eventlog::testing {

class RawDb {
  public:
    explicit RawDb(const std::string& path) {
        std::vector<rocksdb::ColumnFamilyDescriptor> families;
        for (const char* name : {"default", "events", "effects", "snapshots", "meta"}) {
            families.emplace_back(name, rocksdb::ColumnFamilyOptions());
        }
        rocksdb::DB* raw = nullptr;
        rocksdb::Status s =
            rocksdb::DB::Open(rocksdb::DBOptions(), path, families, &handles_, &raw);
        if (!s.ok()) throw std::runtime_error("opening " + path + ": " + s.ToString());
        db_.reset(raw);
    }
    ~RawDb() {
        for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h).PermitUncheckedError();
        db_->Close().PermitUncheckedError();
    }
    RawDb(const RawDb&) = delete;
    RawDb& operator=(const RawDb&) = delete;

    rocksdb::DB& db() { return *db_; }
    rocksdb::ColumnFamilyHandle* events() { return handles_[1]; }

    static std::string key(std::uint64_t position) {
        std::string k(8, '\0');
        for (int i = 7; i >= 0; --i, position >>= 8) {
            k[static_cast<std::size_t>(i)] = static_cast<char>(position & 0xff);
        }
        return k;
    }
    std::string get_segment(std::uint64_t first) {
        std::string value;
        EXPECT_TRUE(db_->Get(rocksdb::ReadOptions(), events(), key(first), &value).ok());
        return value;
    }
    void put_segment(std::uint64_t first, const std::string& value) {
        EXPECT_TRUE(db_->Put(rocksdb::WriteOptions(), events(), key(first), value).ok());
    }
    void delete_segment(std::uint64_t first) {
        EXPECT_TRUE(db_->Delete(rocksdb::WriteOptions(), events(), key(first)).ok());
    }

  private:
    std::vector<rocksdb::ColumnFamilyHandle*> handles_;
    std::unique_ptr<rocksdb::DB> db_;
};

}  // namespace cordgate::eventlog::testing
