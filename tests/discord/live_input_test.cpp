// cordgate-discord against input Discord does send and a strict reader would lose: text that is
// not valid UTF-8 once decoded (lone surrogate escapes; raw bytes inside zlib-stream frames), a
// READY with one bad entry, reactions with a deleted custom emoji, typing with odd timestamps.
// Each must be published in a form the core takes, and what comes after must still arrive.

#include "live_harness.hpp"

#include <gtest/gtest.h>

namespace cordgate::tests::discord {
namespace {

using namespace std::chrono_literals;
using core::Snowflake;

const std::string kFffd = "\xef\xbf\xbd";  // U+FFFD

// `text` as a JSON string literal.
std::string quoted(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

// Bob's MESSAGE_CREATE in the DM with `content_json` (JSON text, escapes as they are) as content.
std::string message_d(const std::string& id, const std::string& content_json) {
    return std::string(R"({"id":")") + id + R"(","channel_id":")" + kDm + R"(","author":{"id":")" +
           kBob + R"(","username":"bob"},"content":)" + content_json +
           R"(,"timestamp":"2026-12-06T07:00:00.000000+00:00","attachments":[],"mentions":[]})";
}

void send_dispatches(Live& live, const std::string& dispatches) {
    live.control(
        "POST", "/_emulator/fault/raw",
        std::string(R"({"user_id":")") + kAlice + R"(","dispatches":[)" + dispatches + "]}");
}

TEST(LiveInput, LoneSurrogateEscapesArriveAsReplacementCharactersAndTheNextMessageToo) {
    Live live;
    login_alice(live);
    // d_raw: the escapes reach the adapter as written. An escaped backslash before "udc00" is
    // text, not an escape, and stays.
    send_dispatches(
        live, std::string(R"({"t":"MESSAGE_CREATE","d_raw":)") +
                  quoted(message_d("900000000000000001", R"("low \udc00 alone")")) + "}," +
                  R"({"t":"MESSAGE_CREATE","d_raw":)" +
                  quoted(message_d("900000000000000002", R"("high \ud83d alone")")) + "}," +
                  R"({"t":"MESSAGE_CREATE","d_raw":)" +
                  quoted(message_d("900000000000000003", R"("pair \ud83d\ude00 \\udc00")")) + "}");
    bob_says(live, "after the surrogates");
    ASSERT_TRUE(live.wait([&] { return delivered(live, "after the surrogates") == 1; }, 10s))
        << live.adapter_log();
    EXPECT_EQ(delivered(live, "low " + kFffd + " alone"), 1);
    EXPECT_EQ(delivered(live, "high " + kFffd + " alone"), 1);
    EXPECT_EQ(delivered(live, "pair \xf0\x9f\x98\x80 \\udc00"), 1);
    EXPECT_TRUE(live.undecodable().empty()) << live.undecodable().front();
}

TEST(LiveInput, BytesThatAreNotUtf8InACompressedFrameArriveAsReplacementCharacters) {
    Live live(LiveOptions{{}, "compress = true", false});
    login_alice(live);
    // The control API parses "d" and writes it again: \udc00 goes out as the raw bytes ED B0 80,
    // inside a zlib-stream (binary) frame, where no websocket check applies.
    send_dispatches(live, std::string(R"({"t":"MESSAGE_CREATE","d":)") +
                              message_d("900000000000000004", R"("raw \udc00 bytes")") + "}");
    bob_says(live, "after the raw bytes");
    ASSERT_TRUE(live.wait([&] { return delivered(live, "after the raw bytes") == 1; }, 10s))
        << live.adapter_log();
    EXPECT_EQ(delivered(live, "raw " + kFffd + kFffd + kFffd + " bytes"), 1);
    EXPECT_TRUE(live.undecodable().empty()) << live.undecodable().front();
}

TEST(LiveInput, AReadyWithBadEntriesKeepsTheGoodOnes) {
    Live live;
    live.control(
        "POST", "/_emulator/fault/ready",
        R"({"relationships":["{\"id\":\"7\",\"type\":1,\"user\":{\"id\":\"not-a-snowflake\"}}",)"
        R"("\"junk\""],"private_channels":["{\"id\":\"8\",\"recipients\":[]}"],)"
        R"("guilds":["{\"id\":\"9\",\"channels\":[{\"id\":\"10\"}]}"]})");
    login_alice(live);
    const auto ready = live.events_of<core::DiscordReady>().at(0);
    std::vector<Snowflake> friends;
    for (const auto& r : ready.relationships) friends.push_back(r.user.id);
    EXPECT_EQ(friends, (std::vector<Snowflake>{*Snowflake::parse(kBob),
                                               *Snowflake::parse("100000000000000004")}));
    EXPECT_EQ(ready.private_channels.size(), 2u);
    ASSERT_TRUE(ready.guilds);
    EXPECT_EQ(ready.guilds->size(), 1u);
    const std::string log = live.adapter_log();
    for (const char* left_out :
         {"relationships[2].user.id: not a snowflake", "relationships[3]: expected an object",
          "private_channels[2].type: missing", "guilds[1].channels[0].type: missing"}) {
        EXPECT_NE(log.find(std::string("an entry left out: ") + left_out), std::string::npos)
            << left_out << "\n"
            << log;
    }
}

TEST(LiveInput, ADeletedEmojiReactionAndOddTypingTimestampsArePublished) {
    Live live;
    login_alice(live);
    const std::string where =
        std::string(R"("channel_id":")") + kDm + R"(","user_id":")" + kBob + "\"";
    send_dispatches(live, R"({"t":"MESSAGE_REACTION_ADD","d":{)" + where +
                              R"(,"message_id":"5","emoji":{"id":"700","name":null}}},)" +
                              R"({"t":"MESSAGE_REACTION_REMOVE","d":{)" + where +
                              R"(,"message_id":"5","emoji":{"id":"700","name":null}}},)" +
                              R"({"t":"TYPING_START","d":{)" + where +
                              R"(,"timestamp":1733468400.25}},)" + R"({"t":"TYPING_START","d":{)" +
                              where + R"(,"timestamp":"1733468400"}},)" +
                              R"({"t":"TYPING_START","d":{)" + where + R"(,"timestamp":-1}},)" +
                              R"({"t":"TYPING_START","d":{)" + where + "}}");
    bob_says(live, "after the odd ones");
    ASSERT_TRUE(live.wait([&] { return delivered(live, "after the odd ones") == 1; }, 10s))
        << live.adapter_log();
    const auto added = live.events_of<core::DiscordReactionAdd>();
    ASSERT_EQ(added.size(), 1u) << live.adapter_log();
    EXPECT_EQ(added[0].emoji.id, Snowflake{700});
    EXPECT_EQ(added[0].emoji.name, "_");
    EXPECT_EQ(live.events_of<core::DiscordReactionRemove>().size(), 1u);
    std::vector<std::int64_t> stamps;
    for (const auto& t : live.events_of<core::DiscordTypingStart>()) stamps.push_back(t.timestamp);
    EXPECT_EQ(stamps, (std::vector<std::int64_t>{1733468400, 1733468400, 0, 0}))
        << live.adapter_log();
}

}  // namespace
}  // namespace cordgate::tests::discord
