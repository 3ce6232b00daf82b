// Log::checkpoint, what `cordgate backup` takes of a running core: the copy opens as a log with
// the events, effects and acknowledgements committed before it (acknowledgements committed
// without an fsync included), and the log goes on unchanged with its WAL spare; the copy has none.

#include <eventlog/log.hpp>
#include <eventlog/wal_spare.hpp>
#include <tests/eventlog/spare_wait.hpp>
#include <tests/eventlog/temp_dir.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace cordgate::eventlog {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

std::vector<std::string> events(const Log& log) {
    std::vector<std::string> out;
    log.read_events(1, log.last_position(), [&](std::uint64_t, std::string_view bytes) {
        out.emplace_back(bytes);
        return true;
    });
    return out;
}

TEST(Checkpoint, TheCopyHoldsWhatWasCommittedAndTheLogGoesOn) {
    TempDir dir;
    auto log = Log::open(Options{dir.sub("log"), Sync::every_batch, 1024 * 1024});
    for (std::uint64_t seq = 1; seq <= 3; ++seq) {
        Batch b = log->begin();
        b.add_event("xmpp", seq, "{\"e\":" + std::to_string(seq) + "}");
        b.add_effect("xmpp", seq, "{\"f\":" + std::to_string(seq) + "}");
        log->commit(std::move(b));
    }
    Batch acks = log->begin();
    acks.ack_effects("xmpp", 2);  // written without an fsync of its own
    log->commit(std::move(acks));

    log->checkpoint(dir.sub("backup"));
    EXPECT_THROW(log->checkpoint(dir.sub("backup")), LogError);  // never over an older one
    Batch later = log->begin();
    later.add_event("xmpp", 4, "{\"e\":4}");
    log->commit(std::move(later));
    EXPECT_EQ(log->last_position(), 4u);
    EXPECT_TRUE(testing::wait_for_spare(dir.sub("log")));  // made by the log's own thread
    EXPECT_FALSE(fs::exists(fs::path(dir.sub("backup")) / kWalSpareName));
    EXPECT_GT(log->disk_bytes(), 1024u * 1024u);  // the spare counts: it is on the disk
    log.reset();

    auto copy = Log::open(Options{dir.sub("backup"), Sync::never});
    EXPECT_EQ(copy->last_position(), 3u);
    EXPECT_EQ(events(*copy), (std::vector<std::string>{"{\"e\":1}", "{\"e\":2}", "{\"e\":3}"}));
    EXPECT_EQ(copy->acked_effect_id("xmpp"), 2u);
    std::vector<std::uint64_t> unacked;
    copy->read_effects("xmpp", 0, [&](std::uint64_t id, std::string_view) {
        unacked.push_back(id);
        return true;
    });
    EXPECT_EQ(unacked, std::vector<std::uint64_t>{3});
    EXPECT_EQ(copy->last_origin_seq("xmpp"), 3u);
}

}  // namespace
}  // namespace cordgate::eventlog
