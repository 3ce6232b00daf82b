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

namespace cordgate::eventlog {
namespace {

constexpr std::size_t kEventSize = 300;

std::string temp_dir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base && *base ? base : "/tmp") + "/cordgate-bench-XXXXXX";
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    return pattern;
}

// A message_create envelope as the Discord adapter would produce it, padded to 300 bytes.
std::string sample_event() {
    std::string e =
        R"({"v":1,"origin":"discord","origin_seq":1,"ts":1732500000000,"user":"romeo@localhost",)"
        R"("type":"discord.message_create","payload":{"id":"1310553093012345678",)"
        R"("channel_id":"1310553093000000001","author":{"id":"80351110224678912",)"
        R"("username":"juliet","bot":false},"content":")";
    e.append(kEventSize - e.size() - 4, 'x');
    e += R"("}})";
    return e.substr(0, kEventSize);
}

void append(benchmark::State& state, Sync sync) {
    const auto batch_size = static_cast<std::uint64_t>(state.range(0));
    const std::string dir = temp_dir();
    const std::string event = sample_event();
    {
        auto log = Log::open({.path = dir, .sync = sync});
        std::uint64_t seq = 0;
        for (auto _ : state) {
            Batch batch = log->begin();
            for (std::uint64_t i = 0; i < batch_size; ++i) batch.add_event("discord", ++seq, event);
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
