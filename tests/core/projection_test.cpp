#include <core/nonce.hpp>
#include <core/projection.hpp>
#include <tests/core/effects_of.hpp>

#include <gtest/gtest.h>

#include <map>

namespace cordgate::core {
namespace {

using tests::effects_of;

constexpr const char* kUser = "romeo@localhost";
constexpr const char* kGateway = "discord.localhost";

DiscordUser user(std::uint64_t id, const char* name) {
    return DiscordUser{Snowflake{id}, name, std::nullopt, std::nullopt, false};
}

class DmSlice : public ::testing::Test {
  protected:
    State state;
    archive::MemoryStore store;
    std::uint64_t position = 0;

    Effects feed(EventPayload payload) {
        ++position;
        return apply(state, store,
                     Event{kEventVersion, "test", position, 0, kUser, std::move(payload)},
                     position);
    }

    void grant_roster() {
        ++position;
        apply(state, store,
              Event{kEventVersion, "xmpp", position, 0, "",
                    XmppPrivileges{"localhost",
                                   "urn:xmpp:privilege:2",
                                   {XmppPermission{"roster", "both", {}},
                                    XmppPermission{"message", "outgoing", {}}}}},
              position);
    }

    void register_and_login() {
        grant_roster();
        feed(XmppRegister{kGateway, "sealed"});
        DiscordReady ready{
            user(1, "romeo"),
            {DiscordRelationship{1, "Ally", user(20, "alice")},
             DiscordRelationship{2, std::nullopt, user(30, "blocked")},
             DiscordRelationship{1, std::nullopt, user(10, "bob")}},
            {DiscordChannel{Snowflake{500}, 1, std::nullopt, std::nullopt, {user(20, "alice")}}}};
        feed(ready);
    }
};

TEST_F(DmSlice, RegistrationAsksTheDiscordAdapterToLogIn) {
    Effects out = feed(XmppRegister{kGateway, "sealed"});
    ASSERT_EQ(out.size(), 4u);
    // The gateway asks to be in the roster (no roster permission here), asks for the user's
    // current presence, shows its state...
    auto presences = effects_of<SendXmppPresence>(out);
    ASSERT_EQ(presences.size(), 3u);
    EXPECT_EQ(presences[0].from, kGateway);
    EXPECT_EQ(presences[0].presence_type, "subscribe");
    EXPECT_EQ(presences[1].presence_type, "probe");
    EXPECT_EQ(presences[2].status, "Logging in…");
    // ...and the Discord adapter logs in.
    const auto& login = std::get<LoginDiscord>(out[3].payload);
    EXPECT_EQ(login.sealed_token, "sealed");
    EXPECT_EQ(out[3].id, 1u);
    EXPECT_EQ(out[3].cause, position);
    EXPECT_EQ(state.sessions.at(kUser).login_state, "logging_in");
}

TEST_F(DmSlice, ReadyPushesFriendsAndDmPartnersInSnowflakeOrder) {
    grant_roster();
    feed(XmppRegister{kGateway, "sealed"});
    Effects out = feed(DiscordReady{
        user(1, "romeo"),
        {DiscordRelationship{1, "Ally", user(20, "alice")},
         DiscordRelationship{2, std::nullopt, user(30, "blocked")},
         DiscordRelationship{1, std::nullopt, user(10, "bob")}},
        {DiscordChannel{Snowflake{500}, 1, std::nullopt, std::nullopt, {user(40, "dave")}}}});
    ASSERT_EQ(out.size(), 4u);
    EXPECT_EQ(std::get<SendXmppPresence>(out[0].payload).status, "Logged in as romeo");
    auto sets = effects_of<SetXmppRoster>(out);
    ASSERT_EQ(sets.size(), 3u);  // bob, alice, dave; the blocked user is no contact
    std::vector<std::string> jids, names;
    for (const auto& set : sets) {
        EXPECT_EQ(set.from, kGateway);
        EXPECT_EQ(set.item.groups, std::vector<std::string>{"Discord"});
        EXPECT_EQ(set.item.subscription, "both");
        jids.push_back(set.item.jid);
        names.push_back(*set.item.name);
    }
    EXPECT_EQ(jids, (std::vector<std::string>{"10@discord.localhost", "20@discord.localhost",
                                              "40@discord.localhost"}));
    EXPECT_EQ(names, (std::vector<std::string>{"bob", "Ally", "dave"}));
    EXPECT_EQ(state.sessions.at(kUser).login_state, "ready");
    // A second READY (reconnect) pushes nothing new.
    EXPECT_TRUE(effects_of<SetXmppRoster>(feed(DiscordReady{user(1, "romeo"), {}, {}})).empty());
}

TEST_F(DmSlice, DiscordDmBecomesAChatMessageFromThePuppet) {
    register_and_login();
    Effects out = feed(DiscordMessageCreate{Snowflake{900},
                                            Snowflake{500},
                                            std::nullopt,
                                            user(20, "alice"),
                                            "hi romeo",
                                            "t",
                                            std::nullopt,
                                            std::nullopt,
                                            {}});
    ASSERT_EQ(out.size(), 1u);
    const auto& msg = std::get<SendXmppMessage>(out[0].payload);
    EXPECT_EQ(msg.from, "20@discord.localhost");
    EXPECT_EQ(msg.to, kUser);
    EXPECT_EQ(msg.message_type, "chat");
    EXPECT_EQ(msg.body, "hi romeo");
    EXPECT_EQ(msg.id, "cg" + std::to_string(position) + "-0");
    EXPECT_EQ(state.sessions.at(kUser).messages.xmpp_by_discord.at(Snowflake{900}), msg.id);
}

TEST_F(DmSlice, AStrangerWhoWritesFirstBecomesAContact) {
    register_and_login();
    Effects out = feed(DiscordMessageCreate{Snowflake{901},
                                            Snowflake{777},
                                            std::nullopt,
                                            user(99, "stranger"),
                                            "psst",
                                            "t",
                                            std::nullopt,
                                            std::nullopt,
                                            {}});
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(std::get<SetXmppRoster>(out[0].payload).item.jid, "99@discord.localhost");
    EXPECT_EQ(std::get<SendXmppMessage>(out[1].payload).body, "psst");
    EXPECT_EQ(state.sessions.at(kUser).contacts.at(Snowflake{99}).dm_channel, Snowflake{777});
}

TEST_F(DmSlice, GuildMessagesAreNotDms) {
    register_and_login();
    EXPECT_TRUE(feed(DiscordMessageCreate{Snowflake{902},
                                          Snowflake{600},
                                          Snowflake{5},
                                          user(20, "alice"),
                                          "in a guild",
                                          "t",
                                          std::nullopt,
                                          std::nullopt,
                                          {}})
                    .empty());
}

TEST_F(DmSlice, XmppChatToAPuppetSendsADiscordMessageAndLearnsItsId) {
    register_and_login();
    Effects out = feed(XmppMessage{"romeo@localhost/phone", "20@discord.localhost", "chat", "x1",
                                   "o1", "hello alice"});
    ASSERT_EQ(out.size(), 1u);
    const auto& send = std::get<SendDiscordMessage>(out[0].payload);
    EXPECT_EQ(send.channel_id, Snowflake{500});
    EXPECT_FALSE(send.recipient_id);
    EXPECT_EQ(send.content, "hello alice");
    EXPECT_EQ(send.nonce, message_nonce(0, position, 0));  // the event's ts, its position
    // Discord echoes it with the nonce: the ids are linked, nothing is sent back to XMPP.
    Effects echo = feed(DiscordMessageCreate{Snowflake{903},
                                             Snowflake{500},
                                             std::nullopt,
                                             user(1, "romeo"),
                                             "hello alice",
                                             "t",
                                             send.nonce,
                                             std::nullopt,
                                             {}});
    EXPECT_TRUE(echo.empty());
    const auto& ids = state.sessions.at(kUser).messages;
    EXPECT_EQ(ids.discord_by_xmpp.at("o1"), Snowflake{903});
    EXPECT_TRUE(ids.xmpp_by_nonce.empty());
}

TEST_F(DmSlice, ChatToAFriendWithoutDmChannelNamesTheRecipient) {
    register_and_login();
    Effects out = feed(XmppMessage{"romeo@localhost/phone", "10@discord.localhost", "chat",
                                   std::nullopt, std::nullopt, "hey bob"});
    ASSERT_EQ(out.size(), 1u);
    const auto& send = std::get<SendDiscordMessage>(out[0].payload);
    EXPECT_FALSE(send.channel_id);
    EXPECT_EQ(send.recipient_id, Snowflake{10});
}

TEST_F(DmSlice, IgnoresWhatItCannotMap) {
    register_and_login();
    EXPECT_TRUE(feed(XmppMessage{"juliet@localhost/x", "20@discord.localhost", "chat", "a",
                                 std::nullopt, "spoof"})
                    .empty());
    EXPECT_TRUE(feed(XmppMessage{"romeo@localhost/x", "alice@discord.localhost", "chat", "a",
                                 std::nullopt, "bad puppet"})
                    .empty());
    EXPECT_TRUE(feed(XmppMessage{"romeo@localhost/x", "20@other.localhost", "chat", "a",
                                 std::nullopt, "other gateway"})
                    .empty());
    State before = state;
    Effects none = apply(state, store,
                         Event{kEventVersion, "t", 99, 0, "nobody@localhost",
                               XmppMessage{"nobody@localhost", "20@discord.localhost", "chat", "a",
                                           std::nullopt, "hi"}},
                         99);
    EXPECT_TRUE(none.empty());
    EXPECT_EQ(encode_state(before), encode_state(state));
}

TEST_F(DmSlice, EffectIdsCountPerTarget) {
    grant_roster();
    feed(XmppRegister{kGateway, "sealed"});  // discord 1
    Effects out = feed(DiscordReady{user(1, "romeo"),
                                    {DiscordRelationship{1, std::nullopt, user(20, "alice")}},
                                    {}});  // xmpp 4 (gateway item, probe, status)
    EXPECT_EQ(out.at(0).id, 4u);
    out = feed(
        XmppMessage{"romeo@localhost/x", "20@discord.localhost", "chat", "a", std::nullopt, "hi"});
    EXPECT_EQ(out.at(0).id, 2u);
}

TEST_F(DmSlice, StateSurvivesASnapshotRoundTrip) {
    register_and_login();
    feed(XmppMessage{"romeo@localhost/x", "20@discord.localhost", "chat", "a", std::nullopt, "hi"});
    std::string snapshot = encode_state(state);
    State restored = decode_state(snapshot);
    archive::MemoryStore restored_store = store;  // the archive is kept beside the snapshot
    EXPECT_EQ(encode_state(restored), snapshot);
    // And it continues identically.
    Event next{kEventVersion,
               "t",
               50,
               0,
               kUser,
               DiscordMessageCreate{Snowflake{950},
                                    Snowflake{500},
                                    std::nullopt,
                                    user(20, "alice"),
                                    "x",
                                    "t",
                                    std::nullopt,
                                    std::nullopt,
                                    {}}};
    Effects a = apply(state, store, next, 50);
    Effects b = apply(restored, restored_store, next, 50);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(encode_effect(a[i]), encode_effect(b[i]));
}

}  // namespace
}  // namespace cordgate::core

