// cordgate-discord against the emulator for rooms, history, profiles and the user's own
// presence: each effect reaches the emulator as Discord would see it, and each answer or
// dispatch comes back as the right event.

#include "live_harness.hpp"

#include <gtest/gtest.h>
#include <openssl/sha.h>
#include <sodium.h>

#include <algorithm>

namespace cordgate::tests::discord {
namespace {

using namespace std::chrono_literals;
using core::Snowflake;

Snowflake sf(const char* s) {
    return *Snowflake::parse(s);
}

constexpr const char* kGuild = "200000000000000001";
constexpr const char* kCarol = "100000000000000004";
constexpr const char* kCordbot = "100000000000000001";
constexpr const char* kMods = "210000000000000001";
constexpr const char* kBobAvatar = "0123456789abcdef0123456789abcdef";

std::string sha1_hex(const std::string& bytes) {
    unsigned char d[SHA_DIGEST_LENGTH];
    SHA1(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), d);
    char out[2 * SHA_DIGEST_LENGTH + 1];
    for (int i = 0; i < SHA_DIGEST_LENGTH; ++i) std::snprintf(out + 2 * i, 3, "%02x", d[i]);
    return out;
}

std::string unbase64(const std::string& text) {
    std::string out(text.size(), '\0');
    std::size_t len = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                          text.size(), nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
        return "<not base64>";
    out.resize(len);
    return out;
}

class LiveRooms : public ::testing::Test {
  protected:
    explicit LiveRooms(LiveOptions options = {}) : live(std::move(options)) {}
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

