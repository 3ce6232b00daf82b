// Relationships beyond friendship (friend requests either way, blocked users), read state at
// login, THREAD_LIST_SYNC, presences that carry a changed profile, and status 104 when a room's
// name or topic changes.

#include <tests/core/session_fixture.hpp>

namespace cordgate::core {
namespace {

using tests::discord_user;
using tests::effects_of;

constexpr const char* kBob = "40@discord.localhost";

class Relationships : public tests::SessionFixture {
  protected:
    Effects subscription(const char* type, const char* to = kBob) {
        return feed(XmppPresence{kClient, to, type, std::nullopt, std::nullopt, std::nullopt});
    }
    static DiscordRelationshipAdd rel(int type, std::uint64_t id = 40, const char* name = "bob") {
        return DiscordRelationshipAdd{
            DiscordRelationship{type, std::nullopt, discord_user(id, name)}};
    }
    // The puppets' presence stanzas among these effects, as "type from".
    static std::vector<std::string> presences(const Effects& out) {
        std::vector<std::string> found;
        for (const auto& p : effects_of<SendXmppPresence>(out)) {
            if (p.from.find('@') == std::string::npos) continue;  // the gateway's own
            found.push_back(p.presence_type.value_or("available") + " " + p.from);
        }
        return found;
    }
    std::vector<std::string> told(const Effects& out) {
        std::vector<std::string> found;
        for (const auto& m : effects_of<SendXmppMessage>(out)) {
            if (m.from == kGateway) found.push_back(m.body.value_or(""));
        }
        return found;
    }
    DiscordReady ready_with(std::vector<DiscordRelationship> extra) {
        DiscordReady ready{
            discord_user(1, "romeo"),
            {DiscordRelationship{1, std::nullopt, discord_user(20, "alice")}},
            {DiscordChannel{
                Snowflake{500}, 1, std::nullopt, std::nullopt, {discord_user(20, "alice")}}}};
        for (auto& r : extra) ready.relationships.push_back(std::move(r));
        return ready;
    }
};

TEST_F(Relationships, AnIncomingFriendRequestIsASubscriptionRequestFromThePuppet) {
    auto out = feed(rel(DiscordRelationship::kIncomingRequest));
    auto p = effects_of<SendXmppPresence>(out);
    ASSERT_EQ(p.size(), 1u);
    EXPECT_EQ(p[0].from, kBob);
    EXPECT_EQ(p[0].to, kUser);
    EXPECT_EQ(p[0].presence_type, "subscribe");
    EXPECT_EQ(p[0].status, "Discord friend request from bob (bob)");
    // Only the user can decide it: no roster item is pushed, even with the roster permission.
    EXPECT_TRUE(effects_of<SetXmppRoster>(out).empty());
    // Told again (each shared guild, a resumed session): asked once.
    EXPECT_TRUE(feed(rel(DiscordRelationship::kIncomingRequest)).empty());
}

TEST_F(Relationships, AcceptingTheSubscriptionAcceptsAtDiscordAndTheFriendBecomesAContact) {
    feed(rel(DiscordRelationship::kIncomingRequest));
    auto put = effects_of<AddDiscordRelationship>(subscription("subscribed"));
    ASSERT_EQ(put.size(), 1u);
    EXPECT_EQ(put[0].user_id, Snowflake{40});
    auto out = feed(rel(DiscordRelationship::kFriend));
    EXPECT_EQ(presences(out), std::vector<std::string>{std::string("subscribed ") + kBob});
    auto roster = effects_of<SetXmppRoster>(out);
    ASSERT_EQ(roster.size(), 1u);
    EXPECT_EQ(roster[0].item.jid, kBob);
    EXPECT_EQ(roster[0].item.subscription, "both");
    EXPECT_TRUE(session().contacts.at(Snowflake{40}).is_friend);
    EXPECT_FALSE(session().contacts.at(Snowflake{40}).relation);
}

TEST_F(Relationships, ASubscribeBackToTheRequesterAcceptsToo) {
    feed(rel(DiscordRelationship::kIncomingRequest));
    EXPECT_EQ(effects_of<AddDiscordRelationship>(subscription("subscribe")).size(), 1u);
}

TEST_F(Relationships, DecliningTheSubscriptionDeclinesAtDiscord) {
    feed(rel(DiscordRelationship::kIncomingRequest));
    auto out = subscription("unsubscribed");
    auto del = effects_of<RemoveDiscordRelationship>(out);
    ASSERT_EQ(del.size(), 1u);
    EXPECT_EQ(del[0].user_id, Snowflake{40});
    // Discord's echo ends nothing more: the user already answered.
    EXPECT_TRUE(feed(DiscordRelationshipRemove{Snowflake{40}, 3}).empty());
    // An unsubscribed to a friend only confirms what the puppet asked: nothing at Discord.
    EXPECT_TRUE(
        effects_of<RemoveDiscordRelationship>(subscription("unsubscribed", kAlice)).empty());
}

TEST_F(Relationships, ARequestWithdrawnOnDiscordCancelsThePuppetsRequest) {
    feed(rel(DiscordRelationship::kIncomingRequest));
    EXPECT_EQ(presences(feed(DiscordRelationshipRemove{Snowflake{40}, 3})),
              std::vector<std::string>{std::string("unsubscribe ") + kBob});
}

TEST_F(Relationships, ReadyAsksForPendingRequestsOnceAndWithdrawsVanishedOnes) {
    DiscordRelationship incoming{3, std::nullopt, discord_user(40, "bob")};
    EXPECT_EQ(presences(feed(ready_with({incoming}))),
              std::vector<std::string>{std::string("subscribe ") + kBob});
    // The next login lists it still: the user was asked already.
    EXPECT_TRUE(presences(feed(ready_with({incoming}))).empty());
    // Withdrawn (or answered in the official app) while no session listened.
    EXPECT_EQ(presences(feed(ready_with({}))),
              std::vector<std::string>{std::string("unsubscribe ") + kBob});
}

TEST_F(Relationships, ASubscribeToAStrangerIsAFriendRequestAnsweredWhenTheyAccept) {
    auto out = subscription("subscribe");
    auto put = effects_of<AddDiscordRelationship>(out);
    ASSERT_EQ(put.size(), 1u);
    EXPECT_EQ(put[0].user_id, Snowflake{40});
    EXPECT_TRUE(presences(out).empty());  // not answered before Discord's other side does
    EXPECT_TRUE(subscription("subscribe").empty());  // on its way: not sent twice
    EXPECT_TRUE(feed(rel(DiscordRelationship::kOutgoingRequest)).empty());
    auto accepted = feed(rel(DiscordRelationship::kFriend));
    EXPECT_EQ(presences(accepted), std::vector<std::string>{std::string("subscribed ") + kBob});
    EXPECT_EQ(effects_of<SetXmppRoster>(accepted).size(), 1u);
}

TEST_F(Relationships, AFriendRequestDeclinedOnDiscordDeniesTheSubscription) {
    subscription("subscribe");
    feed(rel(DiscordRelationship::kOutgoingRequest));
    EXPECT_EQ(presences(feed(DiscordRelationshipRemove{Snowflake{40}, 4})),
              std::vector<std::string>{std::string("unsubscribed ") + kBob});
    EXPECT_FALSE(session().contacts.at(Snowflake{40}).relation);
}

TEST_F(Relationships, ASubscribeToAFriendIsAnsweredAtOnceAsBefore) {
    auto out = subscription("subscribe", kAlice);
    EXPECT_TRUE(effects_of<AddDiscordRelationship>(out).empty());
    ASSERT_FALSE(presences(out).empty());
    EXPECT_EQ(presences(out)[0], std::string("subscribed ") + kAlice);
}

TEST_F(Relationships, ACaptchaOnAFriendRequestEndsTheSubscriptionAndSaysWhatWorks) {
    subscription("subscribe");
    const std::uint64_t effect = state.last_discord_effect;
    auto out =
        feed(DiscordEffectFailed{effect, "HTTP 400: captcha-required", 400, Refusal::captcha});
    EXPECT_EQ(presences(out), std::vector<std::string>{std::string("unsubscribed ") + kBob});
    auto lines = told(out);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines[0].find("friend request"), std::string::npos) << lines[0];
    EXPECT_NE(lines[0].find("official Discord app"), std::string::npos) << lines[0];
    EXPECT_FALSE(session().contacts.at(Snowflake{40}).relation);
}

TEST_F(Relationships, NoFriendRequestWhileDiscordRequiresAnAction) {
    feed(DiscordRequiredAction{"REQUIRE_VERIFIED_PHONE"});
    auto out = subscription("subscribe");
    EXPECT_TRUE(effects_of<AddDiscordRelationship>(out).empty());
    EXPECT_EQ(presences(out), std::vector<std::string>{std::string("unsubscribed ") + kBob});
    EXPECT_EQ(told(out).size(), 1u);
}

TEST_F(Relationships, RemovingAFriendOnDiscordRemovesTheRosterItem) {
    auto roster = effects_of<SetXmppRoster>(feed(DiscordRelationshipRemove{Snowflake{20}, 1}));
    ASSERT_EQ(roster.size(), 1u);
    EXPECT_EQ(roster[0].item.jid, kAlice);
    EXPECT_EQ(roster[0].item.subscription, "remove");
}

TEST_F(Relationships, ABlockedUserIsNoContactAndTheirMessagesAreHidden) {
    auto out = feed(rel(DiscordRelationship::kBlocked, 20, "alice"));
    auto roster = effects_of<SetXmppRoster>(out);
    ASSERT_EQ(roster.size(), 1u);
    EXPECT_EQ(roster[0].item.subscription, "remove");
    feed(XmppPresence{kClient, kGateway, std::nullopt, std::nullopt, std::nullopt, std::nullopt});
    EXPECT_TRUE(
        presences(feed(DiscordPresenceUpdate{Snowflake{20}, std::nullopt, "online", std::nullopt}))
            .empty());
    feed(XmppMucJoin{kClient, std::string(kRoom) + "/x", 0});
    EXPECT_TRUE(effects_of<SendXmppMessage>(
                    feed(discord_message(900, 710, discord_user(20, "alice"), "psst")))
                    .empty());
    EXPECT_TRUE(feed(DiscordTypingStart{Snowflake{710}, Snowflake{700}, Snowflake{20}, 0}).empty());
    // Someone else in the room is still heard.
    EXPECT_EQ(effects_of<SendXmppMessage>(
                  feed(discord_message(901, 710, discord_user(30, "carol"), "hi")))
                  .size(),
              1u);
    EXPECT_EQ(presences(subscription("subscribe", kAlice)),
              std::vector<std::string>{std::string("unsubscribed ") + kAlice});
    // A login keeps them out of the roster, although they still have a DM with the user.
    EXPECT_TRUE(effects_of<SetXmppRoster>(feed(ready_with({DiscordRelationship{
                                              2, std::nullopt, discord_user(20, "alice")}})))
                    .empty());
}

TEST_F(Relationships, UnblockingADmPartnerMakesThemAContactAgain) {
    feed(rel(DiscordRelationship::kBlocked, 20, "alice"));
    auto roster = effects_of<SetXmppRoster>(feed(DiscordRelationshipRemove{Snowflake{20}, 2}));
    ASSERT_EQ(roster.size(), 1u);
    EXPECT_EQ(roster[0].item.subscription, "both");
}

// ---- read state -------------------------------------------------------------------------------

TEST_F(Relationships, ReadStateAtLoginMarksKnownDmMessagesDisplayed) {
    feed(discord_message(900, 500, discord_user(20, "alice"), "seen elsewhere"));
    const std::string xmpp_id = *session().messages.xmpp_id(Snowflake{900});
    DiscordReady again = ready_with({});
    again.read_state = std::vector<DiscordReadState>{{Snowflake{500}, Snowflake{900}},
                                                     {Snowflake{500}, Snowflake{12345}},  // unknown
                                                     {Snowflake{710}, Snowflake{900}}};   // a room
    auto carbons = effects_of<SendXmppCarbon>(feed(again));
    ASSERT_EQ(carbons.size(), 1u);
    EXPECT_EQ(carbons[0].displayed_id, xmpp_id);
    EXPECT_EQ(carbons[0].to, kAlice);
    // The next login's read state says nothing new.
    EXPECT_TRUE(effects_of<SendXmppCarbon>(feed(again)).empty());
}

// ---- THREAD_LIST_SYNC -------------------------------------------------------------------------

TEST_F(Relationships, ThreadListSyncMakesUnknownThreadsReachTheirRoom) {
    feed(XmppMucJoin{kClient, std::string(kRoom) + "/x", 0});
    DiscordChannel thread{Snowflake{730}, 11, "plans", Snowflake{700}, {}};
    thread.parent_id = Snowflake{710};
    EXPECT_TRUE(feed(DiscordThreadListSync{Snowflake{700}, {thread}}).empty());
    auto out = effects_of<SendXmppMessage>(
        feed(discord_message(950, 730, discord_user(30, "carol"), "in the thread")));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].from, std::string(kRoom) + "/carol");
    EXPECT_EQ(out[0].thread, "730");
}

