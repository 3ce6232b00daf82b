// The canonical reader (decode's fast path) against the DOM decoder behind it. What the reader
// accepts must be exactly the bytes the encoder writes, decoded to the value the DOM decoder
// gives; everything else must reach the DOM decoder, so what is accepted and every error message
// stay as they were.

#include "samples.hpp"

#include <core/codec.hpp>
#include <core/envelope_paths.hpp>
#include <core/snowflake.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace cordgate::core {
namespace {

using envelope_paths::decode_effect_canonical;
using envelope_paths::decode_effect_dom;
using envelope_paths::decode_event_canonical;
using envelope_paths::decode_event_dom;

Event wrap(EventPayload payload) {
    return Event{kEventVersion, "discord",         42,
                 1732500000000, "romeo@localhost", std::move(payload)};
}

std::vector<std::string> sample_event_texts() {
    std::vector<std::string> out;
    for (const auto& payload : tests::sample_event_payloads())
        out.push_back(encode_event(wrap(payload)));
    return out;
}

std::vector<std::string> sample_effect_texts() {
    std::vector<std::string> out;
    for (const auto& payload : tests::sample_effect_payloads()) {
        out.push_back(encode_effect(Effect{kEffectVersion, 7, 42, "romeo@localhost", payload}));
    }
    return out;
}

// The text in a heap block of exactly its size, so that under ASan a read past its end is
// caught (a prefix of a longer string, or a string's spare capacity, would hide one).
class ExactCopy {
  public:
    explicit ExactCopy(std::string_view text)
        : bytes_(new char[text.size() + (text.empty() ? 1 : 0)]), size_(text.size()) {
        std::copy(text.begin(), text.end(), bytes_.get());
    }
    std::string_view view() const { return {bytes_.get(), size_}; }

  private:
    std::unique_ptr<char[]> bytes_;
    std::size_t size_;
};

template <class T>
bool canonical(std::string_view text) {
    T out{};
    return detail::decode_canonical(text, out);
}

template <class T>
T from_dom(std::string_view text) {
    T out{};
    detail::decode_dom(text, out);
    return out;
}

std::string error_of(auto&& decode) {
    try {
        decode();
    } catch (const CodecError& e) {
        return e.what();
    }
    return "no error";
}

TEST(CanonicalReader, ReadsEveryEnvelopeAsTheDomDecoderDoes) {
    for (const std::string& text : sample_event_texts()) {
        Event fast;
        ASSERT_TRUE(decode_event_canonical(text, fast)) << text;
        EXPECT_EQ(encode_event(fast), text);
        EXPECT_EQ(encode_event(decode_event_dom(text)), text);
    }
    for (const std::string& text : sample_effect_texts()) {
        Effect fast;
        ASSERT_TRUE(decode_effect_canonical(text, fast)) << text;
        EXPECT_EQ(encode_effect(fast), text);
        EXPECT_EQ(encode_effect(decode_effect_dom(text)), text);
    }
}

struct Item {
    Snowflake id;
    std::optional<std::string> note;
    std::int64_t n = 0;
    static constexpr auto fields =
        std::tuple{field("id", &Item::id), field("note", &Item::note), field("n", &Item::n)};
};

struct Bag {
    std::optional<int> first;
    std::vector<Item> items;
    std::set<std::string> tags;
    std::map<Snowflake, std::string> by_id;
    std::map<std::string, std::uint64_t> by_name;
    bool flag = false;
    static constexpr auto fields = std::tuple{
        field("first", &Bag::first), field("items", &Bag::items),     field("tags", &Bag::tags),
        field("by_id", &Bag::by_id), field("by_name", &Bag::by_name), field("flag", &Bag::flag)};
};

const char* const kBag =
    R"({"items":[{"id":"1","n":-5},{"id":"2","note":"x\ty\u001F","n":0}],"tags":["a","b"],)"
    R"("by_id":{"3":"three","20":"twenty"},"by_name":{"a\"":1,"b":18446744073709551615},)"
    R"("flag":true})";

TEST(CanonicalReader, ReadsContainersAndOptionals) {
    ASSERT_TRUE(canonical<Bag>(kBag));
    const Bag bag = decode<Bag>(kBag);
    EXPECT_EQ(encode(bag), kBag);
    EXPECT_FALSE(bag.first);
    ASSERT_EQ(bag.items.size(), 2u);
    EXPECT_EQ(bag.items[1].note, "x\ty\x1f");
    EXPECT_EQ(bag.by_name.at("b"), UINT64_MAX);
    EXPECT_EQ(encode(from_dom<Bag>(kBag)), kBag);
}

