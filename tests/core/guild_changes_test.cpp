// What changes a session's rooms and contacts after READY: a guild left (or hidden by an
// outage), renamed, its roles; threads updated and deleted; group DM recipients coming and
// going; a friend's nickname.

#include <tests/core/session_fixture.hpp>

namespace cordgate::core {
namespace {

using tests::discord_user;
using tests::effects_of;

class GuildChanges : public tests::SessionFixture {
  protected:
    void join(const char* room = kRoom) { feed(XmppMucJoin{kClient, std::string(room) + "/x", 0}); }
    std::vector<DiscoItem> listed() {
        return effects_of<SendXmppDiscoItems>(
                   feed(XmppQuery{kClient, kGateway, "q", "disco_items", std::nullopt}))
            .at(0)
            .items;
    }
    void group_dm() {
        DiscordChannel group{Snowflake{720}, 3, "plans", std::nullopt,
                             {discord_user(20, "alice"), discord_user(30, "carol")}};
        feed(DiscordChannelCreate{group});
    }
};

TEST_F(GuildChanges, LeavingAGuildDestroysItsRoomsAndUnlistsThem) {
    join();
    // Discord may tell the user's session of its own GUILD_MEMBER_REMOVE first: the destroy
    // that follows says it all.
    EXPECT_TRUE(feed(DiscordGuildMemberRemove{Snowflake{700}, discord_user(1, "romeo")}).empty());
    auto out = effects_of<SendXmppMucPresence>(feed(DiscordGuildDelete{Snowflake{700}, false}));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].from, std::string(kRoom) + "/romeo");
    EXPECT_EQ(out[0].to, kClient);
    EXPECT_EQ(out[0].presence_type, "unavailable");
    EXPECT_EQ(out[0].affiliation, "none");
    EXPECT_EQ(out[0].role, "none");
    EXPECT_EQ(out[0].status_codes, std::vector<int>{110});
    EXPECT_EQ(out[0].destroy_reason, "You are no longer in Guild on Discord.");
    EXPECT_TRUE(listed().empty());
    EXPECT_FALSE(session().guilds.count(Snowflake{700}));
    // Its messages no longer reach anyone, and a join is refused as for any unknown room.
    EXPECT_TRUE(feed(discord_message(840, 710, discord_user(30, "carol"), "hello?")).empty());
    auto refused = effects_of<SendXmppMucPresence>(feed(XmppMucJoin{kClient, std::string(kRoom) + "/x", 0}));
    ASSERT_EQ(refused.size(), 1u);
    EXPECT_EQ(refused[0].error_condition, "item-not-found");
}

TEST_F(GuildChanges, AnOutageKeepsTheRooms) {
    join();
    EXPECT_TRUE(feed(DiscordGuildDelete{Snowflake{700}, true}).empty());
    EXPECT_EQ(listed().size(), 1u);
    EXPECT_EQ(effects_of<SendXmppMessage>(
                  feed(discord_message(841, 710, discord_user(30, "carol"), "still here")))
                  .size(),
              1u);
}

TEST_F(GuildChanges, DeletingAChannelDestroysItsRoom) {
    join();
    DiscordChannel general{Snowflake{710}, 0, "general", Snowflake{700}, {}};
    auto out = effects_of<SendXmppMucPresence>(feed(DiscordChannelDelete{general}));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].destroy_reason, "The channel was deleted on Discord.");
    EXPECT_TRUE(listed().empty());
}

TEST_F(GuildChanges, ARenamedGuildRenamesItsRooms) {
    feed(DiscordGuildUpdate{Snowflake{700}, "Renamed", Snowflake{30}, std::nullopt});
    auto items = listed();
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].name, "Renamed/Text/#general");
    EXPECT_EQ(session().guilds.at(Snowflake{700}).name, "Renamed");
}