    // The presence the emulator last got from alice's session (null when none).
    std::string alice_presence() {
        auto sessions = live.control("GET", "/_emulator/sessions");
        for (const auto& s : sessions.GetArray()) {
            if (std::string_view(s["user_id"].GetString()) != kAlice || !s["connected"].GetBool())
                continue;
            if (s["presence"].IsNull()) return "null";
            const auto& p = s["presence"];
            std::string out = p["status"].GetString();
            for (const auto& a : p["activities"].GetArray())
                if (a["type"].GetInt() == 4) out += std::string("/") + a["state"].GetString();
            return out;
        }
        return "no session";
    }
};

TEST_F(LiveRooms, ReadyCarriesRolesMembersCategoriesTopicsAndThreads) {
    login_alice();
    const auto ready = live.events_of<core::DiscordReady>().at(0);
    ASSERT_TRUE(ready.guilds);
    const core::DiscordGuild& g = ready.guilds->at(0);
    EXPECT_EQ(g.owner_id, sf(kAlice));
    ASSERT_TRUE(g.roles);
    ASSERT_EQ(g.roles->size(), 2u);  // @everyone and mods
    EXPECT_EQ(g.roles->at(1).name, "mods");
    EXPECT_EQ(g.roles->at(1).permissions, "8");
    // A user account's READY lists only the user, friends and DM partners as members
    // (userdoccers gateway-events.mdx: GUILD_MEMBER_UPDATE only for those it is subscribed to;
    // discord.py-self GuildSubscriptions): alice, bob, carol; not cordbot.
    ASSERT_TRUE(g.members);
    auto has = [&](const char* id) {
        return std::any_of(g.members->begin(), g.members->end(),
                           [&](const auto& m) { return m.user.id == sf(id); });
    };
    auto alice = std::find_if(g.members->begin(), g.members->end(),
                              [](const auto& m) { return m.user.id == sf(kAlice); });
    ASSERT_NE(alice, g.members->end());
    EXPECT_EQ(alice->nick, "Ali");
    EXPECT_EQ(alice->roles, std::vector<Snowflake>{sf(kMods)});
    EXPECT_TRUE(has(kBob));
    EXPECT_TRUE(has(kCarol));
    EXPECT_FALSE(has(kCordbot));
    auto general = std::find_if(g.channels.begin(), g.channels.end(),
                                [](const auto& c) { return c.id == sf(kGeneral); });
    ASSERT_NE(general, g.channels.end());
    EXPECT_EQ(general->topic, "Talk here");
    EXPECT_EQ(general->parent_id, sf("300000000000000003"));
    EXPECT_EQ(general->position, 1);
    // Threads: only those alice joined, and she joined none (bob's "plans" comes with a
    // subscription's THREAD_LIST_SYNC, userdoccers gateway-events.mdx "Thread List Sync").
    EXPECT_TRUE(!g.threads || g.threads->empty());
    auto group = std::find_if(ready.private_channels.begin(), ready.private_channels.end(),
                              [](const auto& c) { return c.type == 3; });
    ASSERT_NE(group, ready.private_channels.end());
    EXPECT_EQ(group->owner_id, sf(kAlice));
}

TEST_F(LiveRooms, SetPresenceReachesTheEmulator) {
    login_alice();
    auto id = live.send_effect(kUser, core::SetDiscordPresence{"dnd", "in a meeting"});
    ASSERT_TRUE(live.wait([&] { return live.acked_effect() >= id; }, 5s));
    ASSERT_TRUE(live.wait([&] { return alice_presence() == "dnd/in a meeting"; }, 5s))
        << alice_presence() << "\n"
        << live.adapter_log();
    live.send_effect(kUser, core::SetDiscordPresence{"idle", std::nullopt});
    EXPECT_TRUE(live.wait([&] { return alice_presence() == "idle"; }, 5s)) << alice_presence();
}

TEST_F(LiveRooms, FetchHistoryReturnsTheSeededHistoryInOrder) {
    login_alice();
    live.send_effect(kUser, core::FetchDiscordHistory{sf(kGeneral), 50});
    ASSERT_TRUE(wait_for<core::DiscordChannelHistory>([](const auto&) { return true; }))
        << live.adapter_log();
    auto h = live.events_of<core::DiscordChannelHistory>().at(0);
    EXPECT_EQ(h.channel_id, sf(kGeneral));
    ASSERT_EQ(h.messages.size(), 2u);
    EXPECT_EQ(h.messages[0].content, "Hello from the seed");
    EXPECT_EQ(h.messages[0].author.id, sf(kBob));
    EXPECT_EQ(h.messages[1].content, "Second seeded message");

    // With more messages than the limit: the newest N, still oldest first.
    for (int i = 1; i <= 3; ++i) {
        live.control("POST", "/_emulator/message",
                     std::string(R"({"channel_id":")") + kGeneral + R"(","author_id":")" + kBob +
                         R"(","content":"later )" + std::to_string(i) + "\"}");
    }
    live.send_effect(kUser, core::FetchDiscordHistory{sf(kGeneral), 2});
    ASSERT_TRUE(
        live.wait([&] { return live.events_of<core::DiscordChannelHistory>().size() == 2; }, 5s));
    auto last = live.events_of<core::DiscordChannelHistory>().at(1);
    ASSERT_EQ(last.messages.size(), 2u);
    EXPECT_EQ(last.messages[0].content, "later 2");
    EXPECT_EQ(last.messages[1].content, "later 3");
    EXPECT_LT(last.messages[0].id, last.messages[1].id);
}

TEST_F(LiveRooms, ReplyCarriesMessageReference) {
    login_alice();
    const char* seeded = "500000000000000001";
    core::SendDiscordMessage reply{sf(kGeneral), std::nullopt, "answering", "cg-r-1"};
    reply.reply_to = sf(seeded);
    auto id = live.send_effect(kUser, reply);
    ASSERT_TRUE(live.wait([&] { return live.acked_effect() >= id; }, 5s)) << live.adapter_log();
    ASSERT_TRUE(wait_for<core::DiscordMessageCreate>([&](const auto& m) {
        return m.content == "answering" && m.referenced_message_id == sf(seeded);
    })) << live.adapter_log();
    auto log = live.requests();
    bool found = false;
    for (const auto& r : log["requests"].GetArray()) {
        if (std::string_view(r["method"].GetString()) != "POST" || !r["body"].IsObject()) continue;
        const auto& body = r["body"];
        if (!body.HasMember("message_reference")) continue;
        EXPECT_STREQ(body["message_reference"]["message_id"].GetString(), seeded);
        found = true;
    }
    EXPECT_TRUE(found) << "no POST carried message_reference";
    // In the guild the author's nick comes along.
    auto mine = live.events_of<core::DiscordMessageCreate>();
    auto it = std::find_if(mine.begin(), mine.end(),
                           [](const auto& m) { return m.content == "answering"; });
    ASSERT_NE(it, mine.end());
    EXPECT_EQ(it->member_nick, "Ali");
    ASSERT_TRUE(it->mentions);
    EXPECT_EQ(*it->mentions, std::vector<Snowflake>{sf(kBob)}) << "a reply mentions its author";
}

TEST_F(LiveRooms, ProfileWithAvatarBytesAndTheirSha1) {
    login_alice();
    live.send_effect(kUser, core::FetchDiscordUser{sf(kBob), true});
    live.send_effect(kUser, core::FetchDiscordUser{sf(kCarol), true});  // has no avatar
    ASSERT_TRUE(
        live.wait([&] { return live.events_of<core::DiscordUserProfile>().size() == 2; }, 5s))
        << live.adapter_log();
    auto cdn =
        http(live.port(), "GET", std::string("/avatars/") + kBob + "/" + kBobAvatar + ".png");
    ASSERT_EQ(cdn.status, 200);
    ASSERT_GT(cdn.body.size(), 8u);
    EXPECT_EQ(cdn.body.substr(1, 3), "PNG");
    for (const auto& p : live.events_of<core::DiscordUserProfile>()) {
        if (p.user.id == sf(kBob)) {
            EXPECT_EQ(p.user.avatar, kBobAvatar);
            EXPECT_EQ(p.avatar_type, "image/png");
            ASSERT_TRUE(p.avatar_base64);
            EXPECT_EQ(unbase64(*p.avatar_base64), cdn.body);
            EXPECT_EQ(p.avatar_sha1, sha1_hex(cdn.body));
        } else {
            EXPECT_EQ(p.user.id, sf(kCarol));
            EXPECT_FALSE(p.avatar_base64);
            EXPECT_FALSE(p.avatar_sha1);
        }
    }
    EXPECT_TRUE(live.events_of<core::DiscordEffectFailed>().empty());
    EXPECT_EQ(live.adapter_log().find("alice-token"), std::string::npos);
}

class LiveRoomsBrokenCdn : public LiveRooms {
  protected:
    LiveRoomsBrokenCdn() : LiveRooms(LiveOptions{{}, "cdn_base = \"http://127.0.0.1:1\"", false}) {}
};

TEST_F(LiveRoomsBrokenCdn, AFailedAvatarFetchStillGivesTheProfile) {
    login_alice();
    auto id = live.send_effect(kUser, core::FetchDiscordUser{sf(kBob), true});
    ASSERT_TRUE(wait_for<core::DiscordUserProfile>(
        [](const auto& p) { return p.user.id == sf(kBob); }, 10s))
        << live.adapter_log();
    ASSERT_TRUE(live.wait([&] { return live.acked_effect() >= id; }, 5s));
    const auto p = live.events_of<core::DiscordUserProfile>().at(0);
    EXPECT_EQ(p.user.avatar, kBobAvatar);
    EXPECT_FALSE(p.avatar_base64);
    EXPECT_NE(live.adapter_log().find("profile sent without it"), std::string::npos);
    EXPECT_TRUE(live.events_of<core::DiscordEffectFailed>().empty());
}

// As a user account gets them: GUILD_MEMBER_REMOVE/UPDATE only of friends (carol, bob) and of
// members it follows; everyone else, and every arrival, only through the member sidebar of a
// channel it subscribed to (op 37), as GUILD_MEMBER_LIST_UPDATE ops.
TEST_F(LiveRooms, GuildMemberAddUpdateRemoveBecomeEvents) {
    login_alice();
    core::SubscribeDiscordGuild wish;
    wish.guild_id = sf(kGuild);
    wish.channels.push_back(
        core::DiscordChannelRanges{sf(kGeneral), {core::DiscordMemberRange{0, 99}}});
    live.send_effect(kUser, wish);
    auto listed = [&](const char* user, auto pred) {
        return wait_for<core::DiscordMemberListUpdate>([&](const auto& u) {
            if (u.guild_id != sf(kGuild)) return false;
            for (const auto& op : u.ops)
                for (const auto& item : op.items)
                    if (item.member && item.member->member.user.id == sf(user) &&
                        pred(op, *item.member))
                        return true;
            return false;
        });
    };
    // The SYNC of #general's first range lists cordbot, whom READY did not name.
    ASSERT_TRUE(listed(kCordbot, [](const auto& op, const auto&) {
        return op.op == core::MemberListOpKind::sync;
    })) << live.adapter_log();

    live.control("POST", "/_emulator/member",
                 std::string(R"({"guild_id":")") + kGuild + R"(","user_id":")" + kCarol +
                     R"(","remove":true})");
    ASSERT_TRUE(wait_for<core::DiscordGuildMemberRemove>([](const auto& r) {
        return r.guild_id == sf(kGuild) && r.user.id == sf(kCarol);
    })) << live.adapter_log();
    ASSERT_TRUE(wait_for<core::DiscordMemberListUpdate>([](const auto& u) {
        return std::any_of(u.ops.begin(), u.ops.end(),
                           [](const auto& op) { return op.op == core::MemberListOpKind::remove; });
    })) << live.adapter_log();
    // Back with a nick and a role: GUILD_MEMBER_ADD is the joining user's alone; the sidebar
    // inserts her.
    live.control("POST", "/_emulator/member",
                 std::string(R"({"guild_id":")") + kGuild + R"(","user_id":")" + kCarol +
                     R"(","nick":"Caz","roles":[")" + kMods + "\"]}");
    ASSERT_TRUE(listed(kCarol, [](const auto& op, const auto& m) {
        return op.op == core::MemberListOpKind::insert && m.member.nick == "Caz" &&
               m.member.roles == std::vector<Snowflake>{sf(kMods)};
    })) << live.adapter_log();
    // A friend's new nick: GUILD_MEMBER_UPDATE.
    live.control("POST", "/_emulator/member",
                 std::string(R"({"guild_id":")") + kGuild + R"(","user_id":")" + kBob +
                     R"(","nick":"Bobby"})");
    ASSERT_TRUE(wait_for<core::DiscordGuildMemberUpdate>(
        [](const auto& u) { return u.member.user.id == sf(kBob) && u.member.nick == "Bobby"; }));
    // A stranger's new nick: only the sidebar says so.
    live.control("POST", "/_emulator/member",
                 std::string(R"({"guild_id":")") + kGuild + R"(","user_id":")" + kCordbot +
                     R"(","nick":"Bot"})");
    ASSERT_TRUE(listed(kCordbot, [](const auto& op, const auto& m) {
        return op.op == core::MemberListOpKind::update && m.member.nick == "Bot";
    })) << live.adapter_log();
    for (const auto& u : live.events_of<core::DiscordGuildMemberUpdate>()) {
        EXPECT_NE(u.member.user.id, sf(kCarol));    // no GUILD_MEMBER_ADD of someone else
        EXPECT_NE(u.member.user.id, sf(kCordbot));  // nor an update of a stranger
    }
}

// After RESUMED the adapter subscribes again, and Discord answers with a fresh SYNC.
TEST_F(LiveRooms, SubscriptionsAreSentAgainAfterAResume) {
    login_alice();
    core::SubscribeDiscordGuild wish;
    wish.guild_id = sf(kGuild);
    wish.channels.push_back(
        core::DiscordChannelRanges{sf(kGeneral), {core::DiscordMemberRange{0, 99}}});
    live.send_effect(kUser, wish);
    auto syncs = [&] {
        std::size_t n = 0;
        for (const auto& u : live.events_of<core::DiscordMemberListUpdate>())
            for (const auto& op : u.ops) n += op.op == core::MemberListOpKind::sync;
        return n;
    };
    ASSERT_TRUE(live.wait([&] { return syncs() >= 1; }, 5s)) << live.adapter_log();
    const std::size_t before = syncs();
    // The emulator drops alice's connection; the adapter resumes.
    live.control("POST", "/_emulator/fault/drop",
                 std::string(R"({"user_id":")") + kAlice + R"("})");
    ASSERT_TRUE(live.wait([&] { return syncs() > before; }, 15s)) << live.adapter_log();
}

}  // namespace
}  // namespace cordgate::tests::discord
