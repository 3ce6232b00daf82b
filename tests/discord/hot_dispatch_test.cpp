// The DOM-free reader of the hot dispatches against the DOM path it stands in for: on every frame
// it takes, it must give what parse_gateway_frame + translate_dispatch give, and it must take
// the frames Discord and the emulator send (else it is only a slower way to the DOM path).

#include <adapters/discord/gateway_frame.hpp>
#include <adapters/discord/hot_dispatch.hpp>
#include <adapters/discord/translate.hpp>
#include <core/codec.hpp>
#include <tests/discord/sample_frames.hpp>

#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>

namespace cordgate::adapters::discord {
namespace {

std::string encoded(core::EventPayload payload) {
    core::Event e;
    e.origin = "discord";
    e.user = "romeo@localhost";
    e.payload = std::move(payload);
    return core::encode_event(e);
}

struct Dispatch {
    std::optional<std::int64_t> seq;
    std::string name;
    std::string event;  // the payload, encoded
};

// What the adapter makes of the frame on its DOM path, when that is an event.
std::optional<Dispatch> dom_dispatch(std::string text) {
    rapidjson::Document doc;
    if (!parse_gateway_frame(text, doc)) return std::nullopt;
    const FrameHeader h = read_frame_header(doc);
    if (h.op != 0) return std::nullopt;
    static const rapidjson::Value kNull;
    Translation tr = translate_dispatch(h.name, h.d ? *h.d : kNull);
    if (tr.kind != Translation::Kind::event) return std::nullopt;
    return Dispatch{h.seq, std::string(h.name), encoded(std::move(*tr.payload))};
}

std::optional<Dispatch> hot_dispatch(const std::string& text) {
    auto hot = read_hot_dispatch(text);
    if (!hot) return std::nullopt;
    return Dispatch{hot->seq, std::string(hot->name), encoded(std::move(hot->payload))};
}

// Declining is always allowed; taking a frame means agreeing with the DOM path on it.
::testing::AssertionResult agrees(const std::string& frame) {
    const auto hot = hot_dispatch(frame);
    if (!hot) return ::testing::AssertionSuccess();
    const auto dom = dom_dispatch(frame);
    if (!dom)
        return ::testing::AssertionFailure() << "taken, but the DOM path has no event: " << frame;
    if (hot->seq != dom->seq || hot->name != dom->name || hot->event != dom->event) {
        return ::testing::AssertionFailure()
               << "differs from the DOM path\n frame: " << frame << "\n hot: " << hot->event
               << "\n dom: " << dom->event;
    }
    return ::testing::AssertionSuccess();
}

// Taken, and the same as the DOM path's.
void expect_taken(const std::string& frame) {
    EXPECT_TRUE(read_hot_dispatch(frame).has_value()) << "declined: " << frame;
    EXPECT_TRUE(dom_dispatch(frame).has_value()) << "the DOM path has no event: " << frame;
    EXPECT_TRUE(agrees(frame));
}

void expect_declined(const std::string& frame) {
    EXPECT_FALSE(read_hot_dispatch(frame).has_value()) << "taken: " << frame;
}

std::string message(const std::string& d_members, std::string_view seq = "7") {
    return R"({"t":"MESSAGE_CREATE","s":)" + std::string(seq) + R"(,"op":0,"d":{)" + d_members +
           "}}";
}

const std::string kAuthor =
    R"("author":{"username":"alice","public_flags":0,"id":"100000000000000002","global_name":"Alice","discriminator":"0","avatar":"a1b2c3d4"})";
const std::string kRequired = R"("id":"1180000000000000001","channel_id":"300000000000000001",)" +
                              kAuthor + R"(,"timestamp":"2026-11-25T07:00:00.000000+00:00")";

// A guild message as Discord's gateway sends one: the bench's frame.
const std::string kGuildMessage = tests::discord::guild_message_frame(42);

// A reply with an attachment, a mention and a nickname, the referenced message in full.
const std::string kRichMessage = message(
    kRequired +
    R"(,"content":"see <@100000000000000003>","guild_id":"200000000000000001","nonce":1234567,)"
    R"("member":{"nick":"Al","roles":["5"],"avatar":null},)"
    R"("mentions":[{"id":"100000000000000003","username":"bob","bot":true,"avatar":null}],)"
    R"("attachments":[{"id":"9","filename":"a b.png","size":2048,"url":"https://cdn/x","content_type":"image/png","width":10}],)"
    R"("message_reference":{"channel_id":"300000000000000001","message_id":"1170000000000000000"},)"
    R"("referenced_message":{"id":"1170000000000000000","embeds":[{"fields":[{"a":[1,-2.5,true,false,null,{}]}]}],"content":"x\"y"})");

const std::string& kTyping = tests::discord::kTypingFrame;
const std::string kGuildTyping =
    R"({"op":0,"s":2,"t":"TYPING_START","d":{"timestamp":1732500000,"channel_id":"4","guild_id":"2",)"
    R"("member":{"user":{"username":"alice","id":"100000000000000002"},"roles":[]}}})";
const std::string kPresence =
    R"({"op":0,"s":3,"t":"PRESENCE_UPDATE","d":{"user":{"id":"100000000000000002"},"status":"dnd",)"
    R"("client_status":{"desktop":"dnd"},"activities":[{"type":0,"name":"a game"},)"
    R"({"type":4,"name":"Custom Status","state":"busy )"
    "\xf0\x9f\x98\x80"
    R"("},{"type":4,"state":"second"}]}})";

