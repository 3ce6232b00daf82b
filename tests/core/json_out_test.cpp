// JsonOut and the canonical encoders against RapidJSON's Writer, which wrote every byte in the
// logs and captures so far: the two must agree on every value, or replay would see new bytes.

#include "rapidjson_reference.hpp"
#include "samples.hpp"

#include <core/codec.hpp>
#include <core/json_out.hpp>
#include <core/snowflake.hpp>

#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <string>

namespace cordgate::core {
namespace {

template <class T>
std::string with_rapidjson(const T& value) {
    return tests::rapidjson_reference::write(value);
}
using tests::rapidjson_reference::effect_with_rapidjson;
using tests::rapidjson_reference::event_with_rapidjson;

TEST(JsonOut, EscapesEveryByteAsRapidJsonDoes) {
    for (int c = 0; c < 256; ++c) {
        const std::string s = "a" + std::string(1, static_cast<char>(c)) + "b";
        EXPECT_EQ(encode(s), with_rapidjson(s)) << "byte " << c;
        const std::string alone(1, static_cast<char>(c));
        EXPECT_EQ(encode(alone), with_rapidjson(alone)) << "byte " << c;
    }
}

TEST(JsonOut, AgreesWithRapidJsonOnRandomStrings) {
    std::mt19937 rng(20261201);
    // Mostly plain text with escapes, quotes and non-ASCII sprinkled in, of lengths around the
    // eight-byte words the scanner reads, and some long enough to grow the buffer.
    // 0x1A-0x1F are left out: see RapidJsonLeavesSomeControlCharactersRaw.
    const std::string alphabet = std::string("abcXYZ019 {}[]:,\"\\/\b\f\n\r\t\x01\x19\x7f") +
                                 "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xff" + std::string(1, '\0');
    for (int round = 0; round < 3000; ++round) {
        const std::size_t length = round < 2900 ? rng() % 40 : 20000 + rng() % 70000;
        std::string s;
        for (std::size_t i = 0; i < length; ++i) s += alphabet[rng() % alphabet.size()];
        ASSERT_EQ(encode(s), with_rapidjson(s)) << "round " << round;
    }
}

// The scan reads sixteen, then eight bytes at a time, then one: a byte to escape at every
// position of strings around those sizes, against a byte-by-byte escaper.
std::string escaped_bytewise(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                if (c < 0x20) {
                    static constexpr char kHex[] = "0123456789ABCDEF";
                    out += "\\u00";
                    out += kHex[c >> 4];
                    out += kHex[c & 15];
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    return out + "\"";
}

TEST(JsonOut, EscapesAtEveryPositionOfTheScansBlocks) {
    for (std::size_t length = 1; length <= 50; ++length) {
        for (std::size_t at = 0; at < length; ++at) {
            for (char c : {'"', '\\', '\x01', '\x1f', '\n', '\0', ' ', '\x7f', '\xe9'}) {
                std::string s(length, 'a');
                s[at] = c;
                ASSERT_EQ(encode(s), escaped_bytewise(s)) << length << " " << at << " " << int(c);
            }
        }
    }
}

// RapidJSON 1.1.0's SSE2 scan (writer.h, ScanWriteUnescapedString) tests "below 0x20" against
// 0x19, so in strings of 16 bytes or more it writes 0x1A-0x1F raw: invalid JSON, which the
// decoder then refuses. JsonOut escapes them wherever they are, as RapidJSON's byte-wise path
// does; no text the old writer produced and the decoder accepted is written differently.
TEST(JsonOut, RapidJsonLeavesSomeControlCharactersRaw) {
    std::string s(40, 'x');
    s[20] = '\x1f';
    const std::string old_bytes = with_rapidjson(s);
    ASSERT_EQ(old_bytes.find("\\u001F"), std::string::npos) << "RapidJSON fixed?";
    EXPECT_THROW(decode<std::string>(old_bytes), CodecError);
    const std::string bytes = encode(s);
    EXPECT_EQ(bytes, "\"" + std::string(20, 'x') + "\\u001F" + std::string(19, 'x') + "\"");
    EXPECT_EQ(decode<std::string>(bytes), s);
}

TEST(JsonOut, WritesIntegersAsRapidJsonDoes) {
    for (std::int64_t v :
         {std::numeric_limits<std::int64_t>::min(), std::int64_t{-1}, std::int64_t{0},
          std::int64_t{9}, std::int64_t{10}, std::numeric_limits<std::int64_t>::max()}) {
        EXPECT_EQ(encode(v), with_rapidjson(v));
    }
    for (std::uint64_t v :
         {std::uint64_t{0}, std::uint64_t{1} << 63, std::numeric_limits<std::uint64_t>::max()}) {
        EXPECT_EQ(encode(v), with_rapidjson(v));
        EXPECT_EQ(encode(Snowflake{v}), with_rapidjson(Snowflake{v}));
    }
    for (int v : {std::numeric_limits<int>::min(), -7, 0, std::numeric_limits<int>::max()}) {
        EXPECT_EQ(encode(v), with_rapidjson(v));
    }
    // Every length, and each power of ten and the number before it.
    std::mt19937_64 rng(11);
    for (int round = 0; round < 20000; ++round) {
        const std::uint64_t v = rng() >> (rng() % 64);
        ASSERT_EQ(encode(v), std::to_string(v));
        const auto s = static_cast<std::int64_t>(rng()) >> (rng() % 64);
        ASSERT_EQ(encode(s), std::to_string(s));
    }
    for (std::uint64_t p = 1; p <= UINT64_MAX / 10; p *= 10) {
        for (std::uint64_t v : {p - 1, p, p + 1, p * 10 - 1})
            ASSERT_EQ(encode(v), std::to_string(v));
    }
    EXPECT_EQ(encode(true), "true");
    EXPECT_EQ(encode(false), "false");
}

struct Leading {
    std::optional<std::string> maybe;  // absent first member: no stray ',' before the next
    std::vector<int> empty;
    std::set<std::string> names;
    std::map<std::string, std::string> by_name;
    std::map<std::uint64_t, Snowflake> by_number;
    std::optional<std::vector<Snowflake>> ids;
    static constexpr auto fields =
        std::tuple{field("maybe", &Leading::maybe),         field("empty", &Leading::empty),
                   field("names", &Leading::names),         field("by_name", &Leading::by_name),
                   field("by_number", &Leading::by_number), field("ids", &Leading::ids)};
};

TEST(JsonOut, NestedValuesAgreeWithRapidJson) {
    Leading empty;
    EXPECT_EQ(encode(empty), with_rapidjson(empty));
    EXPECT_EQ(encode(empty), R"({"empty":[],"names":[],"by_name":{},"by_number":{}})");
    Leading full{"m",
                 {1, -2},
                 {"a", "b\"c"},
                 {{"k\n", "v"}, {"z", ""}},
                 {{3, Snowflake{4}}},
                 std::vector<Snowflake>{}};
    EXPECT_EQ(encode(full), with_rapidjson(full));
    EXPECT_EQ(encode(std::vector<Leading>{}), "[]");
    EXPECT_EQ(encode(std::vector<Leading>{empty, full}),
              with_rapidjson(std::vector<Leading>{empty, full}));
}

TEST(JsonOut, EveryEnvelopeAgreesWithRapidJson) {
    for (const auto& payload : tests::sample_event_payloads()) {
        Event e{kEventVersion, "discord", 42, -1732500000000, "romeo@localhost", payload};
        EXPECT_EQ(encode_event(e), event_with_rapidjson(e)) << e.type();
    }
    for (const auto& payload : tests::sample_effect_payloads()) {
        Effect e{kEffectVersion, 7, std::numeric_limits<std::uint64_t>::max(), "r\"omeo", payload};
        EXPECT_EQ(encode_effect(e), effect_with_rapidjson(e)) << e.type();
    }
}

TEST(JsonOut, ALargeTextDoesNotStayInTheThreadsBuffer) {
    const std::string big(1 << 20, 'x');
    const std::string text = encode(big);  // the buffer leaves with it, trimmed to the text
    EXPECT_EQ(text, '"' + big + '"');
    EXPECT_LE(json_out_buffer().size(), 64u * 1024);
    EXPECT_EQ(encode(std::string("after")), "\"after\"");
}

TEST(JsonOut, ALargeTextGrowsByHalfNotByDoubling) {
    // 60,000 strings of 8 bytes, written one by one as a large event's members are: the buffer
    // grows many times. Doubling ends at 1 MiB (1.75x the 600,001 bytes), growing by half at
    // 864 KiB (1.47x).
    JsonOut out(json_out_buffer());
    const std::size_t opened = out.open();
    for (int i = 0; i < 60'000; ++i) {
        out.put(',');
        out.string("abcdefg");
    }
    out.close(opened, '[', ']');
    const std::string text = take_json_out(out);
    EXPECT_EQ(text.size(), 600'001u);
    EXPECT_LT(text.capacity(), text.size() * 3 / 2);
}

}  // namespace
}  // namespace cordgate::core
