// Retention in the log: whole segments before the one holding the first position to keep go in
// the commit that asks for it, with the snapshots too old to start from; what stays reads as
// before, across a reopening, and a dropped range is not handed out again.

#include <eventlog/log.hpp>
#include <tests/eventlog/temp_dir.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cordgate::eventlog {
namespace {

using testing::TempDir;

// Commits `segments` batches of `per_segment` events each; a snapshot at the end of every
// `snapshot_every`-th batch.
void fill(Log& log, int segments, int per_segment, int snapshot_every) {
    for (int s = 0; s < segments; ++s) {
        Batch batch = log.begin();
        for (int e = 0; e < per_segment; ++e) {
            const std::uint64_t seq = log.last_origin_seq("a") + batch.event_count() + 1;
            batch.add_event("a", seq, "event " + std::to_string(seq));
        }
        if ((s + 1) % snapshot_every == 0) {
            batch.put_snapshot(log.last_position() + batch.event_count(), "state");
        }
        log.commit(std::move(batch));
    }
}

std::vector<std::uint64_t> positions(const Log& log) {
    std::vector<std::uint64_t> out;
    log.read_events(1, UINT64_MAX, [&](std::uint64_t position, std::string_view) {
        out.push_back(position);
        return true;
    });
    return out;
}

std::vector<std::uint64_t> snapshots(const Log& log) {
    std::vector<std::uint64_t> out;
    for (auto at = log.latest_snapshot(); at; at = log.latest_snapshot(at->first - 1)) {
        out.insert(out.begin(), at->first);
        if (at->first == 0) break;
    }
    return out;
}

TEST(Retention, DropsTheSegmentsBeforeTheOneHoldingThePositionAndStaleSnapshots) {
    TempDir dir;
    auto log = Log::open({dir.path(), Sync::never});
    fill(*log, 10, 10, 2);  // positions 1-100 in segments of 10; snapshots at 20, 40 ... 100
    ASSERT_EQ(log->first_position(), 1u);

    Batch batch = log->begin();
    batch.drop_events_before(55);  // in the segment 51-60
    log->commit(std::move(batch));

    EXPECT_EQ(log->first_position(), 51u);
    std::vector<std::uint64_t> kept = positions(*log);
    ASSERT_EQ(kept.size(), 50u);
    EXPECT_EQ(kept.front(), 51u);
    EXPECT_EQ(kept.back(), 100u);
    // 40 ends the segment before 41-50, which is gone: nothing could be folded from it.
    EXPECT_EQ(snapshots(*log), (std::vector<std::uint64_t>{60, 80, 100}));

    log.reset();
    log = Log::open({dir.path(), Sync::never});
    EXPECT_EQ(log->first_position(), 51u);
    EXPECT_EQ(positions(*log).size(), 50u);
    EXPECT_EQ(log->last_position(), 100u);
}

TEST(Retention, KeepsTheSnapshotJustBeforeTheFirstKeptEvent) {
    TempDir dir;
    auto log = Log::open({dir.path(), Sync::never});
    fill(*log, 6, 10, 2);  // snapshots at 20, 40, 60
    Batch batch = log->begin();
    batch.drop_events_before(41);
    log->commit(std::move(batch));
    EXPECT_EQ(log->first_position(), 41u);
    EXPECT_EQ(snapshots(*log), (std::vector<std::uint64_t>{40, 60}));
}

TEST(Retention, DropsNothingAtOrBeforeTheFirstPositionAndKeepsTheNewestSegment) {
    TempDir dir;
    auto log = Log::open({dir.path(), Sync::never});
    fill(*log, 3, 10, 1);
    for (std::uint64_t position : {0u, 1u, 10u}) {
        Batch batch = log->begin();
        batch.drop_events_before(position);
        log->commit(std::move(batch));
        EXPECT_EQ(log->first_position(), 1u) << position;
    }
    // Past the end: the newest segment stays, and the log goes on from where it was.
    Batch batch = log->begin();
    batch.drop_events_before(1000);
    log->commit(std::move(batch));
    EXPECT_EQ(log->first_position(), 21u);
    fill(*log, 1, 5, 1);
    std::vector<std::uint64_t> kept = positions(*log);
    ASSERT_EQ(kept.size(), 15u);
    EXPECT_EQ(kept.front(), 21u);
    EXPECT_EQ(kept.back(), 35u);
}

TEST(Retention, AnEmptyLogStartsAtOne) {
    TempDir dir;
    auto log = Log::open({dir.path(), Sync::never});
    EXPECT_EQ(log->first_position(), 1u);
    Batch batch = log->begin();
    batch.drop_events_before(10);
    log->commit(std::move(batch));
    EXPECT_EQ(log->first_position(), 1u);
}

}  // namespace
}  // namespace cordgate::eventlog