TEST_F(GuildChanges, RoleChangesKeepTheTableAndShowNewAffiliations) {
    join();
    // carol (owner) and alice (mods: MANAGE_MESSAGES) keep theirs; romeo is the user himself.
    auto out = effects_of<SendXmppMucPresence>(feed(
        DiscordGuildRoleUpdate{Snowflake{700}, DiscordRole{Snowflake{701}, "admins", "8"}}));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].from, std::string(kRoom) + "/Ali");
    EXPECT_EQ(out[0].affiliation, "admin");
    EXPECT_EQ(out[0].role, "moderator");
    EXPECT_EQ(session().guilds.at(Snowflake{700}).roles.at(Snowflake{701}).name, "admins");
    // A new role nobody has changes nothing anyone sees.
    EXPECT_TRUE(feed(DiscordGuildRoleUpdate{Snowflake{700},
                                            DiscordRole{Snowflake{702}, "new", "8"}})
                    .empty());
    EXPECT_EQ(session().guilds.at(Snowflake{700}).roles.size(), 3u);
    out = effects_of<SendXmppMucPresence>(
        feed(DiscordGuildRoleDelete{Snowflake{700}, Snowflake{701}}));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].affiliation, "member");
    EXPECT_EQ(out[0].role, "participant");
    EXPECT_FALSE(session().guilds.at(Snowflake{700}).roles.count(Snowflake{701}));
}

TEST_F(GuildChanges, GroupDmRecipientsJoinAndLeaveAsOccupants) {
    group_dm();
    join("720@discord.localhost");
    auto came = effects_of<SendXmppMucPresence>(
        feed(DiscordChannelRecipientAdd{Snowflake{720}, discord_user(40, "dave")}));
    ASSERT_EQ(came.size(), 1u);
    EXPECT_EQ(came[0].from, "720@discord.localhost/dave");
    EXPECT_FALSE(came[0].presence_type);
    EXPECT_EQ(came[0].jid, "40@discord.localhost");
    auto left = effects_of<SendXmppMucPresence>(
        feed(DiscordChannelRecipientRemove{Snowflake{720}, discord_user(30, "carol")}));
    ASSERT_EQ(left.size(), 1u);
    EXPECT_EQ(left[0].from, "720@discord.localhost/carol");
    EXPECT_EQ(left[0].presence_type, "unavailable");
    EXPECT_EQ(left[0].role, "none");
    EXPECT_FALSE(session().rooms.at(Snowflake{720}).members.count(Snowflake{30}));
    // The user removed from the group DM: the room is gone for them.
    auto gone = effects_of<SendXmppMucPresence>(
        feed(DiscordChannelRecipientRemove{Snowflake{720}, discord_user(1, "romeo")}));
    ASSERT_EQ(gone.size(), 1u);
    EXPECT_TRUE(gone[0].destroy_reason);
    EXPECT_FALSE(session().rooms.count(Snowflake{720}));
}

TEST_F(GuildChanges, ThreadsUpdatedAreKnownAndDeletedAreForgotten) {
    join();
    // A thread the READY did not list (user accounts get only joined ones) becomes known.
    DiscordChannel thread{Snowflake{731}, 11, "later", Snowflake{700}, {}};
    thread.parent_id = Snowflake{710};
    EXPECT_TRUE(feed(DiscordThreadUpdate{thread}).empty());
    auto m = discord_message(842, 731, discord_user(30, "carol"), "in the thread");
    m.guild_id = Snowflake{700};
    auto out = effects_of<SendXmppMessage>(feed(m));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].thread, "731");
    EXPECT_TRUE(feed(DiscordThreadDelete{thread}).empty());
    EXPECT_FALSE(session().thread_parent.count(Snowflake{731}));
}

TEST_F(GuildChanges, AFriendsNewNicknameRenamesTheRosterItem) {
    auto out = effects_of<SetXmppRoster>(
        feed(DiscordRelationshipUpdate{Snowflake{20}, 1, "Allie"}));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].item.jid, kAlice);
    EXPECT_EQ(out[0].item.name, "Allie");
    EXPECT_EQ(out[0].item.subscription, "both");
    // The same nickname again, or a stranger's, changes nothing.
    EXPECT_TRUE(feed(DiscordRelationshipUpdate{Snowflake{20}, 1, "Allie"}).empty());
    EXPECT_TRUE(feed(DiscordRelationshipUpdate{Snowflake{99}, 1, "who"}).empty());
    // Cleared: the roster name falls back to the display name.
    out = effects_of<SetXmppRoster>(
        feed(DiscordRelationshipUpdate{Snowflake{20}, 1, std::nullopt}));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].item.name, "alice");
}

}  // namespace
}  // namespace cordgate::core
