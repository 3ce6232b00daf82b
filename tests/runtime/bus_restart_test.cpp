// The bus with real processes: a cordgate-core is SIGKILLed in the middle of a stream and
// started again. Every event must end up in the log exactly once and in order, and every
// effect must be carried out exactly once.

#include "child_process.hpp"

#include <common/bus_client.hpp>
#include <eventlog/log.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <thread>

namespace cordgate {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

class BusRestart : public ::testing::Test {
  protected:
    void SetUp() override {
        char tmpl[] = "/tmp/cordgate-bus-XXXXXX";
        dir_ = ::mkdtemp(tmpl);
        endpoint_ = "ipc://" + dir_ + "/bus.sock";
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::unique_ptr<tests::ChildProcess> start_core(std::vector<std::string> more = {}) {
        std::vector<std::string> argv{
            CORDGATE_CORE_BINARY, "--data-dir", dir_ + "/log", "--bus", endpoint_,
            "--snapshot-every",   "50",         "--log-level", "warn"};
        argv.insert(argv.end(), more.begin(), more.end());
        return std::make_unique<tests::ChildProcess>(std::move(argv));
    }

    std::string dir_;
    std::string endpoint_;
};

core::Event registration(int i) {
    core::Event e;
    e.ts = 1;
    e.user = "user" + std::to_string(i) + "@localhost";
    e.payload = core::XmppRegister{"discord.localhost", "token" + std::to_string(i)};
    return e;
}

TEST_F(BusRestart, NothingIsLostOrRepeatedAcrossCoreKills) {
    constexpr int kEvents = 600;
    auto core = start_core();
    // One adapter publishes registrations (target xmpp); each makes one discord.login effect,
    // which the second adapter (target discord) carries out.
    common::BusClient xmpp({endpoint_, "xmpp", core::Target::xmpp, 200ms});
    common::BusClient discord({endpoint_, "discord", core::Target::discord, 200ms});
    std::map<std::string, int> executed;  // sealed token -> times carried out
    int repeats = 0;
    auto on_discord = [&](const core::Effect& effect) {
        const auto& login = std::get<core::LoginDiscord>(effect.payload);
        if (++executed[login.sealed_token] > 1) ++repeats;
        return common::BusClient::Outcome::done;
    };
    auto on_xmpp = [](const core::Effect&) { return common::BusClient::Outcome::done; };

    auto deadline = Clock::now() + 60s;
    while (!(xmpp.welcomed() && discord.welcomed()) && Clock::now() < deadline) {
        xmpp.poll(10ms, on_xmpp);
        discord.poll(0ms, on_discord);
    }
    ASSERT_TRUE(xmpp.welcomed() && discord.welcomed()) << "cordgate-core did not answer";

    int published = 0;
    int kills = 0;
    while (Clock::now() < deadline) {
        // Bursts of 50, so that a kill right after one catches events in flight: in the
        // socket, in the core's queue, in a batch being written.
        for (int burst = 0; burst < 50 && published < kEvents; ++burst) {
            xmpp.publish(registration(++published));
        }
        xmpp.poll(1ms, on_xmpp);
        discord.poll(0ms, on_discord);
        if ((published == 200 && kills == 0) || (published == 450 && kills == 1)) {
            // Freeze the core, let the next burst reach its socket, then kill it: those
            // events were delivered to a core that never read them, and only the adapter's
            // resend after the next welcome can bring them back.
            core->signal(SIGSTOP);
            for (int burst = 0; burst < 50; ++burst) xmpp.publish(registration(++published));
            xmpp.poll(50ms, on_xmpp);
            core->stop(SIGKILL);
            ++kills;
            std::this_thread::sleep_for(50ms);
            core = start_core();
        }
        if (published == kEvents && xmpp.unacknowledged_events() == 0 &&
            executed.size() == static_cast<std::size_t>(kEvents)) {
            break;
        }
    }
    EXPECT_EQ(kills, 2);
    EXPECT_EQ(xmpp.unacknowledged_events(), 0u);
    EXPECT_EQ(executed.size(), static_cast<std::size_t>(kEvents));
    EXPECT_EQ(repeats, 0) << "an effect was carried out twice";
    // Let the core write the last acknowledgements, then look at the log itself.
    auto settle = Clock::now() + 500ms;
    while (Clock::now() < settle) {
        xmpp.poll(10ms, on_xmpp);
        discord.poll(0ms, on_discord);
    }
    core->stop(SIGTERM);

    auto log = eventlog::Log::open({dir_ + "/log", eventlog::Sync::never});
    EXPECT_EQ(log->last_position(), static_cast<std::uint64_t>(kEvents));
    std::uint64_t expected_seq = 1;
    log->read_events(1, log->last_position(), [&](std::uint64_t, std::string_view bytes) {
        core::Event e = core::decode_event(bytes);
        EXPECT_EQ(e.origin, "xmpp");
        EXPECT_EQ(e.origin_seq, expected_seq) << "a gap or a duplicate in the log";
        EXPECT_EQ(e.user, "user" + std::to_string(expected_seq) + "@localhost");
        ++expected_seq;
        return true;
    });
    EXPECT_EQ(log->last_effect_id("discord"), static_cast<std::uint64_t>(kEvents));
    EXPECT_EQ(log->acked_effect_id("discord"), static_cast<std::uint64_t>(kEvents));
}

// The size of the core's WAL once it is up, 0 while there is none. A WAL written over a spare
// (eventlog/wal_spare.hpp) is as long as the spare from the start.
std::uintmax_t wal_size_when_up(const std::string& log_dir) {
    auto deadline = Clock::now() + 10s;
    while (Clock::now() < deadline) {
        if (std::filesystem::exists(log_dir)) {
            for (const auto& entry : std::filesystem::directory_iterator(log_dir)) {
                if (entry.path().extension() == ".log") return entry.file_size();
            }
        }
        std::this_thread::sleep_for(20ms);
    }
    return 0;
}

TEST_F(BusRestart, TheCoresWalIsWrittenOverASpareOfTheSizeConfigured) {
    constexpr std::uintmax_t kMiB = 1024 * 1024;
    {
        auto core = start_core({"--wal-spare-mib", "3"});
        EXPECT_GE(wal_size_when_up(dir_ + "/log"), 3 * kMiB);
    }
    std::filesystem::remove_all(dir_ + "/log");
    auto core = start_core({"--wal-spare-mib", "0"});
    std::uintmax_t plain = wal_size_when_up(dir_ + "/log");
    EXPECT_LT(plain, kMiB) << "a spare although none was asked for";
}

}  // namespace
}  // namespace cordgate
