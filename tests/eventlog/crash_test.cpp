// Kill -9 a writer in the middle of its group commits, reopen the log, and check that what the
// writer acknowledged is there exactly once, in order, intact, and that dedup still holds.
//
// What this can catch: acknowledged events lost by a process crash, duplicates (dedup state not
// committed with the events), gaps or reordering of positions, torn or mixed-up event bytes,
// a log that fails to reopen after a crash. What it cannot catch: a missing fsync. After SIGKILL
// the OS still holds the WAL pages, so Sync::never passes too; only a power cut (or a
// fault-injecting filesystem) tells the two apart. Sync::every_batch is covered by reading the
// code path (WriteOptions::sync) and by the benchmark, where its cost is visible.

#include <eventlog/log.hpp>
#include <tests/eventlog/crash_payload.hpp>
#include <tests/eventlog/temp_dir.hpp>

#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace cordgate::eventlog {
namespace {

using testing::crash_effect;
using testing::crash_payload;
using testing::kCrashOrigin;
using testing::kCrashTarget;
using testing::TempDir;

constexpr std::uint64_t kWriterN = 100'000'000;  // never reached: the writer is always killed

struct Kill {
    std::uint64_t batch;     // events per commit in the writer
    std::uint64_t ack_more;  // acknowledgements to wait for beyond the previous high-water
    int delay_us;            // between seeing enough acks and the kill: lands in other phases
};

// Runs the writer until it has acknowledged at least `target`, SIGKILLs it, and returns the
// highest seq it acknowledged (including lines still in the pipe when it died).
std::uint64_t run_and_kill(const std::string& path, std::uint64_t batch, std::uint64_t target,
                           int delay_us, bool ack_ahead = false, bool effects = false) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);

    std::vector<std::string> args = {CORDGATE_LOG_WRITER, path, std::to_string(kWriterN),
                                     std::to_string(batch)};
    if (ack_ahead) args.push_back("--ack-ahead");
    if (effects) args.push_back("--effects");
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);

    pid_t pid = 0;
    int rc = posix_spawn(&pid, CORDGATE_LOG_WRITER, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    if (rc != 0) {
        ::close(fds[0]);
        throw std::runtime_error(std::string("posix_spawn: ") + std::strerror(rc));
    }

    std::uint64_t highest = 0;
    std::string pending;
    bool killed = false;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    char buf[4096];
    for (;;) {
        if (!killed && highest >= target) {
            if (delay_us > 0) std::this_thread::sleep_for(std::chrono::microseconds(delay_us));
            ::kill(pid, SIGKILL);
            killed = true;
        }
        if (!killed && std::chrono::steady_clock::now() > deadline) {
            ::kill(pid, SIGKILL);
            killed = true;
            ADD_FAILURE() << "writer did not reach " << target << " acks in time";
        }
        pollfd p{fds[0], POLLIN, 0};
        if (::poll(&p, 1, 1000) < 0 && errno != EINTR) break;
        ssize_t n = ::read(fds[0], buf, sizeof buf);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (n <= 0) break;  // EOF: the writer is gone
        pending.append(buf, static_cast<std::size_t>(n));
        std::size_t start = 0;
        for (std::size_t nl; (nl = pending.find('\n', start)) != std::string::npos;
             start = nl + 1) {
            highest =
                std::max<std::uint64_t>(highest, std::stoull(pending.substr(start, nl - start)));
        }
        pending.erase(0, start);  // a partial line is not an acknowledgement
    }
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        << "the writer ended on its own (status " << status << ") before being killed";
    return highest;
}

