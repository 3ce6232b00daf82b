// The pure parts of `cordgate status`: heartbeat freshness with the time passed in, the report
// the core composes, what counts as wrong, the exit code, the JSON round trip and the text.

#include <runtime/heartbeats.hpp>
#include <runtime/status_report.hpp>

#include <gtest/gtest.h>

namespace cordgate::runtime {
namespace {

namespace bus = common::bus;

constexpr std::int64_t kStarted = 1'796'000'000'000;  // the core's start, wall clock

bus::Heartbeat xmpp_heartbeat(bool link_up, std::int64_t since) {
    bus::Heartbeat h;
    h.origin = "xmpp";
    h.started_ms = kStarted + 100;
    h.sent_ms = kStarted + 5000;
    h.component = bus::ComponentLink{link_up, since};
    return h;
}

bus::Heartbeat discord_heartbeat() {
    bus::Heartbeat h;
    h.origin = "discord";
    h.started_ms = kStarted + 200;
    h.sent_ms = kStarted + 5000;
    h.sessions = std::vector<bus::SessionHealth>{
        {"romeo@localhost", bus::GatewayState::ready, kStarted + 1500, std::nullopt},
        {"juliet@localhost", bus::GatewayState::failed, kStarted + 1700,
         "authentication failed (close 4004)"}};
    h.invalid_requests = bus::InvalidRequests{12, 10000, 600};
    return h;
}

core::State two_users() {
    core::State state;
    core::Session romeo;
    romeo.jid = "romeo@localhost";
    romeo.sealed_token = "c2VhbGVkIHRva2Vu";
    romeo.login_state = "ready";
    romeo.required_action = "REQUIRE_VERIFIED_EMAIL";
    romeo.actions().kept.resize(2);
    state.sessions[romeo.jid] = romeo;
    core::Session juliet;
    juliet.jid = "juliet@localhost";
    juliet.sealed_token = "c2VhbGVkIHRva2VuIDI=";
    juliet.login_state = "failed";
    juliet.failure = "authentication failed (close 4004)";
    state.sessions[juliet.jid] = juliet;
    return state;
}

StatusInputs inputs(const core::State& state, std::int64_t age_ms) {
    StatusInputs in;
    in.now_ms = kStarted + 6000;
    in.core_started_ms = kStarted;
    in.heartbeats["xmpp"] = HeardFrom{xmpp_heartbeat(true, kStarted + 900), age_ms};
    in.heartbeats["discord"] = HeardFrom{discord_heartbeat(), age_ms};
    in.log.position = 42;
    in.log.disk_bytes = 4096;
    in.lag = {{"xmpp", 10, 10, 0}, {"discord", 7, 5, 2}};
    in.state = &state;
    return in;
}

TEST(HeartbeatFreshness, UpToThreeIntervalsOld) {
    EXPECT_TRUE(fresh(0, 1000));
    EXPECT_TRUE(fresh(3000, 1000));
    EXPECT_FALSE(fresh(3001, 1000));
    EXPECT_TRUE(fresh(5999, 2000));  // the interval is the sender's
}

TEST(HeartbeatFreshness, TheTableAgesEntriesByTheTimeGiven) {
    Heartbeats table;
    table.record(xmpp_heartbeat(true, 0), 10'000);
    EXPECT_TRUE(table.alive("xmpp", 10'000));
    EXPECT_TRUE(table.alive("xmpp", 13'000));
    EXPECT_FALSE(table.alive("xmpp", 13'001));
    EXPECT_FALSE(table.alive("discord", 10'000));  // never heard of
    EXPECT_EQ(table.as_of(12'500).at("xmpp").age_ms, 2'500);
    table.record(xmpp_heartbeat(false, 0), 20'000);  // a newer one replaces it
    EXPECT_TRUE(table.alive("xmpp", 21'000));
    EXPECT_FALSE(table.as_of(21'000).at("xmpp").last.component->up);
}

TEST(StatusReport, EverythingUpIsAllWell) {
    core::State state = two_users();
    StatusReport r = compose_status(inputs(state, 500));
    ASSERT_EQ(r.processes.size(), 3u);
    EXPECT_EQ(r.processes[0].name, "core");
    EXPECT_EQ(r.processes[0].since_ms, kStarted);
    EXPECT_EQ(r.processes[1].name, "xmpp");
    EXPECT_EQ(r.processes[1].state, Liveness::up);
    EXPECT_EQ(r.processes[1].since_ms, kStarted + 100);  // up since the process started
    EXPECT_EQ(r.processes[2].state, Liveness::up);
    EXPECT_EQ(r.component.state, LinkState::up);
    EXPECT_EQ(r.component.since_ms, kStarted + 900);
    ASSERT_TRUE(r.invalid_requests);
    EXPECT_EQ(r.invalid_requests->count, 12);
    EXPECT_TRUE(r.problems.empty());
    EXPECT_EQ(exit_code(r), 0);
}

TEST(StatusReport, UsersJoinTheCoresViewWithTheAdapters) {
    core::State state = two_users();
    StatusReport r = compose_status(inputs(state, 500));
    ASSERT_EQ(r.users.size(), 2u);
    const UserStatus& juliet = r.users[0];  // by JID
    EXPECT_EQ(juliet.jid, "juliet@localhost");
    EXPECT_EQ(juliet.login_state, "failed");
    EXPECT_EQ(juliet.failure, "authentication failed (close 4004)");
    EXPECT_EQ(juliet.gateway, bus::GatewayState::failed);
    EXPECT_EQ(juliet.gateway_reason, "authentication failed (close 4004)");
    const UserStatus& romeo = r.users[1];
    EXPECT_EQ(romeo.gateway, bus::GatewayState::ready);
    EXPECT_EQ(romeo.gateway_since_ms, kStarted + 1500);
    EXPECT_EQ(romeo.verification, "REQUIRE_VERIFIED_EMAIL");
    EXPECT_EQ(romeo.captcha_kept, 2u);
    // A user's failed session is the user's business, not the deployment's.
    EXPECT_EQ(exit_code(r), 0);
}

TEST(StatusReport, ASilentAdapterIsDownSinceItWasLastHeard) {
    core::State state = two_users();
    StatusInputs in = inputs(state, 500);
    in.heartbeats["discord"].age_ms = 3500;
    StatusReport r = compose_status(in);
    EXPECT_EQ(r.processes[2].state, Liveness::down);
    EXPECT_EQ(r.processes[2].since_ms, in.now_ms - 3500);
    EXPECT_EQ(r.processes[2].heartbeat_age_ms, 3500);
    // What only a live adapter can say is not shown from a stale heartbeat.
    EXPECT_FALSE(r.invalid_requests);
    EXPECT_FALSE(r.users[1].gateway);
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0], "cordgate-discord is down: no heartbeat for 3.5 s");
    EXPECT_EQ(exit_code(r), 1);
}

TEST(StatusReport, AnAdapterNeverHeardOfIsDownSinceTheCoreStarted) {
    core::State state;
    StatusInputs in = inputs(state, 500);
    in.heartbeats.erase("xmpp");
    StatusReport r = compose_status(in);
    EXPECT_EQ(r.processes[1].state, Liveness::down);
    EXPECT_EQ(r.processes[1].since_ms, kStarted);
    EXPECT_FALSE(r.processes[1].heartbeat_age_ms);
    EXPECT_EQ(r.component.state, LinkState::unknown);
    ASSERT_EQ(r.problems.size(), 1u);  // the link is unknown, not down: one problem, not two
    EXPECT_NE(r.problems[0].find("cordgate-xmpp is down: not heard of"), std::string::npos);
    EXPECT_EQ(exit_code(r), 1);
}

TEST(StatusReport, TheComponentLinkDownIsWrong) {
    core::State state;
    StatusInputs in = inputs(state, 500);
    in.heartbeats["xmpp"].last.component = bus::ComponentLink{false, kStarted + 4000};
    StatusReport r = compose_status(in);
    EXPECT_EQ(r.component.state, LinkState::down);
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0], "the XMPP component link is down since " + utc_time(kStarted + 4000));
    EXPECT_EQ(exit_code(r), 1);
}

TEST(StatusReport, TravelsAsJsonWithoutTokens) {
    core::State state = two_users();
    StatusReport r = compose_status(inputs(state, 500));
    std::string json = core::encode(r);
    EXPECT_EQ(json.find("c2VhbGVk"), std::string::npos);
    EXPECT_EQ(json.find("token"), std::string::npos);
    StatusReport back = core::decode<StatusReport>(json);
    EXPECT_EQ(core::encode(back), json);
    EXPECT_NE(json.find("\"gateway\":\"failed\""), std::string::npos);
    EXPECT_NE(json.find("\"waiting\":2"), std::string::npos);
}

TEST(StatusReport, TextNamesWhatIsWrong) {
    core::State state = two_users();
    StatusInputs in = inputs(state, 500);
    in.heartbeats["discord"].age_ms = 9000;
    in.log.last_commit_us = 310;
    in.log.last_commit_synced = true;
    std::string text = render_text(compose_status(in));
    EXPECT_NE(text.find("discord DOWN since"), std::string::npos) << text;
    EXPECT_NE(text.find("XMPP component link: up since"), std::string::npos) << text;
    EXPECT_NE(text.find("log: position 42, 4096 bytes on disk"), std::string::npos) << text;
    EXPECT_NE(text.find("last commit 0.31 ms with fsync"), std::string::npos) << text;
    EXPECT_NE(text.find("effects not yet acknowledged: xmpp 0 discord 2"), std::string::npos);
    EXPECT_NE(text.find("romeo@localhost: core ready; Discord session none; verification "
                        "required (REQUIRE_VERIFIED_EMAIL); captcha: 2 message(s) kept"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("problems:\n  - cordgate-discord is down"), std::string::npos) << text;
    EXPECT_EQ(text.find("all well"), std::string::npos);
}

TEST(StatusReport, UtcTime) {
    EXPECT_EQ(utc_time(0), "1970-01-01 00:00:00 UTC");
    EXPECT_EQ(utc_time(1'796'668'579'156), "2026-12-07 18:36:19 UTC");
}

}  // namespace
}  // namespace cordgate::runtime