namespace cordgate::core {
namespace {

TEST(MessageIds, ForgetsTheOldestBeyondTheLimit) {
    MessageIds ids;
    for (std::uint64_t i = 1; i <= MessageIds::kRemembered + 5; ++i) {
        ids.link(Snowflake{i}, "x" + std::to_string(i));
    }
    EXPECT_EQ(ids.xmpp_by_discord.size(), MessageIds::kRemembered);
    EXPECT_EQ(ids.discord_by_xmpp.size(), MessageIds::kRemembered);
    EXPECT_FALSE(ids.xmpp_by_discord.contains(Snowflake{5}));
    EXPECT_FALSE(ids.discord_by_xmpp.contains("x5"));
    EXPECT_EQ(ids.xmpp_by_discord.at(Snowflake{6}), "x6");
}

// link() puts the newest ids at the end without a search: out of order, repeated or re-linked
// ids must leave the same maps as plain assignment and eviction of the smallest key would.
TEST(MessageIds, LinksInAnyOrderAsPlainMapsWould) {
    MessageIds ids;
    std::map<Snowflake, std::string> by_discord;
    std::map<std::string, Snowflake> by_xmpp;
    std::uint64_t seed = 42;
    auto next = [&seed] {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        return seed >> 33;
    };
    for (std::uint64_t i = 1; i <= 3 * MessageIds::kRemembered; ++i) {
        // Mostly growing ids, as a flood sends; now and then an older one, or one seen before.
        const std::uint64_t roll = next() % 16;
        const std::uint64_t discord = roll == 0 ? next() % (i + 1) : roll == 1 ? i / 2 : i;
        // XMPP ids cross digit counts (cg9999 > cg10000 as text), as the derived ones do.
        const std::string xmpp = "cg" + std::to_string(roll == 2 ? next() % (i + 1) : i) + "-0";
        ids.sent_by_user.insert(Snowflake{discord});
        ids.link(Snowflake{discord}, xmpp);
        by_discord[Snowflake{discord}] = xmpp;
        by_xmpp[xmpp] = Snowflake{discord};
        while (by_discord.size() > MessageIds::kRemembered) {
            auto oldest = by_discord.begin();
            if (auto back = by_xmpp.find(oldest->second);
                back != by_xmpp.end() && back->second == oldest->first) {
                by_xmpp.erase(back);
            }
            ASSERT_FALSE(ids.sent_by_user.contains(oldest->first)) << "step " << i;
            by_discord.erase(oldest);
        }
        if (i % 997 == 0 || i == 3 * MessageIds::kRemembered) {
            ASSERT_EQ(ids.xmpp_by_discord, by_discord) << "step " << i;
            ASSERT_EQ(ids.discord_by_xmpp, by_xmpp) << "step " << i;
        }
    }
}

}  // namespace
}  // namespace cordgate::core

