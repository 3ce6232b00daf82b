// Retention in the core: the bounds pick the first position to keep, each snapshot drops what
// is older, and a core restarted on the trimmed log has the state it had.

#include <common/bus_protocol.hpp>
#include <core/state.hpp>
#include <eventlog/log.hpp>
#include <runtime/core_service.hpp>
#include <runtime/retention.hpp>
#include <tests/eventlog/temp_dir.hpp>
#include <tests/runtime/raw_bus.hpp>

#include <gtest/gtest.h>
#include <zmq.hpp>

#include <string>

namespace cordgate::runtime {
namespace {

namespace bus = common::bus;

// One commit per event, event n at time n * 1000 ms.
void fill(eventlog::Log& log, int n) {
    for (int i = 1; i <= n; ++i) {
        core::Event event = tests::registration(static_cast<std::uint64_t>(i));
        event.ts = i * 1000;
        auto batch = log.begin();
        batch.add_event(event.origin, event.origin_seq, core::encode_event(event));
        log.commit(std::move(batch));
    }
}

TEST(RetentionPolicy, TheCountBoundKeepsTheNewestEvents) {
    eventlog::testing::TempDir dir;
    auto log = eventlog::Log::open({dir.path(), eventlog::Sync::never});
    fill(*log, 100);
    EXPECT_EQ(first_position_to_keep({30, 0}, *log, 100, 100'000), 71u);
    EXPECT_EQ(first_position_to_keep({300, 0}, *log, 100, 100'000), 1u);
    EXPECT_EQ(first_position_to_keep({100, 0}, *log, 100, 100'000), 1u);
    EXPECT_EQ(first_position_to_keep({0, 0}, *log, 100, 100'000), 1u);
}

TEST(RetentionPolicy, TheAgeBoundCountsFromTheNewestEventNotTheClock) {
    eventlog::testing::TempDir dir;
    auto log = eventlog::Log::open({dir.path(), eventlog::Sync::never});
    fill(*log, 100);
    // Newest at 100 s; keeping 25 s keeps the events at 75 s and after.
    EXPECT_EQ(first_position_to_keep({0, 25'000}, *log, 100, 100'000), 75u);
    // Both bounds: the later first position wins.
    EXPECT_EQ(first_position_to_keep({10, 25'000}, *log, 100, 100'000), 91u);
    EXPECT_EQ(first_position_to_keep({50, 25'000}, *log, 100, 100'000), 75u);
    // Everything old: still nothing after the snapshot goes.
    EXPECT_EQ(first_position_to_keep({0, 1}, *log, 60, 10'000'000), 61u);
}

class CoreRetention : public ::testing::Test {
  protected:
    CoreOptions options() const {
        CoreOptions o;
        o.bus_endpoint = "ipc://" + dir_.path() + "/bus.sock";
        o.log = {dir_.path() + "/log", eventlog::Sync::never};
        o.snapshot_every = 10;
        o.retention.keep_events = 25;
        return o;
    }

    eventlog::testing::TempDir dir_;
    zmq::context_t context_{1};
};

TEST_F(CoreRetention, SnapshotsDropOldEventsAndARestartFoldsTheSameState) {
    std::string state_before;
    std::uint64_t first_before = 0;
    {
        CoreService core(options());
        tests::RawAdapter xmpp(context_, options().bus_endpoint);
        xmpp.send(bus::kind::hello,
                  core::encode(bus::Hello{bus::kProtocolVersion, "xmpp", "xmpp", 0}));
        tests::step_until_busy(core);
        for (std::uint64_t n = 1; n <= 95; ++n) {
            xmpp.send(bus::kind::events, core::encode_event(tests::registration(n)));
            tests::step_until_busy(core);
            core.step(1);
        }
        ASSERT_EQ(core.log().last_position(), 95u);
        first_before = core.log().first_position();
        // The last snapshot is at 90 or later; 25 kept before it means nothing below 66 is
        // needed, and commits are one event or a few, so little more than that stays.
        EXPECT_GT(first_before, 50u);
        EXPECT_LE(first_before, 71u);
        EXPECT_EQ(core.state().sessions.size(), 95u);
        state_before = core::encode_state(core.state());
    }
    CoreService again(options());
    EXPECT_EQ(again.log().first_position(), first_before);
    EXPECT_EQ(core::encode_state(again.state()), state_before);
}

TEST_F(CoreRetention, ALogWhoseDroppedEventsNoSnapshotCoversIsRefused) {
    {
        auto log = eventlog::Log::open(options().log);
        fill(*log, 30);
        auto batch = log->begin();
        batch.drop_events_before(11);
        log->commit(std::move(batch));
        ASSERT_EQ(log->first_position(), 11u);
    }
    try {
        CoreService core(options());
        FAIL() << "folded a log with a hole at its start";
    } catch (const eventlog::LogError& e) {
        EXPECT_NE(std::string(e.what()).find("events 1 to 10 were dropped"), std::string::npos)
            << e.what();
    }
}

}  // namespace
}  // namespace cordgate::runtime
