// WAL files written over spares of zeros (eventlog/wal_spare.hpp): that the WAL really is one,
// that the next spare comes when it should, and that the log reads back the same either way.
// What a crash leaves behind (a WAL longer than its records) is eventlog_tests' SIGKILL tests:
// their writer logs on spares.

#include <eventlog/log.hpp>
#include <eventlog/wal_spare.hpp>
#include <tests/eventlog/spare_wait.hpp>
#include <tests/eventlog/temp_dir.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace cordgate::eventlog {
namespace {

namespace fs = std::filesystem;
using testing::spare_there;
using testing::TempDir;
using testing::wait_for_spare;

constexpr std::uint64_t kSpare = 1024 * 1024;

std::vector<fs::path> wal_files(const std::string& dir) {
    std::vector<fs::path> out;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().extension() == ".log") out.push_back(entry.path());
    }
    return out;
}

// Events that LZ4 cannot shrink, so the WAL grows by about their size.
std::string incompressible(std::mt19937_64& rng, std::size_t n) {
    std::string s(n, '\0');
    for (char& c : s) c = static_cast<char>('a' + rng() % 26);
    return s;
}

// Commits `count` events of `size` bytes from origin "o", one commit each, from seq `first`.
std::vector<std::string> append(Log& log, std::uint64_t first, int count, std::size_t size,
                                std::mt19937_64& rng) {
    std::vector<std::string> written;
    for (int i = 0; i < count; ++i) {
        Batch batch = log.begin();
        written.push_back(incompressible(rng, size));
        batch.add_event("o", first + static_cast<std::uint64_t>(i), written.back());
        log.commit(std::move(batch));
    }
    return written;
}

std::vector<std::string> read_all(const Log& log) {
    std::vector<std::string> out;
    log.read_events(1, UINT64_MAX, [&](std::uint64_t, std::string_view bytes) {
        out.emplace_back(bytes);
        return true;
    });
    return out;
}

TEST(WalSpare, TheFirstWalIsWrittenOverTheSpareMadeAtOpen) {
    TempDir dir;
    auto log = Log::open({.path = dir.path(), .wal_spare_bytes = kSpare});
    std::vector<fs::path> wals = wal_files(dir.path());
    ASSERT_EQ(wals.size(), 1u);
    // A plain new WAL holds a few bytes; one that took the spare over has its zeros after them.
    EXPECT_GE(fs::file_size(wals[0]), kSpare);
    EXPECT_FALSE(spare_there(dir.path())) << "the spare was made but not taken";
}

TEST(WalSpare, TheNextSpareIsMadeOnceTheWalHasFilledHalfOfItsOwn) {
    TempDir dir;
    std::mt19937_64 rng(7);
    auto log = Log::open({.path = dir.path(), .wal_spare_bytes = kSpare});
    append(*log, 1, 40, 4096, rng);  // ~160 KiB: under half
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_FALSE(spare_there(dir.path())) << "a spare made before the WAL needed one";
    append(*log, 41, 100, 4096, rng);  // ~560 KiB in all
    ASSERT_TRUE(wait_for_spare(dir.path()));
    EXPECT_EQ(fs::file_size(fs::path(dir.path()) / kWalSpareName), kSpare);
}

TEST(WalSpare, AWalThatOutgrewItsSpareReadsBackWholeAndTheNextOneTakesTheSpare) {
    TempDir dir;
    std::mt19937_64 rng(11);
    std::vector<std::string> written;
    {
        auto log = Log::open({.path = dir.path(), .wal_spare_bytes = kSpare});
        written = append(*log, 1, 700, 4096, rng);  // ~2.8 MiB: past the spare's end
        ASSERT_TRUE(wait_for_spare(dir.path()));
    }
    auto log = Log::open({.path = dir.path(), .wal_spare_bytes = kSpare});
    EXPECT_EQ(read_all(*log), written);
    EXPECT_FALSE(spare_there(dir.path())) << "the reopened log's WAL did not take the spare";
    auto more = append(*log, 701, 10, 100, rng);
    written.insert(written.end(), more.begin(), more.end());
    EXPECT_EQ(read_all(*log), written);
}

TEST(WalSpare, ALogWhoseSpareCannotBeMadeWorksOnAPlainWal) {
    TempDir dir;
    fs::create_directories(fs::path(dir.path()) / kWalSpareName);  // in the spare's way
    std::mt19937_64 rng(3);
    std::vector<std::string> written;
    {
        auto log = Log::open({.path = dir.path(), .wal_spare_bytes = kSpare});
        ASSERT_EQ(wal_files(dir.path()).size(), 1u);
        EXPECT_LT(fs::file_size(wal_files(dir.path())[0]), kSpare);
        written = append(*log, 1, 200, 4096, rng);
    }
    auto log = Log::open({.path = dir.path()});
    EXPECT_EQ(read_all(*log), written);
}

TEST(WalSpare, ALogThatDoesNotSyncMakesNoSpare) {
    TempDir dir;
    auto log = Log::open({.path = dir.path(), .sync = Sync::never, .wal_spare_bytes = kSpare});
    std::mt19937_64 rng(5);
    append(*log, 1, 200, 4096, rng);
    EXPECT_FALSE(spare_there(dir.path()));
    EXPECT_LT(fs::file_size(wal_files(dir.path())[0]), kSpare);
}

}  // namespace
}  // namespace cordgate::eventlog
