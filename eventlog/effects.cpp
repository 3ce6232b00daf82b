// Effects stored as runs (see effects.hpp): upgrading an older database, the index of runs,
// building runs in a batch and writing them at commit.

#include <eventlog/effects.hpp>
#include <eventlog/keys.hpp>
#include <eventlog/tuning.hpp>

#include <utility>

namespace cordgate::eventlog::effects {
namespace {

rocksdb::Slice slice(std::string_view bytes) {
    return rocksdb::Slice(bytes.data(), bytes.size());
}

std::uint64_t acked_id(const LogState& log, const BatchState& batch, std::string_view target) {
    auto pending = batch.acked_id.find(target);
    return pending != batch.acked_id.end() ? pending->second : lookup(log.acked_id, target);
}

std::unique_ptr<segment::Builder> take_builder(LogState& log) {
    if (log.spare_runs.empty()) return std::make_unique<segment::Builder>();
    std::unique_ptr<segment::Builder> builder = std::move(log.spare_runs.back());
    log.spare_runs.pop_back();
    return builder;
}

// How many of the target's durable runs `acked` covers entirely: a prefix, as ids only grow.
std::size_t covered_runs(const std::deque<RunIds>& runs, std::uint64_t acked) {
    std::size_t n = 0;
    while (n < runs.size() && runs[n].last <= acked) ++n;
    return n;
}

// One range tombstone over exactly the runs that `acked` covers. Exact bounds keep the
// tombstones of successive commits apart, as the acks themselves are.
void delete_covered(const LogState& log, rocksdb::WriteBatch& writes, std::string_view target,
                    std::uint64_t acked) {
    auto found = log.effect_runs.find(target);
    if (found == log.effect_runs.end()) return;
    const std::deque<RunIds>& runs = found->second;
    std::size_t n = covered_runs(runs, acked);
    if (n == 0) return;
    std::uint64_t last = runs[n - 1].last;
    std::string end =
        last == UINT64_MAX ? keys::effects_end(target) : keys::effect_key(target, last + 1);
    check(writes.DeleteRange(log.effects, keys::effect_key(target, runs.front().first), end),
          log.path, "building the commit");
}

// A run must start above the previous one of its target and stay within the ids that meta says
// were written: anything else is damage or a mix of files, and re-sending from it would repeat
// or invent effects.
void check_run(const LogState& log, std::string_view target, const std::deque<RunIds>& runs,
               const segment::Reader& run) {
    if (!runs.empty() && run.first() <= runs.back().last) {
        throw LogError("event log " + log.path + ": corrupt: effect run of '" +
                       std::string(target) + "' at id " + std::to_string(run.first()) +
                       " overlaps the one before, which ends at " +
                       std::to_string(runs.back().last));
    }
    std::uint64_t last_written = lookup(log.effect_id, target);
    if (run.last() > last_written) {
        throw LogError("event log " + log.path + ": corrupt: meta says the last effect id of '" +
                       std::string(target) + "' is " + std::to_string(last_written) +
                       " but the run at id " + std::to_string(run.first()) + " ends at " +
                       std::to_string(run.last()));
    }
}

}  // namespace

void upgrade(LogState& log) {
    if (log.effects_format == keys::kEffectsInRuns) return;
    if (log.effects_format != keys::kEffectsOnePerRecord) {
        throw LogError("event log " + log.path + ": effects are stored in format " +
                       std::to_string(log.effects_format) + ", which this version does not know");
    }
    // The rewrite and the tag go in one WriteBatch: a crash before it leaves the old format,
    // untagged, to be upgraded at the next open; after it, nothing is left in the old one.
    // Keys stay as they are: an effect's key is the key of a run of one starting at its id.
    rocksdb::WriteBatch writes;
    segment::Builder one;
    std::unique_ptr<rocksdb::Iterator> it(log.db->NewIterator(rocksdb::ReadOptions(), log.effects));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
        one.clear();
        one.add(it->value().ToStringView());
        check(writes.Put(log.effects, it->key(), slice(one.encode(tuning::kCompressEffects))),
              log.path, "upgrading the effects to runs");
    }
    check(it->status(), log.path, "upgrading the effects to runs");
    keys::U64Key format = keys::be64(keys::kEffectsInRuns);
    check(writes.Put(log.meta, keys::meta_key(keys::kEffectsFormat),
                     rocksdb::Slice(format.data(), format.size())),
          log.path, "upgrading the effects to runs");
    rocksdb::WriteOptions durable = log.write_options;
    durable.sync = true;  // once per database; the old records are gone after it
    check(log.db->Write(durable, &writes), log.path, "upgrading the effects to runs");
    log.effects_format = keys::kEffectsInRuns;
}

