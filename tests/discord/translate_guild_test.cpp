// Discord JSON -> core events for rooms: guilds with roles, members, threads and channel
// details; member nicks and mentions on messages; guild member add/update/remove; channel
// history from REST.

#include <adapters/discord/translate.hpp>
#include <tests/discord/translate_expect.hpp>

#include <gtest/gtest.h>

namespace cordgate::adapters::discord {
namespace {

using core::Snowflake;

using namespace translation_checks;

constexpr const char* kGuild = R"({
  "id": "500", "name": "Guild", "owner_id": "200",
  "roles": [{"id": "500", "name": "@everyone", "permissions": "2248473465835073", "color": 0},
            {"id": "501", "name": "mods", "permissions": 8}],
  "members": [{"user": {"id": "200", "username": "alice"}, "nick": "Ali", "roles": ["501"]},
              {"user": {"id": "201", "username": "bob"}, "nick": null, "roles": []}],
  "channels": [{"id": "600", "type": 4, "name": "Text", "position": 0},
               {"id": "601", "type": 0, "name": "general", "topic": "Talk here",
                "parent_id": "600", "position": 1}],
  "threads": [{"id": "700", "type": 11, "name": "a thread", "parent_id": "601",
               "owner_id": "201", "guild_id": "500"}]
})";

TEST(TranslateGuild, GuildCreateCarriesRolesMembersChannelDetailsAndThreads) {
    auto g = expect_event<core::DiscordGuildCreate>("GUILD_CREATE", kGuild).guild;
    EXPECT_EQ(g.owner_id, Snowflake{200});
    ASSERT_TRUE(g.roles);
    ASSERT_EQ(g.roles->size(), 2u);
    EXPECT_EQ(g.roles->at(0).name, "@everyone");
    EXPECT_EQ(g.roles->at(0).permissions, "2248473465835073");
    EXPECT_EQ(g.roles->at(1).permissions, "8") << "a numeric permission set is kept as text";
    ASSERT_TRUE(g.members);
    ASSERT_EQ(g.members->size(), 2u);
    EXPECT_EQ(g.members->at(0).user.id, Snowflake{200});
    EXPECT_EQ(g.members->at(0).nick, "Ali");
    EXPECT_EQ(g.members->at(0).roles, std::vector<Snowflake>{Snowflake{501}});
    EXPECT_FALSE(g.members->at(1).nick);
    ASSERT_EQ(g.channels.size(), 2u);
    EXPECT_EQ(g.channels[0].type, core::DiscordChannel::kCategory);
    EXPECT_EQ(g.channels[1].topic, "Talk here");
    EXPECT_EQ(g.channels[1].parent_id, Snowflake{600});
    EXPECT_EQ(g.channels[1].position, 1);
    ASSERT_TRUE(g.threads);
    ASSERT_EQ(g.threads->size(), 1u);
    EXPECT_EQ(g.threads->at(0).parent_id, Snowflake{601});
    EXPECT_EQ(g.threads->at(0).owner_id, Snowflake{201});
    EXPECT_EQ(g.threads->at(0).guild_id, Snowflake{500});
}

TEST(TranslateGuild, UserReadyGuildsAndGroupDmOwners) {
    std::string json = std::string(R"({"user":{"id":"200","username":"alice"},"guilds":[)") +
                       kGuild +
                       R"(],"private_channels":[{"id":"800","type":3,"name":"friends",)"
                       R"("owner_id":"201","recipients":[{"id":"201","username":"bob"}]}]})";
    auto r = expect_event<core::DiscordReady>("READY", json);
    ASSERT_TRUE(r.guilds);
    EXPECT_TRUE(r.guilds->at(0).roles);
    EXPECT_EQ(r.guilds->at(0).members->size(), 2u);
    EXPECT_EQ(r.private_channels.at(0).owner_id, Snowflake{201});
}

TEST(TranslateGuild, UnavailableGuildHasNoRolesOrMembersRatherThanEmptyOnes) {
    auto g =
        expect_event<core::DiscordGuildCreate>("GUILD_CREATE", R"({"id":"500","unavailable":true})")
            .guild;
    EXPECT_FALSE(g.roles);
    EXPECT_FALSE(g.members);
    EXPECT_FALSE(g.threads);
    EXPECT_FALSE(g.owner_id);
}

TEST(TranslateGuild, MalformedRolesAndMembersNameThePath) {
    EXPECT_EQ(malformed("GUILD_CREATE", R"({"id":"500","roles":[{"id":"x","name":"r"}]})"),
              "roles[0].id: not a snowflake (1-20 decimal digits)");
    EXPECT_EQ(malformed("GUILD_CREATE", R"({"id":"500","members":[{"nick":"n"}]})"),
              "members[0].user: missing");
    EXPECT_EQ(
        malformed("GUILD_CREATE", R"({"id":"500","members":[{"user":{"id":"1","username":"u"},)"
                                  R"("roles":[true]}]})"),
        "members[0].roles[0]: expected a snowflake");
    EXPECT_EQ(malformed("GUILD_CREATE", R"({"id":"500","channels":[{"id":"1","type":0,)"
                                        R"("position":"first"}]})"),
              "channels[0].position: expected an integer");
}

