// Effects are stored as runs: one record per target and batch for effects with consecutive ids
// (eventlog/effects.hpp). These tests look at the records themselves, with RocksDB, as well as
// at what the log hands out: interleaved targets, jumps in ids, acks in the middle of a run,
// the upgrade of a database that holds one record per effect, and damage.

#include <eventlog/log.hpp>
#include <eventlog/segment.hpp>
#include <tests/eventlog/raw_db.hpp>
#include <tests/eventlog/temp_dir.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace cordgate::eventlog {
namespace {

using testing::RawDb;
using testing::TempDir;

using Entries = std::vector<std::pair<std::uint64_t, std::string>>;
using Ids = std::vector<std::pair<std::uint64_t, std::uint64_t>>;  // first, last of each run

// What effect `id` of `target` holds: varied sizes, empty included.
std::string effect(const std::string& target, std::uint64_t id) {
    if (id % 13 == 0) return {};
    return target + " effect " + std::to_string(id) + std::string(id % 200, 'x');
}

Entries effects_of(const Log& log, const std::string& target, std::uint64_t after = 0) {
    Entries out;
    log.read_effects(target, after, [&](std::uint64_t id, std::string_view bytes) {
        out.emplace_back(id, std::string(bytes));
        return true;
    });
    return out;
}

// The effects of `target` with ids in each of the ranges.
Entries expected(const std::string& target, const Ids& ranges) {
    Entries out;
    for (auto [first, last] : ranges) {
        for (std::uint64_t id = first;; ++id) {
            out.emplace_back(id, effect(target, id));
            if (id == last) break;
        }
    }
    return out;
}

void add(Batch& batch, const std::string& target, std::uint64_t first, std::uint64_t last) {
    for (std::uint64_t id = first;; ++id) {
        batch.add_effect(target, id, effect(target, id));
        if (id == last) break;
    }
}

// The runs stored for `target`, read from the database itself. The log must be closed.
Ids stored_runs(const std::string& path, const std::string& target) {
    RawDb raw(path);
    Ids out;
    const std::string prefix = target + '\0';
    for (const auto& [key, value] : raw.all(raw.effects())) {
        if (key.size() != prefix.size() + 8 || !key.starts_with(prefix)) continue;
        std::string scratch;
        segment::Reader run(key.substr(prefix.size()), value, scratch, path);
        out.emplace_back(run.first(), run.last());
    }
    return out;
}

std::size_t stored_records(const std::string& path) {
    RawDb raw(path);
    return raw.all(raw.effects()).size();
}

TEST(EventLogEffects, InterleavedTargetsMakeOneRunEach) {
    TempDir dir;
    {
        auto log = Log::open({.path = dir.path()});
        Batch batch = log->begin();
        for (std::uint64_t id = 1; id <= 100; ++id) {
            batch.add_effect("xmpp", id, effect("xmpp", id));
            batch.add_effect("discord", id + 1000, effect("discord", id + 1000));
            if (id == 50) batch.add_effect("xmpp2", 7, effect("xmpp2", 7));
        }
        log->commit(std::move(batch));
        EXPECT_EQ(effects_of(*log, "xmpp"), expected("xmpp", {{1, 100}}));
        EXPECT_EQ(effects_of(*log, "discord", 1050), expected("discord", {{1051, 1100}}));
        EXPECT_EQ(effects_of(*log, "xmpp2"), expected("xmpp2", {{7, 7}}));
        EXPECT_EQ(log->last_effect_id("discord"), 1100u);
    }
    EXPECT_EQ(stored_runs(dir.path(), "xmpp"), (Ids{{1, 100}}));
    EXPECT_EQ(stored_runs(dir.path(), "discord"), (Ids{{1001, 1100}}));
    EXPECT_EQ(stored_runs(dir.path(), "xmpp2"), (Ids{{7, 7}}));
    EXPECT_EQ(stored_records(dir.path()), 3u);

    auto log = Log::open({.path = dir.path()});
    EXPECT_EQ(effects_of(*log, "xmpp", 99), expected("xmpp", {{100, 100}}));
    EXPECT_EQ(effects_of(*log, "discord"), expected("discord", {{1001, 1100}}));
}

TEST(EventLogEffects, AJumpInIdsStartsANewRun) {
    TempDir dir;
    {
        auto log = Log::open({.path = dir.path()});
        Batch batch = log->begin();
        add(batch, "xmpp", 1, 3);
        batch.add_effect("discord", 4, effect("discord", 4));
        add(batch, "xmpp", 7, 9);
        log->commit(std::move(batch));

        const Entries all = expected("xmpp", {{1, 3}, {7, 9}});
        for (std::uint64_t after = 0; after <= 10; ++after) {
            Entries want;
            std::copy_if(all.begin(), all.end(), std::back_inserter(want),
                         [&](const auto& e) { return e.first > after; });
            EXPECT_EQ(effects_of(*log, "xmpp", after), want) << after;
        }
        // Stopping in the first run does not read on into the second.
        std::vector<std::uint64_t> seen;
        log->read_effects("xmpp", 1, [&](std::uint64_t id, std::string_view) {
            seen.push_back(id);
            return id < 3;
        });
        EXPECT_EQ(seen, (std::vector<std::uint64_t>{2, 3}));

        // A later batch starts a run of its own even when its ids follow on.
        Batch next = log->begin();
        add(next, "xmpp", 10, 11);
        log->commit(std::move(next));
        EXPECT_EQ(effects_of(*log, "xmpp", 8), expected("xmpp", {{9, 11}}));
    }
    EXPECT_EQ(stored_runs(dir.path(), "xmpp"), (Ids{{1, 3}, {7, 9}, {10, 11}}));
    EXPECT_EQ(stored_runs(dir.path(), "discord"), (Ids{{4, 4}}));
}

TEST(EventLogEffects, AnAckInTheMiddleOfARunHidesItsFirstPart) {
    TempDir dir;
    {
        auto log = Log::open({.path = dir.path()});
        Batch batch = log->begin();
        add(batch, "xmpp", 1, 10);
        log->commit(std::move(batch));
        Batch ack = log->begin();
        ack.ack_effects("xmpp", 4);
        log->commit(std::move(ack));

        EXPECT_EQ(log->acked_effect_id("xmpp"), 4u);
        EXPECT_EQ(effects_of(*log, "xmpp"), expected("xmpp", {{5, 10}}));
        EXPECT_EQ(effects_of(*log, "xmpp", 4), expected("xmpp", {{5, 10}}));
        EXPECT_EQ(effects_of(*log, "xmpp", 6), expected("xmpp", {{7, 10}}));
    }
    // Kept whole until the rest of it is acknowledged.
    EXPECT_EQ(stored_runs(dir.path(), "xmpp"), (Ids{{1, 10}}));
    {
        auto log = Log::open({.path = dir.path()});
        EXPECT_EQ(log->acked_effect_id("xmpp"), 4u);
        EXPECT_EQ(effects_of(*log, "xmpp"), expected("xmpp", {{5, 10}}));

        Batch batch = log->begin();
        batch.ack_effects("xmpp", 9);
        add(batch, "xmpp", 11, 12);
        log->commit(std::move(batch));
        EXPECT_EQ(effects_of(*log, "xmpp"), expected("xmpp", {{10, 12}}));
    }
    EXPECT_EQ(stored_runs(dir.path(), "xmpp"), (Ids{{1, 10}, {11, 12}}));
    {
        auto log = Log::open({.path = dir.path()});
        EXPECT_EQ(effects_of(*log, "xmpp"), expected("xmpp", {{10, 12}}));
        Batch ack = log->begin();
        ack.ack_effects("xmpp", 10);
        log->commit(std::move(ack));
        EXPECT_EQ(effects_of(*log, "xmpp"), expected("xmpp", {{11, 12}}));
    }
    EXPECT_EQ(stored_runs(dir.path(), "xmpp"), (Ids{{11, 12}}));
}

TEST(EventLogEffects, AckingEverythingEmptiesTheFamily) {
    TempDir dir;
    {
        auto log = Log::open({.path = dir.path()});
        for (std::uint64_t base : {0, 100, 300}) {
            Batch batch = log->begin();
            add(batch, "xmpp", base + 1, base + 20);
            add(batch, "xmpp", base + 50, base + 60);
            add(batch, "discord", base + 1, base + 5);
            if (base > 0) batch.ack_effects("xmpp", base - 45);  // in the middle of a run
            log->commit(std::move(batch));
        }
        Batch ack = log->begin();
        ack.ack_effects("xmpp", 360);
        ack.ack_effects("discord", 305);
        log->commit(std::move(ack));
        EXPECT_EQ(effects_of(*log, "xmpp"), Entries{});
        EXPECT_EQ(effects_of(*log, "discord"), Entries{});

        // Acknowledged in the batch that adds them: never written at all.
        Batch both = log->begin();
        add(both, "xmpp", 361, 380);
        both.ack_effects("xmpp", 380);
        log->commit(std::move(both));
        EXPECT_EQ(log->last_effect_id("xmpp"), 380u);

        // The last ids of the range: the deletion must reach the end of the target's keys.
        Batch top = log->begin();
        add(top, "discord", UINT64_MAX - 2, UINT64_MAX);
        log->commit(std::move(top));
        EXPECT_EQ(effects_of(*log, "discord", UINT64_MAX - 2),
                  expected("discord", {{UINT64_MAX - 1, UINT64_MAX}}));
        EXPECT_EQ(effects_of(*log, "discord", UINT64_MAX), Entries{});
        Batch all = log->begin();
        all.ack_effects("discord", UINT64_MAX);
        log->commit(std::move(all));
        EXPECT_EQ(effects_of(*log, "discord"), Entries{});
    }
    EXPECT_EQ(stored_records(dir.path()), 0u);
}

// Random batches of effects for two targets, with jumps, and acks anywhere, reopening now and
// then: what the log hands out always equals a plain model, and at the end acking everything
// leaves no record behind.
TEST(EventLogEffects, RandomBatchesAcksAndReopensAgreeWithAModel) {
    TempDir dir;
    std::mt19937_64 rng(20261201);
    auto chance = [&](unsigned n) { return rng() % n == 0; };
    const std::vector<std::string> targets = {"xmpp", "discord"};
    std::map<std::string, std::map<std::uint64_t, std::string>> pending;
    std::map<std::string, std::uint64_t> last, acked;

    auto log = Log::open({.path = dir.path()});
    for (int step = 0; step < 400; ++step) {
        if (chance(25)) {
            log.reset();
            log = Log::open({.path = dir.path()});
        }
        Batch batch = log->begin();
        for (int op = static_cast<int>(rng() % 40); op > 0; --op) {
            const std::string& target = targets[rng() % targets.size()];
            if (chance(6)) {
                std::uint64_t id = acked[target] + rng() % (last[target] - acked[target] + 1);
                batch.ack_effects(target, id);
                acked[target] = std::max(acked[target], id);
            } else {
                std::uint64_t id = last[target] + 1 + (chance(8) ? rng() % 5 : 0);
                batch.add_effect(target, id, effect(target, id));
                pending[target][id] = effect(target, id);
                last[target] = id;
            }
        }
        log->commit(std::move(batch));
        for (const std::string& target : targets) {
            auto& p = pending[target];
            p.erase(p.begin(), p.upper_bound(acked[target]));
            ASSERT_EQ(log->last_effect_id(target), last[target]);
            ASSERT_EQ(log->acked_effect_id(target), acked[target]);
            std::uint64_t after = rng() % (last[target] + 2);
            Entries want;
            for (const auto& [id, bytes] : p) {
                if (id > after) want.emplace_back(id, bytes);
            }
            ASSERT_EQ(effects_of(*log, target, after), want) << target << " after " << after;
        }
    }
    Batch ack = log->begin();
    for (const std::string& target : targets) ack.ack_effects(target, last[target]);
    log->commit(std::move(ack));
    log.reset();
    EXPECT_EQ(stored_records(dir.path()), 0u);
}

std::string be64(std::uint64_t v) {
    return RawDb::key(v);
}

// What the log before runs left behind: one record per effect, its bytes as they are, events as
// segments, and no effects-format tag in meta.
void write_old_database(const std::string& path) {
    RawDb raw(path, /*create=*/true);
    for (std::uint64_t id : {3, 4, 9}) {
        raw.put(raw.effects(), RawDb::effect_key("xmpp", id), effect("xmpp", id));
    }
    raw.put(raw.effects(), RawDb::effect_key("discord", 2), effect("discord", 2));
    raw.put(raw.meta(), "exmpp", be64(9));
    raw.put(raw.meta(), "axmpp", be64(2));
    raw.put(raw.meta(), "ediscord", be64(2));
    segment::Builder events;
    events.add("first event");
    events.add("second event");
    raw.put_segment(1, std::string(events.encode(true)));
    raw.put(raw.meta(), "p", be64(2));
    raw.put(raw.meta(), "odiscord", be64(2));
}

TEST(EventLogEffects, UpgradeKeepsEveryUnacknowledgedEffect) {
    TempDir dir;
    write_old_database(dir.path());
    {
        auto log = Log::open({.path = dir.path()});
        EXPECT_EQ(effects_of(*log, "xmpp"), expected("xmpp", {{3, 4}, {9, 9}}));
        EXPECT_EQ(effects_of(*log, "xmpp", 3), expected("xmpp", {{4, 4}, {9, 9}}));
        EXPECT_EQ(effects_of(*log, "discord"), expected("discord", {{2, 2}}));
        EXPECT_EQ(log->last_effect_id("xmpp"), 9u);
        EXPECT_EQ(log->acked_effect_id("xmpp"), 2u);
        EXPECT_EQ(log->last_position(), 2u);

        // The upgraded records are runs like any other: acks delete them, ids go on.
        Batch batch = log->begin();
        batch.ack_effects("xmpp", 4);
        add(batch, "xmpp", 10, 11);
        log->commit(std::move(batch));
        EXPECT_EQ(effects_of(*log, "xmpp"), expected("xmpp", {{9, 11}}));
    }
    {
        RawDb raw(dir.path());
        EXPECT_EQ(raw.get(raw.meta(), "f"), be64(2));
    }
    EXPECT_EQ(stored_runs(dir.path(), "xmpp"), (Ids{{9, 9}, {10, 11}}));
    EXPECT_EQ(stored_runs(dir.path(), "discord"), (Ids{{2, 2}}));

    // Upgraded once only: a second open reads the runs as runs.
    auto log = Log::open({.path = dir.path()});
    EXPECT_EQ(effects_of(*log, "xmpp"), expected("xmpp", {{9, 11}}));
    EXPECT_EQ(effects_of(*log, "discord"), expected("discord", {{2, 2}}));
    std::vector<std::string> events;
    log->read_events(1, UINT64_MAX, [&](std::uint64_t, std::string_view bytes) {
        events.emplace_back(bytes);
        return true;
    });
    EXPECT_EQ(events, (std::vector<std::string>{"first event", "second event"}));
}

TEST(EventLogEffects, ANewDatabaseIsTaggedAtOpen) {
    TempDir dir;
    Log::open({.path = dir.path()});
    RawDb raw(dir.path());
    EXPECT_EQ(raw.get(raw.meta(), "f"), be64(2));
    EXPECT_TRUE(raw.all(raw.effects()).empty());
}

void expect_open_error(const std::string& path, const std::string& part) {
    try {
        Log::open({.path = path});
        ADD_FAILURE() << "open succeeded";
    } catch (const LogError& e) {
        std::string what = e.what();
        EXPECT_NE(what.find(path), std::string::npos) << what;
        EXPECT_NE(what.find(part), std::string::npos) << what;
    }
}

TEST(EventLogEffects, AnUnknownEffectsFormatIsRefused) {
    TempDir dir;
    Log::open({.path = dir.path()});
    {
        RawDb raw(dir.path());
        raw.put(raw.meta(), "f", be64(3));
    }
    expect_open_error(dir.path(), "effects are stored in format 3");
}

// xmpp 1-4 in one commit, 5-9 in the next, none acknowledged; then `damage` on the database.
void damaged_log(const TempDir& dir, const std::function<void(RawDb&)>& damage) {
    {
        auto log = Log::open({.path = dir.path()});
        for (auto [first, last] : Ids{{1, 4}, {5, 9}}) {
            Batch batch = log->begin();
            add(batch, "xmpp", first, last);
            log->commit(std::move(batch));
        }
    }
    RawDb raw(dir.path());
    damage(raw);
}

std::string run_value(const std::string& target, std::uint64_t first, std::uint64_t last) {
    segment::Builder run;
    for (std::uint64_t id = first; id <= last; ++id) run.add(effect(target, id));
    return std::string(run.encode(false));
}

TEST(EventLogEffects, ADamagedRunIsALogErrorNamingTargetAndId) {
    const std::string at5 = RawDb::effect_key("xmpp", 5);
    const std::vector<std::pair<std::function<void(RawDb&)>, std::string>> damages = {
        {[&](RawDb& raw) { raw.put(raw.effects(), at5, "garbage"); },
         "corrupt effect run of 'xmpp' at id 5"},
        {[&](RawDb& raw) {
             std::string v = raw.get(raw.effects(), at5);
             raw.put(raw.effects(), at5, v.substr(0, v.size() - 1));
         },
         "corrupt effect run of 'xmpp' at id 5"},
        {[&](RawDb& raw) {
             std::string v = raw.get(raw.effects(), at5);
             v[1] = '\xff';  // the count claims far more effects than there are
             raw.put(raw.effects(), at5, v);
         },
         "corrupt effect run of 'xmpp' at id 5"},
        {[&](RawDb& raw) { raw.put(raw.effects(), at5.substr(0, at5.size() - 1), "x"); },
         "corrupt effect key of 12 bytes"},
        // Well-formed, but past the last id meta has, or over the run before it.
        {[&](RawDb& raw) { raw.put(raw.effects(), at5, run_value("xmpp", 5, 10)); },
         "meta says the last effect id of 'xmpp' is 9 but the run at id 5 ends at 10"},
        {[&](RawDb& raw) {
             raw.put(raw.effects(), RawDb::effect_key("xmpp", 3), run_value("xmpp", 3, 3));
         },
         "effect run of 'xmpp' at id 3 overlaps the one before, which ends at 4"},
    };
    for (const auto& [damage, message] : damages) {
        SCOPED_TRACE(message);
        TempDir dir;
        damaged_log(dir, damage);
        expect_open_error(dir.path(), message);
    }
}

}  // namespace
}  // namespace cordgate::eventlog