void load_runs(LogState& log) {
    std::unique_ptr<rocksdb::Iterator> it(log.db->NewIterator(rocksdb::ReadOptions(), log.effects));
    std::string scratch;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
        std::string_view key = it->key().ToStringView();
        segment::Reader run = decode(key, it->value().ToStringView(), scratch, log.path);
        std::string_view target = key.substr(0, key.size() - 9);
        auto found = log.effect_runs.find(target);
        if (found == log.effect_runs.end())
            found = log.effect_runs.emplace(std::string(target), std::deque<RunIds>{}).first;
        check_run(log, target, found->second, run);
        found->second.push_back({run.first(), run.last()});
    }
    check(it->status(), log.path, "reading effects");
}

std::uint64_t last_id(const LogState& log, const BatchState& batch, std::string_view target) {
    auto newest = batch.newest_run.find(target);
    return newest != batch.newest_run.end() ? batch.runs[newest->second].ids.last
                                            : lookup(log.effect_id, target);
}

void add(LogState& log, BatchState& batch, std::string_view target, std::uint64_t id,
         std::string_view bytes) {
    auto newest = batch.newest_run.find(target);
    if (newest != batch.newest_run.end()) {
        PendingRun& run = batch.runs[newest->second];
        if (run.ids.last + 1 == id) {
            run.effects->add(bytes);
            run.ids.last = id;
            return;
        }
    }
    // The target's first effect in this batch, or a jump in its ids: a new run.
    std::unique_ptr<segment::Builder> effects = take_builder(log);
    effects->add(bytes);
    batch.runs.push_back({std::string(target), {id, id}, std::move(effects)});
    if (newest != batch.newest_run.end()) {
        newest->second = batch.runs.size() - 1;
    } else {
        batch.newest_run.emplace(std::string(target), batch.runs.size() - 1);
    }
}

void add_to_commit(const LogState& log, BatchState& batch) {
    for (PendingRun& run : batch.runs) {
        // Acknowledged in full within this batch: it was executed before it was ever written.
        run.written = run.ids.last > acked_id(log, batch, run.target);
        if (!run.written) continue;
        check(batch.writes->Put(log.effects, keys::effect_key(run.target, run.ids.first),
                                slice(run.effects->encode(tuning::kCompressEffects))),
              log.path, "building the commit");
    }
    for (const auto& [target, acked] : batch.acked_id) {
        delete_covered(log, *batch.writes, target, acked);
    }
}

void committed(LogState& log, const BatchState& batch) {
    for (const auto& [target, acked] : batch.acked_id) {
        auto found = log.effect_runs.find(target);
        if (found == log.effect_runs.end()) continue;
        std::deque<RunIds>& runs = found->second;
        runs.erase(runs.begin(),
                   runs.begin() + static_cast<std::ptrdiff_t>(covered_runs(runs, acked)));
    }
    for (const PendingRun& run : batch.runs) {
        if (run.written) log.effect_runs[run.target].push_back(run.ids);
    }
    for (const auto& [target, index] : batch.newest_run) {
        log.effect_id[target] = batch.runs[index].ids.last;
    }
}

void recycle(LogState& log, BatchState& batch) noexcept {
    for (PendingRun& run : batch.runs) {
        // Within the capacity reserved at open, so that this never allocates: it runs in a
        // destructor. One builder per target is what a flood needs.
        if (!run.effects || log.spare_runs.size() == log.spare_runs.capacity()) continue;
        run.effects->clear();
        log.spare_runs.push_back(std::move(run.effects));
    }
    batch.runs.clear();
}

segment::Reader decode(std::string_view key, std::string_view value, std::string& scratch,
                       std::string_view path) {
    // target (at least one byte, no 0x00), 0x00, be64(first id)
    const bool shaped = key.size() > 9 && key[key.size() - 9] == '\0' &&
                        key.substr(0, key.size() - 9).find('\0') == std::string_view::npos;
    if (!shaped) {
        throw LogError("event log " + std::string(path) + ": corrupt effect key of " +
                       std::to_string(key.size()) + " bytes");
    }
    std::string what = "effect run of '" + std::string(key.substr(0, key.size() - 9)) + "' at id";
    return segment::Reader(key.substr(key.size() - 8), value, scratch, path, what);
}

}  // namespace cordgate::eventlog::effects