// Empty when the log holds exactly seqs 1..high-water at positions 1..last with intact bytes,
// and every acknowledged seq; otherwise the first violation found.
std::string check_log(const std::string& path, std::uint64_t acked) {
    auto log = Log::open({.path = path});
    std::uint64_t high = log->last_origin_seq(kCrashOrigin);
    if (high < acked) {
        return "acknowledged seq " + std::to_string(acked) + " missing: high-water is " +
               std::to_string(high);
    }
    std::string problem;
    std::uint64_t expected = 1;
    log->read_events(1, UINT64_MAX, [&](std::uint64_t pos, std::string_view bytes) {
        // The writer adds seq s as the s-th distinct event, so position and seq coincide.
        std::uint64_t seq = 0;
        if (bytes.starts_with("seq=")) seq = std::stoull(std::string(bytes.substr(4, 20)));
        if (pos != expected) {
            problem = "gap in positions: expected " + std::to_string(expected) + ", found " +
                      std::to_string(pos);
        } else if (seq < expected) {
            problem = "duplicate: seq " + std::to_string(seq) + " again at position " +
                      std::to_string(pos);
        } else if (seq > expected) {
            problem = "gap: seq " + std::to_string(expected) + " missing, position " +
                      std::to_string(pos) + " holds seq " + std::to_string(seq);
        } else if (bytes != crash_payload(seq)) {
            problem = "damaged event at position " + std::to_string(pos);
        }
        ++expected;
        return problem.empty();
    });
    if (!problem.empty()) return problem;
    if (expected - 1 != log->last_position()) {
        return "read " + std::to_string(expected - 1) + " events, last position is " +
               std::to_string(log->last_position());
    }
    if (log->last_position() != high) {
        return "last position " + std::to_string(log->last_position()) +
               " differs from the high-water mark " + std::to_string(high);
    }
    return {};
}

// Empty when the log holds exactly the effects the writer logged and has not acknowledged yet:
// one per position, ids acked + 1 .. last position, intact; otherwise the first violation.
std::string check_effects(const std::string& path) {
    auto log = Log::open({.path = path});
    const std::uint64_t last = log->last_effect_id(kCrashTarget);
    const std::uint64_t acked = log->acked_effect_id(kCrashTarget);
    if (last != log->last_position() || acked > last) {
        return "last effect id " + std::to_string(last) + ", acknowledged " +
               std::to_string(acked) + ", last position " + std::to_string(log->last_position());
    }
    std::string problem;
    std::uint64_t expected = acked + 1;
    log->read_effects(kCrashTarget, 0, [&](std::uint64_t id, std::string_view bytes) {
        if (id != expected) {
            problem = "effect " + std::to_string(expected) + " missing, read " + std::to_string(id);
        } else if (bytes != crash_effect(id)) {
            problem = "damaged effect " + std::to_string(id);
        }
        ++expected;
        return problem.empty();
    });
    if (!problem.empty()) return problem;
    if (expected != last + 1) {
        return "effects end at " + std::to_string(expected - 1) + ", the last id is " +
               std::to_string(last);
    }
    return {};
}

// An adapter resending 1..upto after the restart: only seqs above the high-water get in.
void resend(const std::string& path, std::uint64_t upto) {
    auto log = Log::open({.path = path});
    std::uint64_t high = log->last_origin_seq(kCrashOrigin);
    Batch batch = log->begin();
    for (std::uint64_t seq = 1; seq <= upto; ++seq) {
        auto pos = batch.add_event(kCrashOrigin, seq, crash_payload(seq));
        if (seq <= high) {
            ASSERT_EQ(pos, std::nullopt) << "seq " << seq << " kept twice";
        } else {
            ASSERT_EQ(pos, seq) << "seq " << seq << " above the high-water " << high;
        }
    }
    log->commit(std::move(batch));
    EXPECT_EQ(log->last_position(), std::max(high, upto));
}

TEST(EventLogCrash, SigkillMidStreamKeepsEveryAcknowledgedEventOnce) {
    TempDir dir;
    const std::string path = dir.sub("log");
    // Batch sizes from one event per commit to thousands; the delays move the kill off the
    // moment right after an ack, into the middle of building or writing the next batch.
    const std::vector<Kill> kills = {
        {1, 2000, 0},    {7, 5000, 150},   {64, 10000, 1000},
        {500, 40000, 0}, {33, 8000, 3000}, {4096, 100000, 500},
    };
    std::uint64_t high = 0;
    for (const Kill& k : kills) {
        SCOPED_TRACE("batch " + std::to_string(k.batch) + ", delay " + std::to_string(k.delay_us) +
                     "us, after high-water " + std::to_string(high));
        std::uint64_t acked = run_and_kill(path, k.batch, high + k.ack_more, k.delay_us);
        ASSERT_GE(acked, high + k.ack_more);
        ASSERT_EQ(check_log(path, acked), "");
        resend(path, acked + 50);
        ASSERT_EQ(check_log(path, acked + 50), "");
        high = acked + 50;
    }
}