TEST(TranslateGuild, MessageCreateCarriesMemberNickAndMentions) {
    auto m = expect_event<core::DiscordMessageCreate>(
        "MESSAGE_CREATE",
        R"({"id":"900","channel_id":"601","guild_id":"500","author":{"id":"200","username":"a"},)"
        R"("content":"hi <@201>","timestamp":"2024-01-01T00:00:00+00:00",)"
        R"("member":{"nick":"Ali","roles":[]},)"
        R"("mentions":[{"id":"201","username":"bob","member":{"nick":null}}]})");
    EXPECT_EQ(m.member_nick, "Ali");
    ASSERT_TRUE(m.mentions);
    EXPECT_EQ(*m.mentions, std::vector<Snowflake>{Snowflake{201}});

    // A DM has neither member nor (here) mentions: both stay absent.
    auto dm = expect_event<core::DiscordMessageCreate>(
        "MESSAGE_CREATE", R"({"id":"901","channel_id":"800","author":{"id":"200","username":"a"},)"
                          R"("content":"x","timestamp":"t"})");
    EXPECT_FALSE(dm.member_nick);
    EXPECT_FALSE(dm.mentions);
    EXPECT_EQ(malformed("MESSAGE_CREATE",
                        R"({"id":"901","channel_id":"800","author":{"id":"200","username":"a"},)"
                        R"("timestamp":"t","mentions":[{"id":"oops","username":"b"}]})"),
              "mentions[0].id: not a snowflake (1-20 decimal digits)");
}

TEST(TranslateGuild, GuildMemberAddUpdateRemove) {
    for (const char* name : {"GUILD_MEMBER_ADD", "GUILD_MEMBER_UPDATE"}) {
        auto u = expect_event<core::DiscordGuildMemberUpdate>(
            name, R"({"guild_id":"500","user":{"id":"202","username":"carol"},"nick":"Caz",)"
                  R"("roles":["501"],"joined_at":"2024-01-01T00:00:00+00:00"})");
        EXPECT_EQ(u.guild_id, Snowflake{500});
        EXPECT_EQ(u.member.user.id, Snowflake{202});
        EXPECT_EQ(u.member.nick, "Caz");
        EXPECT_EQ(u.member.roles, std::vector<Snowflake>{Snowflake{501}});
    }
    auto r = expect_event<core::DiscordGuildMemberRemove>(
        "GUILD_MEMBER_REMOVE", R"({"guild_id":"500","user":{"id":"202","username":"carol"}})");
    EXPECT_EQ(r.guild_id, Snowflake{500});
    EXPECT_EQ(r.user.id, Snowflake{202});
    EXPECT_EQ(malformed("GUILD_MEMBER_REMOVE", R"({"user":{"id":"202","username":"carol"}})"),
              "guild_id: missing");
    EXPECT_EQ(malformed("GUILD_MEMBER_ADD", R"({"guild_id":"500"})"), "user: missing");
}

constexpr const char* kMsg = R"({"id":"%","channel_id":"601","author":{"id":"200","username":"a"},)"
                             R"("content":"m%","timestamp":"2024-01-01T00:00:00+00:00"})";

std::string msg(char n) {
    std::string s = kMsg;
    for (auto pos = s.find('%'); pos != std::string::npos; pos = s.find('%')) s[pos] = n;
    return s;
}

TEST(TranslateGuild, HistoryComesOldestFirst) {
    // Discord answers newest first.
    auto h =
        translate_history(Snowflake{601}, "[" + msg('3') + "," + msg('2') + "," + msg('1') + "]");
    EXPECT_EQ(h.history.channel_id, Snowflake{601});
    ASSERT_EQ(h.history.messages.size(), 3u);
    EXPECT_EQ(h.history.messages[0].content, "m1");
    EXPECT_EQ(h.history.messages[2].content, "m3");
    EXPECT_TRUE(h.skipped.empty());
    EXPECT_TRUE(translate_history(Snowflake{601}, "[]").history.messages.empty());
}

TEST(TranslateGuild, OneBadMessageInHistoryIsSkippedAndNamedTheRestKept) {
    auto h = translate_history(
        Snowflake{601}, "[" + msg('3') + R"(,{"id":"2","channel_id":"601"},)" + msg('1') + "]");
    ASSERT_EQ(h.history.messages.size(), 2u);
    EXPECT_EQ(h.history.messages[0].content, "m1");
    EXPECT_EQ(h.history.messages[1].content, "m3");
    ASSERT_EQ(h.skipped.size(), 1u);
    EXPECT_EQ(h.skipped[0], "[1] author: missing");
    EXPECT_THROW(translate_history(Snowflake{601}, R"({"message":"Unknown Channel"})"),
                 MalformedPayload);
    EXPECT_THROW(translate_history(Snowflake{601}, "not json"), MalformedPayload);
}

}  // namespace
}  // namespace cordgate::adapters::discord
