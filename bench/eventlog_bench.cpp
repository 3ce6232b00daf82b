// Appending 300-byte events to the log in group commits. One iteration is one commit() of
// `batch` events (building the batch included: dedup check, key encoding, WriteBatch copy), so
// items_per_second is events made durable per second. Real time, not CPU time: the fsync wait
// is the point.
//
// The database lives in a fresh mkdtemp directory under /tmp (removed afterwards); set TMPDIR
// to measure another filesystem.

#include <eventlog/log.hpp>
#include <eventlog/segment.hpp>
#include <eventlog/tuning.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
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

// message_create envelopes as the Discord adapter would produce them, each exactly 300 bytes:
// several authors and channels, increasing snowflakes and timestamps, and message text drawn
// from a vocabulary of ~300 chat words with varied punctuation, capitals and numbers,
// so that the log's LZ4 sees text about as repetitive as real chat, not padding. (Until
// 2026-11-25 08:00 the text came from 30 words only, which flattered compression.) A pool is
// prepared up front so that the loop measures the log, not the generator.
std::vector<std::string> sample_events() {
    static constexpr const char* kWords[] = {
        "the",      "a",          "to",       "and",        "of",       "I",         "you",
        "it",       "is",         "that",     "in",         "we",       "this",      "for",
        "on",       "with",       "my",       "be",         "have",     "not",       "are",
        "but",      "was",        "just",     "so",         "can",      "do",        "at",
        "if",       "what",       "me",       "they",       "get",      "all",       "like",
        "about",    "know",       "will",     "one",        "there",    "out",       "up",
        "think",    "no",         "your",     "from",       "time",     "yeah",      "when",
        "now",      "would",      "some",     "how",        "going",    "good",      "lol",
        "ok",       "okay",       "thanks",   "thank",      "sorry",    "really",    "maybe",
        "still",    "again",      "today",    "tomorrow",   "tonight",  "yesterday", "morning",
        "weekend",  "friday",     "monday",   "meeting",    "call",     "later",     "soon",
        "minutes",  "hour",       "deploy",   "deployed",   "build",    "broke",     "broken",
        "fixed",    "fix",        "bug",      "issue",      "ticket",   "review",    "merge",
        "branch",   "main",       "release",  "staging",    "prod",     "server",    "database",
        "logs",     "error",      "timeout",  "restart",    "config",   "update",    "upgrade",
        "version",  "client",     "api",      "endpoint",   "token",    "cache",     "query",
        "slow",     "fast",       "coffee",   "lunch",      "dinner",   "pizza",     "beer",
        "tea",      "home",       "office",   "train",      "late",     "early",     "sick",
        "tired",    "busy",       "free",     "sure",       "nope",     "yep",       "haha",
        "nice",     "cool",       "great",    "awesome",    "weird",    "funny",     "exactly",
        "agree",    "wait",       "what's",   "don't",      "can't",    "won't",     "it's",
        "that's",   "I'm",        "I'll",     "you're",     "we're",    "let's",     "should",
        "could",    "need",       "want",     "try",        "tried",    "check",     "checked",
        "look",     "looks",      "see",      "saw",        "send",     "sent",      "link",
        "here",     "screenshot", "photo",    "video",      "music",    "game",      "play",
        "played",   "watch",      "movie",    "show",       "episode",  "book",      "read",
        "write",    "wrote",      "doc",      "notes",      "plan",     "idea",      "question",
        "answer",   "problem",    "anyone",   "someone",    "everyone", "nobody",    "team",
        "boss",     "client's",   "customer", "users",      "account",  "password",  "email",
        "phone",    "message",    "chat",     "channel",    "thread",   "ping",      "reply",
        "post",     "posted",     "birthday", "party",      "trip",     "flight",    "hotel",
        "weather",  "rain",       "snow",     "sunny",      "cold",     "hot",       "dog",
        "cat",      "kids",       "family",   "mom",        "dad",      "brother",   "sister",
        "friend",   "guys",       "folks",    "btw",        "imo",      "tbh",       "idk",
        "afaik",    "brb",        "omg",      "wow",        "hmm",      "ugh",       "yay",
        "please",   "pls",        "thx",      "np",         "gg",       "first",     "last",
        "next",     "new",        "old",      "big",        "small",    "more",      "less",
        "much",     "many",       "few",      "every",      "never",    "always",    "sometimes",
        "already",  "almost",     "probably", "definitely", "actually", "basically", "literally",
        "honestly", "anyway",     "also",     "too",        "very",     "pretty",    "kind",
        "sort",     "thing",      "stuff",    "way",        "day",      "week",      "month",
        "year"};
    static constexpr const char* kEnds[] = {" ",  " ",  " ",    " ",    " ",   ", ",  ". ",
                                            "? ", "! ", "... ", " :) ", " 😂 ", " 👍 ", "\\n"};
    static constexpr const char* kAuthors[] = {R"("80351110224678912","username":"juliet")",
                                               R"("81440962496172032","username":"romeo_m")",
                                               R"("96230006528483328","username":"nurse.k")",
                                               R"("109032352543768576","username":"tybalt")",
                                               R"("139412744439988224","username":"mercutio99")",
                                               R"("155149108183695360","username":"benvolio")"};
    std::vector<std::string> pool;
    std::uint64_t x = 0x2545F4914F6CDD1Dull;
    auto rand = [&x] {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return x;
    };
    std::uint64_t id = 1310553093012345678ull;
    std::uint64_t ts = 1732500000000;
    for (int i = 0; i < 4096; ++i) {
        id += 4194304ull * (1 + rand() % 5000);
        ts += rand() % 20000;
        std::string e = R"({"v":1,"origin":"discord","origin_seq":)" + std::to_string(1000000 + i) +
                        R"(,"ts":)" + std::to_string(ts) +
                        R"(,"user":"romeo@localhost","type":"discord.message_create","payload":)"
                        R"({"id":")" +
                        std::to_string(id) + R"(","channel_id":"13105530930000)" +
                        std::to_string(10000 + rand() % 7) + R"(","author":{"id":)" +
                        kAuthors[rand() % std::size(kAuthors)] + R"(,"bot":false},"content":")";
        bool capital = true;
        while (e.size() < kEventSize - 3) {
            std::string word = rand() % 40 == 0 ? std::to_string(rand() % 2000)
                                                : kWords[rand() % std::size(kWords)];
            if (capital && word[0] >= 'a' && word[0] <= 'z')
                word[0] = static_cast<char>(word[0] - 32);
            const char* end = kEnds[rand() % std::size(kEnds)];
            capital = end[0] == '.' || end[0] == '?' || end[0] == '!';
            e += word;
            e += end;
        }
        // Cut at a character boundary: the emoji are several UTF-8 bytes.
        std::size_t cut = kEventSize - 3;
        while ((static_cast<unsigned char>(e[cut]) & 0xc0) == 0x80) --cut;
        e.resize(cut);
        if (e.back() == '\\') e.back() = ' ';
        e.append(kEventSize - 3 - cut, ' ');
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
        // What one event costs in the WAL and in table files: its share of a segment as the
        // log encodes it (see eventlog/segment.hpp).
        segment::Builder segment;
        for (std::uint64_t i = 0; i < batch_size; ++i) segment.add(events[i % events.size()]);
        state.counters["stored_bytes_per_event"] =
            static_cast<double>(segment.encode(tuning::kCompressSegments).size()) /
            static_cast<double>(batch_size);
    }
    std::filesystem::remove_all(dir);
}

