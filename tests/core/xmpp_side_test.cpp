// Decisions on what the user's XMPP client asks or announces: roster without privileges,
// presence, probes, subscriptions, vCard and disco of puppets, unregistration.

#include <core/projection.hpp>
#include <core/puppet_disco.hpp>
#include <tests/core/effects_of.hpp>

#include <gtest/gtest.h>

#include <algorithm>

namespace cordgate::core {
namespace {

using tests::effects_of;

constexpr const char* kUser = "romeo@localhost";
constexpr const char* kAlice = "20@discord.localhost";

DiscordUser user(std::uint64_t id, const char* name, bool bot = false) {
    return DiscordUser{Snowflake{id}, name, std::nullopt, std::nullopt, bot};
}

class XmppSide : public ::testing::Test {
  protected:
    State state;
    archive::MemoryStore store;
    std::uint64_t position = 0;

    Effects feed(EventPayload payload, const std::string& who = kUser) {
        ++position;
        return apply(state, store, Event{kEventVersion, "t", position, 0, who, std::move(payload)},
                     position);
    }
    Effects grant(const char* roster) {
        return feed(
            XmppPrivileges{
                "localhost", "urn:xmpp:privilege:1", {XmppPermission{"roster", roster, {}}}},
            "");
    }
    Effects login() {
        feed(XmppRegister{"discord.localhost", "sealed"});
        return feed(DiscordReady{user(1, "romeo"),
                                 {DiscordRelationship{1, std::nullopt, user(20, "alice")},
                                  DiscordRelationship{1, std::nullopt, user(30, "botty", true)}},
                                 {}});
    }
    Contact& alice() { return state.sessions.at(kUser).contacts.at(Snowflake{20}); }
};

TEST_F(XmppSide, WithoutRosterPermissionPuppetsAskToSubscribe) {
    grant("get");  // read-only is not enough to add items
    Effects out = login();
    auto subscribes = effects_of<SendXmppPresence>(out);
    ASSERT_EQ(subscribes.size(), 3u);  // the gateway's status, alice, botty
    const auto& p = subscribes[1];
    EXPECT_EQ(p.from, kAlice);
    EXPECT_EQ(p.to, kUser);
    EXPECT_EQ(p.presence_type, "subscribe");
    // The user's client accepts and asks back: the puppet says yes and shows its presence.
    alice().status = "dnd";
    out = feed(XmppPresence{"romeo@localhost/pc", kAlice, "subscribe", std::nullopt, std::nullopt,
                            std::nullopt});
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(std::get<SendXmppPresence>(out[0].payload).presence_type, "subscribed");
    EXPECT_EQ(std::get<SendXmppPresence>(out[1].payload).show, "dnd");
}

TEST_F(XmppSide, WithRosterPermissionPuppetsArePushed) {
    grant("both");
    Effects out = login();
    auto sets = effects_of<SetXmppRoster>(out);
    ASSERT_EQ(sets.size(), 2u);
    EXPECT_EQ(sets[0].item.jid, kAlice);
    EXPECT_TRUE(effects_of<SendXmppPresence>(out).at(0).status);  // only the gateway's status
}

TEST_F(XmppSide, ProbesAreAnsweredWithTheDiscordStatus) {
    login();
    alice().status = "idle";
    alice().status_text = "brb";
    Effects out = feed(XmppPresence{"romeo@localhost/pc", kAlice, "probe", std::nullopt,
                                    std::nullopt, std::nullopt});
    ASSERT_EQ(out.size(), 1u);
    const auto& p = std::get<SendXmppPresence>(out[0].payload);
    EXPECT_EQ(p.to, "romeo@localhost/pc");
    EXPECT_EQ(p.show, "away");
    EXPECT_EQ(p.status, "brb");
    alice().status = "offline";
    out = feed(XmppPresence{"romeo@localhost/pc", kAlice, "probe", std::nullopt, std::nullopt,
                            std::nullopt});
    EXPECT_EQ(std::get<SendXmppPresence>(out.at(0).payload).presence_type, "unavailable");
}

TEST_F(XmppSide, AClientComingOnlineLearnsWhoIsOnline) {
    grant("both");
    login();
    alice().status = "online";
    Effects out = feed(XmppPresence{"romeo@localhost/pc", "discord.localhost", std::nullopt,
                                    std::nullopt, std::nullopt, std::nullopt});
    auto presences = effects_of<SendXmppPresence>(out);
    ASSERT_EQ(presences.size(), 2u);  // botty is offline: nothing to say about it
    EXPECT_EQ(presences[0].from, "discord.localhost");
    EXPECT_EQ(presences[1].from, kAlice);
    EXPECT_FALSE(presences[1].presence_type);
    // And Discord learns the user is online.
    EXPECT_EQ(effects_of<SetDiscordPresence>(out).at(0).status, "online");
    // A second resource does not repeat it; going away and back does.
    out = feed(XmppPresence{"romeo@localhost/phone", "discord.localhost", std::nullopt, "away",
                            std::nullopt, std::nullopt});
    EXPECT_TRUE(effects_of<SendXmppPresence>(out).empty());
    EXPECT_TRUE(effects_of<SetDiscordPresence>(out).empty());  // one client is still online
    EXPECT_EQ(state.sessions.at(kUser).online_resources.size(), 2u);
}

TEST_F(XmppSide, VcardAndDiscoOfPuppets) {
    login();
    // The profile is fetched when asked for; the answer waits for it.
    Effects out = feed(XmppQuery{"romeo@localhost/pc", kAlice, "q1", "vcard", std::nullopt});
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(std::get<FetchDiscordUser>(out[0].payload).user_id, Snowflake{20});
    // A second client asking meanwhile does not fetch twice.
    EXPECT_TRUE(
        feed(XmppQuery{"romeo@localhost/tab", kAlice, "q0", "vcard", std::nullopt}).empty());
    DiscordUserProfile profile{user(20, "alice"), "likes cats"};
    profile.user.avatar = "a1";  // the hash the image is of: a photo is kept for a hash
    profile.avatar_type = "image/png";
    profile.avatar_base64 = "iVBORw0KGgo=";
    profile.avatar_sha1 = "0123456789abcdef0123456789abcdef01234567";
    out = feed(profile);
    auto vcards = effects_of<SendXmppVcard>(out);
    ASSERT_EQ(vcards.size(), 2u);
    const auto& vcard = vcards[0];
    EXPECT_EQ(vcard.iq_id, "q1");
    EXPECT_EQ(vcard.to, "romeo@localhost/pc");
    EXPECT_EQ(vcard.full_name, "alice");
    EXPECT_EQ(vcard.url, "https://discord.com/users/20");
    EXPECT_EQ(vcard.description, "likes cats");
    EXPECT_EQ(vcard.photo_base64, "iVBORw0KGgo=");
    EXPECT_EQ(vcards[1].iq_id, "q0");
    EXPECT_EQ(alice().avatar_sha1, profile.avatar_sha1);

    out = feed(
        XmppQuery{"romeo@localhost/pc", "30@discord.localhost", "q2", "disco_info", std::nullopt});
    const auto& info = std::get<SendXmppDiscoInfo>(out.at(0).payload);
    EXPECT_EQ(info.identities.at(0).type, "bot");
    EXPECT_NE(std::find(info.features.begin(), info.features.end(), "urn:xmpp:reactions:0"),
              info.features.end());

    out =
        feed(XmppQuery{"romeo@localhost/pc", "99@discord.localhost", "q3", "vcard", std::nullopt});
    EXPECT_EQ(std::get<SendXmppIqError>(out.at(0).payload).condition, "item-not-found");
}

TEST_F(XmppSide, AvatarsAreAnsweredAsThePuppetsPepService) {
    login();
    // XEP-0084 queries wait for the same lazy profile fetch as the vCard.
    Effects out =
        feed(XmppQuery{"romeo@localhost/pc", kAlice, "m1", "avatar_metadata", std::nullopt});
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(std::get<FetchDiscordUser>(out[0].payload).user_id, Snowflake{20});
    EXPECT_TRUE(feed(XmppQuery{"romeo@localhost/pc", kAlice, "d1", "avatar_data",
                               std::string("0123456789abcdef0123456789abcdef01234567")})
                    .empty());
    DiscordUser with_avatar = user(20, "alice");
    with_avatar.avatar = "a1b2";
    DiscordUserProfile profile{with_avatar, std::nullopt};
    profile.avatar_type = "image/png";
    profile.avatar_base64 = "iVBORw0KGgo=";  // 8 bytes
    profile.avatar_sha1 = "0123456789abcdef0123456789abcdef01234567";
    auto avatars = effects_of<SendXmppAvatar>(feed(profile));
    ASSERT_EQ(avatars.size(), 3u);
    // The contact's avatar changed: a notification to the user's bare JID, not an answer.
    EXPECT_EQ(avatars[0].to, kUser);
    EXPECT_EQ(avatars[0].from, kAlice);
    EXPECT_FALSE(avatars[0].iq_id);
    EXPECT_EQ(avatars[0].node, "metadata");
    EXPECT_EQ(avatars[0].id, profile.avatar_sha1);
    EXPECT_EQ(avatars[1].iq_id, "m1");
    EXPECT_EQ(avatars[1].to, "romeo@localhost/pc");
    EXPECT_EQ(avatars[1].bytes, 8u);
    EXPECT_EQ(avatars[1].image_type, "image/png");
    EXPECT_FALSE(avatars[1].data_base64);
    EXPECT_EQ(avatars[2].iq_id, "d1");
    EXPECT_EQ(avatars[2].node, "data");
    EXPECT_EQ(avatars[2].data_base64, "iVBORw0KGgo=");

    // A user without an avatar has an empty metadata node and no data.
    feed(XmppQuery{"romeo@localhost/pc", "30@discord.localhost", "m2", "avatar_metadata",
                   std::nullopt});
    feed(
        XmppQuery{"romeo@localhost/pc", "30@discord.localhost", "d2", "avatar_data", std::nullopt});
    out = feed(DiscordUserProfile{user(30, "botty", true), std::nullopt});
    avatars = effects_of<SendXmppAvatar>(out);
    ASSERT_EQ(avatars.size(), 1u);
    EXPECT_EQ(avatars[0].iq_id, "m2");
    EXPECT_FALSE(avatars[0].id);
    auto errors = effects_of<SendXmppIqError>(out);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].iq_id, "d2");
    EXPECT_EQ(errors[0].condition, "item-not-found");
}