// The same with one effect per event and the previous commit's effects acknowledged in each
// commit: the runs and the acks that delete them survive the kill together with the events.
TEST(EventLogCrash, SigkillMidStreamKeepsEveryUnacknowledgedEffect) {
    TempDir dir;
    const std::string path = dir.sub("log");
    const std::vector<Kill> kills = {
        {1, 2000, 0}, {7, 5000, 150}, {64, 10000, 1000}, {500, 40000, 0}, {4096, 100000, 500},
    };
    std::uint64_t high = 0;
    for (const Kill& k : kills) {
        SCOPED_TRACE("batch " + std::to_string(k.batch) + ", delay " + std::to_string(k.delay_us) +
                     "us, after high-water " + std::to_string(high));
        std::uint64_t acked = run_and_kill(path, k.batch, high + k.ack_more, k.delay_us,
                                           /*ack_ahead=*/false, /*effects=*/true);
        ASSERT_GE(acked, high + k.ack_more);
        ASSERT_EQ(check_log(path, acked), "");
        ASSERT_EQ(check_effects(path), "");
        high = acked;
    }
}

// Planted bugs: the checker must notice each of them, or a passing run above means nothing.

TEST(EventLogCrash, CheckerCatchesAnAcknowledgementThatWasNotDurable) {
    TempDir dir;
    const std::string path = dir.sub("log");
    std::uint64_t acked = run_and_kill(path, 16, 2000, 0, /*ack_ahead=*/true);
    EXPECT_NE(check_log(path, acked).find("missing"), std::string::npos);
}

std::string check_planted(const std::function<void(Batch&)>& plant) {
    TempDir dir;
    {
        auto log = Log::open({.path = dir.path()});
        Batch batch = log->begin();
        plant(batch);
        log->commit(std::move(batch));
    }
    return check_log(dir.path(), 0);
}

TEST(EventLogCrash, CheckerCatchesDuplicatesGapsAndDamage) {
    // A dedup failure: seq 50 kept a second time (smuggled in under another origin).
    EXPECT_NE(check_planted([](Batch& b) {
                  for (std::uint64_t s = 1; s <= 100; ++s)
                      b.add_event(kCrashOrigin, s, crash_payload(s));
                  b.add_event("other", 1, crash_payload(50));
              }).find("duplicate"),
              std::string::npos);
    EXPECT_NE(check_planted([](Batch& b) {
                  for (std::uint64_t s = 1; s <= 100; ++s) {
                      if (s != 37) b.add_event(kCrashOrigin, s, crash_payload(s));
                  }
              }).find("gap"),
              std::string::npos);
    EXPECT_NE(check_planted([](Batch& b) {
                  for (std::uint64_t s = 1; s <= 100; ++s) {
                      std::string bytes = crash_payload(s);
                      if (s == 64) bytes[200] ^= 1;
                      b.add_event(kCrashOrigin, s, bytes);
                  }
              }).find("damaged"),
              std::string::npos);
    EXPECT_EQ(check_planted([](Batch& b) {
                  for (std::uint64_t s = 1; s <= 100; ++s)
                      b.add_event(kCrashOrigin, s, crash_payload(s));
              }),
              "");
}

// Events 1..100, each with the effect `effect_for` gives it (none for nullopt), then the
// effects checker's verdict.
std::string check_planted_effects(
    const std::function<std::optional<std::string>(std::uint64_t)>& effect_for) {
    TempDir dir;
    {
        auto log = Log::open({.path = dir.path()});
        Batch batch = log->begin();
        for (std::uint64_t s = 1; s <= 100; ++s) {
            batch.add_event(kCrashOrigin, s, crash_payload(s));
            if (auto bytes = effect_for(s)) batch.add_effect(kCrashTarget, s, *bytes);
        }
        log->commit(std::move(batch));
    }
    return check_effects(dir.path());
}

TEST(EventLogCrash, EffectCheckerCatchesLossAndDamage) {
    auto all_but = [](std::uint64_t missing) {
        return [missing](std::uint64_t s) -> std::optional<std::string> {
            if (s == missing) return std::nullopt;
            return crash_effect(s);
        };
    };
    EXPECT_NE(check_planted_effects(all_but(37)).find("effect 37 missing"), std::string::npos);
    EXPECT_NE(check_planted_effects(all_but(100)).find("last effect id 99"), std::string::npos);
    EXPECT_NE(check_planted_effects([](std::uint64_t s) -> std::optional<std::string> {
                  std::string bytes = crash_effect(s);
                  if (s == 64) bytes[200] ^= 1;
                  return bytes;
              }).find("damaged effect 64"),
              std::string::npos);
    EXPECT_EQ(check_planted_effects(all_but(0)), "");
}

}  // namespace
}  // namespace cordgate::eventlog
