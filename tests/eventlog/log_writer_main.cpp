// The process that the SIGKILL test kills. It appends events from origin "w" with origin_seq
// 1..N in batches and, after each commit() returns, prints the highest origin_seq of that batch:
// from that moment the seq is acknowledged, exactly as the core would ack it to an adapter.
//
// Every run starts again at seq 1, as an adapter resends what it holds after a reconnect: the
// seqs the log already kept must be dropped as duplicates.
//
//   eventlog_log_writer PATH N BATCH [--ack-ahead]
//
// --ack-ahead is a planted bug for the checker's negative test: it prints a seq that was not
// committed yet.

#include <eventlog/log.hpp>
#include <tests/eventlog/crash_payload.hpp>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

int main(int argc, char** argv) {
    using namespace cordgate::eventlog;
    if (argc < 4) {
        std::fprintf(stderr, "usage: %s PATH N BATCH [--ack-ahead]\n", argv[0]);
        return 2;
    }
    const std::string path = argv[1];
    const std::uint64_t n = std::strtoull(argv[2], nullptr, 10);
    const std::uint64_t batch_size = std::strtoull(argv[3], nullptr, 10);
    const bool ack_ahead = argc > 4 && std::string(argv[4]) == "--ack-ahead";
    try {
        auto log = Log::open({.path = path, .sync = Sync::every_batch});
        std::uint64_t seq = 1;
        while (seq <= n) {
            Batch batch = log->begin();
            std::uint64_t last = 0;
            for (std::uint64_t i = 0; i < batch_size && seq <= n; ++i, ++seq) {
                batch.add_event(testing::kCrashOrigin, seq, testing::crash_payload(seq));
                last = seq;
            }
            if (ack_ahead) std::printf("%llu\n", static_cast<unsigned long long>(last + 1000));
            log->commit(std::move(batch));
            if (!ack_ahead) std::printf("%llu\n", static_cast<unsigned long long>(last));
            std::fflush(stdout);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "log_writer: %s\n", e.what());
        return 1;
    }
    return 0;
}