TEST_F(XmppSide, AComponentReconnectAsksAgainWhoIsOnline) {
    grant("both");
    login();
    alice().status = "online";
    feed(XmppPresence{"romeo@localhost/pc", "discord.localhost", std::nullopt, std::nullopt,
                      std::nullopt, std::nullopt});
    ASSERT_FALSE(state.sessions.at(kUser).online_resources.empty());
    // Prosody restarted: the component connects again and the privileges come again. The
    // client's presence bounced meanwhile, so the gateway asks for it.
    auto probes = effects_of<SendXmppPresence>(grant("both"));
    ASSERT_EQ(probes.size(), 1u);
    EXPECT_EQ(probes[0].presence_type, "probe");
    EXPECT_EQ(probes[0].to, kUser);
    EXPECT_TRUE(state.sessions.at(kUser).online_resources.empty());
    // The answer is the client's presence: its contacts' presence comes back.
    auto back = effects_of<SendXmppPresence>(
        feed(XmppPresence{"romeo@localhost/pc", "discord.localhost", std::nullopt, std::nullopt,
                          std::nullopt, std::nullopt}));
    EXPECT_TRUE(std::any_of(back.begin(), back.end(),
                            [](const SendXmppPresence& p) { return p.from == kAlice; }));
}

TEST_F(XmppSide, CapsNodeDiscoAnswersTheHashedList) {
    login();
    // XEP-0115: a client verifying the ver on a puppet's presence asks for node#ver and must
    // get exactly core/puppet_disco.hpp: no identity name, the node echoed.
    const std::string node = std::string(kPuppetCapsNode) + "#+LQdVdZvMCzndDPQGwaFHMzPU+Q=";
    Effects out =
        feed(XmppQuery{"romeo@localhost/pc", "30@discord.localhost", "q4", "disco_info", node});
    const auto& info = std::get<SendXmppDiscoInfo>(out.at(0).payload);
    EXPECT_EQ(info.node, node);
    ASSERT_EQ(info.identities.size(), 1u);
    EXPECT_EQ(info.identities[0].category, "client");
    EXPECT_EQ(info.identities[0].type, "bot");
    EXPECT_FALSE(info.identities[0].name);
    EXPECT_EQ(info.features,
              std::vector<std::string>(kPuppetFeatures.begin(), kPuppetFeatures.end()));
    // The plain query keeps the contact's name; an unknown node is no caps node.
    out = feed(XmppQuery{"romeo@localhost/pc", kAlice, "q5", "disco_info", std::nullopt});
    EXPECT_EQ(std::get<SendXmppDiscoInfo>(out.at(0).payload).identities.at(0).name, "alice");
    for (std::string other : {std::string(kPuppetCapsNode), std::string("urn:other#x")}) {
        out = feed(XmppQuery{"romeo@localhost/pc", kAlice, "q6", "disco_info", other});
        EXPECT_EQ(std::get<SendXmppIqError>(out.at(0).payload).condition, "service-unavailable")
            << other;
    }
}

