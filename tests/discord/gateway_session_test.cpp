// The gateway session machine: HELLO and heartbeats, IDENTIFY vs RESUME, sequence numbers,
// zombies, op 7, op 9, every close code class.

#include <adapters/discord/gateway_session.hpp>

#include <gtest/gtest.h>

namespace cordgate::adapters::discord {
namespace {

GatewayOptions options() {
    GatewayOptions o;
    o.token = "secret-token";
    o.gateway_url = "ws://127.0.0.1:9/gateway";
    o.reconnect_min = 1000;
    o.reconnect_max = 8000;
    o.invalid_session_delay = 2500;
    return o;
}

struct Harness {
    GatewaySession s{options()};
    rapidjson::Document doc;

    GatewayStep frame(int op, std::optional<std::int64_t> seq, std::string_view t,
                      std::string_view d, Millis now) {
        doc.Parse(d.data(), d.size());
        return s.on_payload(op, seq, t, &doc, now);
    }
    GatewayStep hello(Millis now, Millis interval = 1000) {
        return frame(10, std::nullopt, "",
                     R"({"heartbeat_interval":)" + std::to_string(interval) + "}", now);
    }
    GatewayStep ready(Millis now, std::int64_t seq = 1) {
        return frame(
            0, seq, "READY",
            R"({"session_id":"S1","resume_gateway_url":"ws://127.0.0.1:9/resume","user":{}})", now);
    }
    void connect_and_ready(Millis now) {
        s.start(now);
        s.on_connected(now, 0.5);
        hello(now);
        ready(now);
    }
};

TEST(GatewaySession, HelloThenIdentifyThenReady) {
    Harness h;
    auto start = h.s.start(0);
    EXPECT_EQ(start.connect_url, "ws://127.0.0.1:9/gateway/?v=10&encoding=json");
    h.s.on_connected(0, 0.25);
    auto step = h.hello(100, 1000);
    ASSERT_EQ(step.send.size(), 1u);
    EXPECT_NE(step.send[0].find(R"("op":2)"), std::string::npos);
    EXPECT_NE(step.send[0].find(R"("capabilities":0)"), std::string::npos);
    EXPECT_EQ(step.send[0].find("intents"), std::string::npos);  // a user account
    EXPECT_EQ(h.s.state(), GatewaySession::State::identifying);
    // First heartbeat at interval * jitter.
    EXPECT_EQ(h.s.next_deadline(), 350);
    auto r = h.ready(120);
    EXPECT_TRUE(r.dispatch);
    EXPECT_EQ(h.s.state(), GatewaySession::State::ready);
    EXPECT_EQ(h.s.session_id(), "S1");
    EXPECT_EQ(h.s.seq(), 1);
}

TEST(GatewaySession, BotsIdentifyWithIntents) {
    auto o = options();
    o.bot = true;
    o.compress = true;
    GatewaySession s(o);
    EXPECT_EQ(s.start(0).connect_url,
              "ws://127.0.0.1:9/gateway/?v=10&encoding=json&compress=zlib-stream");
    s.on_connected(0, 0);
    rapidjson::Document d;
    d.Parse(R"({"heartbeat_interval":41250})");
    auto step = s.on_payload(10, std::nullopt, "", &d, 0);
    EXPECT_NE(step.send.at(0).find(R"("intents":)"), std::string::npos);
}

TEST(GatewaySession, HeartbeatsCarryTheSequenceAndAcksAreTracked) {
    Harness h;
    h.connect_and_ready(0);  // jitter 0.5, interval 1000 -> first at 500
    EXPECT_TRUE(h.s.on_tick(499).send.empty());
    auto hb = h.s.on_tick(500);
    ASSERT_EQ(hb.send.size(), 1u);
    EXPECT_EQ(hb.send[0], R"({"op":1,"d":1})");
    EXPECT_EQ(h.s.next_deadline(), 1500);
    h.frame(11, std::nullopt, "", "null", 600);
    auto hb2 = h.s.on_tick(1500);
    EXPECT_EQ(hb2.send.size(), 1u);
    EXPECT_FALSE(hb2.close);
}

TEST(GatewaySession, ServerHeartbeatRequestIsAnsweredAtOnce) {
    Harness h;
    h.connect_and_ready(0);
    auto step = h.frame(1, std::nullopt, "", "null", 10);
    EXPECT_EQ(step.send, std::vector<std::string>{R"({"op":1,"d":1})"});
    EXPECT_EQ(h.s.next_deadline(), 500);
}

TEST(GatewaySession, MissedAckIsAZombieResumedOnTheResumeUrl) {
    Harness h;
    h.connect_and_ready(0);
    h.s.on_tick(500);  // no ACK follows
    auto step = h.s.on_tick(1500);
    EXPECT_TRUE(step.send.empty());
    ASSERT_TRUE(step.close);
    EXPECT_NE(*step.close, 1000);  // 1000 would end the session on Discord's side
    EXPECT_EQ(step.connect_url, "ws://127.0.0.1:9/resume/?v=10&encoding=json");
    h.s.on_connected(1600, 0.1);
    auto resume = h.hello(1600);
    ASSERT_EQ(resume.send.size(), 1u);
    EXPECT_EQ(resume.send[0], R"({"op":6,"d":{"token":"secret-token","session_id":"S1","seq":1}})");
    EXPECT_EQ(h.s.state(), GatewaySession::State::resuming);
}

TEST(GatewaySession, ReplayedDispatchesAreNotRepeated) {
    Harness h;
    h.connect_and_ready(0);
    EXPECT_TRUE(h.frame(0, 2, "MESSAGE_CREATE", "{}", 1).dispatch);
    EXPECT_TRUE(h.frame(0, 3, "MESSAGE_CREATE", "{}", 2).dispatch);
    h.s.on_closed(std::nullopt, 3);  // TCP drop
    h.s.on_connected(4, 0);
    h.hello(4);
    EXPECT_FALSE(h.frame(0, 3, "MESSAGE_CREATE", "{}", 5).dispatch);  // already had it
    EXPECT_TRUE(h.frame(0, 4, "MESSAGE_CREATE", "{}", 5).dispatch);
    EXPECT_TRUE(h.frame(0, 5, "RESUMED", "{}", 6).dispatch);
    EXPECT_EQ(h.s.seq(), 5);
    EXPECT_EQ(h.s.state(), GatewaySession::State::ready);
}

TEST(GatewaySession, Op7ReconnectsAndResumes) {
    Harness h;
    h.connect_and_ready(0);
    auto step = h.frame(7, std::nullopt, "", "null", 10);
    EXPECT_EQ(step.close, 4000);
    EXPECT_EQ(step.connect_at, 10);
    EXPECT_EQ(step.connect_url, "ws://127.0.0.1:9/resume/?v=10&encoding=json");
    EXPECT_TRUE(h.s.resumable());
}

TEST(GatewaySession, Op9ResumableOrNot) {
    Harness h;
    h.connect_and_ready(0);
    auto yes = h.frame(9, std::nullopt, "", "true", 10);
    EXPECT_TRUE(h.s.resumable());
    EXPECT_EQ(yes.connect_at, 10);
    h.s.on_connected(20, 0);
    h.hello(20);
    auto no = h.frame(9, std::nullopt, "", "false", 30);
    EXPECT_FALSE(h.s.resumable());
    EXPECT_EQ(no.connect_at, 30 + 2500);
    EXPECT_EQ(no.connect_url, "ws://127.0.0.1:9/gateway/?v=10&encoding=json");
    h.s.on_connected(2600, 0);
    auto again = h.hello(2600);
    EXPECT_NE(again.send.at(0).find(R"("op":2)"), std::string::npos);
    // The new session numbers from 1 again.
    EXPECT_TRUE(h.ready(2700, 1).dispatch);
}

TEST(GatewaySession, Close4004FailsAndNeverRetries) {
    Harness h;
    h.s.start(0);
    h.s.on_connected(0, 0);
    h.hello(0);
    auto step = h.s.on_closed(4004, 10);
    ASSERT_TRUE(step.failed);
    EXPECT_EQ(step.failed->close_code, 4004);
    EXPECT_FALSE(step.connect_url);
    EXPECT_EQ(h.s.state(), GatewaySession::State::failed);
    // Nothing afterwards revives it.
    EXPECT_FALSE(h.s.on_closed(std::nullopt, 20).connect_url);
    EXPECT_TRUE(h.s.on_tick(100000).send.empty());
}

TEST(GatewaySession, AMessageTooBigBeforeReadyFailsTheLoginForGood) {
    Harness h;
    h.s.start(0);
    h.s.on_connected(0, 0);
    h.hello(0);
    auto step = h.s.on_message_too_big(200u << 20);
    ASSERT_TRUE(step.failed);
    EXPECT_FALSE(step.failed->close_code);
    EXPECT_FALSE(step.connect_url);
    // The user reads why: READY, its size, the limit and what can change it.
    EXPECT_NE(step.failed->reason.find("READY, at least 200.0 MiB"), std::string::npos)
        << step.failed->reason;
    EXPECT_NE(step.failed->reason.find("128.0 MiB"), std::string::npos);
    EXPECT_NE(step.failed->reason.find("max_gateway_message_mib"), std::string::npos);
    EXPECT_EQ(h.s.state(), GatewaySession::State::failed);
    // The socket's close that follows revives nothing, and no heartbeat is due.
    EXPECT_FALSE(h.s.on_closed(1009, 10).connect_url);
    EXPECT_FALSE(h.s.next_deadline());
}

TEST(GatewaySession, AMessageTooBigAfterReadyStopsTheSessionToo) {
    Harness h;
    h.connect_and_ready(0);
    auto step = h.s.on_message_too_big(129u << 20);
    ASSERT_TRUE(step.failed);
    EXPECT_FALSE(step.connect_url);
    EXPECT_NE(step.failed->reason.find("a message from Discord's gateway"), std::string::npos);
    EXPECT_FALSE(h.s.on_closed(std::nullopt, 10).connect_url);
}

TEST(GatewaySession, FatalCloseCodes4010To4014) {
    for (int code = 4010; code <= 4014; ++code) {
        Harness h;
        h.connect_and_ready(0);
        auto step = h.s.on_closed(code, 1);
        ASSERT_TRUE(step.failed) << code;
        EXPECT_NE(step.failed->reason.find(std::to_string(code)), std::string::npos);
    }
}

TEST(GatewaySession, Close4007And4009StartANewSession) {
    for (int code : {4007, 4009}) {
        Harness h;
        h.connect_and_ready(0);
        auto step = h.s.on_closed(code, 1);
        EXPECT_FALSE(step.failed);
        EXPECT_FALSE(h.s.resumable()) << code;
        EXPECT_EQ(step.connect_url, "ws://127.0.0.1:9/gateway/?v=10&encoding=json");
    }
}

TEST(GatewaySession, OtherClosesResumeWithBackoff) {
    for (int code : {4000, 4001, 4002, 4003, 4005, 4008, 1006}) {
        Harness h;
        h.connect_and_ready(0);
        auto first = h.s.on_closed(code, 100);
        EXPECT_TRUE(h.s.resumable()) << code;
        EXPECT_EQ(first.connect_at, 100) << "first reconnect goes at once";
        auto second = h.s.on_closed(std::nullopt, 200);  // the reconnect failed too
        EXPECT_EQ(second.connect_at, 200 + 1000);
        auto third = h.s.on_closed(std::nullopt, 300);
        EXPECT_EQ(third.connect_at, 300 + 2000);
        for (int i = 0; i < 10; ++i) h.s.on_closed(std::nullopt, 400);
        EXPECT_EQ(h.s.on_closed(std::nullopt, 500).connect_at, 500 + 8000);  // capped
        // A successful resume resets the backoff.
        h.s.on_connected(600, 0);
        h.hello(600);
        h.frame(0, 2, "RESUMED", "{}", 610);
        EXPECT_EQ(h.s.reconnect_attempts(), 0);
    }
}

TEST(GatewaySession, StopClosesNormallyAndForgetsTheSession) {
    Harness h;
    h.connect_and_ready(0);
    auto step = h.s.stop();
    EXPECT_EQ(step.close, 1000);
    EXPECT_FALSE(h.s.resumable());
    EXPECT_FALSE(h.s.on_closed(std::nullopt, 5).connect_url);
}

TEST(GatewaySession, UnknownOpcodesAndFramesBeforeConnectAreIgnored) {
    Harness h;
    EXPECT_TRUE(h.frame(0, 1, "MESSAGE_CREATE", "{}", 0).send.empty());
    h.connect_and_ready(0);
    auto step = h.frame(37, std::nullopt, "", "{}", 1);
    EXPECT_TRUE(step.send.empty());
    EXPECT_FALSE(step.close);
}

}  // namespace
}  // namespace cordgate::adapters::discord

namespace cordgate::adapters::discord {
namespace {

rapidjson::Document parse(const std::string& frame) {
    rapidjson::Document d;
    d.Parse(frame.c_str());
    EXPECT_FALSE(d.HasParseError()) << frame;
    return d;
}

TEST(GatewayPresence, Op3WithCustomStatusActivity) {
    auto d = parse(presence_update_frame({"dnd", "in a meeting", false}));
    EXPECT_EQ(d["op"].GetInt(), 3);
    EXPECT_STREQ(d["d"]["status"].GetString(), "dnd");
    EXPECT_EQ(d["d"]["since"].GetInt(), 0);
    EXPECT_FALSE(d["d"]["afk"].GetBool());
    ASSERT_EQ(d["d"]["activities"].Size(), 1u);
    EXPECT_EQ(d["d"]["activities"][0]["type"].GetInt(), 4);
    EXPECT_STREQ(d["d"]["activities"][0]["state"].GetString(), "in a meeting");
    EXPECT_STREQ(d["d"]["activities"][0]["name"].GetString(), "Custom Status");
    auto plain = parse(presence_update_frame({"idle", std::nullopt}));
    EXPECT_EQ(plain["d"]["activities"].Size(), 0u);
}

TEST(GatewayPresence, SentAtOnceWhenReady) {
    Harness h;
    h.connect_and_ready(0);
    auto step = h.s.set_presence({"idle", "away"}, 0);
    ASSERT_EQ(step.send.size(), 1u);
    EXPECT_EQ(parse(step.send[0])["op"].GetInt(), 3);
}

TEST(GatewayPresence, BeforeReadyItRidesTheIdentify) {
    Harness h;
    EXPECT_TRUE(h.s.set_presence({"dnd", "busy"}, 0).send.empty());
    h.s.start(0);
    h.s.on_connected(0, 0);
    auto step = h.hello(0);
    auto identify = parse(step.send.at(0));
    EXPECT_EQ(identify["op"].GetInt(), 2);
    EXPECT_STREQ(identify["d"]["presence"]["status"].GetString(), "dnd");
    EXPECT_STREQ(identify["d"]["presence"]["activities"][0]["state"].GetString(), "busy");
    // READY: nothing more to send for the presence.
    EXPECT_TRUE(h.ready(0).send.empty());
}

TEST(GatewayPresence, SetAfterTheIdentifyWentOutIsSentAfterReady) {
    Harness h;
    h.s.start(0);
    h.s.on_connected(0, 0);
    auto identify = parse(h.hello(0).send.at(0));
    // Nothing said yet: "unknown" keeps the account's own status, afk keeps the phone ringing.
    EXPECT_STREQ(identify["d"]["presence"]["status"].GetString(), "unknown");
    EXPECT_TRUE(identify["d"]["presence"]["afk"].GetBool());
    EXPECT_TRUE(h.s.set_presence({"dnd", std::nullopt}, 0).send.empty());
    auto ready = h.ready(10);
    ASSERT_EQ(ready.send.size(), 1u);
    EXPECT_STREQ(parse(ready.send[0])["d"]["status"].GetString(), "dnd");
    // Later dispatches send nothing more.
    EXPECT_TRUE(h.frame(0, 2, "MESSAGE_CREATE", "{}", 20).send.empty());
}

TEST(GatewayPresence, SetWhileAwayIsSentAfterResumed) {
    Harness h;
    h.connect_and_ready(0);
    h.s.on_closed(std::nullopt, 10);  // a drop: resume later
    EXPECT_TRUE(h.s.set_presence({"invisible", std::nullopt}, 0).send.empty());
    h.s.on_connected(20, 0);
    auto resume = h.hello(20);
    EXPECT_EQ(parse(resume.send.at(0))["op"].GetInt(), 6);
    auto resumed = h.frame(0, 2, "RESUMED", "{}", 30);
    ASSERT_EQ(resumed.send.size(), 1u);
    auto d = parse(resumed.send[0]);
    EXPECT_EQ(d["op"].GetInt(), 3);
    EXPECT_STREQ(d["d"]["status"].GetString(), "invisible");
}

}  // namespace
}  // namespace cordgate::adapters::discord

namespace cordgate::adapters::discord {
namespace {

TEST(GatewayPresence, AFlappingPresenceIsCoalescedWithinFivePerTwentySeconds) {
    Harness h;
    h.connect_and_ready(0);
    int sent = 0;
    for (int i = 0; i < 40; ++i) {
        sent += static_cast<int>(
            h.s.set_presence({i % 2 ? "idle" : "online", std::nullopt, i % 2 == 1}, 100 * i)
                .send.size());
    }
    EXPECT_EQ(sent, 5);  // the sixth would have earned a 4008 close
    // The last wish waits for the window and is what goes then, once.
    auto due = h.s.next_deadline();
    ASSERT_TRUE(due.has_value());
    EXPECT_LE(*due, 20000);
    auto step = h.s.on_tick(20000);
    std::vector<std::string> ops;
    for (auto& f : step.send) {
        auto d = parse(f);
        if (d["op"].GetInt() == 3) ops.push_back(d["d"]["status"].GetString());
    }
    ASSERT_EQ(ops.size(), 1u);
    EXPECT_EQ(ops[0], "idle");  // i = 39
    for (auto& f : h.s.on_tick(20001).send) EXPECT_NE(parse(f)["op"].GetInt(), 3);
}

TEST(GatewaySession, Close4015TooManySessionsIsFatalNotAReconnectLoop) {
    Harness h;
    h.connect_and_ready(0);
    auto step = h.s.on_closed(4015, 10);
    ASSERT_TRUE(step.failed.has_value());
    EXPECT_EQ(step.failed->close_code, 4015);
    EXPECT_NE(step.failed->reason.find("too many sessions"), std::string::npos);
    EXPECT_FALSE(step.connect_url.has_value());
    EXPECT_EQ(h.s.state(), GatewaySession::State::failed);
}

TEST(GatewaySession, IdentifyCarriesTheProfilesPropertiesAndCapabilities) {
    GatewayOptions o = options();
    o.identify_properties = R"({"os":"Windows","browser":"Chrome","client_build_number":470000})";
    o.capabilities = 30717;
    GatewaySession s{o};
    s.start(0);
    s.on_connected(0, 0);
    rapidjson::Document hello;
    hello.Parse(R"({"heartbeat_interval":1000})");
    auto identify = parse(s.on_payload(10, std::nullopt, "", &hello, 0).send.at(0));
    EXPECT_STREQ(identify["d"]["properties"]["browser"].GetString(), "Chrome");
    EXPECT_EQ(identify["d"]["properties"]["client_build_number"].GetInt(), 470000);
    EXPECT_EQ(identify["d"]["capabilities"].GetInt(), 30717);
}

}  // namespace
}  // namespace cordgate::adapters::discord
