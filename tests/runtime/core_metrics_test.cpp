// What cordgate-core counts for /metrics, driven turn by turn against a bare ZeroMQ socket that
// plays an adapter: events appended once, resends counted as duplicates, effects made per
// target, every commit timed, and the lag of effects not yet acknowledged.

#include <common/bus_protocol.hpp>
#include <metrics/registry.hpp>
#include <runtime/core_service.hpp>
#include <tests/runtime/raw_bus.hpp>

#include <gtest/gtest.h>
#include <zmq.hpp>

#include <filesystem>
#include <string>

namespace cordgate {
namespace {

namespace bus = common::bus;

// The value of one series on the page, or -1 when it is not there.
double sample(const std::string& page, const std::string& series) {
    auto at = page.find("\n" + series + " ");
    if (at == std::string::npos) return -1;
    return std::stod(page.substr(at + series.size() + 2));
}

TEST(CoreMetrics, EventsEffectsCommitsAndLag) {
    char tmpl[] = "/tmp/cordgate-core-metrics-XXXXXX";
    const std::string dir = ::mkdtemp(tmpl);
    const std::string endpoint = "ipc://" + dir + "/bus.sock";
    zmq::context_t context{1};
    {
        runtime::CoreOptions options;
        options.bus_endpoint = endpoint;
        options.log = {dir + "/log", eventlog::Sync::every_batch};
        metrics::Registry registry;
        runtime::CoreService core(options, &registry);
        tests::RawAdapter adapter(context, endpoint);
        adapter.send(bus::kind::hello,
                     core::encode(bus::Hello{bus::kProtocolVersion, "xmpp", "xmpp", 0}));
        tests::step_until_busy(core);
        for (std::uint64_t seq = 1; seq <= 3; ++seq) {
            adapter.send(bus::kind::events, core::encode_event(tests::registration(seq)));
            tests::step_until_busy(core);
        }
        adapter.send(bus::kind::events, core::encode_event(tests::registration(2)));  // again
        tests::step_until_busy(core);

        const std::string page = registry.text();
        EXPECT_EQ(sample(page, "cordgate_core_events_appended_total"), 3) << page;
        EXPECT_EQ(sample(page, "cordgate_core_events_duplicate_total"), 1) << page;
        EXPECT_EQ(sample(page, "cordgate_core_log_position"), 3) << page;
        const double made_x = sample(page, "cordgate_core_effects_made_total{target=\"xmpp\"}");
        const double made_d = sample(page, "cordgate_core_effects_made_total{target=\"discord\"}");
        EXPECT_GE(made_d, 3) << "a login per registration";
        EXPECT_EQ(made_x + made_d, static_cast<double>(core.log().last_effect_id("xmpp") +
                                                       core.log().last_effect_id("discord")));
        // Only the XMPP adapter said hello: its effects were sent, the Discord ones wait.
        EXPECT_EQ(sample(page, "cordgate_core_effects_sent_total{target=\"xmpp\"}"), made_x);
        EXPECT_EQ(sample(page, "cordgate_core_effects_sent_total{target=\"discord\"}"), 0);
        EXPECT_EQ(sample(page, "cordgate_core_effects_unacked{target=\"discord\"}"), made_d);
        const double commits = sample(page, "cordgate_core_commits_total");
        EXPECT_GE(commits, 3);
        EXPECT_EQ(sample(page, "cordgate_core_commit_seconds_count"), commits);
        EXPECT_EQ(sample(page, "cordgate_core_commit_seconds_bucket{le=\"+Inf\"}"), commits);
        EXPECT_GE(sample(page, "cordgate_core_fsync_seconds_count"), 3) << "each event synced";

        // The XMPP adapter acknowledges everything it got.
        adapter.send(bus::kind::effect_ack,
                     core::encode(bus::EffectAck{core.log().last_effect_id("xmpp")}));
        tests::step_until_busy(core);
        const std::string after = registry.text();
        EXPECT_EQ(sample(after, "cordgate_core_effects_acked_total{target=\"xmpp\"}"), made_x);
        EXPECT_EQ(sample(after, "cordgate_core_effects_unacked{target=\"xmpp\"}"), 0);
    }
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace cordgate
