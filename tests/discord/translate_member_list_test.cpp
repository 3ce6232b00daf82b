// GUILD_MEMBER_LIST_UPDATE -> discord.member_list_update, and the member list id of a channel
// (discord.py-self `abc.py` member_list_id), in the shapes discord.py-self's `state.py`
// (parse_guild_member_list_update) reads.

#include <adapters/discord/member_list.hpp>
#include <tests/discord/translate_expect.hpp>

namespace cordgate::adapters::discord {
namespace {

using core::MemberListOpKind;
using core::Snowflake;
using translation_checks::expect_event;
using translation_checks::malformed;

TEST(TranslateMemberList, SyncCarriesGroupsAndMembersWithTheirPresence) {
    auto u = expect_event<core::DiscordMemberListUpdate>("GUILD_MEMBER_LIST_UPDATE", R"({
        "guild_id":"700","id":"everyone","member_count":3,"online_count":2,
        "groups":[{"id":"online","count":2},{"id":"offline","count":1}],
        "ops":[{"op":"SYNC","range":[0,99],"items":[
            {"group":{"id":"online","count":2}},
            {"member":{"user":{"id":"40","username":"bob"},"nick":"Bobby","roles":["701"],
                       "presence":{"user":{"id":"40"},"status":"dnd","client_status":{"web":"dnd"},
                                   "activities":[{"type":0,"name":"a game"},
                                                 {"type":4,"name":"Custom Status","state":"busy"}]}}},
            {"member":{"user":{"id":"41","username":"dave"},"roles":[]}}]}]})");
    EXPECT_EQ(u.guild_id, Snowflake{700});
    EXPECT_EQ(u.list_id, "everyone");
    EXPECT_EQ(u.member_count, 3);
    EXPECT_EQ(u.online_count, 2);
    ASSERT_EQ(u.ops.size(), 1u);
    const auto& op = u.ops[0];
    EXPECT_EQ(op.op, MemberListOpKind::sync);
    EXPECT_EQ(op.first, 0);
    EXPECT_EQ(op.last, 99);
    ASSERT_EQ(op.items.size(), 3u);
    EXPECT_EQ(op.items[0].group, "online");
    EXPECT_FALSE(op.items[0].member);
    ASSERT_TRUE(op.items[1].member);
    EXPECT_EQ(op.items[1].member->member.user.id, Snowflake{40});
    EXPECT_EQ(op.items[1].member->member.nick, "Bobby");
    EXPECT_EQ(op.items[1].member->member.roles, std::vector<Snowflake>{Snowflake{701}});
    EXPECT_EQ(op.items[1].member->status, "dnd");
    EXPECT_EQ(op.items[1].member->custom_status, "busy");
    EXPECT_FALSE(op.items[2].member->status);  // no presence given
}

TEST(TranslateMemberList, InsertUpdateDeleteAndInvalidate) {
    auto u = expect_event<core::DiscordMemberListUpdate>("GUILD_MEMBER_LIST_UPDATE", R"({
        "guild_id":"700","id":"606161023","member_count":4,"online_count":2,"groups":[],
        "ops":[{"op":"INSERT","index":3,"item":{"member":{"user":{"id":"43","username":"frank"},"roles":[],
                                                           "presence":{"status":"online","activities":[]}}}},
               {"op":"UPDATE","index":1,"item":{"group":{"id":"offline","count":1}}},
               {"op":"DELETE","index":2},
               {"op":"INVALIDATE","range":[100,199]}]})");
    ASSERT_EQ(u.ops.size(), 4u);
    EXPECT_EQ(u.ops[0].op, MemberListOpKind::insert);
    EXPECT_EQ(u.ops[0].index, 3);
    EXPECT_EQ(u.ops[0].items.at(0).member->status, "online");
    EXPECT_EQ(u.ops[1].op, MemberListOpKind::update);
    EXPECT_EQ(u.ops[1].items.at(0).group, "offline");
    EXPECT_EQ(u.ops[2].op, MemberListOpKind::remove);
    EXPECT_EQ(u.ops[2].index, 2);
    EXPECT_TRUE(u.ops[2].items.empty());
    EXPECT_EQ(u.ops[3].op, MemberListOpKind::invalidate);
    EXPECT_EQ(u.ops[3].first, 100);
    EXPECT_EQ(u.ops[3].last, 199);
}