TEST(HotDispatch, TakesTheDispatchesDiscordSends) {
    expect_taken(kGuildMessage);
    expect_taken(kRichMessage);
    expect_taken(kTyping);
    expect_taken(kGuildTyping);
    expect_taken(kPresence);
    expect_taken(R"({"op":0,"s":3,"t":"PRESENCE_UPDATE","d":{"user":{"id":"100000000000000002"},)"
                 R"("status":"idle","activities":[{"type":0},{"type":4,"state":"away"}]}})");
    expect_taken(message(kRequired));  // a DM: no guild, no member, no content
}

TEST(HotDispatch, ReadsWhatTheMessageSays) {
    auto hot = read_hot_dispatch(kRichMessage);
    ASSERT_TRUE(hot);
    EXPECT_EQ(hot->seq, 7);
    EXPECT_EQ(hot->name, "MESSAGE_CREATE");
    const auto& m = std::get<core::DiscordMessageCreate>(hot->payload);
    EXPECT_EQ(m.id.value, 1180000000000000001u);
    EXPECT_EQ(m.author.username, "alice");
    EXPECT_EQ(m.author.global_name, "Alice");
    EXPECT_EQ(m.content, "see <@100000000000000003>");
    EXPECT_EQ(m.nonce, "1234567");
    EXPECT_EQ(m.member_nick, "Al");
    EXPECT_EQ(m.referenced_message_id, core::Snowflake{1170000000000000000u});
    ASSERT_EQ(m.attachments.size(), 1u);
    EXPECT_EQ(m.attachments[0].filename, "a b.png");
    EXPECT_EQ(m.attachments[0].size, 2048u);
    ASSERT_TRUE(m.mentions);
    EXPECT_EQ(*m.mentions, std::vector<core::Snowflake>{core::Snowflake{100000000000000003u}});
}

TEST(HotDispatch, DecodesEscapesAsTheDomDoes) {
    const std::string frame =
        message(kRequired + R"(,"content":"a \"q\" \\ \/ \b\f\n\r\t \u00e9\u20AC\u0041 \u0000.")");
    expect_taken(frame);
    auto hot = read_hot_dispatch(frame);
    ASSERT_TRUE(hot);
    const auto& m = std::get<core::DiscordMessageCreate>(hot->payload);
    EXPECT_EQ(m.content, std::string("a \"q\" \\ / \b\f\n\r\t \xc3\xa9\xe2\x82\xac"
                                     "A ") +
                             '\0' + ".");
}

TEST(HotDispatch, TakesWhatTheDomPathTakesInAnyLayout) {
    // `d` before `t`, whitespace everywhere, snowflakes as numbers, nulls for what is optional.
    expect_taken(
        R"({"d":{"user_id":100000000000000002,"timestamp":1,"channel_id":"4"},"op":0,"t":"TYPING_START"})");
    expect_taken(
        " {\n\t\"op\" : 0 , \"t\":\"TYPING_START\",\r\"d\" : { \"user_id\" : \"5\" , "
        "\"timestamp\" : -3 , \"channel_id\" : \"4\" , \"guild_id\" : null } } \n");
    expect_taken(message(kRequired +
                             R"(,"content":null,"guild_id":null,"nonce":null,"member":null,)"
                             R"("mentions":null,"attachments":null,"message_reference":null)",
                         "null"));
    expect_taken(
        message(kRequired + R"(,"extra":{"deep":[[[[{"x":"\u00ff"}]]]]},"n":[0,-0.5,12.25])"));
}

