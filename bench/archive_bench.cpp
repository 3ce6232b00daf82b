// The room archive: answering an XEP-0313 page of 50 from a room holding 100,000 messages, as
// the core does it (apply() of an xmpp.archive_query), on the in-memory store and on the core's
// own store (the log's archive family after a snapshot, runtime/log_archive.hpp). Reports the
// mean per query, its p50 and p99, and the log's bytes per archived message on disk.

#include <core/archive/room_archive.hpp>
#include <core/projection.hpp>
#include <runtime/log_archive.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <random>

namespace {

using namespace cordgate::core;
namespace fs = std::filesystem;

constexpr const char* kUser = "romeo@localhost";
constexpr std::uint64_t kMessages = 100'000;
constexpr std::uint64_t kRoom = 710;

Snowflake id_of(std::uint64_t i) {
    return Snowflake{(1'000'000ull + i) << 22};
}

// A registered user in guild 700 with one channel, whose archive holds kMessages messages.
State logged_in(archive::Store& store) {
    State state;
    std::uint64_t position = 0;
    auto feed = [&](EventPayload p) {
        ++position;
        apply(state, store, Event{kEventVersion, "b", position, 0, kUser, std::move(p)}, position);
    };
    feed(XmppRegister{"discord.localhost", "s"});
    DiscordReady ready;
    ready.user = DiscordUser{Snowflake{1}, "romeo", std::nullopt, std::nullopt, false};
    DiscordChannel general{Snowflake{kRoom}, 0, "general", Snowflake{700}, {}};
    ready.guilds = std::vector<DiscordGuild>{DiscordGuild{Snowflake{700}, "Guild", {general}}};
    feed(ready);
    return state;
}

void fill(archive::Store& store) {
    const std::string user = kUser;
    archive::RoomRef room{user, Snowflake{kRoom}};
    for (std::uint64_t i = 0; i < kMessages; ++i) {
        archive::ArchivedMessage m;
        m.message.from = "710@discord.localhost/alice";
        m.message.message_type = "groupchat";
        m.message.id = id_of(i).str();
        m.message.stanza_id = m.message.id;
        m.message.body = "a message of an ordinary length, about sixty bytes of text.";
        m.message.delay_stamp = "2026-11-25T07:00:00.000000+00:00";
        m.author = Snowflake{20};
        archive::record(store, room, id_of(i), m);
    }
    archive::mark_from_beginning(store, room);
}

void run_queries(benchmark::State& bench, State& state, archive::Store& store) {
    std::mt19937_64 random(42);
    std::uniform_int_distribution<std::uint64_t> pick(50, kMessages - 1);
    std::vector<double> micros;
    std::uint64_t position = 100;
    for (auto _ : bench) {
        XmppArchiveQuery q;
        q.from = kUser + std::string("/pc");
        q.to = "710@discord.localhost";
        q.iq_id = "q";
        q.max = 50;
        q.page_before = id_of(pick(random)).str();
        Event event{kEventVersion, "b", position, 0, kUser, std::move(q)};
        auto start = std::chrono::steady_clock::now();
        Effects effects = apply(state, store, event, position++);
        auto took = std::chrono::steady_clock::now() - start;
        micros.push_back(std::chrono::duration<double, std::micro>(took).count());
        if (effects.size() != 51) bench.SkipWithError("a page is 50 results and a fin");
        benchmark::DoNotOptimize(effects);
    }
    std::sort(micros.begin(), micros.end());
    if (!micros.empty()) {
        bench.counters["p50_us"] = micros[micros.size() / 2];
        bench.counters["p99_us"] = micros[micros.size() * 99 / 100];
    }
}

void BM_ArchivePageInMemory(benchmark::State& bench) {
    archive::MemoryStore store;
    State state = logged_in(store);
    fill(store);
    run_queries(bench, state, store);
}
BENCHMARK(BM_ArchivePageInMemory)->Unit(benchmark::kMicrosecond);

void BM_ArchivePageFromTheLog(benchmark::State& bench) {
    const fs::path dir =
        fs::temp_directory_path() / ("cordgate-archive-bench-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    const cordgate::eventlog::Options options{dir.string(), cordgate::eventlog::Sync::never};
    State state;
    {
        auto log = cordgate::eventlog::Log::open(options);
        cordgate::runtime::LogArchive store(*log);
        state = logged_in(store);
        fill(store);
        auto batch = log->begin();
        batch.put_snapshot(1, "{}");
        store.write_into(batch);
        log->commit(std::move(batch));
    }
    // Reopened, as after a restart: recovery flushes the WAL, so pages are read from table
    // files rather than the memtable, and the table files are what the archive costs on disk.
    {
        auto log = cordgate::eventlog::Log::open(options);
        cordgate::runtime::LogArchive store(*log);
        run_queries(bench, state, store);
    }
    std::uintmax_t bytes = 0;
    for (const auto& f : fs::recursive_directory_iterator(dir)) {
        if (f.is_regular_file() && f.path().extension() != ".log") bytes += f.file_size();
    }
    bench.counters["log_bytes_per_message"] = static_cast<double>(bytes) / kMessages;
    fs::remove_all(dir);
}
BENCHMARK(BM_ArchivePageFromTheLog)->Unit(benchmark::kMicrosecond);

}  // namespace
