#include <adapters/discord/gateway_frame.hpp>

#include <gtest/gtest.h>

namespace cordgate::adapters::discord {
namespace {

bool parses(std::string text) {
    rapidjson::Document doc;
    return parse_gateway_frame(text, doc);
}

TEST(GatewayFrame, ParsesInPlaceAndTheStringsLiveInTheFrame) {
    std::string text =
        R"({"op":0,"t":"MESSAGE_CREATE","d":{"content":"a \"quoted\" \u00e9 line"}})";
    rapidjson::Document doc;
    ASSERT_TRUE(parse_gateway_frame(text, doc));
    const rapidjson::Value& content = doc["d"]["content"];
    EXPECT_EQ(std::string(content.GetString(), content.GetStringLength()),
              "a \"quoted\" \xc3\xa9 line");
    const char* at = content.GetString();
    EXPECT_TRUE(at >= text.data() && at < text.data() + text.size()) << "copied, not in place";
}

TEST(GatewayFrame, RefusesWhatIsNotAJsonObject) {
    EXPECT_FALSE(parses("this is {not json"));
    EXPECT_FALSE(parses("[1,2,3]"));
    EXPECT_FALSE(parses(R"({"op":1)"));
    EXPECT_FALSE(parses(R"({"op":1} {"op":2})"));
    EXPECT_FALSE(parses(""));
}

TEST(GatewayFrame, ARawNulAnywhereIsRefusedNotReadAsAShorterDocument) {
    EXPECT_FALSE(parses(std::string(R"({"op":11})") + '\0' + R"({"op":7})"));
    EXPECT_FALSE(parses(std::string(R"({"op":0,"d":{"content":"a)") + '\0' + R"(b"}})"));
    EXPECT_TRUE(parses(R"({"op":0,"d":{"content":"a\u0000b"}})"));  // escaped, it is text
}

// 0x1A-0x1F are left out: RapidJSON's SSE2 scan lets them through or not depending on where
// the string lies against a 16-byte boundary (gateway_frame.hpp).
TEST(GatewayFrame, RawControlCharactersAreRefused) {
    for (char c : {'\x01', '\x19', '\n'}) {
        for (std::size_t before : {0, 7, 15, 16, 17, 40}) {
            const std::string frame = std::string(R"({"d":")") + std::string(before, 'a') + c +
                                      R"(bbbbbbbbbbbbbbbbbbbb"})";
            EXPECT_FALSE(parses(frame)) << int(c) << " after " << before;
        }
    }
}

}  // namespace
}  // namespace cordgate::adapters::discord