TEST_F(XmppSide, GatewayItemsAreAnsweredWithOrWithoutASession) {
    // Before registering: the gateway's items (none yet), and an error for anything else.
    Effects out = feed(
        XmppQuery{"juliet@localhost/a", "discord.localhost", "i1", "disco_items", std::nullopt},
        "juliet@localhost");
    const auto& items = std::get<SendXmppDiscoItems>(out.at(0).payload);
    EXPECT_EQ(items.from, "discord.localhost");
    EXPECT_EQ(items.to, "juliet@localhost/a");
    EXPECT_EQ(items.iq_id, "i1");
    EXPECT_TRUE(items.items.empty());
    out = feed(XmppQuery{"juliet@localhost/a", kAlice, "i2", "vcard", std::nullopt},
               "juliet@localhost");
    EXPECT_EQ(std::get<SendXmppIqError>(out.at(0).payload).condition, "item-not-found");
    EXPECT_TRUE(state.sessions.empty());
    login();
    out = feed(
        XmppQuery{"romeo@localhost/pc", "discord.localhost", "i3", "disco_items", std::nullopt});
    EXPECT_EQ(std::get<SendXmppDiscoItems>(out.at(0).payload).iq_id, "i3");
}

TEST_F(XmppSide, UnregisteringRemovesPuppetsAndLogsOut) {
    grant("both");
    login();
    Effects out = feed(XmppUnregister{"discord.localhost"});
    ASSERT_EQ(out.size(), 4u);
    EXPECT_EQ(std::get<SetXmppRoster>(out[0].payload).item.subscription, "remove");
    EXPECT_EQ(std::get<SetXmppRoster>(out[1].payload).item.subscription, "remove");
    EXPECT_EQ(std::get<SetXmppRoster>(out[2].payload).item.jid, "discord.localhost");
    EXPECT_EQ(std::get<SetXmppRoster>(out[2].payload).item.subscription, "remove");
    EXPECT_EQ(std::get<LogoutDiscord>(out[3].payload).reason, "unregistered");
    EXPECT_FALSE(state.sessions.contains(kUser));
    // Messages after that go nowhere.
    EXPECT_TRUE(
        feed(XmppMessage{"romeo@localhost/pc", kAlice, "chat", "x", std::nullopt, "hi"}).empty());
}

// Which domains may register is the XMPP adapter's to check; the core still refuses a user
// that is no bare JID of an account, or a JID of the gateway's own (a puppet or a room).
TEST_F(XmppSide, RegistrationsNoConfigurationAllowsMakeNoLogin) {
    for (const char* who : {"", "localhost", "romeo@localhost/pc", "Juliet@localhost",
                            "20@discord.localhost", "x@sub.discord.localhost", "a b@localhost"}) {
        auto out = feed(XmppRegister{"discord.localhost", "sealed"}, who);
        EXPECT_TRUE(out.empty()) << who;
        EXPECT_FALSE(state.sessions.contains(who)) << who;
    }
    auto out = feed(XmppRegister{"discord.localhost", "sealed"}, "juliet@localhost");
    EXPECT_EQ(effects_of<LoginDiscord>(out).size(), 1u);
}

}  // namespace
}  // namespace cordgate::core