// Valid JSON that encode() never writes: each must be left to the DOM decoder, which reads it to
// the same value as before.
TEST(CanonicalReader, LeavesOtherSpellingsToTheDomDecoder) {
    const std::vector<std::string> spellings = {
        R"({"id":"1","n":2,"note":"x"})",       // keys out of field order
        R"({ "id":"1","note":"x","n":2})",      // whitespace
        R"({"id":"1","note":"x","n":2} )",      // trailing whitespace
        R"({"id":"1","note":"\u0078","n":2})",  // an escape we do not write
        R"({"id":"1","note":"\/","n":2})",
        R"({"id":"1","note":"\u001f","n":2})",        // lower-case hex
        R"({"id":"1","note":"\u0009","n":2})",        // \t spelled long
        R"({"id":"1","note":"\ud83d\ude00","n":2})",  // a surrogate pair
        R"({"id":"1","note":"x","n":-0})",            // minus zero
        R"({"\u0069d":"1","n":2})",                   // an escaped key
    };
    for (const std::string& text : spellings) {
        EXPECT_FALSE(canonical<Item>(text)) << text;
        const Item fast_or_dom = decode<Item>(text);
        EXPECT_EQ(encode(fast_or_dom), encode(from_dom<Item>(text))) << text;
    }
    EXPECT_EQ(decode<Item>(R"({"id":"1","n":2,"note":"x"})").note, "x");
    EXPECT_EQ(decode<Item>(R"({"id":"1","note":"\ud83d\ude00","n":2})").note, "\xf0\x9f\x98\x80");
    EXPECT_EQ(decode<Item>(R"({"id":"1","n":-0})").n, 0);

    // Containers out of their canonical order, and a map key given twice (the last one wins,
    // as it always did).
    const std::string unordered =
        R"({"items":[],"tags":["b","a"],"by_id":{"20":"twenty","3":"three"},)"
        R"("by_name":{"b":1,"b":2},"flag":false})";
    EXPECT_FALSE(canonical<Bag>(unordered));
    const Bag bag = decode<Bag>(unordered);
    EXPECT_EQ(bag.tags, (std::set<std::string>{"a", "b"}));
    EXPECT_EQ(bag.by_id.begin()->second, "three");
    EXPECT_EQ(bag.by_name.at("b"), 2u);

    // An envelope whose "v" is not first.
    const std::string event = encode_event(wrap(XmppRegister{"g", "t"}));
    std::string moved = event;
    moved.replace(0, 7, "{");
    moved.insert(moved.size() - 1, ",\"v\":1");
    Event e;
    EXPECT_FALSE(decode_event_canonical(moved, e));
    EXPECT_EQ(encode_event(decode_event(moved)), event);
}

TEST(CanonicalReader, ErrorsAreTheDomDecodersErrors) {
    const auto item_error = [](std::string text) { return error_of([&] { decode<Item>(text); }); };
    EXPECT_EQ(item_error(R"({"id":"1","id":"1","n":2})"), "value: duplicate field");
    EXPECT_EQ(item_error(R"({"id":"1","n":2,"n":2})"), "value: duplicate field");
    EXPECT_EQ(item_error(R"({"id":"1","n":2,"extra":0})"), "extra: unknown field");
    EXPECT_EQ(item_error(R"({"id":"1","zzz":0,"n":2})"), "zzz: unknown field");
    EXPECT_EQ(item_error(R"({"id":1,"n":2})"), "id: expected a snowflake string");
    EXPECT_EQ(item_error(R"({"id":"01","n":2})"), "id: not a snowflake (1-20 decimal digits)");
    EXPECT_EQ(item_error(R"({"id":"1","note":null,"n":2})"), "note: expected a string");
    EXPECT_EQ(item_error(R"({"id":"1","n":1.0})"), "n: expected a signed 64-bit integer");
    EXPECT_EQ(item_error(R"({"id":"1","n":9223372036854775808})"),
              "n: expected a signed 64-bit integer");
    EXPECT_EQ(item_error(R"({"id":"1"})"), "n: missing");
    EXPECT_EQ(item_error(R"([])"), "value: expected an object");
    EXPECT_EQ(item_error("{\"id\":\"1\",\"note\":\"\xc3\",\"n\":2}"), "invalid UTF-8 at offset 18");
    EXPECT_EQ(item_error("{\"id\":\"1\",\"note\":\"\x01\",\"n\":2}"),
              "malformed JSON at offset 18: Invalid escape character in string.");
    EXPECT_EQ(item_error(R"({"id":"1","n":2)"),
              "malformed JSON at offset 15: Missing a comma or '}' after an object member.");
    EXPECT_EQ(error_of([] {
                  decode<Bag>(R"({"items":[],"tags":["a","a"],"by_id":{},)"
                              R"("by_name":{},"flag":true})");
              }),
              "tags[1]: repeated in a set");
    EXPECT_EQ(error_of([] {
                  decode<Bag>(R"({"items":[{"id":"1","n":0,"x":1}],"tags":[],)"
                              R"("by_id":{},"by_name":{},"flag":true})");
              }),
              "items[0].x: unknown field");

    EXPECT_EQ(error_of([] { decode_event(R"({"v":2,"origin":"x"})"); }),
              "unsupported event version 2 (this build reads 1)");
    EXPECT_EQ(error_of([] {
                  decode_event(R"({"v":1,"origin":"x","origin_seq":1,"ts":0,"user":"u",)"
                               R"("type":"xmpp.register","payload":{"gateway":"g",)"
                               R"("sealed_token":"t","sealed_token":"t"}})");
              }),
              "payload: duplicate field");
    EXPECT_EQ(error_of([] {
                  decode_effect(R"({"v":1,"id":1,"cause":2,"user":"u","type":"discord.login",)"
                                R"("payload":{"sealed_token":7}})");
              }),
              "payload.sealed_token: expected a string");
    EXPECT_EQ(error_of([] {
                  decode_effect(R"({"v":1,"id":1,"cause":2,"user":"u","type":"xmpp.nope",)"
                                R"("payload":{}})");
              }),
              "unknown effect type 'xmpp.nope'");
}

