// Guild channels and group DMs as rooms: what exists, joining (occupants, self, history,
// subject), messages both ways with reflection, edits, deletes as moderation, members coming
// and going, and disco.

#include <tests/core/session_fixture.hpp>

#include <algorithm>

namespace cordgate::core {
namespace {

using tests::discord_user;
using tests::effects_of;

class Rooms : public tests::SessionFixture {
  protected:
    Effects join(const char* client = kClient, std::optional<int> history = 0) {
        return feed(XmppMucJoin{client, std::string(kRoom) + "/whatever", history});
    }
};

TEST_F(Rooms, GuildTextChannelsBecomeRoomsNamedByGuildAndCategory) {
    ASSERT_EQ(session().rooms.size(), 1u);
    const Room& room = session().rooms.at(Snowflake{710});
    EXPECT_EQ(room.name, "Guild/Text/#general");
    EXPECT_EQ(room.topic, "say hi");
    auto items = effects_of<SendXmppDiscoItems>(
        feed(XmppQuery{kClient, kGateway, "q1", "disco_items", std::nullopt}));
    ASSERT_EQ(items.size(), 1u);
    ASSERT_EQ(items[0].items.size(), 1u);
    EXPECT_EQ(items[0].items[0].jid, kRoom);
    auto info = effects_of<SendXmppDiscoInfo>(
        feed(XmppQuery{kClient, kRoom, "q2", "disco_info", std::nullopt}));
    ASSERT_EQ(info.size(), 1u);
    EXPECT_EQ(info[0].identities.at(0).category, "conference");
    EXPECT_NE(std::find(info[0].features.begin(), info[0].features.end(),
                        "http://jabber.org/protocol/muc"),
              info[0].features.end());
}

TEST_F(Rooms, JoiningShowsOccupantsWithRolesThenSelfThenSubject) {
    auto out = join();
    auto presences = effects_of<SendXmppMucPresence>(out);
    ASSERT_EQ(presences.size(), 3u);                            // Ali, carol, then the user
    EXPECT_EQ(presences[0].from, std::string(kRoom) + "/Ali");  // the guild nick
    EXPECT_EQ(presences[0].role, "moderator");                  // MANAGE_MESSAGES
    EXPECT_EQ(presences[0].affiliation, "member");
    EXPECT_EQ(presences[0].jid, kAlice);
    EXPECT_EQ(presences[1].from, std::string(kRoom) + "/carol");
    EXPECT_EQ(presences[1].affiliation, "owner");
    EXPECT_EQ(presences[2].from, std::string(kRoom) + "/romeo");
    EXPECT_EQ(presences[2].status_codes, (std::vector<int>{100, 110, 210}));
    auto subject = effects_of<SendXmppSubject>(out);
    ASSERT_EQ(subject.size(), 1u);
    EXPECT_EQ(subject[0].subject, "say hi");
    EXPECT_EQ(subject[0].to, kClient);
    // The subject is the last thing a join gets.
    EXPECT_TRUE(std::holds_alternative<SendXmppSubject>(out.back().payload));
}

TEST_F(Rooms, HistoryComesBeforeTheSubject) {
    auto out = join(kClient, 10);
    EXPECT_TRUE(effects_of<SendXmppSubject>(out).empty());
    auto fetch = effects_of<FetchDiscordHistory>(out);
    ASSERT_EQ(fetch.size(), 1u);
    EXPECT_EQ(fetch[0].channel_id, Snowflake{710});
    EXPECT_EQ(fetch[0].limit, 10);
    out =
        feed(DiscordChannelHistory{Snowflake{710},
                                   {discord_message(800, 710, discord_user(30, "carol"), "earlier"),
                                    discord_message(801, 710, discord_user(40, "erin"), "later")}});
    auto history = effects_of<SendXmppMessage>(out);
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[0].from, std::string(kRoom) + "/carol");
    EXPECT_EQ(history[0].delay_stamp, "2026-11-25T10:00:00.000000+00:00");
    EXPECT_EQ(history[1].from, std::string(kRoom) + "/erin");
    // erin was not in the member list: she arrives as an occupant first.
    EXPECT_EQ(effects_of<SendXmppMucPresence>(out).size(), 1u);
    EXPECT_TRUE(std::holds_alternative<SendXmppSubject>(out.back().payload));
}

TEST_F(Rooms, AFailedHistoryFetchStillCompletesTheJoin) {
    join(kClient, 10);
    auto out = feed(DiscordEffectFailed{state.last_discord_effect, "HTTP 403", 403});
    ASSERT_EQ(effects_of<SendXmppSubject>(out).size(), 1u);
    EXPECT_TRUE(effects_of<SendXmppMessage>(out).empty());  // no complaint to the user
}

TEST_F(Rooms, MessagesReachEveryJoinedClientFromTheAuthorsOccupantJid) {
    join(kClient);
    join("romeo@localhost/phone");
    auto out = effects_of<SendXmppMessage>(
        feed(discord_message(810, 710, discord_user(20, "alice"), "yo")));
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].from, std::string(kRoom) + "/Ali");
    EXPECT_EQ(out[0].message_type, "groupchat");
    EXPECT_EQ(out[0].id, out[1].id);
    EXPECT_EQ(out[0].stanza_id, "810");  // the Discord id: the archive's id too
    std::set<std::string> to{out[0].to, out[1].to};
    EXPECT_EQ(to, (std::set<std::string>{kClient, "romeo@localhost/phone"}));
}

