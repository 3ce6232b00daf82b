// Appending 300-byte events to the log in group commits. One iteration is one commit() of
// `batch` events (building the batch included: dedup check, key encoding, WriteBatch copy), so
// items_per_second is events made durable per second. Real time, not CPU time: the fsync wait
// is the point.
//
// The database lives in a fresh mkdtemp directory under /tmp (removed afterwards); set TMPDIR
// to measure another filesystem.

#include <eventlog/log.hpp>

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace cordgate::eventlog {
namespace {

constexpr std::size_t kEventSize = 300;

std::string temp_dir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base && *base ? base : "/tmp") + "/cordgate-bench-XXXXXX";
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    return pattern;
}

// message_create envelopes as the Discord adapter would produce them, each exactly 300 bytes,
// with varied text so that compression, where the log uses it, sees realistic input rather than
// padding. A pool is prepared up front so that the loop measures the log, not the generator.
std::vector<std::string> sample_events() {
    static constexpr const char* kWords[] = {
        "the",   "meeting", "is",     "at",     "noon", "see",      "you",    "there",
        "ok",    "lol",     "thanks", "sounds", "good", "tomorrow", "maybe",  "deploy",
        "broke", "again",   "coffee", "?",      "what", "about",    "friday", "I'll",
        "check", "link",    "here",   "nice",   "haha", "yes"};
    std::vector<std::string> pool;
    std::uint64_t x = 0x2545F4914F6CDD1Dull;
    for (int i = 0; i < 1024; ++i) {
        std::string e =
            R"({"v":1,"origin":"discord","origin_seq":)" + std::to_string(1000000 + i) +
            R"(,"ts":)" + std::to_string(1732500000000 + i * 137) +
            R"(,"user":"romeo@localhost","type":"discord.message_create","payload":{"id":")" +
            std::to_string(1310553093012345678ull + i * 4194304ull) +
            R"(","channel_id":"1310553093000000001","author":{"id":"80351110224678912",)"
            R"("username":"juliet","bot":false},"content":")";
        while (e.size() < kEventSize - 3) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            e += kWords[x % std::size(kWords)];
            e += ' ';
        }
        e.resize(kEventSize - 3);
        e += R"("}})";
        pool.push_back(std::move(e));
    }
    return pool;
}

void append(benchmark::State& state, Sync sync) {
    const auto batch_size = static_cast<std::uint64_t>(state.range(0));
    const std::string dir = temp_dir();
    const std::vector<std::string> events = sample_events();
    for (const auto& e : events) {
        if (e.size() != kEventSize) return state.SkipWithError("sample event of the wrong size");
    }
    {
        auto log = Log::open({.path = dir, .sync = sync});
        std::uint64_t seq = 0;
        for (auto _ : state) {
            Batch batch = log->begin();
            for (std::uint64_t i = 0; i < batch_size; ++i) {
                ++seq;
                batch.add_event("discord", seq, events[seq % events.size()]);
            }
            log->commit(std::move(batch));
        }
        state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * batch_size));
        state.SetBytesProcessed(
            static_cast<std::int64_t>(state.iterations() * batch_size * kEventSize));
        state.counters["commits_per_second"] = benchmark::Counter(
            static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
    }
    std::filesystem::remove_all(dir);
}

void BM_Append(benchmark::State& state, Sync sync) {
    append(state, sync);
}

BENCHMARK_CAPTURE(BM_Append, fsync, Sync::every_batch)
    ->ArgName("batch")
    ->Arg(1)
    ->Arg(64)
    ->Arg(256)
    ->Arg(1024)
    ->Arg(4096)
    ->Arg(16384)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

BENCHMARK_CAPTURE(BM_Append, no_fsync, Sync::never)
    ->ArgName("batch")
    ->Arg(1)
    ->Arg(64)
    ->Arg(256)
    ->Arg(1024)
    ->Arg(4096)
    ->Arg(16384)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

// Long enough to write several memtables' worth (128 MiB each), so flushes to L0 and the
// compactions behind them are part of the figure, not just the WAL and memtable path.
BENCHMARK_CAPTURE(BM_Append, fsync_sustained, Sync::every_batch)
    ->ArgName("batch")
    ->Arg(4096)
    ->MinTime(8.0)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace cordgate::eventlog
