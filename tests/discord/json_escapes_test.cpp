#include <adapters/discord/gateway_frame.hpp>
#include <adapters/discord/json_escapes.hpp>
#include <core/utf8.hpp>

#include <gtest/gtest.h>

namespace cordgate::adapters::discord {
namespace {

const std::string kFffd = "\xef\xbf\xbd";

std::string repaired(std::string json) {
    replace_lone_surrogate_escapes(json);
    return json;
}

TEST(JsonEscapes, LoneSurrogatesBecomeTheReplacementCharacterInTheSameLength) {
    std::string text = R"({"c":"a\udc00b"})";
    EXPECT_TRUE(replace_lone_surrogate_escapes(text));
    EXPECT_EQ(text, R"({"c":"a\ufffdb"})");
    EXPECT_EQ(repaired(R"("\uD800")"), R"("\ufffd")");              // a high one at the end
    EXPECT_EQ(repaired(R"("\ud83dx")"), R"("\ufffdx")");            // a high one, then text
    EXPECT_EQ(repaired(R"("\ud83d\u0041")"), R"("\ufffd\u0041")");  // then another escape
    EXPECT_EQ(repaired(R"("\ud83d\ud83d\ude00")"), R"("\ufffd\ud83d\ude00")");  // two highs
    EXPECT_EQ(repaired(R"("\ude00\ud83d")"), R"("\ufffd\ufffd")");              // low before high
    EXPECT_EQ(repaired(R"("\uDFFF")"), R"("\ufffd")");
}

TEST(JsonEscapes, PairsOtherEscapesAndEscapedBackslashesAreLeftAlone) {
    for (const std::string same : {
             R"({"c":"\ud83d\ude00"})",    // a pair
             R"({"c":"\uD83D\uDE00"})",    // upper case
             R"({"c":"\\udc00"})",         // an escaped backslash, then text
             R"({"c":"\\\ud83d\ude00"})",  // an escaped backslash, then a pair
             R"({"c":"\"\u00e9\n\t\/"})",  // other escapes
             R"({"c":"\uzzzz"})",          // not an escape: RapidJSON refuses it
             R"({"c":"\ud7ff\ue000"})",    // just outside the surrogates
             "\\", "\\u", "\\udc0",        // cut short
         }) {
        std::string text = same;
        EXPECT_FALSE(replace_lone_surrogate_escapes(text)) << same;
        EXPECT_EQ(text, same);
    }
    EXPECT_EQ(repaired(R"({"c":"\\\udc00"})"), R"({"c":"\\\ufffd"})");  // "\\" then an escape
}

TEST(JsonEscapes, AGatewayFrameWithALoneSurrogateParsesToValidUtf8) {
    for (const char* frame :
         {R"({"op":0,"d":{"content":"x\udc00y"}})", R"({"op":0,"d":{"content":"x\ud800y"}})"}) {
        std::string text = frame;
        rapidjson::Document doc;
        ASSERT_TRUE(parse_gateway_frame(text, doc)) << frame;
        const rapidjson::Value& content = doc["d"]["content"];
        const std::string got(content.GetString(), content.GetStringLength());
        EXPECT_EQ(got, "x" + kFffd + "y");
        EXPECT_EQ(core::first_invalid_utf8(got), std::nullopt);
    }
}

TEST(JsonEscapes, ARestBodyLosesInvalidBytesAndLoneSurrogates) {
    EXPECT_EQ(repaired_json_text("[{\"c\":\"a\xff\\udc00\"}]"),
              "[{\"c\":\"a" + kFffd + "\\ufffd\"}]");
    EXPECT_EQ(repaired_json_text(R"([{"c":"fine \ud83d\ude00"}])"),
              R"([{"c":"fine \ud83d\ude00"}])");
}

}  // namespace
}  // namespace cordgate::adapters::discord
