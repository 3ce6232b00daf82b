// Emulator: the exact bytes of the JSON shapes made per message (users, members, messages,
// timestamps). The goldens are what the RapidJSON-writer implementation produced, so the faster
// writer must give clients the very same text, escapes included.

#include <tests/emulator/seed.hpp>
#include <tests/emulator/world.hpp>

#include <gtest/gtest.h>

namespace cordgate::tests::emulator {
namespace {

constexpr const char* kSeed = R"({
  "users": [{"id": "1", "username": "a", "global_name": "Ann", "token": "ta"},
            {"id": "2", "username": "b\"q\\s", "global_name": "tab\there\u0001\u001f é",
             "avatar": "0123abcd", "token": "tb"},
            {"id": "3", "username": "bot", "bot": true, "token": "t3"}],
  "guilds": [{"id": "10", "owner_id": "1",
              "roles": [{"id": "11", "name": "mods", "permissions": "8"}],
              "members": [{"user_id": "1", "nick": "A", "roles": ["11"]}, {"user_id": "2"}],
              "channels": [{"id": "20", "name": "general"}]}],
  "private_channels": [{"id": "30", "type": 1, "recipients": ["1", "2"]}]
})";

class WorldJsonTest : public ::testing::Test {
  protected:
    void SetUp() override { load_seed(world, kSeed); }

    Message& add(std::uint64_t id, std::uint64_t channel, std::uint64_t author,
                 std::string content) {
        Message m;
        m.id = id;
        m.channel_id = channel;
        m.author_id = author;
        m.content = std::move(content);
        return world.messages[channel][id] = std::move(m);
    }

    World world;
};

TEST_F(WorldJsonTest, UserWithEscapesAndNulls) {
    EXPECT_EQ(world.user_json(world.users.at(1)),
              R"({"id":"1","username":"a","global_name":"Ann","discriminator":"0","avatar":null,)"
              R"("bot":false,"public_flags":0,"flags":0,"banner":null,"accent_color":null})");
    EXPECT_EQ(world.user_json(world.users.at(2)),
              "{\"id\":\"2\",\"username\":\"b\\\"q\\\\s\",\"global_name\":\"tab\\there\\u0001"
              "\\u001F \xc3\xa9\",\"discriminator\":\"0\",\"avatar\":\"0123abcd\",\"bot\":false,"
              "\"public_flags\":0,\"flags\":0,\"banner\":null,\"accent_color\":null}");
}

TEST_F(WorldJsonTest, DmMessageWithNonce) {
    Message& m = add(1198969047908089856ULL, 30, 1, "hi \"there\"\n\r\b\f/");
    m.nonce = "n-1";
    EXPECT_EQ(
        world.message_json(m),
        "{\"id\":\"1198969047908089856\",\"channel_id\":\"30\",\"author\":{\"id\":\"1\","
        "\"username\":\"a\",\"global_name\":\"Ann\",\"discriminator\":\"0\",\"avatar\":null,"
        "\"bot\":false,\"public_flags\":0,\"flags\":0,\"banner\":null,\"accent_color\":null},"
        "\"content\":\"hi \\\"there\\\"\\n\\r\\b\\f/\",\"timestamp\":"
        "\"2024-01-22T12:34:56.789000+00:00\",\"edited_timestamp\":null,\"tts\":false,"
        "\"mention_everyone\":false,\"pinned\":false,\"type\":0,\"flags\":0,\"mention_roles\":[],"
        "\"embeds\":[],\"components\":[],\"mentions\":[],\"attachments\":[],\"nonce\":\"n-1\"}");
}

