// Following guilds like the official client (discord.subscribe_guild) and room occupants from
// the member sidebar (discord.member_list_update): who arrives, leaves and shows a presence.

#include <tests/core/session_fixture.hpp>

#include <algorithm>

namespace cordgate::core {
namespace {

using tests::discord_user;
using tests::effects_of;

DiscordListItem group(const char* id) {
    return DiscordListItem{id, std::nullopt};
}

DiscordListItem listed(std::uint64_t id, const char* name, const char* status,
                       std::optional<std::string> custom = std::nullopt) {
    return DiscordListItem{
        std::nullopt, DiscordListMember{DiscordMember{discord_user(id, name), std::nullopt, {}},
                                        status, std::move(custom)}};
}

DiscordListOp sync(std::vector<DiscordListItem> items) {
    return DiscordListOp{MemberListOpKind::sync, 0, 99, std::nullopt, std::move(items)};
}

DiscordListOp at(MemberListOpKind kind, int index,
                 std::optional<DiscordListItem> item = std::nullopt) {
    DiscordListOp op{kind, std::nullopt, std::nullopt, index, {}};
    if (item) op.items.push_back(*item);
    return op;
}

DiscordMemberListUpdate list(std::vector<DiscordListOp> ops, const char* id = "everyone") {
    return DiscordMemberListUpdate{Snowflake{700}, id, 500, 3, std::move(ops)};
}

std::vector<std::string> froms(const std::vector<SendXmppMucPresence>& ps) {
    std::vector<std::string> out;
    for (const auto& p : ps)
        out.push_back(p.from + (p.presence_type ? ":" + *p.presence_type : ""));
    return out;
}

class Sidebar : public tests::SessionFixture {
  protected:
    static constexpr const char* kSecond = "romeo@localhost/phone";