// Numbers are read eight digits at a time where eight are left: every length, at the end of the
// text and before more of it, the limits of each type and one past them.
TEST(CanonicalReader, ReadsIntegersOfEveryLength) {
    std::mt19937_64 rng(7);
    for (int digits = 1; digits <= 20; ++digits) {
        for (int round = 0; round < 200; ++round) {
            std::string text = std::to_string(1 + rng() % 9);
            while (static_cast<int>(text.size()) < digits)
                text += static_cast<char>('0' + rng() % 10);
            if (digits == 20) text[0] = '1';
            if (digits == 20 && text > "18446744073709551615") continue;  // same length: as numbers
            const std::uint64_t expected = std::stoull(text);
            const ExactCopy copy(text);
            ASSERT_TRUE(canonical<std::uint64_t>(copy.view())) << text;
            ASSERT_EQ(decode<std::uint64_t>(copy.view()), expected) << text;
            const std::string in_array = "[" + text + "," + text + "]";
            ASSERT_TRUE(canonical<std::vector<std::uint64_t>>(in_array)) << in_array;
            ASSERT_EQ(decode<std::vector<std::uint64_t>>(in_array)[1], expected);
            ASSERT_EQ(decode<Snowflake>("\"" + text + "\"").value, expected);
        }
    }
    EXPECT_EQ(decode<std::uint64_t>("0"), 0u);
    EXPECT_EQ(decode<std::uint64_t>("18446744073709551615"), UINT64_MAX);
    EXPECT_EQ(decode<std::int64_t>("-9223372036854775808"), INT64_MIN);
    EXPECT_EQ(decode<std::int64_t>("9223372036854775807"), INT64_MAX);
    EXPECT_EQ(decode<int>("-2147483648"), INT32_MIN);
    EXPECT_EQ(decode<int>("2147483647"), INT32_MAX);
    for (const char* text :
         {"18446744073709551616", "99999999999999999999", "100000000000000000000", "012", "00",
          "-0", "+1", "1.0", "1e3", "1 ", " 1", "-", "", "123456789012345678901234567890"}) {
        EXPECT_FALSE(canonical<std::uint64_t>(text)) << text;
    }
    for (const char* text : {"-9223372036854775809", "9223372036854775808", "-0", "--1"}) {
        EXPECT_FALSE(canonical<std::int64_t>(text)) << text;
    }
    for (const char* text : {"-2147483649", "2147483648"}) EXPECT_FALSE(canonical<int>(text));
    EXPECT_EQ(error_of([] { decode<std::uint64_t>("18446744073709551616"); }),
              "value: expected an unsigned 64-bit integer");
    EXPECT_EQ(error_of([] { decode<Snowflake>("\"18446744073709551616\""); }),
              "value: not a snowflake (1-20 decimal digits)");
    EXPECT_EQ(error_of([] { decode<int>("2147483648"); }), "value: expected a 32-bit integer");
}