TEST_F(Rooms, TheUsersMessageIsReflectedWhenDiscordHasIt) {
    join(kClient);
    auto out = feed(XmppMessage{kClient, kRoom, "groupchat", "g1", "o1", "hello all"});
    auto send = effects_of<SendDiscordMessage>(out);
    ASSERT_EQ(send.size(), 1u);
    EXPECT_EQ(send[0].channel_id, Snowflake{710});
    EXPECT_TRUE(effects_of<SendXmppMessage>(out).empty());
    auto echo = discord_message(811, 710, discord_user(1, "romeo"), "hello all");
    echo.nonce = send[0].nonce;
    auto reflected = effects_of<SendXmppMessage>(feed(echo));
    ASSERT_EQ(reflected.size(), 1u);
    EXPECT_EQ(reflected[0].from, std::string(kRoom) + "/romeo");
    EXPECT_EQ(reflected[0].origin_id, "o1");
    EXPECT_EQ(reflected[0].id, "o1");
}

TEST_F(Rooms, DeletesAreModeratedRetractionsAndEditsAreCorrections) {
    join(kClient);
    auto msg = effects_of<SendXmppMessage>(
                   feed(discord_message(812, 710, discord_user(30, "carol"), "oops")))
                   .at(0);
    DiscordMessageUpdate edit{Snowflake{812},
                              Snowflake{710},
                              Snowflake{700},
                              discord_user(30, "carol"),
                              "oops!",
                              "t",
                              {}};
    auto corr = effects_of<SendXmppMessage>(feed(edit));
    ASSERT_EQ(corr.size(), 1u);
    EXPECT_EQ(corr[0].replace_id, msg.id);
    EXPECT_EQ(corr[0].from, std::string(kRoom) + "/carol");
    auto gone = effects_of<SendXmppRetraction>(
        feed(DiscordMessageDelete{Snowflake{812}, Snowflake{710}, Snowflake{700}}));
    ASSERT_EQ(gone.size(), 1u);
    EXPECT_EQ(gone[0].from, kRoom);
    EXPECT_EQ(gone[0].moderated_by, kRoom);
    EXPECT_EQ(gone[0].retract_id, msg.stanza_id);  // XEP-0425 names the stanza-id
}

TEST_F(Rooms, MembersComeAndGoAndLeavingEndsDelivery) {
    join(kClient);
    auto came = effects_of<SendXmppMucPresence>(feed(DiscordGuildMemberUpdate{
        Snowflake{700}, DiscordMember{discord_user(50, "frank"), std::nullopt, {}}}));
    ASSERT_EQ(came.size(), 1u);
    EXPECT_EQ(came[0].from, std::string(kRoom) + "/frank");
    auto left = effects_of<SendXmppMucPresence>(
        feed(DiscordGuildMemberRemove{Snowflake{700}, discord_user(50, "frank")}));
    ASSERT_EQ(left.size(), 1u);
    EXPECT_EQ(left[0].presence_type, "unavailable");
    auto out = feed(XmppPresence{kClient, std::string(kRoom) + "/romeo", "unavailable",
                                 std::nullopt, std::nullopt, std::nullopt});
    ASSERT_EQ(effects_of<SendXmppMucPresence>(out).size(), 1u);
    EXPECT_TRUE(feed(discord_message(813, 710, discord_user(30, "carol"), "anyone?")).empty());
}