namespace cordgate::core {
namespace {

TEST_F(DmSlice, WhatTheUserWritesInTheDiscordAppIsCopiedToXmpp) {
    register_and_login();
    Effects out = feed(DiscordMessageCreate{Snowflake{910},
                                            Snowflake{500},
                                            std::nullopt,
                                            user(1, "romeo"),
                                            "from my phone",
                                            "t",
                                            std::nullopt,
                                            std::nullopt,
                                            {}});
    ASSERT_EQ(out.size(), 1u);
    const auto& carbon = std::get<SendXmppCarbon>(out[0].payload);
    EXPECT_EQ(carbon.to, "20@discord.localhost");
    EXPECT_EQ(carbon.body, "from my phone");
    EXPECT_EQ(state.sessions.at(kUser).messages.xmpp_by_discord.at(Snowflake{910}), carbon.id);
    // In a channel that is no known DM there is nobody to show it with.
    EXPECT_TRUE(feed(DiscordMessageCreate{Snowflake{911},
                                          Snowflake{999},
                                          std::nullopt,
                                          user(1, "romeo"),
                                          "?",
                                          "t",
                                          std::nullopt,
                                          std::nullopt,
                                          {}})
                    .empty());
}

}  // namespace
}  // namespace cordgate::core

namespace cordgate::core {
namespace {

TEST(AdapterRestart, ARestartedDiscordAdapterLogsEverySessionInAgain) {
    State state;
    archive::MemoryStore store;
    apply(state, store,
          Event{kEventVersion, "x", 1, 0, "a@localhost", XmppRegister{"d.localhost", "ta"}}, 1);
    apply(state, store,
          Event{kEventVersion, "x", 2, 0, "b@localhost", XmppRegister{"d.localhost", "tb"}}, 2);
    Effects out = apply(state, store,
                        Event{kEventVersion, "discord", 1, 0, "", DiscordAdapterStarted{"1"}}, 3);
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].user, "a@localhost");
    EXPECT_EQ(std::get<LoginDiscord>(out[0].payload).sealed_token, "ta");
    EXPECT_EQ(out[1].user, "b@localhost");
    EXPECT_EQ(out[1].id, 4u);  // after the two logins of the registrations
}

}  // namespace
}  // namespace cordgate::core
