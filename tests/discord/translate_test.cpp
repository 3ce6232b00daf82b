// Discord dispatch JSON -> core event payloads: every translated dispatch, the shapes Discord
// varies (null, numbers for snowflakes, partial updates), and malformed input.

#include <adapters/discord/translate.hpp>
#include <tests/discord/translate_expect.hpp>

#include <gtest/gtest.h>

namespace cordgate::adapters::discord {
namespace {

using core::Snowflake;

using namespace translation_checks;

constexpr const char* kAlice =
    R"({"id":"200","username":"alice","global_name":"Alice","avatar":null,"discriminator":"0"})";

TEST(Translate, UserReadyCarriesUserFriendsDmsAndGuilds) {
    std::string json = std::string(R"({"v":9,"user":{"id":"100","username":"me","bot":false},)") +
                       R"("session_id":"s1","resume_gateway_url":"ws://x",)" +
                       R"("relationships":[{"id":"200","type":1,"nickname":"bestie","user":)" +
                       kAlice + R"(}],"private_channels":[{"id":"300","type":1,"recipients":[)" +
                       kAlice + R"(],"last_message_id":null}],)" +
                       R"("guilds":[{"id":"500","name":"g","channels":[{"id":"600","type":0,)" +
                       R"("name":"general","topic":null,"last_message_id":"650"}]}],)" +
                       R"("read_state":{"entries":[]}})";
    auto r = expect_event<core::DiscordReady>("READY", json);
    EXPECT_EQ(r.user.id, Snowflake{100});
    ASSERT_EQ(r.relationships.size(), 1u);
    EXPECT_EQ(r.relationships[0].nickname, "bestie");
    EXPECT_EQ(r.relationships[0].user.display_name(), "Alice");
    ASSERT_EQ(r.private_channels.size(), 1u);
    EXPECT_EQ(r.private_channels[0].recipients[0].id, Snowflake{200});
    ASSERT_TRUE(r.guilds);
    ASSERT_EQ(r.guilds->at(0).channels.size(), 1u);
    // Channels inside a guild get the guild's id, which Discord leaves out there.
    EXPECT_EQ(r.guilds->at(0).channels[0].guild_id, Snowflake{500});
    // What a fresh login may have missed: null means the channel has no message yet.
    EXPECT_FALSE(r.private_channels[0].last_message_id);
    EXPECT_EQ(r.guilds->at(0).channels[0].last_message_id, Snowflake{650});
}

TEST(Translate, BotReadyWithoutUserFieldsStillTranslates) {
    auto r = expect_event<core::DiscordReady>(
        "READY",
        R"({"user":{"id":"1","username":"b","bot":true},"guilds":[{"id":"5","unavailable":true}]})");
    EXPECT_TRUE(r.user.bot);
    EXPECT_TRUE(r.relationships.empty());
    ASSERT_TRUE(r.guilds);
    EXPECT_EQ(r.guilds->at(0).name, "");
}

TEST(Translate, RequiredActionInReadyAndItsUpdate) {
    auto r = expect_event<core::DiscordReady>(
        "READY",
        R"({"user":{"id":"1","username":"u"},"required_action":"REQUIRE_VERIFIED_EMAIL"})");
    EXPECT_EQ(r.required_action, std::optional<std::string>("REQUIRE_VERIFIED_EMAIL"));
    EXPECT_FALSE(expect_event<core::DiscordReady>("READY", R"({"user":{"id":"1","username":"u"}})")
                     .required_action);
    auto set = expect_event<core::DiscordRequiredAction>(
        "USER_REQUIRED_ACTION_UPDATE", R"({"required_action":"REQUIRE_VERIFIED_PHONE"})");
    EXPECT_EQ(set.required_action, std::optional<std::string>("REQUIRE_VERIFIED_PHONE"));
    EXPECT_FALSE(expect_event<core::DiscordRequiredAction>("USER_REQUIRED_ACTION_UPDATE",
                                                           R"({"required_action":null})")
                     .required_action);
}

TEST(Translate, MessageCreate) {
    std::string json =
        std::string(R"({"id":"400","channel_id":"300","author":)") + kAlice +
        R"(,"content":"hi","timestamp":"2026-11-25T07:00:00.000000+00:00",)"
        R"("nonce":12345,"message_reference":{"message_id":"399","channel_id":"300"},)"
        R"("attachments":[{"id":"401","filename":"a.png","url":"https://c/a.png",)"
        R"("size":10,"content_type":"image/png"}],"embeds":[],"tts":false})";
    auto m = expect_event<core::DiscordMessageCreate>("MESSAGE_CREATE", json);
    EXPECT_EQ(m.id, Snowflake{400});
    EXPECT_FALSE(m.guild_id);
    EXPECT_EQ(m.nonce, "12345");
    EXPECT_EQ(m.referenced_message_id, Snowflake{399});
    ASSERT_EQ(m.attachments.size(), 1u);
    EXPECT_EQ(m.attachments[0].size, 10u);
}

TEST(Translate, SnowflakesAsNumbersAreAccepted) {
    auto d = expect_event<core::DiscordMessageDelete>(
        "MESSAGE_DELETE", R"({"id":18446744073709551615,"channel_id":"300","guild_id":null})");
    EXPECT_EQ(d.id, Snowflake{18446744073709551615ull});
    EXPECT_FALSE(d.guild_id);
}

TEST(Translate, PartialMessageUpdate) {
    auto u = expect_event<core::DiscordMessageUpdate>(
        "MESSAGE_UPDATE", R"({"id":"400","channel_id":"300","embeds":[]})");
    EXPECT_FALSE(u.content);
    EXPECT_FALSE(u.author);
    auto full = expect_event<core::DiscordMessageUpdate>(
        "MESSAGE_UPDATE", std::string(R"({"id":"400","channel_id":"300","author":)") + kAlice +
                              R"(,"content":"edited","edited_timestamp":"t"})");
    EXPECT_EQ(full.content, "edited");
    EXPECT_EQ(full.edited_timestamp, "t");
}

TEST(Translate, Reactions) {
    auto add = expect_event<core::DiscordReactionAdd>(
        "MESSAGE_REACTION_ADD",
        R"({"user_id":"200","channel_id":"300","message_id":"400","emoji":{"id":null,"name":"👍"},"burst":false,"type":0})");
    EXPECT_FALSE(add.emoji.id);
    EXPECT_EQ(add.emoji.name, "👍");
    auto rm = expect_event<core::DiscordReactionRemove>(
        "MESSAGE_REACTION_REMOVE",
        R"({"user_id":"200","channel_id":"300","message_id":"400","guild_id":"500","emoji":{"id":"700","name":"blob"}})");
    EXPECT_EQ(rm.emoji.id, Snowflake{700});
    EXPECT_EQ(rm.guild_id, Snowflake{500});
}

TEST(Translate, TypingWithUserIdOrMember) {
    auto t = expect_event<core::DiscordTypingStart>(
        "TYPING_START", R"({"channel_id":"300","user_id":"200","timestamp":1732500000})");
    EXPECT_EQ(t.timestamp, 1732500000);
    auto g = expect_event<core::DiscordTypingStart>(
        "TYPING_START",
        R"({"channel_id":"600","guild_id":"500","timestamp":1,"member":{"user":{"id":"201"}}})");
    EXPECT_EQ(g.user_id, Snowflake{201});
}

TEST(Translate, PresenceTakesTheCustomStatus) {
    auto p = expect_event<core::DiscordPresenceUpdate>(
        "PRESENCE_UPDATE",
        R"({"user":{"id":"200"},"status":"idle","activities":[{"type":0,"name":"game"},{"type":4,"name":"Custom Status","state":"at lunch"}],"client_status":{}})");
    EXPECT_EQ(p.status, "idle");
    EXPECT_EQ(p.custom_status, "at lunch");
    EXPECT_FALSE(p.guild_id);
}

TEST(Translate, RelationshipsAckChannelsGuildThreadUser) {
    auto add = expect_event<core::DiscordRelationshipAdd>(
        "RELATIONSHIP_ADD", std::string(R"({"id":"200","type":3,"user":)") + kAlice + "}");
    EXPECT_EQ(add.relationship.type, 3);
    auto rm = expect_event<core::DiscordRelationshipRemove>("RELATIONSHIP_REMOVE",
                                                            R"({"id":"200","type":1})");
    EXPECT_EQ(rm.user_id, Snowflake{200});
    auto ack = expect_event<core::DiscordMessageAck>(
        "MESSAGE_ACK", R"({"channel_id":"300","message_id":"400","version":1,"ack_type":0})");
    EXPECT_EQ(ack.message_id, Snowflake{400});
    auto cc = expect_event<core::DiscordChannelCreate>(
        "CHANNEL_CREATE",
        std::string(R"({"id":"301","type":3,"name":"grp","recipients":[)") + kAlice + "]}");
    EXPECT_EQ(cc.channel.recipients.size(), 1u);
    expect_event<core::DiscordChannelUpdate>("CHANNEL_UPDATE",
                                             R"({"id":"600","type":0,"guild_id":"500"})");
    expect_event<core::DiscordChannelDelete>("CHANNEL_DELETE", R"({"id":"600","type":0})");
    auto gc = expect_event<core::DiscordGuildCreate>(
        "GUILD_CREATE",
        R"({"id":"500","name":"g","channels":[{"id":"600","type":0}],"members":[]})");
    EXPECT_EQ(gc.guild.channels[0].guild_id, Snowflake{500});
    auto th = expect_event<core::DiscordThreadCreate>(
        "THREAD_CREATE",
        R"({"id":"601","type":11,"guild_id":"500","parent_id":"600","name":"t","newly_created":true})");
    EXPECT_EQ(th.parent_id, Snowflake{600});
    auto uu = expect_event<core::DiscordUserUpdate>("USER_UPDATE", kAlice);
    EXPECT_EQ(uu.user.username, "alice");
}

TEST(Translate, UnknownDispatchesAreIgnored) {
    EXPECT_EQ(run("GUILD_MEMBERS_CHUNK", "{}").kind, Translation::Kind::ignored);
    EXPECT_EQ(run("SESSIONS_REPLACE", "[]").kind, Translation::Kind::ignored);
    EXPECT_EQ(run("RESUMED", R"({"_trace":[]})").kind, Translation::Kind::ignored);
    EXPECT_FALSE(is_translated("VOICE_STATE_UPDATE"));
    EXPECT_TRUE(is_translated("MESSAGE_CREATE"));
}

TEST(Translate, MalformedPayloadsNameWhatIsWrong) {
    EXPECT_EQ(malformed("MESSAGE_CREATE", "[]"), "d: expected an object");
    EXPECT_EQ(malformed("MESSAGE_CREATE", R"({"id":"1","channel_id":"2","timestamp":"t"})"),
              "author: missing");
    EXPECT_EQ(malformed("MESSAGE_DELETE", R"({"id":"x","channel_id":"2"})"),
              "id: not a snowflake (1-20 decimal digits)");
    EXPECT_EQ(malformed("MESSAGE_DELETE", R"({"id":"01","channel_id":"2"})"),
              "id: not a snowflake (1-20 decimal digits)");
    EXPECT_EQ(malformed("READY", R"({"user":{"id":"1","username":"me"},"relationships":{}})"),
              "relationships: expected an array");
    EXPECT_EQ(malformed("TYPING_START", R"({"channel_id":"1","timestamp":1})"), "user_id: missing");
    EXPECT_EQ(malformed("MESSAGE_REACTION_ADD",
                        R"({"user_id":"1","channel_id":"2","message_id":"3","emoji":"x"})"),
              "emoji: expected an object");
    EXPECT_EQ(malformed("READY", R"({"relationships":[]})"), "user: missing");
    EXPECT_EQ(
        malformed("MESSAGE_REACTION_ADD",
                  R"({"user_id":"1","channel_id":"2","message_id":"3","emoji":{"name":null}})"),
        "emoji.name: missing");
}

TEST(Translate, ABadEntryOfReadyIsLeftOutAndNamedAndTheRestKept) {
    const std::string json =
        std::string(R"({"user":{"id":"100","username":"me"},"relationships":[)") +
        R"({"id":"200","type":1,"user":)" + kAlice + "}," +
        R"({"id":"201","type":1,"user":{"id":"not-a-snowflake","username":"x"}},)" +
        R"("junk",{"id":"202","type":1,"user":{"id":"202","username":"carol"}}],)" +
        R"("private_channels":[{"id":"3","type":1,"recipients":[{"id":true}]},)" +
        R"({"id":"300","type":1,"recipients":[)" + kAlice + "]}]," +
        R"("guilds":[{"id":"500","name":"g","channels":[{"id":"600"}]},{"id":"501","name":"h"}]})";
    Translation t = run("READY", json);
    ASSERT_EQ(t.kind, Translation::Kind::event) << t.error;
    const auto& r = std::get<core::DiscordReady>(*t.payload);
    ASSERT_EQ(r.relationships.size(), 2u);
    EXPECT_EQ(r.relationships[0].user.id, Snowflake{200});
    EXPECT_EQ(r.relationships[1].user.id, Snowflake{202});
    ASSERT_EQ(r.private_channels.size(), 1u);
    EXPECT_EQ(r.private_channels[0].id, Snowflake{300});
    ASSERT_TRUE(r.guilds);
    ASSERT_EQ(r.guilds->size(), 1u);
    EXPECT_EQ(r.guilds->at(0).id, Snowflake{501});
    EXPECT_EQ(t.skipped, (std::vector<std::string>{
                             "relationships[1].user.id: not a snowflake (1-20 decimal digits)",
                             "relationships[2]: expected an object",
                             "private_channels[0].recipients[0].id: expected a snowflake",
                             "guilds[0].channels[0].type: missing"}));
    // A READY with nothing wrong leaves nothing out.
    EXPECT_TRUE(run("READY", R"({"user":{"id":"1","username":"me"}})").skipped.empty());
}

TEST(Translate, AReactionWithADeletedCustomEmojiStillTranslates) {
    auto add = expect_event<core::DiscordReactionAdd>(
        "MESSAGE_REACTION_ADD",
        R"({"user_id":"200","channel_id":"300","message_id":"400","emoji":{"id":"700","name":null}})");
    EXPECT_EQ(add.emoji.id, Snowflake{700});
    EXPECT_EQ(add.emoji.name, "_");
    auto rm = expect_event<core::DiscordReactionRemove>(
        "MESSAGE_REACTION_REMOVE",
        R"({"user_id":"200","channel_id":"300","message_id":"400","emoji":{"id":"700"}})");
    EXPECT_EQ(rm.emoji.name, "_");
}

TEST(Translate, TypingWithAnOddTimestampStillTranslates) {
    const auto timestamp_of = [](const std::string& member) {
        return expect_event<core::DiscordTypingStart>(
                   "TYPING_START", R"({"channel_id":"300","user_id":"200")" + member + "}")
            .timestamp;
    };
    EXPECT_EQ(timestamp_of(""), 0);
    EXPECT_EQ(timestamp_of(R"(,"timestamp":null)"), 0);
    EXPECT_EQ(timestamp_of(R"(,"timestamp":-5)"), 0);
    EXPECT_EQ(timestamp_of(R"(,"timestamp":1732500000.75)"), 1732500000);
    EXPECT_EQ(timestamp_of(R"(,"timestamp":-1.5)"), 0);
    EXPECT_EQ(timestamp_of(R"(,"timestamp":1e300)"), 0);
    EXPECT_EQ(timestamp_of(R"(,"timestamp":"1732500000")"), 1732500000);
    EXPECT_EQ(timestamp_of(R"(,"timestamp":"soon")"), 0);
    EXPECT_EQ(timestamp_of(R"(,"timestamp":18446744073709551615)"), 0);
    EXPECT_EQ(timestamp_of(R"(,"timestamp":[1])"), 0);
}

}  // namespace
}  // namespace cordgate::adapters::discord
