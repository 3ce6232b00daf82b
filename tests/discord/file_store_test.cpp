// cordgate's own file store on a real directory (file_store.hpp): part files become files
// only when committed, room is made before writing, names that are paths never touch the disk,
// and a sweep deletes expired files and a crash's leftovers.

#include <adapters/discord/file_store.hpp>

#include <gtest/gtest.h>

#include <unistd.h>
#include <chrono>
#include <filesystem>
#include <fstream>

namespace cordgate::adapters::discord {
namespace {

namespace fs = std::filesystem;

constexpr const char* kA = "0123456789abcdef0123456789abcdef/a.png";
constexpr const char* kB = "fedcba9876543210fedcba9876543210/b.png";

std::int64_t now_s() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

class FileStoreTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("cordgate-store-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    // Writes `bytes` bytes as `name` through the store, as a transfer would.
    void put(LocalFileStore& store, const std::string& name, std::size_t bytes) {
        auto where = store.prepare(name, bytes, now_s());
        ASSERT_TRUE(std::holds_alternative<fs::path>(where)) << std::get<std::string>(where);
        std::ofstream(std::get<fs::path>(where)) << std::string(bytes, 'x');
        ASSERT_TRUE(store.commit(name));
    }

    fs::path dir_;
};

TEST_F(FileStoreTest, APartFileBecomesTheFileOnlyWhenCommitted) {
    LocalFileStore store(dir_, StoreLimits{1000, std::chrono::hours(24)});
    auto where = store.prepare(kA, 10, now_s());
    ASSERT_TRUE(std::holds_alternative<fs::path>(where));
    const fs::path part = std::get<fs::path>(where);
    EXPECT_EQ(part.parent_path(), (dir_ / kA).parent_path());
    EXPECT_TRUE(part.filename().string().starts_with(".")) << "hidden from the server";
    std::ofstream(part) << "0123456789";
    EXPECT_FALSE(fs::exists(dir_ / kA));
    EXPECT_EQ(store.bytes_stored(), 0u) << "a part file is not a stored file";
    ASSERT_TRUE(store.commit(kA));
    EXPECT_TRUE(fs::exists(dir_ / kA));
    EXPECT_FALSE(fs::exists(part));
    EXPECT_EQ(store.bytes_stored(), 10u);
}

TEST_F(FileStoreTest, ADiscardedFileLeavesNothing) {
    LocalFileStore store(dir_, StoreLimits{1000, std::chrono::hours(24)});
    auto where = store.prepare(kA, 10, now_s());
    std::ofstream(std::get<fs::path>(where)) << "01234";
    store.discard(kA);
    EXPECT_TRUE(fs::is_empty(dir_));
}

TEST_F(FileStoreTest, RoomIsMadeFromTheOldestAndFilesBeingWrittenCount) {
    LocalFileStore store(dir_, StoreLimits{100, std::chrono::hours(24)});
    put(store, kA, 60);
    fs::last_write_time(dir_ / kA, fs::file_time_type::clock::now() - std::chrono::hours(1));
    // 60 stored + 50 more > 100: a.png goes.
    auto where = store.prepare(kB, 50, now_s());
    ASSERT_TRUE(std::holds_alternative<fs::path>(where));
    EXPECT_FALSE(fs::exists(dir_ / kA));
    // b.png is being written (50 promised): another 60 would pass the quota with it.
    auto third = store.prepare("11111111111111111111111111111111/c.png", 60, now_s());
    ASSERT_TRUE(std::holds_alternative<std::string>(third));
    EXPECT_NE(std::get<std::string>(third).find("quota"), std::string::npos);
}

TEST_F(FileStoreTest, NamesThatArePathsAreRefusedBeforeTheDisk) {
    LocalFileStore store(dir_, StoreLimits{1000, std::chrono::hours(24)});
    for (const char* bad :
         {"../x.png", "0123456789abcdef0123456789abcdef/../../x",
          "0123456789abcdef0123456789abcdef/.hidden", "0123456789ABCDEF0123456789abcdef/a.png",
          "0123456789abcdef0123456789abcdef/a/b.png", "/etc/passwd"}) {
        auto where = store.prepare(bad, 1, now_s());
        EXPECT_TRUE(std::holds_alternative<std::string>(where)) << bad;
    }
    EXPECT_TRUE(fs::is_empty(dir_));
}

TEST_F(FileStoreTest, ASweepDeletesExpiredFilesAndOldPartFiles) {
    LocalFileStore store(dir_, StoreLimits{1000, std::chrono::hours(24)});
    put(store, kA, 10);
    put(store, kB, 10);
    const auto two_days_ago = fs::file_time_type::clock::now() - std::chrono::hours(48);
    fs::last_write_time(dir_ / kA, two_days_ago);
    // What a crash leaves: a part file nobody is writing.
    fs::create_directories(dir_ / "22222222222222222222222222222222");
    const fs::path orphan = dir_ / "22222222222222222222222222222222/.c.png.part";
    std::ofstream(orphan) << "half";
    fs::last_write_time(orphan, two_days_ago);
    EXPECT_EQ(store.sweep(now_s()), 1u);
    EXPECT_FALSE(fs::exists(dir_ / kA));
    EXPECT_TRUE(fs::exists(dir_ / kB));
    EXPECT_FALSE(fs::exists(orphan));
}

}  // namespace
}  // namespace cordgate::adapters::discord
