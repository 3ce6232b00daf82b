// cordgate-discord against the emulator, driven over the real bus by a stand-in core.
// Each test starts its own emulator and adapter.

#include "live_harness.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace cordgate::tests::discord {
namespace {

using namespace std::chrono_literals;
using core::Snowflake;

Snowflake sf(const char* s) {
    return *Snowflake::parse(s);
}

// REST requests the emulator recorded with this method and path (under /api/v9).
std::vector<const rapidjson::Value*> recorded(const rapidjson::Document& log,
                                              std::string_view method, std::string_view path) {
    std::vector<const rapidjson::Value*> out;
    for (const auto& r : log["requests"].GetArray()) {
        if (method == r["method"].GetString() &&
            std::string_view(r["path"].GetString()).ends_with(path)) {
            out.push_back(&r);
        }
    }
    return out;
}

int messages_with(Live& live, const char* channel, std::string_view content) {
    auto doc = live.control("GET", std::string("/_emulator/messages?channel_id=") + channel);
    int n = 0;
    for (const auto& m : doc.GetArray())
        if (content == m["content"].GetString()) ++n;
    return n;
}

class LiveTest : public ::testing::Test {
  protected:
    Live live;

    void login_alice() {
        live.start_adapter();
        live.send_effect(kUser, core::LoginDiscord{live.seal("alice-token")});
        ASSERT_TRUE(live.wait([&] { return !live.events_of<core::DiscordReady>().empty(); }, 10s))
            << live.adapter_log();
    }

    template <class T, class P>
    bool wait_for(P pred, std::chrono::milliseconds timeout = 5s) {
        return live.wait(
            [&] {
                for (const auto& e : live.events_of<T>())
                    if (pred(e)) return true;
                return false;
            },
            timeout);
    }
};

TEST_F(LiveTest, LoginGivesReadyWithFriendsDmsAndGuilds) {
    login_alice();
    auto ready = live.events_of<core::DiscordReady>().at(0);
    EXPECT_EQ(ready.user.id, sf(kAlice));
    EXPECT_EQ(ready.relationships.size(), 2u);
    EXPECT_EQ(ready.private_channels.size(), 2u);
    ASSERT_TRUE(ready.guilds);
    EXPECT_EQ(ready.guilds->size(), 1u);
    // The adapter announces its start first, so the core can log every user in again.
    ASSERT_GE(live.events().size(), 2u);
    EXPECT_TRUE(std::holds_alternative<core::DiscordAdapterStarted>(live.events().at(0).payload));
    const auto& e = live.events().at(1);
    EXPECT_TRUE(std::holds_alternative<core::DiscordReady>(e.payload));
    EXPECT_EQ(e.origin, "discord");
    EXPECT_EQ(e.user, kUser);
    EXPECT_GT(e.ts, 1700000000000);
    // The token never reaches the log.
    EXPECT_EQ(live.adapter_log().find("alice-token"), std::string::npos);
}

TEST_F(LiveTest, MessagesBothWaysExactlyOnce) {
    login_alice();
    live.control("POST", "/_emulator/message",
                 std::string(R"({"channel_id":")") + kDm + R"(","author_id":")" + kBob +
                     R"(","content":"hello from bob"})");
    ASSERT_TRUE(wait_for<core::DiscordMessageCreate>(
        [](const auto& m) { return m.content == "hello from bob"; }));

    auto id = live.send_effect(
        kUser, core::SendDiscordMessage{sf(kDm), std::nullopt, "hello from alice", "cg-n-1"});
    ASSERT_TRUE(live.wait([&] { return live.acked_effect() >= id; }, 5s)) << live.adapter_log();
    ASSERT_TRUE(wait_for<core::DiscordMessageCreate>(
        [](const auto& m) { return m.nonce == "cg-n-1" && m.content == "hello from alice"; }));
    auto log = live.requests();
    auto posts = recorded(log, "POST", std::string("/channels/") + kDm + "/messages");
    ASSERT_EQ(posts.size(), 1u);
    EXPECT_STREQ((*posts[0])["body"]["nonce"].GetString(), "cg-n-1");
    EXPECT_TRUE((*posts[0])["body"]["enforce_nonce"].GetBool());

    // To a recipient only: the adapter opens the DM first.
    auto id2 = live.send_effect(
        kUser, core::SendDiscordMessage{std::nullopt, sf(kBob), "via dm", "cg-n-2"});
    ASSERT_TRUE(live.wait([&] { return live.acked_effect() >= id2; }, 5s));
    EXPECT_EQ(messages_with(live, kDm, "via dm"), 1);
    EXPECT_EQ(recorded(live.requests(), "POST", "/users/@me/channels").size(), 1u);
}

