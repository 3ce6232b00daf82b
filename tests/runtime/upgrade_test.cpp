// Upgrades: a log written by an earlier cordgate is read by this one. tests/upgrade/logs/ holds
// a log made by each release of the formats (a stack that ran captures 41 and 42, snapshots every
// 100 events); add one there whenever the log's or the state's encoding changes.
//
// For each: every event decodes; the newest snapshot, decoded by this build, plus the tail folds
// to the same state and room archive as all the events folded from the start; and a core starts
// on the log with that state.

#include <core/archive/store.hpp>
#include <core/projection.hpp>
#include <core/state.hpp>
#include <eventlog/log.hpp>
#include <runtime/core_service.hpp>
#include <runtime/log_archive.hpp>
#include <tests/eventlog/temp_dir.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace cordgate::runtime {
namespace {

namespace fs = std::filesystem;
using Pairs = std::vector<std::pair<std::string, std::string>>;

std::vector<fs::path> old_logs() {
    std::vector<fs::path> out;
    for (const auto& entry : fs::directory_iterator(CORDGATE_UPGRADE_LOGS)) {
        if (entry.path().string().ends_with(".tar.gz")) out.push_back(entry.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

Pairs everything(const core::archive::Store& store) {
    Pairs out;
    store.scan(std::string(1, '\0'), std::string(8, '\xff'), false,
               [&](std::string_view k, std::string_view v) {
                   out.emplace_back(k, v);
                   return true;
               });
    return out;
}

TEST(Upgrade, LogsOfEarlierVersionsFoldToTheSameStateFromTheirSnapshot) {
    const std::vector<fs::path> logs = old_logs();
    ASSERT_FALSE(logs.empty()) << "no log in " << CORDGATE_UPGRADE_LOGS;
    for (const fs::path& tarball : logs) {
        SCOPED_TRACE(tarball.filename().string());
        eventlog::testing::TempDir dir;
        const std::string untar = "tar -xzf '" + tarball.string() + "' -C '" + dir.path() + "'";
        ASSERT_EQ(std::system(untar.c_str()), 0) << untar;
        const std::string path = dir.path() + "/log";

        std::string from_start;
        Pairs archive_from_start;
        std::uint64_t last = 0;
        {
            auto log = eventlog::Log::open({path, eventlog::Sync::never});
            last = log->last_position();
            ASSERT_GT(last, 100u);
            ASSERT_EQ(log->first_position(), 1u);

            core::State state;
            core::archive::MemoryStore store;
            log->read_events(1, last, [&](std::uint64_t position, std::string_view bytes) {
                core::apply(state, store, core::decode_event(bytes), position);
                return true;
            });
            from_start = core::encode_state(state);
            archive_from_start = everything(store);
            ASSERT_FALSE(archive_from_start.empty()) << "the captures archive room messages";

            auto snapshot = log->latest_snapshot();
            ASSERT_TRUE(snapshot);
            ASSERT_LT(snapshot->first, last) << "no tail to fold after the snapshot";
            core::State resumed = core::decode_state(snapshot->second);
            LogArchive archive(*log);
            log->read_events(snapshot->first + 1, last,
                             [&](std::uint64_t position, std::string_view bytes) {
                                 core::apply(resumed, archive, core::decode_event(bytes), position);
                                 return true;
                             });
            EXPECT_EQ(core::encode_state(resumed), from_start);
            EXPECT_EQ(everything(archive), archive_from_start);
        }

        CoreOptions options;
        options.bus_endpoint = "ipc://" + dir.path() + "/bus.sock";
        options.log = {path, eventlog::Sync::never};
        CoreService core(options);
        EXPECT_EQ(core.log().last_position(), last);
        EXPECT_EQ(core::encode_state(core.state()), from_start);
    }
}

}  // namespace
}  // namespace cordgate::runtime