    Effects join(const char* client = kClient) {
        return feed(XmppMucJoin{client, std::string(kRoom) + "/whatever", 0});
    }
    Effects leave(const char* client = kClient) {
        return feed(XmppPresence{client, std::string(kRoom) + "/romeo", "unavailable", std::nullopt,
                                 std::nullopt, std::nullopt});
    }
    // The sidebar Discord sends first: the online group with bob and dave, then offline eve.
    Effects first_sync() {
        return feed(list(
            {sync({group("online"), listed(40, "bob", "online"), listed(41, "dave", "dnd", "busy"),
                   group("offline"), listed(42, "eve", "offline")})}));
    }
};

TEST_F(Sidebar, JoiningAGuildRoomSubscribesToTheGuildAndTheRoomsFirstRange) {
    auto subs = effects_of<SubscribeDiscordGuild>(join());
    ASSERT_EQ(subs.size(), 1u);
    EXPECT_EQ(subs[0].guild_id, Snowflake{700});
    EXPECT_TRUE(subs[0].typing);
    EXPECT_TRUE(subs[0].activities);
    EXPECT_TRUE(subs[0].threads);
    ASSERT_EQ(subs[0].channels.size(), 1u);
    EXPECT_EQ(subs[0].channels[0].channel_id, Snowflake{710});
    ASSERT_EQ(subs[0].channels[0].ranges.size(), 1u);
    EXPECT_EQ(subs[0].channels[0].ranges[0].first, 0);
    EXPECT_EQ(subs[0].channels[0].ranges[0].last, 99);
    // A second client in the same room changes nothing Discord needs to know.
    EXPECT_TRUE(effects_of<SubscribeDiscordGuild>(join(kSecond)).empty());
}

TEST_F(Sidebar, LeavingTheLastClientDropsTheChannelRangesAndTheSidebar) {
    join();
    join(kSecond);
    first_sync();
    EXPECT_TRUE(effects_of<SubscribeDiscordGuild>(leave(kSecond)).empty());
    auto subs = effects_of<SubscribeDiscordGuild>(leave());
    ASSERT_EQ(subs.size(), 1u);
    EXPECT_TRUE(subs[0].channels.empty());
    EXPECT_TRUE(subs[0].typing);  // the guild's typing and presences stay followed
    const Guild& guild = session().guilds.at(Snowflake{700});
    EXPECT_TRUE(!guild.sidebars || guild.sidebars->empty());
    EXPECT_FALSE(guild.members.contains(Snowflake{40}));  // known only from the sidebar
    EXPECT_TRUE(guild.members.contains(Snowflake{30}));   // from READY: kept
}

TEST_F(Sidebar, ReadySubscribesAgainForRoomsAlreadyJoined) {
    DiscordReady again{discord_user(1, "romeo"), {}, {}};
    EXPECT_TRUE(effects_of<SubscribeDiscordGuild>(feed(again)).empty());  // nothing joined
    join();
    auto subs = effects_of<SubscribeDiscordGuild>(feed(again));
    ASSERT_EQ(subs.size(), 1u);
    EXPECT_EQ(subs[0].channels.at(0).channel_id, Snowflake{710});
}

TEST_F(Sidebar, OneChannelPerSidebarAndAtMostFiveSidebarsPerGuild) {
    // Channels 711-717: 711 shares the "everyone" list with 710, the others have their own.
    for (std::uint64_t id = 711; id <= 717; ++id) {
        DiscordChannel c{Snowflake{id}, 0, "more", Snowflake{700}, {}};
        if (id > 711) c.member_list_id = "list" + std::to_string(id);
        feed(DiscordChannelCreate{c});
    }
    join();
    std::vector<SubscribeDiscordGuild> last;
    for (std::uint64_t id = 711; id <= 717; ++id) {
        auto subs = effects_of<SubscribeDiscordGuild>(
            feed(XmppMucJoin{kClient, std::to_string(id) + "@discord.localhost/r", 0}));
        if (!subs.empty()) last = subs;
        if (id == 711) {
            EXPECT_TRUE(subs.empty());  // its sidebar is followed through 710
        }
    }
    ASSERT_EQ(last.size(), 1u);
    std::vector<std::uint64_t> channels;
    for (const auto& c : last[0].channels) channels.push_back(c.channel_id.value);
    EXPECT_EQ(channels, (std::vector<std::uint64_t>{710, 712, 713, 714, 715}));
}

TEST_F(Sidebar, TheSyncBringsListedMembersAsOccupantsWithTheirPresence) {
    join();
    auto presences = effects_of<SendXmppMucPresence>(first_sync());
    EXPECT_EQ(froms(presences),
              (std::vector<std::string>{std::string(kRoom) + "/bob", std::string(kRoom) + "/dave",
                                        std::string(kRoom) + "/eve"}));
    EXPECT_FALSE(presences[0].show);
    EXPECT_EQ(presences[1].show, "dnd");
    EXPECT_EQ(presences[1].status, "busy");
    // A second client joining now gets them with the members READY gave (alice, carol).
    auto second = effects_of<SendXmppMucPresence>(join(kSecond));
    EXPECT_EQ(second.size(), 6u);  // Ali, carol, bob, dave, eve, then self
    // The same sync again is no news.
    EXPECT_TRUE(effects_of<SendXmppMucPresence>(first_sync()).empty());
}

TEST_F(Sidebar, InsertUpdateDeleteAndInvalidateChangeTheOccupants) {
    join();
    first_sync();
    // frank comes online: inserted after dave.
    auto in = effects_of<SendXmppMucPresence>(
        feed(list({at(MemberListOpKind::insert, 3, listed(43, "frank", "online"))})));
    EXPECT_EQ(froms(in), (std::vector<std::string>{std::string(kRoom) + "/frank"}));
    // bob goes idle.
    auto up = effects_of<SendXmppMucPresence>(
        feed(list({at(MemberListOpKind::update, 1, listed(40, "bob", "idle"))})));
    ASSERT_EQ(up.size(), 1u);
    EXPECT_EQ(up[0].show, "away");
    // dave leaves the list (he left the guild): unavailable.
    auto del = effects_of<SendXmppMucPresence>(feed(list({at(MemberListOpKind::remove, 2)})));
    EXPECT_EQ(froms(del), (std::vector<std::string>{std::string(kRoom) + "/dave:unavailable"}));
    EXPECT_FALSE(session().guilds.at(Snowflake{700}).members.contains(Snowflake{41}));
    // A range no longer followed: the members only it listed leave.
    auto inv = effects_of<SendXmppMucPresence>(
        feed(list({DiscordListOp{MemberListOpKind::invalidate, 0, 99, std::nullopt, {}}})));
    EXPECT_EQ(froms(inv), (std::vector<std::string>{std::string(kRoom) + "/bob:unavailable",
                                                    std::string(kRoom) + "/eve:unavailable",
                                                    std::string(kRoom) + "/frank:unavailable"}));
}

TEST_F(Sidebar, MembersFromReadyStayWhenTheSidebarDropsThemSpeakersDoNot) {
    join();
    // carol (from READY) is listed, then deleted from the list: she stays an occupant.
    feed(list({sync({group("online"), listed(30, "carol", "online")})}));
    EXPECT_TRUE(
        effects_of<SendXmppMucPresence>(feed(list({at(MemberListOpKind::remove, 1)}))).empty());
    // gus, in no sidebar, speaks: an occupant from his message on.
    auto spoke = effects_of<SendXmppMucPresence>(
        feed(discord_message(900, 710, discord_user(44, "gus"), "hi")));
    EXPECT_EQ(froms(spoke), (std::vector<std::string>{std::string(kRoom) + "/gus"}));
    // Then the sidebar lists him (his status is known from now on), and drops him: he leaves,
    // as the sidebar says.
    auto listed_now = effects_of<SendXmppMucPresence>(
        feed(list({at(MemberListOpKind::insert, 1, listed(44, "gus", "online"))})));
    EXPECT_EQ(froms(listed_now), (std::vector<std::string>{std::string(kRoom) + "/gus"}));
    EXPECT_TRUE(effects_of<SendXmppMucPresence>(
                    feed(discord_message(901, 710, discord_user(44, "gus"), "bye")))
                    .empty());
    auto gone = effects_of<SendXmppMucPresence>(feed(list({at(MemberListOpKind::remove, 1)})));
    EXPECT_EQ(froms(gone), (std::vector<std::string>{std::string(kRoom) + "/gus:unavailable"}));
    EXPECT_TRUE(session().guilds.at(Snowflake{700}).members.contains(Snowflake{30}));
}

TEST_F(Sidebar, ASidebarOfAnotherListOrOfARoomNobodyJoinedIsNotKept) {
    EXPECT_TRUE(feed(list({sync({listed(40, "bob", "online")})})).empty());
    join();
    EXPECT_TRUE(feed(list({sync({listed(40, "bob", "online")})}, "123456")).empty());
    EXPECT_FALSE(session().guilds.at(Snowflake{700}).members.contains(Snowflake{40}));
}

TEST_F(Sidebar, APresenceOfAListedMemberUpdatesTheirOccupant) {
    join();
    first_sync();
    auto out = effects_of<SendXmppMucPresence>(
        feed(DiscordPresenceUpdate{Snowflake{40}, Snowflake{700}, "dnd", "in a call"}));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].from, std::string(kRoom) + "/bob");
    EXPECT_EQ(out[0].show, "dnd");
    EXPECT_EQ(out[0].status, "in a call");
    // Someone in no sidebar and not otherwise known shows nowhere.
    EXPECT_TRUE(effects_of<SendXmppMucPresence>(
                    feed(DiscordPresenceUpdate{Snowflake{77}, Snowflake{700}, "online", {}}))
                    .empty());
}

TEST_F(Sidebar, OpsOutsideTheFollowedRangeAreIgnored) {
    join();
    first_sync();
    EXPECT_TRUE(effects_of<SendXmppMucPresence>(
                    feed(list({at(MemberListOpKind::insert, 100000, listed(50, "x", "online")),
                               at(MemberListOpKind::update, -1, listed(51, "y", "online"))})))
                    .empty());
    const auto& rows = session().guilds.at(Snowflake{700}).sidebars->at("everyone").rows;
    EXPECT_EQ(rows.size(), 5u);
}

}  // namespace
}  // namespace cordgate::core