void BM_Append(benchmark::State& state, Sync sync) {
    append(state, sync);
}

// The xmpp.message the core derives from each message_create: its text in a chat stanza, about
// 265 bytes (those in tests/replay/*.effects.jsonl are 223-421, median 241).
std::vector<std::string> sample_effects(const std::vector<std::string>& events) {
    std::vector<std::string> effects;
    effects.reserve(events.size());
    for (std::size_t i = 0; i < events.size(); ++i) {
        const std::string& e = events[i];
        std::size_t text = e.find(R"("content":")") + 11;
        std::size_t author = e.find(R"("author":{"id":")") + 16;
        std::string cause = std::to_string(1000000 + i);
        effects.push_back(R"({"v":1,"id":)" + std::to_string(2000000 + i) + R"(,"cause":)" + cause +
                          R"(,"user":"romeo@localhost","type":"xmpp.message","payload":{"from":")" +
                          e.substr(author, e.find('"', author) - author) +
                          R"(@discord.localhost","to":"romeo@localhost","type":"chat","id":"cg)" +
                          cause + R"(-0","body":")" + e.substr(text, e.size() - 3 - text) +
                          R"(","chat_state":"active","markable":true}})");
    }
    return effects;
}

// A flood as the core logs it: every event causes one effect for the same target, and each
// commit also carries the acknowledgement of the previous commit's effects (the adapter acks
// what it executed while the next batch was being read). Items are events; each event's effect
// is written, and deleted one commit later.
void BM_AppendWithEffects(benchmark::State& state, Sync sync) {
    const auto batch_size = static_cast<std::uint64_t>(state.range(0));
    const std::string dir = temp_dir();
    const std::vector<std::string> events = sample_events();
    const std::vector<std::string> effects = sample_effects(events);
    {
        auto log = Log::open({.path = dir, .sync = sync});
        std::uint64_t seq = 0;
        std::uint64_t effect_id = 0;
        std::uint64_t previous_commit_last = 0;
        for (auto _ : state) {
            Batch batch = log->begin();
            for (std::uint64_t i = 0; i < batch_size; ++i) {
                ++seq;
                batch.add_event("discord", seq, events[seq % events.size()]);
                batch.add_effect("xmpp", ++effect_id, effects[seq % effects.size()]);
            }
            if (previous_commit_last > 0) batch.ack_effects("xmpp", previous_commit_last);
            log->commit(std::move(batch));
            previous_commit_last = effect_id;
        }
        state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * batch_size));
        state.counters["commits_per_second"] = benchmark::Counter(
            static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
        // What one effect costs in the WAL: its share of its commit's run (eventlog/effects.hpp).
        segment::Builder run;
        for (std::uint64_t i = 0; i < batch_size; ++i) run.add(effects[i % effects.size()]);
        state.counters["stored_bytes_per_effect"] =
            static_cast<double>(run.encode(tuning::kCompressEffects).size()) /
            static_cast<double>(batch_size);
    }
    std::filesystem::remove_all(dir);
}