TEST_F(Rooms, GroupDmsAreRoomsTheUserIsInvitedTo) {
    DiscordChannel group{Snowflake{720},
                         3,
                         std::nullopt,
                         std::nullopt,
                         {discord_user(20, "alice"), discord_user(30, "carol")}};
    group.owner_id = Snowflake{20};
    auto invites = effects_of<SendXmppInvite>(feed(DiscordChannelCreate{group}));
    ASSERT_EQ(invites.size(), 1u);
    EXPECT_EQ(invites[0].room, "720@discord.localhost");
    EXPECT_EQ(invites[0].to, kUser);
    EXPECT_EQ(session().rooms.at(Snowflake{720}).name, "alice, carol");
    auto out =
        effects_of<SendXmppMucPresence>(feed(XmppMucJoin{kClient, "720@discord.localhost/me", 0}));
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(out[0].affiliation, "owner");  // alice owns the group DM
}

TEST_F(Rooms, GroupDmsAreBookmarkedWhenTheServerAllowsPublishing) {
    // The XEP-0356 IQ permission for pubsub sets: the room goes to the user's bookmarks instead.
    feed(XmppPrivileges{"localhost",
                        "urn:xmpp:privilege:2",
                        {XmppPermission{"roster", "both", {}},
                         XmppPermission{"iq", "", {"http://jabber.org/protocol/pubsub=set"}}}},
         "");
    DiscordChannel group{Snowflake{720}, 3, "plans", std::nullopt, {discord_user(30, "carol")}};
    Effects out = feed(DiscordChannelCreate{group});
    EXPECT_TRUE(effects_of<SendXmppInvite>(out).empty());
    auto marks = effects_of<SetXmppBookmark>(out);
    ASSERT_EQ(marks.size(), 1u);
    EXPECT_EQ(marks[0].user, kUser);
    EXPECT_EQ(marks[0].room, "720@discord.localhost");
    EXPECT_EQ(marks[0].name, "plans");
    EXPECT_TRUE(marks[0].autojoin);
    // Reading or publishing other namespaces is not enough.
    feed(XmppPrivileges{"localhost",
                        "urn:xmpp:privilege:2",
                        {XmppPermission{"iq", "", {"http://jabber.org/protocol/pubsub=get"}}}},
         "");
    group.id = Snowflake{721};
    out = feed(DiscordChannelCreate{group});
    EXPECT_TRUE(effects_of<SetXmppBookmark>(out).empty());
    EXPECT_EQ(effects_of<SendXmppInvite>(out).size(), 1u);
}

TEST_F(Rooms, ThreadMessagesGoToTheParentRoomWithAThread) {
    join(kClient);
    feed(DiscordThreadCreate{DiscordChannel{Snowflake{730}, 11, "topic", Snowflake{700}, {}},
                             Snowflake{710}});
    auto m = discord_message(814, 730, discord_user(30, "carol"), "in a thread");
    m.guild_id = Snowflake{700};
    auto out = effects_of<SendXmppMessage>(feed(m));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].thread, "730");
    XmppMessage answer{kClient, kRoom, "groupchat", "g2", std::nullopt, "reply in thread"};
    answer.thread = "730";
    EXPECT_EQ(effects_of<SendDiscordMessage>(feed(answer)).at(0).channel_id, Snowflake{730});
}

