// Each commit's events are stored as one segment (eventlog/segment.hpp). These tests read ranges
// that start, end and stop inside segments and across many of them, and check that damage to a
// segment is reported, not crashed on.

#include <eventlog/log.hpp>
#include <eventlog/segment.hpp>
#include <tests/eventlog/raw_db.hpp>
#include <tests/eventlog/temp_dir.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace cordgate::eventlog {
namespace {

using testing::RawDb;
using testing::TempDir;

using Entries = std::vector<std::pair<std::uint64_t, std::string>>;

Entries read(const Log& log, std::uint64_t from, std::uint64_t to) {
    Entries out;
    log.read_events(from, to, [&](std::uint64_t pos, std::string_view bytes) {
        out.emplace_back(pos, std::string(bytes));
        return true;
    });
    return out;
}

// What position p holds in these tests: varied sizes, empty included, so that lengths of one
// and several varint bytes both occur.
std::string event_at(std::uint64_t p) {
    std::string e = "event " + std::to_string(p) + " ";
    e.append((p * 37) % 300, static_cast<char>('a' + p % 26));
    if (p % 11 == 0) e.clear();
    return e;
}

Entries expected(std::uint64_t from, std::uint64_t to, std::uint64_t last) {
    Entries out;
    for (std::uint64_t p = std::max<std::uint64_t>(from, 1); p <= std::min(to, last); ++p) {
        out.emplace_back(p, event_at(p));
    }
    return out;
}

// Commits batches of the given sizes; origin_seq = position.
void append(Log& log, const std::vector<std::uint64_t>& sizes) {
    for (std::uint64_t n : sizes) {
        Batch batch = log.begin();
        for (std::uint64_t i = 0; i < n; ++i) {
            std::uint64_t p = log.last_position() + 1 + i;
            ASSERT_EQ(batch.add_event("o", p, event_at(p)), p);
        }
        log.commit(std::move(batch));
    }
}

// Every range [from, to] around the stored positions gives exactly the events in it.
void check_every_range(const Log& log) {
    const std::uint64_t last = log.last_position();
    for (std::uint64_t from = 0; from <= last + 1; ++from) {
        for (std::uint64_t to = from; to <= last + 1; ++to) {
            ASSERT_EQ(read(log, from, to), expected(from, to, last)) << from << ".." << to;
        }
        ASSERT_EQ(read(log, from, UINT64_MAX), expected(from, UINT64_MAX, last)) << from;
    }
}

TEST(EventLogSegments, EveryRangeAcrossSegmentsOfMixedSizes) {
    TempDir dir;
    // Batches of 1 next to larger ones: ranges start and end inside segments, on their first
    // and last events, and span several.
    const std::vector<std::uint64_t> sizes = {1, 5, 1, 1, 17, 2, 40, 1, 3};
    {
        auto log = Log::open({.path = dir.path()});
        append(*log, sizes);
        EXPECT_EQ(log->last_position(), 71u);
        check_every_range(*log);  // from the memtable
    }
    auto log = Log::open({.path = dir.path()});  // reopening flushes the WAL into a table file
    EXPECT_EQ(log->last_position(), 71u);
    check_every_range(*log);
}

TEST(EventLogSegments, EarlyStopInsideAndAtTheEndOfASegment) {
    TempDir dir;
    auto log = Log::open({.path = dir.path()});
    append(*log, {4, 4, 4});
    for (std::uint64_t stop : {2, 4, 5, 8, 12}) {
        std::vector<std::uint64_t> seen;
        log->read_events(1, UINT64_MAX, [&](std::uint64_t pos, std::string_view) {
            seen.push_back(pos);
            return pos < stop;
        });
        EXPECT_EQ(seen.size(), stop) << stop;
        EXPECT_EQ(seen.back(), stop);
    }
}

TEST(EventLogSegments, ManyBatchesOfOne) {
    TempDir dir;
    {
        auto log = Log::open({.path = dir.path()});
        append(*log, std::vector<std::uint64_t>(200, 1));
    }
    auto log = Log::open({.path = dir.path()});
    EXPECT_EQ(log->last_position(), 200u);
    EXPECT_EQ(read(*log, 1, UINT64_MAX), expected(1, UINT64_MAX, 200));
    EXPECT_EQ(read(*log, 100, 100), expected(100, 100, 200));
    EXPECT_EQ(read(*log, 199, 250), expected(199, 250, 200));
}

TEST(EventLogSegments, VeryLargeBatches) {
    TempDir dir;
    // 150,000 events (about 25 MB) in one commit, one event of 4 MiB in another, then more.
    const std::uint64_t big = 150'000;
    const std::string huge(4 * 1024 * 1024, 'h');
    {
        auto log = Log::open({.path = dir.path()});
        append(*log, {big});
        Batch batch = log->begin();
        EXPECT_EQ(batch.add_event("huge", 1, huge), big + 1);
        log->commit(std::move(batch));
        append(*log, {3});
    }
    auto log = Log::open({.path = dir.path()});
    const std::uint64_t last = big + 4;
    EXPECT_EQ(log->last_position(), last);
    std::uint64_t next = 1;
    log->read_events(1, UINT64_MAX, [&](std::uint64_t pos, std::string_view bytes) {
        EXPECT_EQ(pos, next);
        if (pos == big + 1) {
            EXPECT_EQ(bytes, huge);
        } else {
            EXPECT_EQ(bytes, event_at(pos)) << pos;
        }
        ++next;
        return true;
    });
    EXPECT_EQ(next, last + 1);
    EXPECT_EQ(read(*log, 77'777, 77'779), expected(77'777, 77'779, last));
    EXPECT_EQ(read(*log, big, big), expected(big, big, last));
    EXPECT_EQ(read(*log, big + 2, UINT64_MAX), expected(big + 2, UINT64_MAX, last));
}

// Canonical JSON compresses; random bytes do not, and are stored as they are.
TEST(EventLogSegments, CompressedOnlyWhenItPays) {
    std::mt19937_64 rng(42);
    std::vector<std::string> json, random;
    for (int i = 0; i < 20; ++i) {
        json.push_back(R"({"v":1,"origin":"discord","origin_seq":)" + std::to_string(i) +
                       R"(,"type":"discord.message_create"})");
        random.emplace_back(300, '\0');
        for (char& c : random.back()) c = static_cast<char>(rng());
    }
    for (const auto& [events, format] :
         {std::pair{json, segment::kLz4}, std::pair{random, segment::kRaw}}) {
        segment::Builder builder;
        for (const auto& e : events) builder.add(e);
        std::string value(builder.encode(true));
        EXPECT_EQ(static_cast<unsigned char>(value[0]), format);
        std::string scratch;
        segment::Reader reader(RawDb::key(9), value, scratch, "p");
        EXPECT_EQ(reader.first(), 9u);
        EXPECT_EQ(reader.last(), 28u);
        std::vector<std::string> got;
        reader.for_each(1, UINT64_MAX, [&](std::uint64_t, std::string_view e) {
            got.emplace_back(e);
            return true;
        });
        EXPECT_EQ(got, events);
    }
}

// The last positions of the u64 range: reading stops at the segment's end, and a segment that
// would run past it is damage.
TEST(EventLogSegments, SegmentAtTheEndOfThePositionRange) {
    segment::Builder builder;
    for (std::uint64_t p = 1; p <= 3; ++p) builder.add(event_at(p));
    const std::string value(builder.encode(false));
    std::string scratch;
    segment::Reader reader(RawDb::key(UINT64_MAX - 2), value, scratch, "p");
    EXPECT_EQ(reader.last(), UINT64_MAX);
    std::vector<std::uint64_t> seen;
    reader.for_each(0, UINT64_MAX, [&](std::uint64_t pos, std::string_view) {
        seen.push_back(pos);
        return true;
    });
    EXPECT_EQ(seen, (std::vector<std::uint64_t>{UINT64_MAX - 2, UINT64_MAX - 1, UINT64_MAX}));
    EXPECT_THROW(segment::Reader(RawDb::key(UINT64_MAX - 1), value, scratch, "p"), LogError);
}

// Whatever the damage, decoding reports it: every truncation and every single flipped byte of
// a raw and of a compressed segment either decodes (a flip inside an event's text) or throws
// LogError naming the segment's position. Run under ASan to see that nothing reads out of bounds.
TEST(EventLogSegments, DamagedValuesThrowNotCrash) {
    for (bool compress : {false, true}) {
        segment::Builder builder;
        for (std::uint64_t p = 1; p <= 30; ++p) builder.add(event_at(p));
        const std::string good(builder.encode(compress));
        std::vector<std::string> damaged;
        for (std::size_t n = 0; n < good.size(); ++n) damaged.push_back(good.substr(0, n));
        for (std::size_t i = 0; i < good.size(); ++i) {
            std::string v = good;
            v[i] = static_cast<char>(v[i] ^ 0x5a);
            damaged.push_back(v);
        }
        for (const std::string& value : damaged) {
            std::string scratch;
            try {
                segment::Reader reader(RawDb::key(1000), value, scratch, "/the/log");
                reader.for_each(0, UINT64_MAX,
                                [](std::uint64_t, std::string_view) { return true; });
            } catch (const LogError& e) {
                EXPECT_NE(
                    std::string(e.what()).find("/the/log: corrupt event segment at position 1000"),
                    std::string::npos)
                    << e.what();
            }
        }
    }
}

// Commits 1-3, 4-6 and 7-9, then hands the database to `damage` (for segment 4-6).
std::string damaged_log(const TempDir& dir, const std::function<void(RawDb&)>& damage) {
    {
        auto log = Log::open({.path = dir.path()});
        append(*log, {3, 3, 3});
    }
    RawDb raw(dir.path());
    damage(raw);
    return dir.path();
}

void expect_read_error(const Log& log, std::uint64_t from, const std::string& part) {
    try {
        read(log, from, UINT64_MAX);
        ADD_FAILURE() << "reading from " << from << " succeeded";
    } catch (const LogError& e) {
        EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
    }
}

TEST(EventLogSegments, CorruptSegmentIsALogErrorNamingItsPosition) {
    const std::vector<std::function<void(RawDb&)>> damages = {
        [](RawDb& raw) { raw.put_segment(4, "garbage"); },
        [](RawDb& raw) {
            std::string v = raw.get_segment(4);
            raw.put_segment(4, v.substr(0, v.size() - 1));
        },
        [](RawDb& raw) {
            std::string v = raw.get_segment(4);
            v[1] = '\xff';  // the count claims far more events than there are
            raw.put_segment(4, v);
        },
    };
    for (const auto& damage : damages) {
        TempDir dir;
        auto log = Log::open({.path = damaged_log(dir, damage)});  // the newest segment is fine
        EXPECT_EQ(read(*log, 1, 3), expected(1, 3, 9));
        EXPECT_EQ(read(*log, 7, 9), expected(7, 9, 9));
        expect_read_error(*log, 1, "corrupt event segment at position 4");
        expect_read_error(*log, 5, "corrupt event segment at position 4");
    }
}

TEST(EventLogSegments, MissingSegmentIsAGapNotASilentSkip) {
    TempDir dir;
    auto log = Log::open({.path = damaged_log(dir, [](RawDb& raw) { raw.delete_segment(4); })});
    expect_read_error(*log, 1, "expected the segment at position 4, found one at 7");
}

TEST(EventLogSegments, OpenRejectsACorruptNewestSegment) {
    TempDir dir;
    damaged_log(dir, [](RawDb& raw) { raw.put_segment(7, "\x01\x00\x00\x00\x03short"); });
    try {
        Log::open({.path = dir.path()});
        ADD_FAILURE() << "open succeeded";
    } catch (const LogError& e) {
        EXPECT_NE(std::string(e.what()).find("corrupt event segment at position 7"),
                  std::string::npos)
            << e.what();
    }
}

// A newest segment holding fewer events than meta's last position accounts for.
TEST(EventLogSegments, OpenRejectsANewestSegmentShorterThanMeta) {
    TempDir dir;
    damaged_log(dir, [](RawDb& raw) {
        segment::Builder two;
        two.add(event_at(7));
        two.add(event_at(8));
        raw.put_segment(7, std::string(two.encode(true)));
    });
    try {
        Log::open({.path = dir.path()});
        ADD_FAILURE() << "open succeeded";
    } catch (const LogError& e) {
        EXPECT_NE(std::string(e.what()).find("last position is 9 but the newest event is at 8"),
                  std::string::npos)
            << e.what();
    }
}

}  // namespace
}  // namespace cordgate::eventlog