TEST(TranslateMemberList, MalformedOpsAreNamed) {
    EXPECT_EQ(malformed("GUILD_MEMBER_LIST_UPDATE",
                        R"({"guild_id":"700","id":"everyone","ops":[{"op":"SHUFFLE"}]})"),
              "ops[0].op: unknown operation \"SHUFFLE\"");
    EXPECT_EQ(malformed("GUILD_MEMBER_LIST_UPDATE",
                        R"({"guild_id":"700","id":"everyone","ops":[{"op":"SYNC","range":[0]}]})"),
              "ops[0].range: expected [first, last]");
    EXPECT_NE(malformed("GUILD_MEMBER_LIST_UPDATE", R"({"id":"everyone","ops":[]})"), "");
}

TEST(MemberListId, EveryoneUnlessViewIsDeniedOrEveryoneCannotView) {
    rapidjson::Document open;
    open.Parse(R"({"id":"710","type":0,"permission_overwrites":[
        {"id":"701","type":0,"allow":"2048","deny":"0"}]})");
    EXPECT_EQ(member_list_id(open, true), "everyone");
    // @everyone cannot view: a hash even without overwrites (of the empty string: 0).
    EXPECT_EQ(member_list_id(open, false), "0");
    rapidjson::Document closed;
    closed.Parse(R"({"id":"711","type":0,"permission_overwrites":[
        {"id":"700","type":0,"allow":"0","deny":"1024"},
        {"id":"1001","type":1,"allow":"1024","deny":"0"},
        {"id":"702","type":0,"allow":"2048","deny":"0"}]})");
    // "allow:1001,deny:700" sorted; MurmurHash3 x86 32, seed 0, as discord.py-self's utils.
    EXPECT_EQ(member_list_id(closed, true), std::to_string(murmur3_32("allow:1001,deny:700")));
    EXPECT_EQ(murmur3_32(""), 0u);
    EXPECT_EQ(murmur3_32("hello"), 613153351u);
    EXPECT_EQ(murmur3_32("allow:1001,deny:500"), 606161023u);
    EXPECT_EQ(murmur3_32("deny:500"), 1355171138u);
}

TEST(MemberListId, GuildChannelsCarryIt) {
    auto g = expect_event<core::DiscordGuildCreate>("GUILD_CREATE", R"({
        "id":"700","name":"G","roles":[{"id":"700","name":"@everyone","permissions":"1024"}],
        "channels":[{"id":"710","type":0,"name":"general"},
                    {"id":"711","type":0,"name":"staff","permission_overwrites":[
                        {"id":"700","type":0,"allow":"0","deny":"1024"}]},
                    {"id":"705","type":4,"name":"Text"}]})");
    EXPECT_EQ(g.guild.channels.at(0).member_list_id, "everyone");
    EXPECT_EQ(g.guild.channels.at(1).member_list_id, std::to_string(murmur3_32("deny:700")));
    EXPECT_FALSE(g.guild.channels.at(2).member_list_id);  // a category has no sidebar
    auto hidden = expect_event<core::DiscordGuildCreate>("GUILD_CREATE", R"({
        "id":"700","name":"G","roles":[{"id":"700","name":"@everyone","permissions":"0"}],
        "channels":[{"id":"710","type":0,"name":"general"}]})");
    EXPECT_EQ(hidden.guild.channels.at(0).member_list_id, "0");
}

}  // namespace
}  // namespace cordgate::adapters::discord
