#include <core/codec.hpp>
#include <core/event.hpp>
#include <core/utf8.hpp>

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace cordgate::core {
namespace {

std::optional<std::size_t> check(const std::string& s) {
    return first_invalid_utf8(s);
}

TEST(Utf8, AcceptsAsciiAndEveryEncodingLength) {
    EXPECT_EQ(check(""), std::nullopt);
    EXPECT_EQ(check("plain ascii, longer than one eight-byte word"), std::nullopt);
    EXPECT_EQ(check("caf\xc3\xa9"), std::nullopt);                 // U+00E9
    EXPECT_EQ(check("\xe2\x82\xac and more text"), std::nullopt);  // U+20AC
    EXPECT_EQ(check("\xf0\x9f\x98\x80"), std::nullopt);            // U+1F600
    EXPECT_EQ(check("\xf4\x8f\xbf\xbf"), std::nullopt);            // U+10FFFF, the last
    EXPECT_EQ(check("\xed\x9f\xbf"), std::nullopt);                // U+D7FF, before surrogates
    EXPECT_EQ(check("\xee\x80\x80"), std::nullopt);                // U+E000, after them
}

TEST(Utf8, NamesTheOffsetOfTheFirstBadByte) {
    EXPECT_EQ(check("12345678abc\xff"), 11u);        // after the word-at-a-time part
    EXPECT_EQ(check("\x80"), 0u);                    // a lone continuation byte
    EXPECT_EQ(check("ab\xc3"), 2u);                  // truncated at the end
    EXPECT_EQ(check("ab\xc3(more text here)"), 2u);  // not followed by a continuation
    EXPECT_EQ(check("\xc0\xaf"), 0u);                // overlong '/'
    EXPECT_EQ(check("\xc1\xbf"), 0u);                // overlong
    EXPECT_EQ(check("\xe0\x80\xaf"), 0u);            // overlong, three bytes
    EXPECT_EQ(check("\xf0\x80\x80\xaf"), 0u);        // overlong, four bytes
    EXPECT_EQ(check("x\xed\xa0\x80"), 1u);           // U+D800, a surrogate
    EXPECT_EQ(check("\xf4\x90\x80\x80"), 0u);        // above U+10FFFF
    EXPECT_EQ(check("\xf5\x80\x80\x80"), 0u);        // never a lead byte
    EXPECT_EQ(check("\xf0\x9f\x98"), 0u);            // four-byte lead, three bytes left
    EXPECT_EQ(check("caf\xc3\xa9 \xe2\x82"), 6u);    // valid, then truncated
}

TEST(Utf8, TheCodecRefusesInvalidTextWithItsOffset) {
    try {
        decode<std::string>("\"ok\xff\"");
        FAIL() << "no error";
    } catch (const CodecError& e) {
        EXPECT_STREQ(e.what(), "invalid UTF-8 at offset 3");
    }
    EXPECT_EQ(decode<std::string>("\"caf\xc3\xa9 \xf0\x9f\x98\x80\""),
              "caf\xc3\xa9 \xf0\x9f\x98\x80");
    // Escapes are RapidJSON's to check: a lone surrogate escape is still refused.
    EXPECT_THROW(decode<std::string>("\"\\ud800\""), CodecError);
}

// RapidJSON 1.1.0 refuses a high surrogate escape without a low one, but decodes a lone low one
// to invalid UTF-8 (ED B0 80), which the encoder then wrote and the decoder refused.
TEST(Utf8, AnEscapedLoneLowSurrogateIsRefusedByPath) {
    const auto error_of = [](auto decode) {
        try {
            decode();
        } catch (const CodecError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_EQ(error_of([] { decode<std::string>("\"a\\udc00\""); }),
              "value: invalid UTF-8: an escaped lone surrogate");
    EXPECT_EQ(error_of([] { decode<std::map<std::string, int>>("{\"\\udfff\":1}"); }),
              "\xed\xbf\xbf: invalid UTF-8: an escaped lone surrogate");
    EXPECT_EQ(error_of([] {
                  decode_event(R"({"v":1,"origin":"x","origin_seq":1,"ts":0,"user":"u",)"
                               R"("type":"xmpp.register","payload":{"gateway":"\udc00",)"
                               R"("sealed_token":"t"}})");
              }),
              "payload.gateway: invalid UTF-8: an escaped lone surrogate");
    // A pair is one character, as before.
    EXPECT_EQ(decode<std::string>("\"\\ud83d\\ude00\""), "\xf0\x9f\x98\x80");
}

std::string replaced(std::string s) {
    replace_invalid_utf8(s);
    return s;
}

TEST(Utf8, ReplaceLeavesValidTextAlone) {
    std::string text = "caf\xc3\xa9 \xf0\x9f\x98\x80, plain ascii longer than a word";
    EXPECT_FALSE(replace_invalid_utf8(text));
    EXPECT_EQ(text, "caf\xc3\xa9 \xf0\x9f\x98\x80, plain ascii longer than a word");
    std::string empty;
    EXPECT_FALSE(replace_invalid_utf8(empty));
}

TEST(Utf8, ReplaceMakesOneReplacementCharacterPerMaximalSubpart) {
    const std::string fffd = "\xef\xbf\xbd";
    std::string text =
        "a\xff"
        "b";
    EXPECT_TRUE(replace_invalid_utf8(text));
    EXPECT_EQ(text, "a" + fffd + "b");
    EXPECT_EQ(replaced("\xe2\x82(x"), fffd + "(x");                      // truncated, then ASCII
    EXPECT_EQ(replaced("\xed\xb0\x80"), fffd + fffd + fffd);             // an encoded surrogate
    EXPECT_EQ(replaced("\xc0\xaf"), fffd + fffd);                        // overlong
    EXPECT_EQ(replaced("\xf0\x9f\x98"), fffd);                           // truncated at the end
    EXPECT_EQ(replaced("\xf4\x90\x80\x80"), fffd + fffd + fffd + fffd);  // above U+10FFFF
    EXPECT_EQ(replaced("\x80\x80 ok \xf0\x9f\x98\x80 \xc3"),
              fffd + fffd + " ok \xf0\x9f\x98\x80 " + fffd);
    EXPECT_EQ(first_invalid_utf8(replaced("x\xed\xa0\x80y\xfe\xff"
                                          "12345678")),
              std::nullopt);
}

}  // namespace
}  // namespace cordgate::core
