// Discord JSON -> core events for what changes after READY: GUILD_DELETE (left, or an outage),
// GUILD_UPDATE, GUILD_ROLE_CREATE/UPDATE/DELETE, CHANNEL_RECIPIENT_ADD/REMOVE,
// THREAD_UPDATE/DELETE and RELATIONSHIP_UPDATE, in the shapes discord-api-docs
// (docs/topics/Gateway_Events.md) and discord-userdoccers (user-account events) give.

#include <tests/discord/translate_expect.hpp>

namespace cordgate::adapters::discord {
namespace {

using core::Snowflake;
using translation_checks::expect_event;
using translation_checks::malformed;

TEST(TranslateGuildChanges, GuildDeleteTellsALeaveFromAnOutage) {
    auto left = expect_event<core::DiscordGuildDelete>("GUILD_DELETE", R"({"id":"500"})");
    EXPECT_EQ(left.id, Snowflake{500});
    EXPECT_FALSE(left.unavailable);
    EXPECT_FALSE(expect_event<core::DiscordGuildDelete>("GUILD_DELETE",
                                                        R"({"id":"500","unavailable":false})")
                     .unavailable);
    EXPECT_TRUE(
        expect_event<core::DiscordGuildDelete>("GUILD_DELETE", R"({"id":"500","unavailable":true})")
            .unavailable);
    EXPECT_EQ(malformed("GUILD_DELETE", R"({"id":"500","unavailable":"yes"})"),
              "unavailable: expected a boolean");
}

TEST(TranslateGuildChanges, GuildUpdateCarriesNameOwnerAndRoles) {
    auto g = expect_event<core::DiscordGuildUpdate>(
        "GUILD_UPDATE",
        R"({"id":"500","name":"Renamed","owner_id":"200","icon":null,"roles":[{"id":"500","name":"@everyone","permissions":"1024"}]})");
    EXPECT_EQ(g.id, Snowflake{500});
    EXPECT_EQ(g.name, "Renamed");
    EXPECT_EQ(g.owner_id, Snowflake{200});
    ASSERT_TRUE(g.roles);
    EXPECT_EQ(g.roles->at(0).permissions, "1024");
    EXPECT_FALSE(
        expect_event<core::DiscordGuildUpdate>("GUILD_UPDATE", R"({"id":"500","name":"n"})").roles);
    EXPECT_EQ(malformed("GUILD_UPDATE", R"({"id":"500"})"), "name: missing");
}

TEST(TranslateGuildChanges, RoleCreateUpdateAndDelete) {
    const char* role =
        R"({"guild_id":"500","role":{"id":"501","name":"mods","permissions":"8192","position":1}})";
    for (const char* name : {"GUILD_ROLE_CREATE", "GUILD_ROLE_UPDATE"}) {
        auto r = expect_event<core::DiscordGuildRoleUpdate>(name, role);
        EXPECT_EQ(r.guild_id, Snowflake{500});
        EXPECT_EQ(r.role.id, Snowflake{501});
        EXPECT_EQ(r.role.permissions, "8192");
    }
    auto d = expect_event<core::DiscordGuildRoleDelete>("GUILD_ROLE_DELETE",
                                                        R"({"guild_id":"500","role_id":"501"})");
    EXPECT_EQ(d.role_id, Snowflake{501});
    EXPECT_EQ(malformed("GUILD_ROLE_UPDATE", R"({"guild_id":"500"})"), "role: missing");
}

TEST(TranslateGuildChanges, GroupDmRecipientsComeAndGo) {
    const char* body = R"({"channel_id":"301","user":{"id":"201","username":"bob"},"nick":null})";
    auto add = expect_event<core::DiscordChannelRecipientAdd>("CHANNEL_RECIPIENT_ADD", body);
    EXPECT_EQ(add.channel_id, Snowflake{301});
    EXPECT_EQ(add.user.username, "bob");
    auto rm = expect_event<core::DiscordChannelRecipientRemove>("CHANNEL_RECIPIENT_REMOVE", body);
    EXPECT_EQ(rm.user.id, Snowflake{201});
    EXPECT_EQ(malformed("CHANNEL_RECIPIENT_ADD", R"({"channel_id":"301"})"), "user: missing");
}

TEST(TranslateGuildChanges, ThreadUpdateAndDelete) {
    auto u = expect_event<core::DiscordThreadUpdate>(
        "THREAD_UPDATE",
        R"({"id":"601","type":11,"name":"renamed","guild_id":"500","parent_id":"600","thread_metadata":{"archived":false}})");
    EXPECT_EQ(u.thread.name, "renamed");
    EXPECT_EQ(u.thread.parent_id, Snowflake{600});
    auto d = expect_event<core::DiscordThreadDelete>(
        "THREAD_DELETE", R"({"id":"601","type":11,"guild_id":"500","parent_id":"600"})");
    EXPECT_EQ(d.thread.id, Snowflake{601});
    EXPECT_FALSE(d.thread.name);
}

TEST(TranslateGuildChanges, RelationshipUpdateIsANicknameById) {
    auto r = expect_event<core::DiscordRelationshipUpdate>(
        "RELATIONSHIP_UPDATE",
        R"({"id":"200","type":1,"nickname":"Allie","since":"2024-01-01T00:00:00+00:00"})");
    EXPECT_EQ(r.user_id, Snowflake{200});
    EXPECT_EQ(r.relationship_type, 1);
    EXPECT_EQ(r.nickname, "Allie");
    EXPECT_FALSE(expect_event<core::DiscordRelationshipUpdate>(
                     "RELATIONSHIP_UPDATE", R"({"id":"200","type":1,"nickname":null})")
                     .nickname);
}

// GUILD_EMOJIS_UPDATE and a guild's `emojis` (userdoccers resources/emoji.mdx): a deleted emoji
// (name null) is left out, not the guild.
TEST(TranslateGuildChanges, GuildEmojisUpdateAndGuildEmojis) {
    auto u = expect_event<core::DiscordGuildEmojisUpdate>(
        "GUILD_EMOJIS_UPDATE",
        R"({"guild_id":"500","emojis":[{"id":"901","name":"wave","roles":[],"require_colons":true,)"
        R"("managed":false,"animated":false,"available":true},)"
        R"({"id":"902","name":"spin","animated":true,"available":false,"roles":["501"]},)"
        R"({"id":"903","name":null}]})");
    EXPECT_EQ(u.guild_id, Snowflake{500});
    ASSERT_EQ(u.emojis.size(), 2u);
    EXPECT_EQ(u.emojis[0].name, "wave");
    EXPECT_FALSE(u.emojis[0].animated);
    EXPECT_TRUE(u.emojis[0].available);
    EXPECT_TRUE(u.emojis[1].animated);
    EXPECT_FALSE(u.emojis[1].available);
    EXPECT_EQ(u.emojis[1].roles, std::vector<Snowflake>{Snowflake{501}});
    auto g = expect_event<core::DiscordGuildCreate>(
                 "GUILD_CREATE", R"({"id":"500","name":"g","emojis":[{"id":"901","name":"wave"}]})")
                 .guild;
    ASSERT_TRUE(g.emojis);
    EXPECT_EQ(g.emojis->at(0).id, Snowflake{901});
    EXPECT_EQ(malformed("GUILD_EMOJIS_UPDATE", R"({"emojis":[]})"), "guild_id: missing");
}

TEST(TranslateGuildChanges, ReadyCarriesTheUsersNitro) {
    auto r = expect_event<core::DiscordReady>(
        "READY", R"({"user":{"id":"200","username":"alice","premium_type":2}})");
    EXPECT_EQ(r.premium_type, 2);
    EXPECT_FALSE(expect_event<core::DiscordReady>(
                     "READY", R"({"user":{"id":"200","username":"alice","premium_type":0}})")
                     .premium_type);
}

}  // namespace
}  // namespace cordgate::adapters::discord
