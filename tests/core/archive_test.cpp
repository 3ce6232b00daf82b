// The room archive: what it keeps of a room's messages (live, edited, deleted, fetched), the
// XEP-0313 pages it answers with RSM both ways, the holes it asks Discord to fill, and joins
// served from it.

#include <core/archive/room_archive.hpp>
#include <core/archive/time_bounds.hpp>
#include <tests/core/session_fixture.hpp>

namespace cordgate::core {
namespace {

using tests::discord_user;
using tests::effects_of;

class Archive : public tests::SessionFixture {
  protected:
    // Message i of room 710, from alice, at 2026-01-01T00:00:i Z (1767225600000 ms).
    static Snowflake id_of(int i) {
        return archive::first_snowflake_at(1767225600000 + std::int64_t{i} * 1000);
    }

    DiscordMessageCreate message(int i) {
        DiscordMessageCreate m;
        m.id = id_of(i);
        m.channel_id = Snowflake{710};
        m.guild_id = Snowflake{700};
        m.author = discord_user(20, "alice");
        m.content = "message " + std::to_string(i);
        m.timestamp = "2026-01-01T00:00:" + std::string(i < 10 ? "0" : "") + std::to_string(i) +
                      ".000000+00:00";
        return m;
    }

    void say(int from, int to) {
        for (int i = from; i <= to; ++i) feed(message(i));
    }

    Effects query(XmppArchiveQuery q) {
        q.from = kClient;
        q.to = kRoom;
        q.iq_id = "q" + std::to_string(position);
        return feed(std::move(q));
    }