TEST_F(LiveTest, ResentEffectAfterAnAdapterCrashDoesNotDuplicate) {
    login_alice();
    auto id = live.send_effect(
        kUser, core::SendDiscordMessage{sf(kDm), std::nullopt, "once only", "cg-n-9"});
    ASSERT_TRUE(live.wait([&] { return live.acked_effect() >= id; }, 5s));
    // The adapter dies; the core (here: the stand-in) sends everything again, login included,
    // as it would for effects whose acknowledgement it never got.
    live.kill_adapter();
    live.start_adapter();
    live.send_effect(kUser, core::LoginDiscord{live.seal("alice-token")}, 1);
    live.send_effect(kUser, core::SendDiscordMessage{sf(kDm), std::nullopt, "once only", "cg-n-9"},
                     id);
    live.pump(1500ms);
    auto posts = recorded(live.requests(), "POST", std::string("/channels/") + kDm + "/messages");
    EXPECT_EQ(posts.size(), 2u) << "the resend does reach Discord";
    EXPECT_EQ(messages_with(live, kDm, "once only"), 1) << "and the nonce makes it a no-op";
}

TEST_F(LiveTest, EditsReactionsTypingDeletesAckFetch) {
    login_alice();
    auto sent =
        live.send_effect(kUser, core::SendDiscordMessage{sf(kDm), std::nullopt, "draft", "cg-n-3"});
    ASSERT_TRUE(live.wait([&] { return live.acked_effect() >= sent; }, 5s));
    ASSERT_TRUE(
        wait_for<core::DiscordMessageCreate>([](const auto& m) { return m.content == "draft"; }));
    Snowflake mid;
    for (const auto& m : live.events_of<core::DiscordMessageCreate>())
        if (m.content == "draft") mid = m.id;

    live.send_effect(kUser, core::EditDiscordMessage{sf(kDm), mid, "final"});
    live.send_effect(kUser, core::AddDiscordReaction{sf(kDm), mid, "\xf0\x9f\x91\x8d"});
    live.send_effect(kUser, core::RemoveDiscordReaction{sf(kDm), mid, "\xf0\x9f\x91\x8d"});
    live.send_effect(kUser, core::TriggerDiscordTyping{sf(kDm)});
    live.send_effect(kUser, core::AckDiscordMessage{sf(kDm), mid});
    live.send_effect(kUser, core::FetchDiscordUser{sf(kBob), true});
    auto last = live.send_effect(kUser, core::DeleteDiscordMessage{sf(kDm), mid});
    ASSERT_TRUE(live.wait([&] { return live.acked_effect() >= last; }, 5s)) << live.adapter_log();

    EXPECT_TRUE(wait_for<core::DiscordMessageUpdate>(
        [&](const auto& u) { return u.id == mid && u.content == "final"; }));
    EXPECT_TRUE(wait_for<core::DiscordReactionAdd>(
        [&](const auto& r) { return r.message_id == mid && r.emoji.name == "\xf0\x9f\x91\x8d"; }));
    EXPECT_TRUE(
        wait_for<core::DiscordReactionRemove>([&](const auto& r) { return r.message_id == mid; }));
    EXPECT_TRUE(
        wait_for<core::DiscordTypingStart>([&](const auto& t) { return t.channel_id == sf(kDm); }));
    EXPECT_TRUE(
        wait_for<core::DiscordMessageAck>([&](const auto& a) { return a.message_id == mid; }));
    EXPECT_TRUE(
        wait_for<core::DiscordUserProfile>([&](const auto& p) { return p.user.id == sf(kBob); }));
    EXPECT_TRUE(wait_for<core::DiscordMessageDelete>([&](const auto& d) { return d.id == mid; }));
    EXPECT_TRUE(live.events_of<core::DiscordEffectFailed>().empty());
}

