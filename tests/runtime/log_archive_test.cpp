// The core's archive store: the log's archive family as of the last snapshot, merged with the
// changes since. It must read exactly like an in-memory store that saw the same writes, in both
// scan directions, and keep only what was written with a snapshot across a restart.

#include <core/archive/store.hpp>
#include <runtime/log_archive.hpp>
#include <tests/eventlog/temp_dir.hpp>

#include <gtest/gtest.h>

#include <random>

namespace cordgate::runtime {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

Pairs scan(const core::archive::Store& store, std::string_view from, std::string_view to,
           bool descending, std::size_t limit = SIZE_MAX) {
    Pairs out;
    store.scan(from, to, descending, [&](std::string_view k, std::string_view v) {
        out.emplace_back(k, v);
        return out.size() < limit;
    });
    return out;
}

void snapshot(eventlog::Log& log, LogArchive& archive, std::uint64_t position) {
    auto batch = log.begin();
    batch.put_snapshot(position, "{}");
    archive.write_into(batch);
    log.commit(std::move(batch));
}

TEST(LogArchive, ReadsLikeAMemoryStoreThroughSnapshotsInBothDirections) {
    eventlog::testing::TempDir dir;
    auto log = eventlog::Log::open({dir.path(), eventlog::Sync::never});
    LogArchive archive(*log);
    core::archive::MemoryStore expected;
    std::mt19937 random(7);
    auto key = [&] { return "k" + std::to_string(random() % 200 + 100); };
    for (int round = 0; round < 6; ++round) {
        for (int i = 0; i < 150; ++i) {
            std::string k = key();
            if (random() % 4 == 0) {
                archive.erase(k);
                expected.erase(k);
            } else {
                std::string v = "v" + std::to_string(random());
                archive.put(k, v);
                expected.put(k, v);
            }
        }
        // Half the rounds end with a snapshot: the rest leave changes pending over the log.
        if (round % 2 == 0) snapshot(*log, archive, static_cast<std::uint64_t>(round + 1));
        for (bool descending : {false, true}) {
            EXPECT_EQ(scan(archive, "k", "l", descending), scan(expected, "k", "l", descending));
            EXPECT_EQ(scan(archive, "k150", "k250", descending, 7),
                      scan(expected, "k150", "k250", descending, 7));
        }
        for (int i = 100; i < 300; ++i) {
            std::string k = "k" + std::to_string(i);
            EXPECT_EQ(archive.get(k), expected.get(k)) << k;
        }
    }
}

TEST(LogArchive, ARestartFindsTheArchiveAsOfTheLastSnapshot) {
    eventlog::testing::TempDir dir;
    {
        auto log = eventlog::Log::open({dir.path(), eventlog::Sync::every_batch});
        LogArchive archive(*log);
        archive.put("a", "1");
        snapshot(*log, archive, 1);
        archive.put("b", "2");  // after the snapshot: gone with the process
        archive.erase("a");
        EXPECT_EQ(archive.get("a"), std::nullopt);
        EXPECT_EQ(archive.changes(), 2u);
    }
    auto log = eventlog::Log::open({dir.path(), eventlog::Sync::every_batch});
    LogArchive archive(*log);
    EXPECT_EQ(archive.get("a"), "1");
    EXPECT_EQ(archive.get("b"), std::nullopt);
}

}  // namespace
}  // namespace cordgate::runtime