TEST(HotDispatch, DeclinesWhatItIsNotSureOf) {
    // Surrogates and exponents: RapidJSON's handling of them is for the DOM path to apply.
    expect_declined(message(kRequired + R"(,"content":"\ud83d\ude00")"));
    expect_declined(message(kRequired + R"(,"content":"\udc00")"));
    expect_declined(message(kRequired + R"(,"x":1e5)"));
    // A repeated key: RapidJSON's FindMember would take the first.
    expect_declined(message(kRequired + R"(,"content":"a","content":"b")"));
    expect_declined(
        R"({"op":0,"op":0,"t":"TYPING_START","d":{"user_id":"5","timestamp":1,"channel_id":"4"}})");
    // An escaped key, a raw control byte, a raw NUL, bytes after the object.
    expect_declined(message(kRequired + R"(,"con\u0074ent":"a")"));
    expect_declined(message(kRequired + ",\"content\":\"a\x01\""));
    expect_declined(message(kRequired + std::string(",\"content\":\"a\0b\"", 15)));
    expect_declined(message(kRequired) + " {}");
    // Not a hot dispatch: another op or name, or no `d`.
    expect_declined(R"({"op":11})");
    expect_declined(
        R"({"op":1,"t":"TYPING_START","d":{"user_id":"5","timestamp":1,"channel_id":"4"}})");
    expect_declined(R"({"op":0,"t":"MESSAGE_UPDATE","d":{"id":"1","channel_id":"2"}})");
    expect_declined(R"({"op":0,"t":"TYPING_START"})");
    // What the DOM path calls malformed.
    expect_declined(message(R"("id":"1","channel_id":"2","timestamp":"t")"));  // no author
    expect_declined(message(R"("id":"1","channel_id":"2","timestamp":"t","author":{"id":"3"})"));
    expect_declined(message(kRequired + R"(,"member":"nick")"));
    expect_declined(message(kRequired + R"(,"guild_id":"018")"));
    expect_declined(message(kRequired + R"(,"guild_id":18446744073709551616)"));
    expect_declined(message(kRequired + R"(,"mentions":[{"id":"3"}])"));
    expect_declined(
        R"({"op":0,"t":"PRESENCE_UPDATE","d":{"user":{"id":"5"},"activities":[{"type":4,"state":7}],"status":"online"}})");
    expect_declined(R"({"op":0,"t":"TYPING_START","d":{"timestamp":1,"channel_id":"4"}})");
    // A presence whose user carries a new profile: the DOM path reads the name and avatar.
    const std::string renamed =
        R"({"op":0,"s":4,"t":"PRESENCE_UPDATE","d":{"user":{"id":"5","username":"bob",)"
        R"("global_name":"Bobby Tables","avatar":null},"status":"online","activities":[]}})";
    expect_declined(renamed);
    ASSERT_TRUE(dom_dispatch(renamed).has_value());
    EXPECT_NE(dom_dispatch(renamed)->event.find("Bobby Tables"), std::string::npos);
}

TEST(HotDispatch, AnOddTypingTimestampIsTakenOrLeftToTheDomPathNeverLost) {
    const auto typing = [](const std::string& timestamp) {
        return R"({"op":0,"t":"TYPING_START","d":{"user_id":"5","channel_id":"4")" + timestamp +
               "}}";
    };
    expect_taken(typing(""));                      // absent: 0
    expect_taken(typing(R"(,"timestamp":null)"));  // 0
    expect_taken(typing(R"(,"timestamp":-3)"));    // 0
    for (const char* odd : {R"(,"timestamp":1.5)", R"(,"timestamp":"1732500000")",
                            R"(,"timestamp":"soon")", R"(,"timestamp":{"s":1})"}) {
        expect_declined(typing(odd));
        EXPECT_TRUE(dom_dispatch(typing(odd)).has_value()) << odd;
    }
}

