// Guild subscriptions (op 37): kept per account, sent after READY and RESUMED and when they
// change, merged and paced.

#include <adapters/discord/gateway_session.hpp>

#include <gtest/gtest.h>

namespace cordgate::adapters::discord {
namespace {

using core::Snowflake;

core::SubscribeDiscordGuild wish(std::uint64_t guild, std::vector<std::uint64_t> channels) {
    core::SubscribeDiscordGuild w;
    w.guild_id = Snowflake{guild};
    for (auto c : channels) {
        w.channels.push_back(
            core::DiscordChannelRanges{Snowflake{c}, {core::DiscordMemberRange{0, 99}}});
    }
    return w;
}

rapidjson::Document parse(const std::string& frame) {
    rapidjson::Document d;
    d.Parse(frame.c_str());
    return d;
}

std::vector<std::string> op37(const GatewayStep& step) {
    std::vector<std::string> out;
    for (const auto& f : step.send) {
        if (parse(f)["op"].GetInt() == 37) out.push_back(f);
    }
    return out;
}

struct Harness {
    GatewaySession s{[] {
        GatewayOptions o;
        o.token = "t";
        o.gateway_url = "ws://127.0.0.1:9/gateway";
        return o;
    }()};
    rapidjson::Document doc;

    GatewayStep frame(int op, std::optional<std::int64_t> seq, std::string_view t,
                      std::string_view d, Millis now) {
        doc.Parse(d.data(), d.size());
        return s.on_payload(op, seq, t, &doc, now);
    }
    GatewayStep connect_and_ready(Millis now, std::int64_t seq = 1) {
        s.start(now);
        s.on_connected(now, 0.5);
        frame(10, std::nullopt, "", R"({"heartbeat_interval":41250})", now);
        return frame(0, seq, "READY", R"({"session_id":"S1","resume_gateway_url":"ws://r"})", now);
    }
};

TEST(GuildSubscriptions, TheFrameIsOp37WithFlagsAndChannelRanges) {
    auto w = wish(700, {710});
    auto d = parse(guild_subscriptions_frame({&w}));
    EXPECT_EQ(d["op"].GetInt(), 37);
    const auto& g = d["d"]["subscriptions"]["700"];
    EXPECT_TRUE(g["typing"].GetBool());
    EXPECT_TRUE(g["activities"].GetBool());
    EXPECT_TRUE(g["threads"].GetBool());
    EXPECT_FALSE(g.HasMember("member_updates"));  // every join and leave of a big guild: no
    const auto& r = g["channels"]["710"];
    ASSERT_EQ(r.Size(), 1u);
    EXPECT_EQ(r[0][0].GetInt(), 0);
    EXPECT_EQ(r[0][1].GetInt(), 99);
}

TEST(GuildSubscriptions, SetBeforeReadyIsSentWithReady) {
    Harness h;
    EXPECT_TRUE(h.s.set_subscription(wish(700, {710}), 0).send.empty());
    auto ready = h.connect_and_ready(10);
    auto sent = op37(ready);
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_TRUE(parse(sent[0])["d"]["subscriptions"].HasMember("700"));
}

TEST(GuildSubscriptions, ChangesAreGatheredThenSentOnceAndRepeatsAreNotSent) {
    Harness h;
    h.connect_and_ready(0);
    EXPECT_TRUE(h.s.set_subscription(wish(700, {710}), 1000).send.empty());
    EXPECT_TRUE(h.s.set_subscription(wish(800, {810}), 1100).send.empty());
    EXPECT_TRUE(h.s.set_subscription(wish(700, {710, 711}), 1200).send.empty());
    EXPECT_EQ(h.s.next_deadline(), 1000 + GuildSubscriptions::kDebounceMs);
    auto tick = h.s.on_tick(1500);
    auto sent = op37(tick);
    ASSERT_EQ(sent.size(), 1u);  // both guilds in one payload, 700 as it is now
    auto d = parse(sent[0]);
    EXPECT_TRUE(d["d"]["subscriptions"]["700"]["channels"].HasMember("711"));
    EXPECT_TRUE(d["d"]["subscriptions"].HasMember("800"));
    // The same wish again is no news.
    h.s.set_subscription(wish(800, {810}), 2000);
    EXPECT_TRUE(op37(h.s.on_tick(5000)).empty());
}

TEST(GuildSubscriptions, SentAgainAfterResumedAndAfterANewSession) {
    Harness h;
    h.connect_and_ready(0);
    h.s.set_subscription(wish(700, {710}), 0);
    ASSERT_EQ(op37(h.s.on_tick(500)).size(), 1u);
    // A drop, then RESUME: Discord is asked again, and answers with a new SYNC.
    h.s.on_closed(std::nullopt, 1000);
    EXPECT_TRUE(op37(h.s.on_tick(1500)).empty());  // not while away
    h.s.on_connected(1600, 0.5);
    h.frame(10, std::nullopt, "", R"({"heartbeat_interval":41250})", 1600);
    auto resumed = op37(h.frame(0, 2, "RESUMED", "{}", 1700));
    ASSERT_EQ(resumed.size(), 1u);
    EXPECT_TRUE(parse(resumed[0])["d"]["subscriptions"].HasMember("700"));
    // op 9 false: a new session (IDENTIFY, READY) follows nothing; asked again after READY.
    h.frame(9, std::nullopt, "", "false", 2000);
    h.s.on_connected(5000, 0.5);
    h.frame(10, std::nullopt, "", R"({"heartbeat_interval":41250})", 5000);
    auto ready = op37(h.frame(0, 1, "READY", R"({"session_id":"S2"})", 5100));
    ASSERT_EQ(ready.size(), 1u);
    EXPECT_TRUE(parse(ready[0])["d"]["subscriptions"].HasMember("700"));
}

TEST(GuildSubscriptions, ManyGuildsSplitBySizeAndPacedWithinTheWindow) {
    Harness h;
    // 1,000 guilds of 5 channels each: more than one window of 15 KiB payloads holds.
    for (std::uint64_t g = 1; g <= 1000; ++g) {
        h.s.set_subscription(wish(1000000000000000000ULL + g * 1000,
                                  {g * 10 + 1, g * 10 + 2, g * 10 + 3, g * 10 + 4, g * 10 + 5}),
                             0);
    }
    auto ready = op37(h.connect_and_ready(0));
    ASSERT_EQ(ready.size(), GuildSubscriptions::kPayloadsPerWindow);
    std::size_t guilds = 0;
    for (const auto& f : ready) {
        EXPECT_LE(f.size(), GuildSubscriptions::kMaxPayloadBytes);
        guilds += parse(f)["d"]["subscriptions"].MemberCount();
    }
    EXPECT_LT(guilds, 1000u);
    // The rest waits for the window, then goes.
    EXPECT_TRUE(op37(h.s.on_tick(19999)).empty());
    for (std::uint64_t window = 1; window <= 10 && guilds < 1000u; ++window) {
        auto later = op37(h.s.on_tick(window * 20000));
        ASSERT_FALSE(later.empty());
        EXPECT_LE(later.size(), GuildSubscriptions::kPayloadsPerWindow);
        for (const auto& f : later) guilds += parse(f)["d"]["subscriptions"].MemberCount();
    }
    EXPECT_EQ(guilds, 1000u);
}

TEST(GuildSubscriptions, BotsNeverSendOp37) {
    GatewayOptions o;
    o.token = "t";
    o.bot = true;
    o.gateway_url = "ws://127.0.0.1:9/gateway";
    GatewaySession s(o);
    EXPECT_TRUE(s.set_subscription(wish(700, {710}), 0).send.empty());
    s.start(0);
    s.on_connected(0, 0.5);
    rapidjson::Document d;
    d.Parse(R"({"heartbeat_interval":41250})");
    s.on_payload(10, std::nullopt, "", &d, 0);
    d.Parse(R"({"session_id":"S"})");
    EXPECT_TRUE(op37(s.on_payload(0, 1, "READY", &d, 0)).empty());
}

}  // namespace
}  // namespace cordgate::adapters::discord