// The string scan reads sixteen, then eight bytes at a time, then one: what it must stop at, at
// every position of strings around those sizes, with and without more text after the string.
TEST(CanonicalReader, StopsAtEveryPositionOfTheScansBlocks) {
    for (std::size_t length = 1; length <= 50; ++length) {
        for (std::size_t at = 0; at < length; ++at) {
            for (const std::string& special :
                 {std::string("\""), std::string("\\"), std::string("\n"), std::string("\xc3\xa9"),
                  std::string("\xf0\x9f\x98\x80"), std::string(1, '\0')}) {
                std::string s(length, 'a');
                s.replace(at, 1, special);
                const std::string text = encode(s);
                const ExactCopy copy(text);
                ASSERT_TRUE(canonical<std::string>(copy.view())) << text;
                ASSERT_EQ(decode<std::string>(copy.view()), s);
                ASSERT_TRUE(canonical<std::vector<std::string>>("[" + text + "]"));
            }
            // Not canonical: a raw control character, invalid UTF-8, a truncated sequence.
            for (const std::string& bad : {std::string("\x01"), std::string("\x1f"),
                                           std::string("\xff"), std::string("\xc3")}) {
                std::string text = "\"" + std::string(length, 'a') + "\"";
                text.replace(1 + at, 1, bad);
                const ExactCopy copy(text);
                ASSERT_FALSE(canonical<std::string>(copy.view())) << length << " " << at;
                ASSERT_THROW(decode<std::string>(copy.view()), CodecError);
            }
            const ExactCopy unterminated("\"" + std::string(length, 'a'));
            ASSERT_FALSE(canonical<std::string>(unterminated.view()));
        }
    }
}

TEST(CanonicalReader, NoPrefixOfAnEnvelopeDecodes) {
    for (const std::string& text : sample_event_texts()) {
        for (std::size_t n = 0; n < text.size(); ++n) {
            const ExactCopy prefix(std::string_view(text).substr(0, n));
            Event e;
            ASSERT_FALSE(decode_event_canonical(prefix.view(), e));
            ASSERT_THROW(decode_event(prefix.view()), CodecError);
        }
    }
}

// Random damage to canonical envelopes. Whatever the reader accepts must be canonical (encoding
// the result gives the same bytes) and decode as the DOM decoder decodes it; everything else
// must end in a value or a CodecError, never anything worse. Run under ASan/UBSan to check the
// reader's bounds.
class Mutator {
  public:
    explicit Mutator(std::uint32_t seed) : rng_(seed) {}

    std::string operator()(std::string s) {
        const int edits = 1 + static_cast<int>(rng_() % 3);
        for (int i = 0; i < edits && !s.empty(); ++i) edit(s);
        return s;
    }

  private:
    void edit(std::string& s) {
        const std::size_t at = rng_() % s.size();
        switch (rng_() % 6) {
            case 0:
                s[at] = interesting();
                break;
            case 1:
                s.erase(at, 1 + rng_() % 3);
                break;
            case 2:
                s.insert(at, 1, interesting());
                break;
            case 3:
                s[at] = static_cast<char>(rng_());
                break;
            case 4:
                s.insert(at, s.substr(rng_() % s.size(), rng_() % 12));
                break;  // a repeat
            default:
                s.resize(at);
                break;
        }
    }
    char interesting() {
        static const std::string kBytes = std::string("\"\\,:{}[]0123456789-+.eEtrufalsn u") +
                                          "\x01\x1f\x7f\x80\xbf\xc3\xe2\xed\xf0\xf4\xff" +
                                          std::string(1, '\0');
        return kBytes[rng_() % kBytes.size()];
    }
    std::mt19937 rng_;
};

TEST(CanonicalReader, RandomDamageIsCanonicalOrLeftToTheDomDecoder) {
    Mutator mutate(20261201);
    int accepted = 0;
    for (const std::string& text : sample_event_texts()) {
        for (int round = 0; round < 1500; ++round) {
            const std::string mutated = mutate(text);
            const ExactCopy copy(mutated);
            const std::string_view damaged = copy.view();
            Event fast;
            if (decode_event_canonical(damaged, fast)) {
                ++accepted;
                ASSERT_EQ(encode_event(fast), damaged);
                ASSERT_EQ(encode_event(decode_event_dom(damaged)), damaged);
            }
            try {
                decode_event(damaged);
            } catch (const CodecError&) {
            }
        }
    }
    for (const std::string& text : sample_effect_texts()) {
        for (int round = 0; round < 1500; ++round) {
            const std::string mutated = mutate(text);
            const ExactCopy copy(mutated);
            const std::string_view damaged = copy.view();
            Effect fast;
            if (decode_effect_canonical(damaged, fast)) {
                ++accepted;
                ASSERT_EQ(encode_effect(fast), damaged);
                ASSERT_EQ(encode_effect(decode_effect_dom(damaged)), damaged);
            }
            try {
                decode_effect(damaged);
            } catch (const CodecError&) {
            }
        }
    }
    EXPECT_GT(accepted, 100);  // some damage stays canonical (a changed letter in a string)
}

}  // namespace
}  // namespace cordgate::core