TEST(HotDispatch, AStateOfAnyTypeOnANonCustomActivityIsIgnoredAsTheDomPathIgnoresIt) {
    expect_taken(R"({"op":0,"t":"PRESENCE_UPDATE","d":{"user":{"id":"5"},"status":"online",)"
                 R"("activities":[{"type":0,"state":{"x":1}},{"type":4,"state":"here"}]}})");
}

TEST(HotDispatch, ReadsActivitiesAsTheDomPathDoes) {
    const std::string spotify =
        R"({"op":0,"s":5,"t":"PRESENCE_UPDATE","d":{"user":{"id":"5"},"status":"online",)"
        R"("activities":[{"type":4,"name":"Custom Status","state":"cool","emoji":{"name":")"
        "\xf0\x9f\x98\x83"
        R"("}},{"type":6,"name":"Hang Status","state":"chilling"},)"
        R"({"type":2,"name":"Spotify","details":"Yellow","state":"Coldplay","sync_id":"x"},)"
        R"({"type":0,"name":"Minecraft"}]}})";
    expect_taken(spotify);
    const auto taken = read_hot_dispatch(spotify);  // kept: p refers into it
    ASSERT_TRUE(taken);
    const auto& p = std::get<core::DiscordPresenceUpdate>(taken->payload);
    EXPECT_EQ(p.custom_status, "cool");
    EXPECT_EQ(p.custom_emoji, "\xf0\x9f\x98\x83");
    ASSERT_TRUE(p.activity);
    EXPECT_EQ(p.activity->type, 2);
    EXPECT_EQ(p.activity->details, "Yellow");
    EXPECT_EQ(p.activity->state, "Coldplay");
    // A guild's emoji (with an id) is :name:; a details of another type is as good as absent.
    const std::string custom_emoji =
        R"({"op":0,"s":6,"t":"PRESENCE_UPDATE","d":{"user":{"id":"5"},"status":"online",)"
        R"("activities":[{"type":4,"state":null,"emoji":{"name":"blobcat","id":"77","animated":false}},)"
        R"({"type":3,"name":"a film","details":7}]}})";
    expect_taken(custom_emoji);
    const auto taken_too = read_hot_dispatch(custom_emoji);
    ASSERT_TRUE(taken_too);
    const auto& q = std::get<core::DiscordPresenceUpdate>(taken_too->payload);
    EXPECT_EQ(q.custom_emoji, ":blobcat:");
    ASSERT_TRUE(q.activity);
    EXPECT_FALSE(q.activity->details);
}

// Mutants of the frames above: a byte dropped, added or changed, the frame cut short, a span
// repeated. Whatever the hot reader takes, the DOM path must give the same event for.
TEST(HotDispatch, AgreesWithTheDomPathOnMutatedFrames) {
    const std::vector<std::string> seeds = {kGuildMessage, kRichMessage, kTyping, kGuildTyping,
                                            kPresence};
    const std::string alphabet = "{}[]\":,\\ 0189-.eEnultrfa\x01\x1f\x7f\x80\xc3";
    std::mt19937 random(20261202);  // fixed: a failure must reproduce
    std::size_t taken = 0, tried = 0;
    for (const std::string& seed : seeds) {
        for (int n = 0; n < 3000; ++n) {
            std::string f = seed;
            const int edits = 1 + static_cast<int>(random() % 2);
            for (int e = 0; e < edits && !f.empty(); ++e) {
                const std::size_t at = random() % f.size();
                const char c = alphabet[random() % alphabet.size()];
                switch (random() % 5) {
                    case 0:
                        f.erase(at, 1);
                        break;
                    case 1:
                        f.insert(at, 1, c);
                        break;
                    case 2:
                        f[at] = c;
                        break;
                    case 3:
                        f.resize(at);
                        break;
                    default:
                        f.insert(at, f.substr(at, 1 + random() % 24));
                        break;
                }
            }
            ++tried;
            if (read_hot_dispatch(f)) ++taken;
            ASSERT_TRUE(agrees(f));
        }
    }
    // Some mutants are still good frames (a changed letter in the content, a space): the test
    // means little unless the reader took a fair share of them.
    EXPECT_GT(taken, tried / 20) << taken << " of " << tried;
    std::printf("taken %zu of %zu mutants\n", taken, tried);
}

}  // namespace
}  // namespace cordgate::adapters::discord