    static std::vector<std::string> bodies(const Effects& out) {
        std::vector<std::string> found;
        for (const auto& r : effects_of<SendXmppArchived>(out)) {
            found.push_back(r.message.body.value_or("<none>"));
        }
        return found;
    }
};

TEST_F(Archive, KeepsEveryRoomMessageEvenWithNoClientJoined) {
    say(1, 3);
    archive::RoomRef room{kUser, Snowflake{710}};
    EXPECT_EQ(archive::meta(archive, room).count, 3u);
    auto kept = archive::find(archive, room, id_of(2));
    ASSERT_TRUE(kept);
    EXPECT_EQ(kept->message.body, "message 2");
    EXPECT_EQ(kept->message.from, std::string(kRoom) + "/Ali");
    EXPECT_EQ(kept->message.stanza_id, id_of(2).str());
    EXPECT_EQ(kept->message.to, "");
}

TEST_F(Archive, PagesForwardFromTheStartWithRsmAfter) {
    say(1, 7);
    XmppArchiveQuery q;
    q.max = 3;
    q.page_before.reset();
    // The archive holds the channel from message 1 once Discord said there is nothing older.
    archive::mark_from_beginning(archive, archive::RoomRef{kUser, Snowflake{710}});
    auto first = query(q);
    EXPECT_EQ(bodies(first), (std::vector<std::string>{"message 1", "message 2", "message 3"}));
    auto fin = effects_of<SendXmppArchiveFin>(first);
    ASSERT_EQ(fin.size(), 1u);
    EXPECT_FALSE(fin[0].complete);
    EXPECT_EQ(fin[0].last, id_of(3).str());
    q.page_after = fin[0].last;
    auto second = query(q);
    EXPECT_EQ(bodies(second), (std::vector<std::string>{"message 4", "message 5", "message 6"}));
    q.page_after = effects_of<SendXmppArchiveFin>(second)[0].last;
    auto third = query(q);
    EXPECT_EQ(bodies(third), (std::vector<std::string>{"message 7"}));
    EXPECT_TRUE(effects_of<SendXmppArchiveFin>(third)[0].complete);
}

TEST_F(Archive, PagesBackFromTheEndWithRsmBefore) {
    say(1, 5);
    archive::mark_from_beginning(archive, archive::RoomRef{kUser, Snowflake{710}});
    XmppArchiveQuery q;
    q.max = 2;
    q.page_before = "";
    auto last = query(q);
    EXPECT_EQ(bodies(last), (std::vector<std::string>{"message 4", "message 5"}));
    auto fin = effects_of<SendXmppArchiveFin>(last)[0];
    EXPECT_FALSE(fin.complete);
    EXPECT_EQ(fin.first, id_of(4).str());
    q.page_before = fin.first;
    auto earlier = query(q);
    EXPECT_EQ(bodies(earlier), (std::vector<std::string>{"message 2", "message 3"}));
    q.page_before = effects_of<SendXmppArchiveFin>(earlier)[0].first;
    auto first = query(q);
    EXPECT_EQ(bodies(first), (std::vector<std::string>{"message 1"}));
    EXPECT_TRUE(effects_of<SendXmppArchiveFin>(first)[0].complete);
}

TEST_F(Archive, TimeBoundsAndFlipPage) {
    say(1, 9);
    XmppArchiveQuery q;
    q.start = "2026-01-01T00:00:03Z";
    q.end = "2026-01-01T00:00:05.000Z";
    auto out = query(q);
    EXPECT_EQ(bodies(out), (std::vector<std::string>{"message 3", "message 4", "message 5"}));
    EXPECT_TRUE(effects_of<SendXmppArchiveFin>(out)[0].complete);
    q.flip_page = true;
    EXPECT_EQ(bodies(query(q)), (std::vector<std::string>{"message 5", "message 4", "message 3"}));
}

TEST_F(Archive, ResultsShowTheLatestCorrectionAndRetractionsAsTombstones) {
    say(1, 3);
    DiscordMessageUpdate edit;
    edit.id = id_of(2);
    edit.channel_id = Snowflake{710};
    edit.guild_id = Snowflake{700};
    edit.author = discord_user(20, "alice");
    edit.content = "message 2, edited";
    edit.edited_timestamp = "2026-01-01T00:01:00.000000+00:00";
    feed(edit);
    feed(DiscordMessageDelete{id_of(3), Snowflake{710}, Snowflake{700}});
    archive::mark_from_beginning(archive, archive::RoomRef{kUser, Snowflake{710}});
    XmppArchiveQuery q;
    auto out = query(q);
    EXPECT_EQ(bodies(out), (std::vector<std::string>{"message 1", "message 2, edited", "<none>"}));
}

TEST_F(Archive, WithKeepsOneOccupantsOrOneDiscordUsersMessages) {
    // Alice (nick Ali), carol, alice, romeo himself (from the official app), carol.
    const int authors[] = {20, 30, 20, 1, 30};
    const char* names[] = {"alice", "carol", "alice", "romeo", "carol"};
    for (int i = 1; i <= 5; ++i) {
        DiscordMessageCreate m = message(i);
        m.author = discord_user(authors[i - 1], names[i - 1]);
        feed(m);
    }
    archive::mark_from_beginning(archive, archive::RoomRef{kUser, Snowflake{710}});
    XmppArchiveQuery q;
    q.with = std::string(kRoom) + "/Ali";
    EXPECT_EQ(bodies(query(q)), (std::vector<std::string>{"message 1", "message 3"}));
    q.with = "30@discord.localhost";
    EXPECT_EQ(bodies(query(q)), (std::vector<std::string>{"message 2", "message 5"}));
    q.with = kUser;
    EXPECT_EQ(bodies(query(q)), (std::vector<std::string>{"message 4"}));
    // Paging counts only what matches: max 1 back from the end gives carol's last, then her
    // first, and the page before that is complete.
    q.with = "30@discord.localhost";
    q.max = 1;
    q.page_before = "";
    auto last = query(q);
    EXPECT_EQ(bodies(last), (std::vector<std::string>{"message 5"}));
    q.page_before = effects_of<SendXmppArchiveFin>(last)[0].first;
    auto earlier = query(q);
    EXPECT_EQ(bodies(earlier), (std::vector<std::string>{"message 2"}));
    EXPECT_TRUE(effects_of<SendXmppArchiveFin>(earlier)[0].complete);

    q = XmppArchiveQuery{};
    q.with = "someone@elsewhere.example";
    auto none = query(q);
    EXPECT_TRUE(bodies(none).empty());
    ASSERT_EQ(effects_of<SendXmppArchiveFin>(none).size(), 1u);
    q.with = "@bad";
    auto bad = effects_of<SendXmppIqError>(query(q));
    ASSERT_EQ(bad.size(), 1u);
    EXPECT_EQ(bad[0].condition, "jid-malformed");
}

TEST_F(Archive, UnknownIdsAndBadTimesAreRefused) {
    say(1, 2);
    XmppArchiveQuery q;
    q.page_after = "123";  // no such message kept
    auto errors = effects_of<SendXmppIqError>(query(q));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].condition, "item-not-found");
    XmppArchiveQuery t;
    t.start = "yesterday";
    errors = effects_of<SendXmppIqError>(query(t));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].condition, "bad-request");
    XmppArchiveQuery elsewhere;
    elsewhere.from = kClient;
    elsewhere.to = "799@discord.localhost";
    elsewhere.iq_id = "q";
    errors = effects_of<SendXmppIqError>(feed(elsewhere));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].condition, "item-not-found");
}