// The core at 1,000 msg/s: one event and its effect per commit (with the previous effect's
// ack), a commit a millisecond, each synced. The time is the commit's alone (manual time, the
// pause between commits left out); p50/p99/p999 of the commits are counters, since a
// message's latency is what waits on the tail. spare_mib 0 is a WAL appended to; otherwise the
// WAL is written over a spare of zeros, as cordgate-core's (eventlog/wal_spare.hpp).
void BM_CommitAtLowRate(benchmark::State& state) {
    const auto spare = static_cast<std::uint64_t>(state.range(0)) * 1024 * 1024;
    const std::string dir = temp_dir();
    const std::vector<std::string> events = sample_events();
    const std::vector<std::string> effects = sample_effects(events);
    std::vector<double> took_us;
    {
        auto log = Log::open({.path = dir, .sync = Sync::every_batch, .wal_spare_bytes = spare});
        std::uint64_t seq = 0;
        for (auto _ : state) {
            auto start = std::chrono::steady_clock::now();
            Batch batch = log->begin();
            ++seq;
            batch.add_event("discord", seq, events[seq % events.size()]);
            batch.add_effect("xmpp", seq, effects[seq % effects.size()]);
            if (seq > 1) batch.ack_effects("xmpp", seq - 1);
            log->commit(std::move(batch));
            std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
            state.SetIterationTime(took.count());
            took_us.push_back(took.count() * 1e6);
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }
    std::filesystem::remove_all(dir);
    std::sort(took_us.begin(), took_us.end());
    auto quantile = [&](double q) {
        return took_us[std::min(took_us.size() - 1, static_cast<std::size_t>(took_us.size() * q))];
    };
    state.counters["p50_us"] = quantile(0.5);
    state.counters["p99_us"] = quantile(0.99);
    state.counters["p999_us"] = quantile(0.999);
}

BENCHMARK(BM_CommitAtLowRate)
    ->ArgName("spare_mib")
    ->Arg(0)
    ->Arg(64)
    ->Iterations(5000)
    ->UseManualTime()
    ->Unit(benchmark::kMicrosecond);

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

BENCHMARK_CAPTURE(BM_AppendWithEffects, fsync, Sync::every_batch)
    ->ArgName("batch")
    ->Arg(64)
    ->Arg(1024)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

BENCHMARK_CAPTURE(BM_AppendWithEffects, no_fsync, Sync::never)
    ->ArgName("batch")
    ->Arg(64)
    ->Arg(1024)
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