TEST_F(Relationships, ThreadListSyncLeavesKnownThreadsAsTheyAre) {
    DiscordChannel thread{Snowflake{731}, 11, "known", Snowflake{700}, {}};
    feed(DiscordThreadCreate{thread, Snowflake{710}});
    DiscordChannel listed = thread;
    listed.parent_id = Snowflake{999};  // a parent the session has no room for
    feed(DiscordThreadListSync{Snowflake{700}, {listed}});
    EXPECT_EQ(session().thread_parent.at(Snowflake{731}), Snowflake{710});
}

// ---- presences that carry a profile -----------------------------------------------------------

TEST_F(Relationships, APresenceWithANewNameRenamesTheRosterItem) {
    DiscordUser renamed = discord_user(20, "alice");
    renamed.global_name = "Alice B";
    DiscordPresenceUpdate p{Snowflake{20}, std::nullopt, "online", std::nullopt};
    p.user = renamed;
    auto roster = effects_of<SetXmppRoster>(feed(p));
    ASSERT_EQ(roster.size(), 1u);
    EXPECT_EQ(roster[0].item.name, "Alice B");
    EXPECT_EQ(session().contacts.at(Snowflake{20}).user.global_name, "Alice B");
    EXPECT_TRUE(effects_of<SetXmppRoster>(feed(p)).empty());  // no change, no push
}