TEST_F(WorldJsonTest, GuildReplyWithMemberMentionsAttachmentsAndReactions) {
    add(500, 20, 2, "first");
    Message& m = add(501, 20, 1, "reply");
    m.type = 19;
    m.reference = MessageReference{500, 20, 10};
    m.mentions = {2};
    m.edited_ms = 1704067200001ULL;
    m.attachments = {Attachment{600, "a.png", "image/png", 12, "https://cdn/a.png"},
                     Attachment{601, "b", "", 0, "https://cdn/b"}};
    m.reactions = {Reaction{"\xf0\x9f\x91\x8d", 0, {1, 2}}, Reaction{"party", 42, {1}}};
    const std::string bob =
        "{\"id\":\"2\",\"username\":\"b\\\"q\\\\s\",\"global_name\":\"tab\\there\\u0001"
        "\\u001F \xc3\xa9\",\"discriminator\":\"0\",\"avatar\":\"0123abcd\",\"bot\":false,"
        "\"public_flags\":0,\"flags\":0,\"banner\":null,\"accent_color\":null}";
    const std::string ann =
        R"({"id":"1","username":"a","global_name":"Ann","discriminator":"0","avatar":null,)"
        R"("bot":false,"public_flags":0,"flags":0,"banner":null,"accent_color":null})";
    const std::string ts = "\"timestamp\":\"2015-01-01T00:00:00.000000+00:00\"";
    const std::string fixed =
        ",\"tts\":false,\"mention_everyone\":false,\"pinned\":false,\"type\":";
    const std::string lists = ",\"flags\":0,\"mention_roles\":[],\"embeds\":[],\"components\":[],";
    const std::string referenced = "{\"id\":\"500\",\"channel_id\":\"20\",\"author\":" + bob +
                                   ",\"content\":\"first\"," + ts + ",\"edited_timestamp\":null" +
                                   fixed + "0" + lists +
                                   "\"mentions\":[],\"attachments\":[],\"guild_id\":\"10\","
                                   "\"member\":{\"nick\":null,\"avatar\":null,\"roles\":[],"
                                   "\"joined_at\":\"2024-01-01T00:00:00.000000+00:00\","
                                   "\"deaf\":false,\"mute\":false,\"flags\":0,\"pending\":false,"
                                   "\"premium_since\":null}}";
    const std::string head =
        "{\"id\":\"501\",\"channel_id\":\"20\",\"author\":" + ann + ",\"content\":\"";
    const std::string middle =
        "\"," + ts + ",\"edited_timestamp\":\"2024-01-01T00:00:00.001000+00:00\"" + fixed + "19" +
        lists + "\"mentions\":[" + bob + "],\"attachments\":[";
    const std::string attachments =
        "{\"id\":\"600\",\"filename\":\"a.png\",\"size\":12,\"url\":\"https://cdn/a.png\","
        "\"proxy_url\":\"https://cdn/a.png\",\"content_type\":\"image/png\"},{\"id\":\"601\","
        "\"filename\":\"b\",\"size\":0,\"url\":\"https://cdn/b\",\"proxy_url\":\"https://cdn/b\"}";
    const std::string tail =
        "],\"reactions\":[{\"count\":2,\"me\":false,\"count_details\":{\"burst\":0,\"normal\":2},"
        "\"me_burst\":false,\"burst_colors\":[],\"emoji\":{\"id\":null,\"name\":"
        "\"\xf0\x9f\x91\x8d\"}},{\"count\":1,\"me\":false,\"count_details\":{\"burst\":0,"
        "\"normal\":1},\"me_burst\":false,\"burst_colors\":[],\"emoji\":{\"id\":\"42\","
        "\"name\":\"party\"}}],\"message_reference\":{\"type\":0,\"message_id\":\"500\","
        "\"channel_id\":\"20\",\"guild_id\":\"10\"},\"referenced_message\":" +
        referenced +
        ",\"guild_id\":\"10\",\"member\":{\"nick\":\"A\",\"avatar\":null,\"roles\":[\"11\"],"
        "\"joined_at\":\"2024-01-01T00:00:00.000000+00:00\",\"deaf\":false,\"mute\":false,"
        "\"flags\":0,\"pending\":false,\"premium_since\":null}}";
    EXPECT_EQ(world.message_json(m), head + "reply" + middle + attachments + tail);
    EXPECT_EQ(world.message_json(m, true), head + middle + tail);

    // Spliced into a list, as history pages are.
    JsonOut j;
    j.arr();
    world.write_message(j, world.messages.at(20).at(500));
    world.write_message(j, m, true);
    j.end_arr();
    EXPECT_EQ(j.take(), "[" + referenced + "," + head + middle + tail + "]");
}

TEST_F(WorldJsonTest, UnknownAuthorIsADeletedUser) {
    const Message& m = add(4194304, 30, 99, "x");
    EXPECT_EQ(world.message_json(m),
              R"({"id":"4194304","channel_id":"30","author":{"id":"99","username":"Deleted User",)"
              R"("global_name":null,"discriminator":"0","avatar":null,"bot":false,)"
              R"("public_flags":0,"flags":0,"banner":null,"accent_color":null},"content":"x",)"
              R"("timestamp":"2015-01-01T00:00:00.001000+00:00","edited_timestamp":null,)"
              R"("tts":false,"mention_everyone":false,"pinned":false,"type":0,"flags":0,)"
              R"("mention_roles":[],"embeds":[],"components":[],"mentions":[],"attachments":[]})");
}

TEST_F(WorldJsonTest, GuildJsonMembersWithUsers) {
    JsonOut j;
    world.write_member(j, world.guilds.at(10), world.guilds.at(10).members.at(0), true);
    EXPECT_EQ(j.take(),
              R"({"user":{"id":"1","username":"a","global_name":"Ann","discriminator":"0",)"
              R"("avatar":null,"bot":false,"public_flags":0,"flags":0,"banner":null,)"
              R"("accent_color":null},"nick":"A","avatar":null,"roles":["11"],)"
              R"("joined_at":"2024-01-01T00:00:00.000000+00:00","deaf":false,"mute":false,)"
              R"("flags":0,"pending":false,"premium_since":null})");
}

TEST(Iso8601, DiscordsFormat) {
    EXPECT_EQ(iso8601_from_ms(0), "1970-01-01T00:00:00.000000+00:00");
    EXPECT_EQ(iso8601_from_ms(1704067200000ULL), "2024-01-01T00:00:00.000000+00:00");
    EXPECT_EQ(iso8601_from_ms(951782400000ULL + 86399999), "2000-02-29T23:59:59.999000+00:00");
    EXPECT_EQ(iso8601_from_ms(4102444800000ULL - 1), "2099-12-31T23:59:59.999000+00:00");
    EXPECT_EQ(iso8601_from_ms(253402300799999ULL), "9999-12-31T23:59:59.999000+00:00");
}

}  // namespace
}  // namespace cordgate::tests::emulator
