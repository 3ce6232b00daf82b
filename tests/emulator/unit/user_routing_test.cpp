// The routing decisions toward a user account (user_routing.hpp has the sources) and the
// parsing of op 37 / op 14 (subscriptions.hpp).
#include <tests/emulator/subscriptions.hpp>
#include <tests/emulator/user_routing.hpp>

#include <gtest/gtest.h>
#include <rapidjson/document.h>

namespace cordgate::tests::emulator {
namespace {

constexpr std::uint64_t kMe = 1, kFriend = 2, kStranger = 3;

struct Case {
    std::set<std::uint64_t> affine{kFriend};
    GuildSubscription sub;
    bool has_sub = false;
    bool in_list = false;

    bool receives(GuildEventKind kind, std::uint64_t subject, bool large = false,
                  bool mention = false) const {
        Viewer v;
        v.user_id = kMe;
        v.affine = &affine;
        v.subscription = has_sub ? &sub : nullptr;
        v.subject_in_member_list = in_list;
        return user_session_receives(v, GuildEvent{kind, subject, mention, large});
    }
};

TEST(UserRouting, WithoutASubscriptionOnlyFriendsAndOneself) {
    Case c;
    EXPECT_FALSE(c.receives(GuildEventKind::kTyping, kStranger));
    EXPECT_FALSE(c.receives(GuildEventKind::kTyping, kFriend)) << "typing needs typing:true";
    EXPECT_FALSE(c.receives(GuildEventKind::kPresence, kStranger));
    EXPECT_TRUE(c.receives(GuildEventKind::kPresence, kFriend));
    EXPECT_TRUE(c.receives(GuildEventKind::kPresence, kMe));
    EXPECT_FALSE(c.receives(GuildEventKind::kMemberChange, kStranger));
    EXPECT_TRUE(c.receives(GuildEventKind::kMemberChange, kFriend));
    EXPECT_TRUE(c.receives(GuildEventKind::kMemberChange, kMe));
    EXPECT_FALSE(c.receives(GuildEventKind::kMemberAdd, kStranger));
    EXPECT_FALSE(c.receives(GuildEventKind::kMemberAdd, kFriend)) << "ADD: only oneself";
    EXPECT_TRUE(c.receives(GuildEventKind::kMemberAdd, kMe));
    EXPECT_TRUE(c.receives(GuildEventKind::kMessage, kStranger)) << "a small guild";
}

TEST(UserRouting, EachFeatureOpensItsEvents) {
    Case c;
    c.has_sub = true;
    c.sub.typing = c.sub.subscribed = true;
    EXPECT_TRUE(c.receives(GuildEventKind::kTyping, kStranger));
    EXPECT_FALSE(c.receives(GuildEventKind::kPresence, kStranger));
    EXPECT_FALSE(c.receives(GuildEventKind::kMemberChange, kStranger));
    c.sub.member_updates = true;
    EXPECT_TRUE(c.receives(GuildEventKind::kMemberChange, kStranger));
    EXPECT_TRUE(c.receives(GuildEventKind::kMemberAdd, kStranger));
    EXPECT_FALSE(c.receives(GuildEventKind::kPresence, kStranger))
        << "member_updates is not presences";
    c.sub.member_updates = false;
    c.sub.members = {kStranger};
    EXPECT_TRUE(c.receives(GuildEventKind::kPresence, kStranger));
    EXPECT_TRUE(c.receives(GuildEventKind::kMemberChange, kStranger));
    EXPECT_FALSE(c.receives(GuildEventKind::kMemberAdd, kStranger));
    c.sub.members.clear();
    c.in_list = true;
    EXPECT_TRUE(c.receives(GuildEventKind::kPresence, kStranger)) << "shown in the sidebar";
    c.sub.typing = false;
    EXPECT_FALSE(c.receives(GuildEventKind::kTyping, kStranger));
}

TEST(UserRouting, LargeGuildsNeedTheGuildSubscribed) {
    Case c;
    EXPECT_FALSE(c.receives(GuildEventKind::kMessage, kStranger, true));
    EXPECT_TRUE(c.receives(GuildEventKind::kMessage, kStranger, true, true))
        << "a mention is forced";
    c.has_sub = true;
    c.sub.members = {kStranger};
    c.sub.member_updates = true;
    EXPECT_FALSE(c.receives(GuildEventKind::kPresence, kStranger, true))
        << "no effect before typing";
    EXPECT_FALSE(c.receives(GuildEventKind::kMemberChange, kStranger, true));
    EXPECT_TRUE(c.receives(GuildEventKind::kPresence, kFriend, true));
    c.sub.subscribed = true;  // typing was true once, even if false now
    EXPECT_TRUE(c.receives(GuildEventKind::kMessage, kStranger, true));
    EXPECT_TRUE(c.receives(GuildEventKind::kPresence, kStranger, true));
    EXPECT_FALSE(c.receives(GuildEventKind::kTyping, kStranger, true));
}

rapidjson::Document parse(const char* json) {
    rapidjson::Document d;
    d.Parse(json);
    return d;
}

TEST(Subscriptions, RangesAreWidenedToChunksOfAHundred) {
    EXPECT_EQ(normalize_ranges({{0, 99}}), (std::vector<ListRange>{{0, 99}}));
    EXPECT_EQ(normalize_ranges({{150, 120}}), (std::vector<ListRange>{{100, 199}}));
    EXPECT_EQ(normalize_ranges({{0, 99}, {50, 250}}),
              (std::vector<ListRange>{{0, 99}, {100, 199}, {200, 299}}));
    EXPECT_EQ(normalize_ranges({}), std::nullopt);
    EXPECT_EQ(normalize_ranges({{0, 1}, {2, 3}, {4, 5}, {6, 7}}), std::nullopt);
    EXPECT_EQ(normalize_ranges({{0, 301}}), std::nullopt);
    EXPECT_EQ(normalize_ranges({{-5, 10}}), std::nullopt);
}

TEST(Subscriptions, BulkPayloadAndLaterKeysReplaceEarlierOnes) {
    auto d = parse(R"({"subscriptions":{"10":{"typing":true,"member_updates":true,
        "members":["3",4,"x"],"channels":{"20":[[0,99]],"21":"bad"}},
        "11":"not an object","zz":{"typing":true}}})");
    auto updates = parse_bulk_subscriptions(d);
    ASSERT_EQ(updates.size(), 1u);
    GuildSubscription sub;
    auto change = apply_update(sub, updates[0]);
    EXPECT_TRUE(change.newly_subscribed);
    EXPECT_TRUE(change.channels_changed);
    EXPECT_TRUE(sub.typing && sub.subscribed && sub.member_updates);
    EXPECT_EQ(sub.members, (std::set<std::uint64_t>{3, 4}));
    ASSERT_EQ(sub.channels.size(), 1u) << "the channel with bad ranges is ignored";
    EXPECT_EQ(sub.channels.at(20), (std::vector<ListRange>{{0, 99}}));

    auto later = parse(R"({"guild_id":"10","typing":false,"threads":true,"members":[]})");
    auto op14 = parse_guild_subscription(later);
    ASSERT_TRUE(op14);
    change = apply_update(sub, *op14);
    EXPECT_TRUE(change.threads_on);
    EXPECT_FALSE(change.channels_changed);
    EXPECT_FALSE(sub.typing);
    EXPECT_TRUE(sub.subscribed) << "a guild stays subscribed";
    EXPECT_TRUE(sub.member_updates) << "absent keys keep their value";
    EXPECT_TRUE(sub.members.empty());
    EXPECT_EQ(sub.channels.size(), 1u);
}

TEST(Subscriptions, BadShapesGiveNothing) {
    for (const char* json : {"null", "[]", R"({"subscriptions":[]})", R"({"subscriptions":5})",
                             R"({"guild_id":null})", R"("x")"}) {
        auto d = parse(json);
        EXPECT_TRUE(parse_bulk_subscriptions(d).empty()) << json;
        EXPECT_FALSE(parse_guild_subscription(d)) << json;
    }
    auto d = parse(R"({"guild_id":"10","typing":"yes","channels":{"1":[[0]],"2":[["a",1]]}})");
    auto u = parse_guild_subscription(d);
    ASSERT_TRUE(u);
    EXPECT_FALSE(u->typing);
    ASSERT_TRUE(u->channels);
    EXPECT_TRUE(u->channels->empty());
    auto six = parse(R"({"guild_id":"10","channels":{"1":[[0,99]],"2":[[0,99]],"3":[[0,99]],
        "4":[[0,99]],"5":[[0,99]],"6":[[0,99]]}})");
    EXPECT_FALSE(parse_guild_subscription(six)->channels) << "more than five channels";
}

}  // namespace
}  // namespace cordgate::tests::emulator
