#pragma once
// The log's database opened with RocksDB directly, to damage it behind the log's back as a
// bad disk or a partial copy would.

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace cordgate::eventlog::testing {

class RawDb {
  public:
    // `create`: make the database and its families, as a version of the log before this one
    // would have left them.
    explicit RawDb(const std::string& path, bool create = false) {
        std::vector<rocksdb::ColumnFamilyDescriptor> families;
        for (const char* name : {"default", "events", "effects", "snapshots", "meta", "archive"}) {
            families.emplace_back(name, rocksdb::ColumnFamilyOptions());
        }
        rocksdb::DBOptions options;
        options.create_if_missing = create;
        options.create_missing_column_families = create;
        rocksdb::DB* raw = nullptr;
        rocksdb::Status s = rocksdb::DB::Open(options, path, families, &handles_, &raw);
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
    rocksdb::ColumnFamilyHandle* effects() { return handles_[2]; }
    rocksdb::ColumnFamilyHandle* meta() { return handles_[4]; }

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

    // The key of the effect (or run of effects) of `target` starting at `id`.
    static std::string effect_key(const std::string& target, std::uint64_t id) {
        return target + '\0' + key(id);
    }
    void put(rocksdb::ColumnFamilyHandle* family, const std::string& k, const std::string& value) {
        EXPECT_TRUE(db_->Put(rocksdb::WriteOptions(), family, k, value).ok());
    }
    std::string get(rocksdb::ColumnFamilyHandle* family, const std::string& k) {
        std::string value;
        EXPECT_TRUE(db_->Get(rocksdb::ReadOptions(), family, k, &value).ok()) << k;
        return value;
    }
    void remove(rocksdb::ColumnFamilyHandle* family, const std::string& k) {
        EXPECT_TRUE(db_->Delete(rocksdb::WriteOptions(), family, k).ok());
    }
    // Every record of a family, in key order.
    std::vector<std::pair<std::string, std::string>> all(rocksdb::ColumnFamilyHandle* family) {
        std::vector<std::pair<std::string, std::string>> out;
        std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), family));
        for (it->SeekToFirst(); it->Valid(); it->Next()) {
            out.emplace_back(it->key().ToString(), it->value().ToString());
        }
        EXPECT_TRUE(it->status().ok());
        return out;
    }

  private:
    std::vector<rocksdb::ColumnFamilyHandle*> handles_;
    std::unique_ptr<rocksdb::DB> db_;
};

}  // namespace cordgate::eventlog::testing
