// cordgate-discord against a hostile gateway (frames the emulator injects through
// /_emulator/fault/raw) and with zlib-stream transport compression on.

#include "live_harness.hpp"

#include <gtest/gtest.h>

namespace cordgate::tests::discord {
namespace {

using namespace std::chrono_literals;
using core::Snowflake;

std::size_t count(const std::string& text, std::string_view what) {
    std::size_t n = 0;
    for (std::size_t pos = 0; (pos = text.find(what, pos)) != std::string::npos; ++pos) ++n;
    return n;
}

TEST(LiveHostile, MalformedFramesAreLoggedSkippedAndTheSessionLives) {
    // Discord's 41 s heartbeat, roughly: with the harness's 1 s, an ACK queued behind a
    // burst can miss its second on a loaded machine and make a (correct) zombie reconnect,
    // which is not what this test is about.
    Live live(LiveOptions{{"--heartbeat-interval", "20000"}, "", false});
    login_alice(live);
    const std::string select = std::string(R"("user_id":")") + kAlice + "\"";
    // Not JSON; a JSON object followed by a NUL and more; an op we do not know (a frame over
    // the size limit ends the session: LiveHostile.AMessageOverTheLimit...).
    live.control("POST", "/_emulator/fault/raw",
                 "{" + select +
                     R"(,"frames":["this is {not json","[1,2,3]","{\"op\":11}\u0000{\"op\":7}",)"
                     R"("{\"op\":42,\"d\":{\"x\":1}}"]})");
    // Dispatches with missing or ill-typed fields, sequenced like real ones.
    live.control("POST", "/_emulator/fault/raw",
                 "{" + select +
                     R"(,"dispatches":[)"
                     R"({"t":"MESSAGE_CREATE","d":{"id":"not-a-snowflake","channel_id":"1"}},)"
                     R"({"t":"MESSAGE_CREATE","d":{"id":"7","channel_id":"1","timestamp":"t"}},)"
                     R"({"t":"GUILD_MEMBER_REMOVE","d":{"guild_id":12}},)"
                     R"({"t":"TYPING_START","d":"a string"}]})");
    bob_says(live, "after the storm");
    ASSERT_TRUE(live.wait([&] { return delivered(live, "after the storm") >= 1; }, 20s))
        << live.adapter_log();
    live.pump(500ms);
    EXPECT_EQ(delivered(live, "after the storm"), 1) << "exactly once";

    const std::string log = live.adapter_log();
    EXPECT_EQ(count(log, "is not a JSON object"), 3u) << log;
    EXPECT_EQ(count(log, "gateway op 42 unknown, skipped"), 1u);
    EXPECT_NE(log.find("dispatch MESSAGE_CREATE (s="), std::string::npos);
    EXPECT_NE(log.find("id: not a snowflake"), std::string::npos);
    EXPECT_NE(log.find("author: missing"), std::string::npos);
    EXPECT_NE(log.find("malformed, skipped: user: missing"), std::string::npos);
    EXPECT_NE(log.find("malformed, skipped: d: expected an object"), std::string::npos);
    // Still the first connection: nothing made it reconnect or resume.
    EXPECT_EQ(count(log, "gateway connected"), 1u);
    auto sessions = live.control("GET", "/_emulator/sessions");
    for (const auto& s : sessions.GetArray())
        if (std::string_view(s["user_id"].GetString()) == kAlice) {
            EXPECT_EQ(s["resumes"].GetInt(), 0);
            EXPECT_TRUE(s["connected"].GetBool());
        }
    // Nothing half-read became an event: only READY, the friends' presences READY_SUPPLEMENTAL
    // gave at login (bob online, carol idle), the adapter's start and the message.
    for (const auto& e : live.events()) {
        const auto* presence = std::get_if<core::DiscordPresenceUpdate>(&e.payload);
        const bool login_presence = presence && (presence->user_id.str() == kBob ||
                                                 presence->user_id.str() == "100000000000000004");
        const bool expected = std::holds_alternative<core::DiscordAdapterStarted>(e.payload) ||
                              std::holds_alternative<core::DiscordReady>(e.payload) ||
                              std::holds_alternative<core::DiscordMessageCreate>(e.payload) ||
                              login_presence;
        EXPECT_TRUE(expected) << e.type();
    }
}

// A message over [discord] max_gateway_message_mib (1 here, 128 by default) ends the session
// with a reason the user is told (discord.login_failed), after one connection: Discord would
// send the same message again on every resume, so retrying would look alive and never work.
TEST(LiveHostile, AMessageOverTheLimitAfterReadyFailsTheSessionOnce) {
    Live live(LiveOptions{{"--heartbeat-interval", "20000"}, "max_gateway_message_mib = 1", false});
    login_alice(live);
    live.control("POST", "/_emulator/fault/raw",
                 std::string(R"({"user_id":")") + kAlice + R"(","oversized":)" +
                     std::to_string(1024 * 1024 + 100) + "}");
    ASSERT_TRUE(live.wait([&] { return !live.events_of<core::DiscordLoginFailed>().empty(); }, 10s))
        << live.adapter_log();
    const auto failed = live.events_of<core::DiscordLoginFailed>().at(0);
    EXPECT_NE(failed.reason.find("at least 1.0 MiB"), std::string::npos) << failed.reason;
    EXPECT_NE(failed.reason.find("limit of 1.0 MiB"), std::string::npos) << failed.reason;
    live.pump(2000ms);
    const std::string log = live.adapter_log();
    EXPECT_EQ(count(log, "gateway connected"), 1u) << "no reconnect, no resume\n" << log;
    EXPECT_EQ(live.events_of<core::DiscordLoginFailed>().size(), 1u);
}

// The same for READY itself, inflated through zlib-stream: the login fails and says so, rather
// than a session that is connected and never ready.
TEST(LiveHostile, AReadyOverTheLimitFailsTheLoginWithAReason) {
    Live live(LiveOptions{{}, "max_gateway_message_mib = 1\ncompress = true", false});
    // One extra guild whose name makes READY 1.5 MiB: a few kilobytes once deflated.
    live.control("POST", "/_emulator/fault/ready",
                 R"({"guilds":["{\"id\":\"9\",\"name\":\")" + std::string(1536 * 1024, 'g') +
                     R"(\",\"channels\":[]}"]})");
    live.start_adapter();
    live.send_effect(kUser, core::LoginDiscord{live.seal("alice-token")});
    ASSERT_TRUE(live.wait([&] { return !live.events_of<core::DiscordLoginFailed>().empty(); }, 10s))
        << live.adapter_log();
    const auto failed = live.events_of<core::DiscordLoginFailed>().at(0);
    EXPECT_NE(failed.reason.find("Discord's login data (READY, at least"), std::string::npos)
        << failed.reason;
    EXPECT_NE(failed.reason.find("max_gateway_message_mib"), std::string::npos);
    live.pump(2000ms);
    EXPECT_TRUE(live.events_of<core::DiscordReady>().empty());
    EXPECT_EQ(count(live.adapter_log(), "gateway connected"), 1u) << live.adapter_log();
}

TEST(LiveZlib, ZlibStreamCompressionCarriesMessagesBothWays) {
    Live live(LiveOptions{{}, "compress = true", false});
    login_alice(live);
    bool compressed = false;
    auto sessions = live.control("GET", "/_emulator/sessions");
    for (const auto& s : sessions.GetArray())
        if (std::string_view(s["user_id"].GetString()) == kAlice && s["connected"].GetBool())
            compressed = s["compress"].GetBool();
    EXPECT_TRUE(compressed) << "the emulator did not see compress=zlib-stream";
    for (int i = 0; i < 20; ++i) bob_says(live, "zipped " + std::to_string(i));
    ASSERT_TRUE(live.wait([&] { return delivered(live, "zipped 19") == 1; }, 10s))
        << live.adapter_log();
    for (int i = 0; i < 20; ++i) EXPECT_EQ(delivered(live, "zipped " + std::to_string(i)), 1);
    auto id = live.send_effect(
        kUser, core::SendDiscordMessage{*Snowflake::parse(kDm), std::nullopt, "back", "cg-z-1"});
    ASSERT_TRUE(live.wait([&] { return live.acked_effect() >= id; }, 5s));
    EXPECT_TRUE(live.wait([&] { return delivered(live, "back") == 1; }, 5s));
}

}  // namespace
}  // namespace cordgate::tests::discord