TEST_F(Archive, PagingBackPastWhatIsKeptAsksDiscordOnceThenAnswers) {
    say(5, 6);
    XmppArchiveQuery q;
    q.max = 5;
    q.page_before = "";
    auto asked = query(q);
    EXPECT_TRUE(effects_of<SendXmppArchived>(asked).empty());
    auto fetch = effects_of<FetchDiscordHistory>(asked);
    ASSERT_EQ(fetch.size(), 1u);
    EXPECT_EQ(fetch[0].before, id_of(5));
    EXPECT_EQ(fetch[0].limit, 100);
    // Discord has three older messages: fewer than asked, so that is the channel's beginning.
    auto answered =
        feed(DiscordChannelHistory{Snowflake{710}, {message(2), message(3), message(4)}});
    EXPECT_EQ(bodies(answered), (std::vector<std::string>{"message 2", "message 3", "message 4",
                                                          "message 5", "message 6"}));
    EXPECT_TRUE(effects_of<SendXmppArchiveFin>(answered)[0].complete);
    // Old messages are kept, not shown live.
    EXPECT_TRUE(effects_of<SendXmppMessage>(answered).empty());
    // Served from the archive now: no second fetch.
    auto again = query(q);
    EXPECT_TRUE(effects_of<FetchDiscordHistory>(again).empty());
    EXPECT_EQ(bodies(again).size(), 5u);
}

TEST_F(Archive, AJoinIsServedFromTheArchiveWhenItHoldsEnough) {
    say(1, 30);
    auto out = feed(XmppMucJoin{kClient, std::string(kRoom) + "/romeo", 10});
    EXPECT_TRUE(effects_of<FetchDiscordHistory>(out).empty());
    auto history = effects_of<SendXmppMessage>(out);
    ASSERT_EQ(history.size(), 10u);
    EXPECT_EQ(history.front().body, "message 21");
    EXPECT_EQ(history.back().body, "message 30");
    EXPECT_EQ(history.back().stanza_id, id_of(30).str());
    EXPECT_EQ(history.back().to, kClient);
    EXPECT_TRUE(history.back().delay_stamp);
    // More than the archive holds: Discord is asked, as before.
    auto more = feed(XmppMucJoin{"romeo@localhost/phone", std::string(kRoom) + "/romeo", 50});
    EXPECT_EQ(effects_of<FetchDiscordHistory>(more).size(), 1u);
}

TEST_F(Archive, LiveRoomMessagesCarryTheSnowflakeAsStanzaIdAndClientsMayNameThem) {
    feed(XmppMucJoin{kClient, std::string(kRoom) + "/romeo", 0});
    auto out = feed(message(1));
    auto shown = effects_of<SendXmppMessage>(out);
    ASSERT_EQ(shown.size(), 1u);
    EXPECT_EQ(shown[0].stanza_id, id_of(1).str());
    // A reaction naming the stanza-id reaches the Discord message.
    auto reacted = feed(XmppReactions{kClient, kRoom, "groupchat", "r1", id_of(1).str(), {"+"}});
    auto adds = effects_of<AddDiscordReaction>(reacted);
    ASSERT_EQ(adds.size(), 1u);
    EXPECT_EQ(adds[0].message_id, id_of(1));
}

TEST_F(Archive, UnregisteringForgetsTheUsersArchive) {
    say(1, 3);
    EXPECT_GT(archive.size(), 0u);
    feed(XmppUnregister{kGateway});
    EXPECT_EQ(archive.size(), 0u);
}

TEST(ArchiveTime, Xep0082TimesBecomeSnowflakeBounds) {
    EXPECT_EQ(archive::parse_datetime_ms("1970-01-01T00:00:00Z"), 0);
    EXPECT_EQ(archive::parse_datetime_ms("2015-01-01T00:00:00.5Z"), 1420070400500);
    EXPECT_EQ(archive::parse_datetime_ms("2015-01-01T01:00:00+01:00"), 1420070400000);
    EXPECT_FALSE(archive::parse_datetime_ms("2015-01-01T00:00:00"));  // no zone
    EXPECT_FALSE(archive::parse_datetime_ms("2015-13-01T00:00:00Z"));
    EXPECT_EQ(archive::first_snowflake_at(1420070400001), Snowflake{1ull << 22});
    EXPECT_EQ(archive::first_snowflake_at(0), Snowflake{0});
}

TEST(ArchiveRetention, TheOldestGoPastTheBoundAndNothingOlderComesBack) {
    archive::MemoryStore store;
    const std::string user = "u@localhost";
    archive::RoomRef room{user, Snowflake{1}};
    for (std::uint64_t i = 1; i <= archive::kMaxMessagesPerRoom + 2; ++i) {
        archive::record(store, room, Snowflake{i}, archive::ArchivedMessage{});
    }
    auto meta = archive::meta(store, room);
    EXPECT_EQ(meta.count, archive::kMaxMessagesPerRoom);
    EXPECT_EQ(meta.floor, Snowflake{3});
    EXPECT_FALSE(archive::find(store, room, Snowflake{2}));
    archive::record(store, room, Snowflake{1}, archive::ArchivedMessage{});  // below the floor
    EXPECT_FALSE(archive::find(store, room, Snowflake{1}));
    EXPECT_EQ(archive::meta(store, room).count, archive::kMaxMessagesPerRoom);
}

}  // namespace
}  // namespace cordgate::core