// ---- status 104 -------------------------------------------------------------------------------

TEST_F(Relationships, ARenamedChannelOrNewTopicTellsJoinedClients104) {
    feed(XmppMucJoin{kClient, std::string(kRoom) + "/x", 0});
    DiscordChannel general{Snowflake{710}, 0, "chat", Snowflake{700}, {}};
    general.topic = "say hi";
    general.parent_id = Snowflake{705};
    auto out = effects_of<SendXmppRoomStatus>(feed(DiscordChannelUpdate{general}));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].from, kRoom);
    EXPECT_EQ(out[0].to, kClient);
    EXPECT_EQ(out[0].status_codes, std::vector<int>{104});
    general.topic = "new topic";
    auto topic = feed(DiscordChannelUpdate{general});
    EXPECT_EQ(effects_of<SendXmppSubject>(topic).size(), 1u);
    EXPECT_EQ(effects_of<SendXmppRoomStatus>(topic).size(), 1u);
    EXPECT_TRUE(effects_of<SendXmppRoomStatus>(feed(DiscordChannelUpdate{general})).empty());
}

TEST_F(Relationships, ARenamedGuildTellsJoinedClients104) {
    feed(XmppMucJoin{kClient, std::string(kRoom) + "/x", 0});
    auto out = effects_of<SendXmppRoomStatus>(
        feed(DiscordGuildUpdate{Snowflake{700}, "Renamed", std::nullopt, std::nullopt}));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].status_codes, std::vector<int>{104});
    EXPECT_TRUE(effects_of<SendXmppRoomStatus>(
                    feed(DiscordGuildUpdate{Snowflake{700}, "Renamed", std::nullopt, std::nullopt}))
                    .empty());
}

}  // namespace
}  // namespace cordgate::core