namespace cordgate::tests::discord {
namespace {

// The emulator with a self-signed certificate made by the openssl CLI for this test; the
// adapter trusts it through discord.ca_file and speaks https:// and wss:// only.
TEST(LiveTls, LogsInOverWssAndHttpsAndExchangesAMessage) {
    Live live(LiveOptions{{}, "", true});
    login_alice(live);
    bob_says(live, "over tls");
    ASSERT_TRUE(live.wait([&] { return delivered(live, "over tls") == 1; }, 10s))
        << live.adapter_log();
    auto id = live.send_effect(kUser, core::SendDiscordMessage{*Snowflake::parse(kDm), std::nullopt,
                                                               "tls back", "cg-t-1"});
    ASSERT_TRUE(live.wait([&] { return live.acked_effect() >= id; }, 10s)) << live.adapter_log();
    EXPECT_TRUE(live.wait([&] { return delivered(live, "tls back") == 1; }, 5s));
    EXPECT_TRUE(live.events_of<core::DiscordEffectFailed>().empty());
    // GET /gateway answered wss://, and the REST calls were made (over https: the adapter's
    // api_base is https://, and plain http to it would not be TLS).
    const std::string log = live.adapter_log();
    EXPECT_NE(log.find("wss://127.0.0.1"), std::string::npos) << log;
    EXPECT_EQ(log.find("alice-token"), std::string::npos);
    EXPECT_NE(live.emulator_log().find("identified as alice"), std::string::npos);
}

TEST(LiveTls, AnUntrustedCertificateIsRefused) {
    Live live(LiveOptions{{}, "", true, false});
    live.start_adapter();
    live.send_effect(kUser, core::LoginDiscord{live.seal("alice-token")});
    EXPECT_FALSE(live.wait([&] { return !live.events_of<core::DiscordReady>().empty(); }, 3s));
    const std::string log = live.adapter_log();
    EXPECT_NE(log.find("GET /gateway failed"), std::string::npos) << log;
    EXPECT_NE(log.find("certificate verify failed"), std::string::npos) << log;
    EXPECT_EQ(live.emulator_log().find("identified as alice"), std::string::npos);
}

}  // namespace
}  // namespace cordgate::tests::discord