TEST_F(LiveTest, ResumeAfterADropLosesAndRepeatsNothing) {
    login_alice();
    live.control("POST", "/_emulator/fault/drop",
                 std::string(R"({"user_id":")") + kAlice + R"(","hold_resume":true})");
    for (int i = 0; i < 5; ++i) {
        live.control("POST", "/_emulator/message",
                     std::string(R"({"channel_id":")") + kDm + R"(","author_id":")" + kBob +
                         R"(","content":"missed )" + std::to_string(i) + "\"}");
    }
    live.pump(300ms);
    live.control("POST", "/_emulator/fault/release", "{}");
    ASSERT_TRUE(live.wait(
        [&] {
            for (const auto& m : live.events_of<core::DiscordMessageCreate>())
                if (m.content == "missed 4") return true;
            return false;
        },
        10s))
        << live.adapter_log();
    live.pump(500ms);
    std::vector<std::string> seen;
    for (const auto& m : live.events_of<core::DiscordMessageCreate>())
        if (m.content.starts_with("missed ")) seen.push_back(m.content);
    EXPECT_EQ(seen, (std::vector<std::string>{"missed 0", "missed 1", "missed 2", "missed 3",
                                              "missed 4"}));
    auto sessions = live.control("GET", "/_emulator/sessions");
    int resumes = 0;
    for (const auto& s : sessions.GetArray())
        if (std::string_view(s["user_id"].GetString()) == kAlice) resumes += s["resumes"].GetInt();
    EXPECT_GE(resumes, 1);
    EXPECT_EQ(live.events_of<core::DiscordReady>().size(), 1u) << "resumed, not re-identified";
}

// The adapter frames the websocket itself (adapters/discord/websocket_frames.hpp): a server's
// ping gets a pong with the same payload, masked as client frames must be (Beast, under the
// emulator, refuses an unmasked one), and the session carries on.
TEST_F(LiveTest, AServersPingIsAnsweredWithItsPayload) {
    login_alice();
    auto pongs = [&] {
        std::vector<std::string> out;
        auto sessions = live.control("GET", "/_emulator/sessions");
        for (const auto& s : sessions.GetArray()) {
            if (std::string_view(s["user_id"].GetString()) != kAlice) continue;
            for (const auto& p : s["pongs"].GetArray()) out.emplace_back(p.GetString());
        }
        return out;
    };
    EXPECT_TRUE(pongs().empty());
    live.control("POST", "/_emulator/fault/ping",
                 std::string(R"({"user_id":")") + kAlice + R"(","payload":"are you there"})");
    ASSERT_TRUE(live.wait([&] { return !pongs().empty(); }, 5s)) << live.adapter_log();
    EXPECT_EQ(pongs(), std::vector<std::string>{"are you there"});
    live.control("POST", "/_emulator/message",
                 std::string(R"({"channel_id":")") + kDm + R"(","author_id":")" + kBob +
                     R"(","content":"after the ping"})");
    EXPECT_TRUE(live.wait(
        [&] {
            for (const auto& m : live.events_of<core::DiscordMessageCreate>())
                if (m.content == "after the ping") return true;
            return false;
        },
        5s));
}

TEST_F(LiveTest, RateLimited429IsWaitedOutAndSentOnce) {
    login_alice();
    live.control("POST", "/_emulator/fault/rest",
                 std::string(R"({"count":2,"status":429,"prefix":"/channels/)") + kDm +
                     R"(/messages","retry_after":0.3})");
    auto id = live.send_effect(
        kUser, core::SendDiscordMessage{sf(kDm), std::nullopt, "patient", "cg-n-4"});
    auto start = std::chrono::steady_clock::now();
    ASSERT_TRUE(live.wait([&] { return live.acked_effect() >= id; }, 10s)) << live.adapter_log();
    EXPECT_GE(std::chrono::steady_clock::now() - start, 550ms) << "waited retry_after twice";
    auto posts = recorded(live.requests(), "POST", std::string("/channels/") + kDm + "/messages");
    ASSERT_EQ(posts.size(), 3u);
    EXPECT_EQ((*posts[0])["status"].GetInt(), 429);
    EXPECT_EQ((*posts[1])["status"].GetInt(), 429);
    EXPECT_EQ((*posts[2])["status"].GetInt(), 200);
    EXPECT_EQ(messages_with(live, kDm, "patient"), 1);
    EXPECT_TRUE(live.events_of<core::DiscordEffectFailed>().empty());
}

