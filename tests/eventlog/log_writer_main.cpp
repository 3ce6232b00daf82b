// The process that the SIGKILL test kills. It appends events from origin "w" with origin_seq
// 1..N in batches and, after each commit() returns, prints the highest origin_seq of that batch:
// from that moment the seq is acknowledged, exactly as the core would ack it to an adapter.
//
// Every run starts again at seq 1, as an adapter resends what it holds after a reconnect: the
// seqs the log already kept must be dropped as duplicates.
//
//   eventlog_log_writer PATH N BATCH [--ack-ahead] [--effects]
//
// --ack-ahead is a planted bug for the checker's negative test: it prints a seq that was not
// committed yet.
// --effects: each kept event also gets an effect (id = its position), and each commit
// acknowledges the effects of the commit before it, as the core does in a flood.
//
// The WAL is written over spares of zeros, as cordgate-core's is (eventlog/wal_spare.hpp), and
// small ones, so the kills land both inside a spare (the WAL left longer than its records)
// and after a WAL outgrew it.

#include <eventlog/log.hpp>
#include <tests/eventlog/crash_payload.hpp>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

int main(int argc, char** argv) {
    using namespace cordgate::eventlog;
    if (argc < 4) {
        std::fprintf(stderr, "usage: %s PATH N BATCH [--ack-ahead] [--effects]\n", argv[0]);
        return 2;
    }
    const std::string path = argv[1];
    const std::uint64_t n = std::strtoull(argv[2], nullptr, 10);
    const std::uint64_t batch_size = std::strtoull(argv[3], nullptr, 10);
    bool ack_ahead = false;
    bool effects = false;
    for (int i = 4; i < argc; ++i) {
        ack_ahead = ack_ahead || std::string(argv[i]) == "--ack-ahead";
        effects = effects || std::string(argv[i]) == "--effects";
    }
    try {
        auto log =
            Log::open({.path = path, .sync = Sync::every_batch, .wal_spare_bytes = 1024 * 1024});
        std::uint64_t seq = 1;
        std::uint64_t previous_commit_effects = 0;
        while (seq <= n) {
            Batch batch = log->begin();
            std::uint64_t last = 0;
            for (std::uint64_t i = 0; i < batch_size && seq <= n; ++i, ++seq) {
                auto position =
                    batch.add_event(testing::kCrashOrigin, seq, testing::crash_payload(seq));
                if (effects && position) {
                    batch.add_effect(testing::kCrashTarget, *position,
                                     testing::crash_effect(*position));
                }
                last = seq;
            }
            if (effects && previous_commit_effects > 0) {
                batch.ack_effects(testing::kCrashTarget, previous_commit_effects);
            }
            if (ack_ahead) std::printf("%llu\n", static_cast<unsigned long long>(last + 1000));
            log->commit(std::move(batch));
            previous_commit_effects = log->last_effect_id(testing::kCrashTarget);
            if (!ack_ahead) std::printf("%llu\n", static_cast<unsigned long long>(last));
            std::fflush(stdout);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "log_writer: %s\n", e.what());
        return 1;
    }
    return 0;
}
