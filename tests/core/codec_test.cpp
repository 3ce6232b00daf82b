#include <core/codec.hpp>
#include <core/effect.hpp>
#include <core/event.hpp>
#include <core/snowflake.hpp>

#include <gtest/gtest.h>

namespace cordgate::core {
namespace {

struct Inner {
    Snowflake id;
    std::optional<std::string> note;
    static constexpr auto fields = std::tuple{field("id", &Inner::id), field("note", &Inner::note)};
};

struct Outer {
    std::string name;
    std::int64_t count = 0;
    bool flag = false;
    std::vector<Inner> items;
    std::map<Snowflake, std::string> by_id;
    static constexpr auto fields = std::tuple{
        field("name", &Outer::name), field("count", &Outer::count), field("flag", &Outer::flag),
        field("items", &Outer::items), field("by_id", &Outer::by_id)};
};

TEST(Codec, EncodesInFieldOrderAndOmitsAbsentOptionals) {
    Outer o{"x",
            -3,
            true,
            {Inner{Snowflake{7}, std::nullopt}, Inner{Snowflake{8}, "n"}},
            {{Snowflake{10}, "ten"}, {Snowflake{9}, "nine"}}};
    EXPECT_EQ(encode(o),
              R"({"name":"x","count":-3,"flag":true,"items":[{"id":"7"},{"id":"8","note":"n"}],)"
              R"("by_id":{"9":"nine","10":"ten"}})");
}

TEST(Codec, KeyOrderOfInputDoesNotChangeTheEncoding) {
    auto a = decode<Inner>(R"({"note":"n","id":"5"})");
    auto b = decode<Inner>(R"({"id":"5","note":"n"})");
    EXPECT_EQ(encode(a), encode(b));
}

TEST(Codec, ErrorsNameThePath) {
    try {
        decode<Outer>(
            R"({"name":"x","count":1,"flag":true,"items":[{"id":"1"},{"id":7}],"by_id":{}})");
        FAIL() << "no error";
    } catch (const CodecError& e) {
        EXPECT_STREQ(e.what(), "items[1].id: expected a snowflake string");
    }
}

TEST(Codec, RejectsMissingUnknownAndMistypedFields) {
    EXPECT_THROW(decode<Inner>(R"({})"), CodecError);
    EXPECT_THROW(decode<Inner>(R"({"id":"1","extra":1})"), CodecError);
    EXPECT_THROW(decode<Inner>(R"({"id":1})"), CodecError);
    EXPECT_THROW(decode<Inner>(R"({"id":"01"})"), CodecError);
    EXPECT_THROW(decode<Inner>(R"({"id":"18446744073709551616"})"), CodecError);
    EXPECT_THROW(decode<Outer>(R"({"name":"x","count":1.5,"flag":true,"items":[],"by_id":{}})"),
                 CodecError);
    EXPECT_THROW(
        decode<Outer>(R"({"name":"x","count":1,"flag":true,"items":[],"by_id":{"a":"b"}})"),
        CodecError);
}

TEST(Codec, RejectsMalformedJsonAndInvalidUtf8) {
    EXPECT_THROW(decode<Inner>(R"({"id":"1")"), CodecError);
    EXPECT_THROW(decode<Inner>("{\"id\":\"1\",\"note\":\"\xff\"}"), CodecError);
    EXPECT_THROW(decode<Inner>(""), CodecError);
}

// Frames come from the network. RapidJSON's default parser recurses once per nesting level, and
// a frame of a million '[' overflowed the stack (exit 139); the iterative parser keeps its stack
// on the heap.
TEST(Codec, DeepNestingIsAnErrorNotACrash) {
    const std::string arrays(2'000'000, '[');
    EXPECT_THROW(decode<Outer>(arrays), CodecError);
    EXPECT_THROW(decode_event(arrays), CodecError);
    EXPECT_THROW(decode_effect("{\"v\":1,\"id\":" + arrays), CodecError);
    std::string objects;
    for (int i = 0; i < 500'000; ++i) objects += "{\"a\":";
    EXPECT_THROW(decode_event(objects), CodecError);
    EXPECT_THROW(parse_json(objects), CodecError);
}

// The iterative parser's one different message, mapped back to the recursive parser's.
TEST(Codec, AStrayCloseIsAnInvalidValueNotAnEmptyDocument) {
    for (const char* text : {"]", ",{}", " }", ":1"}) {
        try {
            parse_json(text);
            FAIL() << "no error";
        } catch (const CodecError& e) {
            EXPECT_EQ(std::string(e.what()).substr(0, 28),
                      "malformed JSON at offset " + std::string(text[0] == ' ' ? "1" : "0") + ": ")
                << text;
            EXPECT_STREQ(e.what() + 28, "Invalid value.") << text;
        }
    }
    EXPECT_THROW(decode<Inner>("  "), CodecError);
    try {
        parse_json(" \n");
        FAIL() << "no error";
    } catch (const CodecError& e) {
        EXPECT_STREQ(e.what(), "malformed JSON at offset 2: The document is empty.");
    }
}

TEST(Snowflake, ParsesOnlyCanonicalDecimals) {
    EXPECT_EQ(Snowflake::parse("18446744073709551615")->value, UINT64_MAX);
    EXPECT_FALSE(Snowflake::parse(""));
    EXPECT_FALSE(Snowflake::parse("-1"));
    EXPECT_FALSE(Snowflake::parse("1 "));
    EXPECT_FALSE(Snowflake::parse("007"));
    EXPECT_FALSE(Snowflake::parse("99999999999999999999"));
}

}  // namespace
}  // namespace cordgate::core