TEST_F(Rooms, OccupantsShowTheirDiscordPresence) {
    // carol is a guild member, not a friend: her presence exists only as an occupant's.
    EXPECT_TRUE(feed(DiscordPresenceUpdate{Snowflake{30}, Snowflake{700}, "dnd", "in a meeting"})
                    .empty());  // nobody has joined yet: learnt, not told
    auto out = join();
    auto carol = effects_of<SendXmppMucPresence>(out).at(1);
    EXPECT_EQ(carol.from, std::string(kRoom) + "/carol");
    EXPECT_EQ(carol.show, "dnd");
    EXPECT_EQ(carol.status, "in a meeting");
    // A change reaches the joined client; the same presence again (once per shared guild) does not.
    auto update = effects_of<SendXmppMucPresence>(
        feed(DiscordPresenceUpdate{Snowflake{30}, Snowflake{700}, "idle", std::nullopt}));
    ASSERT_EQ(update.size(), 1u);
    EXPECT_EQ(update[0].to, kClient);
    EXPECT_EQ(update[0].show, "away");
    EXPECT_FALSE(update[0].status);
    EXPECT_FALSE(update[0].presence_type);
    EXPECT_TRUE(
        effects_of<SendXmppMucPresence>(
            feed(DiscordPresenceUpdate{Snowflake{30}, Snowflake{700}, "idle", std::nullopt}))
            .empty());
}

TEST_F(Rooms, TheUsersCorrectionIsReflectedWithItsIdWhenDiscordHasIt) {
    join(kClient);
    auto send = effects_of<SendDiscordMessage>(
        feed(XmppMessage{kClient, kRoom, "groupchat", "g1", "o1", "helo"}));
    auto echo = discord_message(815, 710, discord_user(1, "romeo"), "helo");
    echo.nonce = send.at(0).nonce;
    feed(echo);
    XmppCorrection fix{kClient, kRoom, "groupchat", "c1", "o1", "hello"};
    auto out = feed(fix);
    auto edits = effects_of<EditDiscordMessage>(out);
    ASSERT_EQ(edits.size(), 1u);
    EXPECT_EQ(edits[0].message_id, Snowflake{815});
    EXPECT_TRUE(effects_of<SendXmppMessage>(out).empty());  // not before Discord has it
    DiscordMessageUpdate upd{
        Snowflake{815}, Snowflake{710}, Snowflake{700}, discord_user(1, "romeo"), "hello", "t", {}};
    auto reflected = effects_of<SendXmppMessage>(feed(upd));
    ASSERT_EQ(reflected.size(), 1u);
    EXPECT_EQ(reflected[0].from, std::string(kRoom) + "/romeo");
    EXPECT_EQ(reflected[0].to, kClient);
    EXPECT_EQ(reflected[0].id, "c1");
    EXPECT_EQ(reflected[0].replace_id, "o1");
    EXPECT_EQ(reflected[0].body, "hello");
    EXPECT_EQ(reflected[0].message_type, "groupchat");
}

TEST_F(Rooms, ATopicChangeIsANewSubjectForJoinedClients) {
    join(kClient);
    DiscordChannel general{Snowflake{710}, 0, "general", Snowflake{700}, {}};
    general.topic = "new rules";
    general.parent_id = Snowflake{705};
    auto subject = effects_of<SendXmppSubject>(feed(DiscordChannelUpdate{general}));
    ASSERT_EQ(subject.size(), 1u);
    EXPECT_EQ(subject[0].from, kRoom);
    EXPECT_EQ(subject[0].to, kClient);
    EXPECT_EQ(subject[0].subject, "new rules");
    EXPECT_EQ(session().rooms.at(Snowflake{710}).topic, "new rules");
    // A rename alone keeps the subject: nothing to tell.
    general.name = "chat";
    EXPECT_TRUE(effects_of<SendXmppSubject>(feed(DiscordChannelUpdate{general})).empty());
}

TEST_F(Rooms, AJoinToAnUnknownRoomIsRefusedWithItemNotFound) {
    auto out = effects_of<SendXmppMucPresence>(
        feed(XmppMucJoin{kClient, "999@discord.localhost/romeo", std::nullopt}));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].from, "999@discord.localhost/romeo");
    EXPECT_EQ(out[0].to, kClient);
    EXPECT_EQ(out[0].presence_type, "error");
    EXPECT_EQ(out[0].error_condition, "item-not-found");
    EXPECT_TRUE(out[0].status_codes.empty());
    // Not a room either: a join to a contact's puppet, or to a name that is no snowflake.
    EXPECT_EQ(effects_of<SendXmppMucPresence>(
                  feed(XmppMucJoin{kClient, "not-a-channel@discord.localhost/r", 0}))
                  .at(0)
                  .error_condition,
              "item-not-found");
    EXPECT_TRUE(session().rooms.at(Snowflake{710}).joined.empty());
}

}  // namespace
}  // namespace cordgate::core