TEST_F(LiveTest, BadTokenFailsOnceWithoutARetryStorm) {
    live.start_adapter();
    live.send_effect(kUser, core::LoginDiscord{live.seal("not-a-token")});
    ASSERT_TRUE(wait_for<core::DiscordLoginFailed>([](const auto&) { return true; }, 10s))
        << live.adapter_log();
    EXPECT_EQ(live.events_of<core::DiscordLoginFailed>().at(0).close_code, 4004);
    live.pump(3000ms);
    std::string log = live.adapter_log();
    std::size_t connects = 0;
    for (std::size_t pos = 0; (pos = log.find("gateway connected", pos)) != std::string::npos;
         ++pos)
        ++connects;
    EXPECT_EQ(connects, 1u) << "one IDENTIFY, never retried";
    EXPECT_EQ(live.events_of<core::DiscordLoginFailed>().size(), 1u);
    // Effects for the failed session are reported, not left hanging.
    auto id = live.send_effect(kUser, core::TriggerDiscordTyping{sf(kDm)});
    ASSERT_TRUE(live.wait([&] { return live.acked_effect() >= id; }, 5s));
    EXPECT_EQ(live.events_of<core::DiscordEffectFailed>().size(), 1u);
}

TEST_F(LiveTest, UnsealableTokenAndSessionlessEffectsAreReported) {
    live.start_adapter();
    // An effect for a user with no session waits for that user's login (after a restart the
    // core re-sends effects before the logins); the login fails, so the effect is reported.
    auto id = live.send_effect(kUser, core::TriggerDiscordTyping{sf(kDm)});
    live.send_effect(kUser, core::LoginDiscord{"bm90IHNlYWxlZA=="});
    ASSERT_TRUE(live.wait([&] { return live.acked_effect() >= id; }, 5s));
    ASSERT_TRUE(wait_for<core::DiscordLoginFailed>([](const auto&) { return true; }));
    ASSERT_TRUE(
        wait_for<core::DiscordEffectFailed>([&](const auto& f) { return f.effect_id == id; }));
}

int resumes_of_alice(Live& live) {
    int resumes = 0;
    auto sessions = live.control("GET", "/_emulator/sessions");
    for (const auto& s : sessions.GetArray())
        if (std::string_view(s["user_id"].GetString()) == kAlice) resumes += s["resumes"].GetInt();
    return resumes;
}

void say(Live& live, const std::string& content) {
    live.control("POST", "/_emulator/message",
                 std::string(R"({"channel_id":")") + kDm + R"(","author_id":")" + kBob +
                     R"(","content":")" + content + "\"}");
}

TEST_F(LiveTest, Op7ReconnectResumes) {
    login_alice();
    live.control("POST", "/_emulator/fault/reconnect",
                 std::string(R"({"user_id":")") + kAlice + "\"}");
    say(live, "after op 7");
    ASSERT_TRUE(wait_for<core::DiscordMessageCreate>(
        [](const auto& m) { return m.content == "after op 7"; }, 10s));
    ASSERT_TRUE(live.wait([&] { return resumes_of_alice(live) >= 1; }, 5s));
    EXPECT_EQ(live.events_of<core::DiscordReady>().size(), 1u);
}

TEST_F(LiveTest, Op9NotResumableIdentifiesAgain) {
    login_alice();
    live.control("POST", "/_emulator/fault/invalid_session",
                 std::string(R"({"user_id":")") + kAlice + R"(","resumable":false})");
    // A new session after Discord's 1-5 s pause.
    ASSERT_TRUE(live.wait([&] { return live.events_of<core::DiscordReady>().size() == 2; }, 10s))
        << live.adapter_log();
    say(live, "after op 9");
    EXPECT_TRUE(wait_for<core::DiscordMessageCreate>(
        [](const auto& m) { return m.content == "after op 9"; }, 5s));
}

TEST_F(LiveTest, MissedHeartbeatAckIsAZombieThatResumes) {
    login_alice();  // the emulator runs with a 1 s heartbeat interval
    live.control("POST", "/_emulator/fault/heartbeat_delay", R"({"ms":5000})");
    ASSERT_TRUE(live.wait(
        [&] {
            return live.adapter_log().find("gateway connected") !=
                   live.adapter_log().rfind("gateway connected");
        },
        10s))
        << "no reconnect after missed ACKs: " << live.adapter_log();
    live.control("POST", "/_emulator/fault/clear", "{}");
    say(live, "after the zombie");
    ASSERT_TRUE(wait_for<core::DiscordMessageCreate>(
        [](const auto& m) { return m.content == "after the zombie"; }, 10s));
    EXPECT_TRUE(live.wait([&] { return resumes_of_alice(live) >= 1; }, 5s));
    EXPECT_EQ(live.events_of<core::DiscordReady>().size(), 1u);
}

}  // namespace
}  // namespace cordgate::tests::discord
