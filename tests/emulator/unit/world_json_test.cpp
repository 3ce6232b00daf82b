// Emulator: the exact bytes of the JSON shapes made per message (users, members, messages,
// timestamps). The goldens are what the RapidJSON-writer implementation produced, so the faster
// writer must give clients the very same text, escapes included.

#include <tests/emulator/seed.hpp>
#include <tests/emulator/world.hpp>

#include <gtest/gtest.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cstring>
#include <random>

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

std::string rapidjson_string(const std::string& v) {
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
    return {buf.GetString(), buf.GetSize()};
}

std::string json_text_string(const std::string& v) {
    std::string out;
    JsonText(out).str(v);
    return out;
}

// RapidJSON's escape table, one byte at a time.
std::string reference_string(const std::string& v) {
    std::string out = "\"";
    for (const char ch : v) {
        const auto c = static_cast<unsigned char>(ch);
        const char* shorts = "\b\t\n\f\r";
        if (c == '"' || c == '\\') {
            out += '\\';
            out += ch;
        } else if (const char* e = c ? std::strchr("\b\t\n\f\r", ch) : nullptr) {
            out += '\\';
            out += "btnfr"[e - shorts];
        } else if (c < 0x20) {
            out += "\\u00";
            out += "0123456789ABCDEF"[c >> 4];
            out += "0123456789ABCDEF"[c & 0xF];
        } else {
            out += ch;
        }
    }
    return out + '"';
}

// RapidJSON 1.1.0's SSE2 scan (RAPIDJSON_SSE2 is on) compares with 0x19 where its table says
// 0x1F, so 0x1A-0x1F inside 16-byte blocks went out raw: not valid JSON. JsonText escapes them
// everywhere, as RapidJSON's table (and its scalar path) does; otherwise the bytes are equal.
bool rapidjson_skips_escapes(const std::string& v) {
    return std::any_of(v.begin(), v.end(), [](char c) { return c >= 0x1A && c <= 0x1F; });
}

// Every byte value, at every position of an 8-byte word, and random strings.
TEST(JsonText, StringsEscapeAsRapidJsonDoes) {
    auto check = [](const std::string& v) {
        const std::string got = json_text_string(v);
        if (got != reference_string(v)) return false;
        return rapidjson_skips_escapes(v) || got == rapidjson_string(v);
    };
    for (int c = 0; c < 256; ++c) {
        for (std::size_t at = 0; at < 33; ++at) {
            std::string v(33, 'x');
            v[at] = static_cast<char>(c);
            ASSERT_TRUE(check(v)) << "byte " << c << " at " << at << ": " << json_text_string(v);
        }
    }
    std::mt19937 rng(42);
    const std::string alphabet = std::string("\"\\\n\t\x01\x1f\x7f\x80\xc3\xa9 az/", 15);
    for (int i = 0; i < 20000; ++i) {
        std::string v(rng() % 40, ' ');
        for (char& ch : v)
            ch = i % 2 ? alphabet[rng() % alphabet.size()] : static_cast<char>(rng() % 256);
        ASSERT_TRUE(check(v)) << i << ": " << json_text_string(v);
    }
    EXPECT_EQ(json_text_string(""), "\"\"");
}

TEST(JsonText, Numbers) {
    std::string out;
    JsonText(out).num(0).raw(",").num(-9223372036854775807LL - 1).raw(",").snow(0).raw(",");
    JsonText(out).snow(18446744073709551615ULL).raw(",").snow_or_null(0);
    EXPECT_EQ(out, R"(0,-9223372036854775808,"0","18446744073709551615",null)");
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
