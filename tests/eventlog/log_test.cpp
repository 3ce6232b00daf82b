// Behaviour of the log across commits and reopenings.

#include <eventlog/log.hpp>
#include <tests/eventlog/raw_db.hpp>
#include <tests/eventlog/temp_dir.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace cordgate::eventlog {
namespace {

using testing::TempDir;

using Entries = std::vector<std::pair<std::uint64_t, std::string>>;

Entries all_events(const Log& log, std::uint64_t from = 1, std::uint64_t to = UINT64_MAX) {
    Entries out;
    log.read_events(from, to, [&](std::uint64_t pos, std::string_view bytes) {
        out.emplace_back(pos, std::string(bytes));
        return true;
    });
    return out;
}

Entries all_effects(const Log& log, std::string_view target, std::uint64_t after) {
    Entries out;
    log.read_effects(target, after, [&](std::uint64_t id, std::string_view bytes) {
        out.emplace_back(id, std::string(bytes));
        return true;
    });
    return out;
}

TEST(EventLog, PositionsAreConsecutiveAcrossReopen) {
    TempDir dir;
    {
        auto log = Log::open({.path = dir.path()});
        EXPECT_EQ(log->last_position(), 0u);
        Batch batch = log->begin();
        EXPECT_EQ(batch.add_event("xmpp", 1, "a"), 1u);
        EXPECT_EQ(batch.add_event("xmpp", 2, "b"), 2u);
        EXPECT_EQ(batch.add_event("discord", 1, "c"), 3u);
        EXPECT_EQ(batch.event_count(), 3u);
        log->commit(std::move(batch));
        EXPECT_EQ(log->last_position(), 3u);
    }
    auto log = Log::open({.path = dir.path()});
    EXPECT_EQ(log->last_position(), 3u);
    Batch batch = log->begin();
    EXPECT_EQ(batch.add_event("xmpp", 3, "d"), 4u);
    log->commit(std::move(batch));
    EXPECT_EQ(all_events(*log), (Entries{{1, "a"}, {2, "b"}, {3, "c"}, {4, "d"}}));
}

TEST(EventLog, DuplicatesWithinABatchAreDropped) {
    TempDir dir;
    auto log = Log::open({.path = dir.path()});
    Batch batch = log->begin();
    EXPECT_EQ(batch.add_event("xmpp", 5, "five"), 1u);
    EXPECT_EQ(batch.add_event("xmpp", 5, "again"), std::nullopt);
    EXPECT_EQ(batch.add_event("xmpp", 4, "late"), std::nullopt);
    // Origins are numbered independently.
    EXPECT_EQ(batch.add_event("discord", 5, "other"), 2u);
    EXPECT_EQ(batch.add_event("xmpp", 6, "six"), 3u);
    EXPECT_EQ(batch.event_count(), 3u);
    log->commit(std::move(batch));
    EXPECT_EQ(all_events(*log), (Entries{{1, "five"}, {2, "other"}, {3, "six"}}));
    EXPECT_EQ(log->last_origin_seq("xmpp"), 6u);
    EXPECT_EQ(log->last_origin_seq("discord"), 5u);
    EXPECT_EQ(log->last_origin_seq("unseen"), 0u);
}

TEST(EventLog, DuplicatesAcrossReopenAreDropped) {
    TempDir dir;
    {
        auto log = Log::open({.path = dir.path()});
        Batch batch = log->begin();
        for (std::uint64_t seq = 1; seq <= 10; ++seq) batch.add_event("xmpp", seq, "x");
        log->commit(std::move(batch));
    }
    auto log = Log::open({.path = dir.path()});
    EXPECT_EQ(log->last_origin_seq("xmpp"), 10u);
    Batch batch = log->begin();
    for (std::uint64_t seq = 0; seq <= 10; ++seq) {
        EXPECT_EQ(batch.add_event("xmpp", seq, "resent"), std::nullopt) << seq;
    }
    EXPECT_EQ(batch.add_event("xmpp", 11, "new"), 11u);
    EXPECT_EQ(batch.event_count(), 1u);
    log->commit(std::move(batch));
    EXPECT_EQ(all_events(*log, 10), (Entries{{10, "x"}, {11, "new"}}));
}

TEST(EventLog, EffectsAreReadAfterAnId) {
    TempDir dir;
    auto log = Log::open({.path = dir.path()});
    Batch batch = log->begin();
    batch.add_effect("xmpp", 1, "x1");
    batch.add_effect("discord", 2, "d2");
    batch.add_effect("xmpp", 3, "x3");
    batch.add_effect("xmpp", 7, "x7");
    // A target whose name extends another's must not show up in its reads.
    batch.add_effect("xmpp2", 4, "other");
    log->commit(std::move(batch));

    EXPECT_EQ(all_effects(*log, "xmpp", 0), (Entries{{1, "x1"}, {3, "x3"}, {7, "x7"}}));
    EXPECT_EQ(all_effects(*log, "xmpp", 1), (Entries{{3, "x3"}, {7, "x7"}}));
    EXPECT_EQ(all_effects(*log, "xmpp", 3), (Entries{{7, "x7"}}));
    EXPECT_EQ(all_effects(*log, "xmpp", 7), Entries{});
    EXPECT_EQ(all_effects(*log, "xmpp", UINT64_MAX), Entries{});
    EXPECT_EQ(all_effects(*log, "discord", 0), (Entries{{2, "d2"}}));
    EXPECT_EQ(log->last_effect_id("xmpp"), 7u);
    EXPECT_EQ(log->last_effect_id("discord"), 2u);
    EXPECT_EQ(log->last_effect_id("nobody"), 0u);

    Entries first;
    log->read_effects("xmpp", 0, [&](std::uint64_t id, std::string_view bytes) {
        first.emplace_back(id, std::string(bytes));
        return false;
    });
    EXPECT_EQ(first, (Entries{{1, "x1"}}));
}

TEST(EventLog, EffectIdsMustGrowPerTarget) {
    TempDir dir;
    auto log = Log::open({.path = dir.path()});
    Batch batch = log->begin();
    batch.add_effect("xmpp", 5, "a");
    EXPECT_THROW(batch.add_effect("xmpp", 5, "b"), LogError);
    EXPECT_THROW(batch.add_effect("xmpp", 4, "b"), LogError);
    EXPECT_THROW(batch.add_effect(std::string_view("x\0y", 3), 9, "b"), LogError);
    log->commit(std::move(batch));
    Batch next = log->begin();
    EXPECT_THROW(next.add_effect("xmpp", 5, "c"), LogError);
    next.add_effect("xmpp", 6, "c");
}

TEST(EventLog, AcksArePersistedAndAcknowledgedEffectsDeleted) {
    TempDir dir;
    {
        auto log = Log::open({.path = dir.path()});
        Batch batch = log->begin();
        for (std::uint64_t id = 1; id <= 5; ++id) batch.add_effect("discord", id, "d");
        batch.add_effect("xmpp", 1, "x");
        log->commit(std::move(batch));

        Batch ack = log->begin();
        ack.ack_effects("discord", 3);
        EXPECT_FALSE(ack.empty());
        log->commit(std::move(ack));
        EXPECT_EQ(log->acked_effect_id("discord"), 3u);
        EXPECT_EQ(log->acked_effect_id("xmpp"), 0u);

        // An ack that does not advance changes nothing.
        Batch stale = log->begin();
        stale.ack_effects("discord", 2);
        EXPECT_TRUE(stale.empty());
        log->commit(std::move(stale));
    }
    auto log = Log::open({.path = dir.path()});
    EXPECT_EQ(log->acked_effect_id("discord"), 3u);
    EXPECT_EQ(log->last_effect_id("discord"), 5u);
    // What a restart re-sends: the unacknowledged tail. The acknowledged ones are gone.
    EXPECT_EQ(all_effects(*log, "discord", log->acked_effect_id("discord")),
              (Entries{{4, "d"}, {5, "d"}}));
    EXPECT_EQ(all_effects(*log, "discord", 0), (Entries{{4, "d"}, {5, "d"}}));
    EXPECT_EQ(all_effects(*log, "xmpp", 0), (Entries{{1, "x"}}));

    // Acknowledging everything, and new effects after it, still numbered from the last id.
    Batch batch = log->begin();
    batch.ack_effects("discord", 5);
    batch.add_effect("discord", 6, "six");
    log->commit(std::move(batch));
    EXPECT_EQ(all_effects(*log, "discord", 0), (Entries{{6, "six"}}));

    // Several acks in one batch, one of them for an effect added in that same batch.
    Batch more = log->begin();
    more.add_effect("discord", 7, "seven");
    more.add_effect("discord", 8, "eight");
    more.ack_effects("discord", 6);
    more.ack_effects("discord", 7);
    more.add_effect("discord", 9, "nine");
    log->commit(std::move(more));
    EXPECT_EQ(log->acked_effect_id("discord"), 7u);
    EXPECT_EQ(all_effects(*log, "discord", 0), (Entries{{8, "eight"}, {9, "nine"}}));
}

TEST(EventLog, SnapshotsLatestAtOrBefore) {
    TempDir dir;
    {
        auto log = Log::open({.path = dir.path()});
        EXPECT_EQ(log->latest_snapshot(), std::nullopt);
        Batch batch = log->begin();
        batch.put_snapshot(100, "s100");
        batch.put_snapshot(200, "s200");
        log->commit(std::move(batch));
        Batch later = log->begin();
        later.put_snapshot(300, "s300");
        log->commit(std::move(later));
    }
    auto log = Log::open({.path = dir.path()});
    using Snap = std::optional<std::pair<std::uint64_t, std::string>>;
    EXPECT_EQ(log->latest_snapshot(), (Snap{{300, "s300"}}));
    EXPECT_EQ(log->latest_snapshot(300), (Snap{{300, "s300"}}));
    EXPECT_EQ(log->latest_snapshot(299), (Snap{{200, "s200"}}));
    EXPECT_EQ(log->latest_snapshot(100), (Snap{{100, "s100"}}));
    EXPECT_EQ(log->latest_snapshot(99), std::nullopt);
    EXPECT_EQ(log->latest_snapshot(0), std::nullopt);
}

TEST(EventLog, ReadEventsRangesAndEarlyStop) {
    TempDir dir;
    auto log = Log::open({.path = dir.path()});
    // Across two commits so the range spans more than one write.
    for (std::uint64_t base : {0, 300}) {
        Batch batch = log->begin();
        for (std::uint64_t seq = base + 1; seq <= base + 300; ++seq) {
            batch.add_event("o", seq, std::to_string(seq));
        }
        log->commit(std::move(batch));
    }
    // 256 and 257 straddle a byte boundary of the big-endian key.
    Entries mid = all_events(*log, 255, 258);
    EXPECT_EQ(mid, (Entries{{255, "255"}, {256, "256"}, {257, "257"}, {258, "258"}}));
    EXPECT_EQ(all_events(*log, 600, 700), (Entries{{600, "600"}}));
    EXPECT_EQ(all_events(*log, 601, 700), Entries{});
    EXPECT_EQ(all_events(*log, 10, 9), Entries{});
    EXPECT_EQ(all_events(*log, 0, 0), Entries{});
    EXPECT_EQ(all_events(*log, 7, 7), (Entries{{7, "7"}}));
    EXPECT_EQ(all_events(*log).size(), 600u);

    std::vector<std::uint64_t> seen;
    log->read_events(1, UINT64_MAX, [&](std::uint64_t pos, std::string_view) {
        seen.push_back(pos);
        return pos < 3;
    });
    EXPECT_EQ(seen, (std::vector<std::uint64_t>{1, 2, 3}));
}

TEST(EventLog, EmptyBatchCommitsNothing) {
    TempDir dir;
    auto log = Log::open({.path = dir.path()});
    Batch other = log->begin();
    Batch empty = log->begin();
    EXPECT_TRUE(empty.empty());
    EXPECT_EQ(empty.event_count(), 0u);
    log->commit(std::move(empty));
    EXPECT_EQ(log->last_position(), 0u);
    // Nothing changed, so a batch begun before it is still valid.
    EXPECT_EQ(other.add_event("o", 1, "a"), 1u);
    log->commit(std::move(other));
    EXPECT_EQ(log->last_position(), 1u);
}

TEST(EventLog, StaleOrSpentBatchIsRefused) {
    TempDir dir;
    auto log = Log::open({.path = dir.path()});
    Batch first = log->begin();
    Batch second = log->begin();
    first.add_event("o", 1, "a");
    second.add_event("o", 1, "b");  // same position and seq: only one may win
    log->commit(std::move(first));
    EXPECT_THROW(log->commit(std::move(second)), LogError);
    EXPECT_EQ(all_events(*log), (Entries{{1, "a"}}));
    EXPECT_THROW(log->commit(std::move(first)), LogError);
    EXPECT_THROW(first.add_event("o", 2, "c"), LogError);
}

TEST(EventLog, SyncNeverStillPersists) {
    TempDir dir;
    {
        auto log = Log::open({.path = dir.path(), .sync = Sync::never});
        Batch batch = log->begin();
        batch.add_event("o", 1, "a");
        log->commit(std::move(batch));
    }
    auto log = Log::open({.path = dir.path(), .sync = Sync::never});
    EXPECT_EQ(all_events(*log), (Entries{{1, "a"}}));
}

// The message must name the database, and carry RocksDB's reason.
void expect_open_error(const std::string& path, const std::string& reason_part) {
    try {
        Log::open({.path = path});
        ADD_FAILURE() << "opening " << path << " succeeded";
    } catch (const LogError& e) {
        std::string what = e.what();
        EXPECT_NE(what.find(path), std::string::npos) << what;
        EXPECT_NE(what.find(reason_part), std::string::npos) << what;
    }
}

TEST(EventLog, OpenErrorsNameThePath) {
    TempDir dir;
    expect_open_error(dir.sub("missing/parent/log"), "IO error");

    std::ofstream(dir.sub("plain-file")) << "not a directory";
    expect_open_error(dir.sub("plain-file"), "IO error");

    EXPECT_THROW(Log::open({.path = ""}), LogError);
}

TEST(EventLog, OpenRejectsACorruptDatabase) {
    TempDir dir;
    {
        auto log = Log::open({.path = dir.path()});
        Batch batch = log->begin();
        batch.add_event("o", 1, "a");
        log->commit(std::move(batch));
    }
    // CURRENT names the manifest; garbage there is what a torn copy or a bad disk leaves.
    std::ofstream(dir.sub("CURRENT"), std::ios::trunc) << "garbage";
    expect_open_error(dir.path(), "Corruption");
}

TEST(EventLog, OpenRejectsEventsThatDisagreeWithMeta) {
    TempDir dir;
    {
        auto log = Log::open({.path = dir.path()});
        for (std::uint64_t base : {0, 3}) {
            Batch batch = log->begin();
            for (std::uint64_t seq = base + 1; seq <= base + 3; ++seq)
                batch.add_event("o", seq, "e");
            log->commit(std::move(batch));
        }
    }
    // Lose the newest commit's segment (positions 4-6) behind the log's back, as a damaged or
    // partial copy would.
    testing::RawDb(dir.path()).delete_segment(4);
    expect_open_error(dir.path(), "corrupt");
}

}  // namespace
}  // namespace cordgate::eventlog
