// The rich parts of a message (embeds, stickers, poll, forwards, system types) through the DOM
// path (rich_read.cpp), and the hot reader leaving them to it.

#include <adapters/discord/hot_dispatch.hpp>
#include <adapters/discord/translate.hpp>
#include <tests/discord/translate_expect.hpp>

#include <gtest/gtest.h>

#include <string>

namespace cordgate::adapters::discord {
namespace {

using translation_checks::expect_event;

const std::string kBase =
    R"("id":"1180000000000000001","channel_id":"300000000000000001",)"
    R"("author":{"id":"100000000000000003","username":"bob"},"timestamp":"2026-12-06T10:00:00Z")";

std::string message(const std::string& more) {
    return "{" + kBase + more + "}";
}

std::string frame(const std::string& more) {
    return R"({"op":0,"s":5,"t":"MESSAGE_CREATE","d":)" + message(more) + "}";
}

TEST(TranslateRich, EmbedsAreFlattenedAndOddOnesDropped) {
    auto m = expect_event<core::DiscordMessageCreate>(
        "MESSAGE_CREATE",
        message(R"(,"content":"x","type":0,"embeds":[)"
                R"({"type":"rich","title":"T","url":"https://u","description":"D",)"
                R"("author":{"name":"A","icon_url":"i"},"footer":{"text":"F"},)"
                R"("image":{"url":"https://img","width":5},"thumbnail":{"url":"https://th"},)"
                R"("fields":[{"name":"n","value":"v","inline":true},{"name":3}],"color":1},)"
                R"("not an embed"])"));
    EXPECT_EQ(m.message_type, std::nullopt);  // 0 is the default, left out
    ASSERT_TRUE(m.embeds);
    ASSERT_EQ(m.embeds->size(), 1u);
    const auto& e = m.embeds->front();
    EXPECT_EQ(e.type, "rich");
    EXPECT_EQ(e.title, "T");
    EXPECT_EQ(e.url, "https://u");
    EXPECT_EQ(e.description, "D");
    EXPECT_EQ(e.author, "A");
    EXPECT_EQ(e.footer, "F");
    EXPECT_EQ(e.image, "https://img");
    EXPECT_EQ(e.thumbnail, "https://th");
    ASSERT_TRUE(e.fields_list);
    ASSERT_EQ(e.fields_list->size(), 1u);
    EXPECT_EQ(e.fields_list->front().value, "v");
    // None, or an empty list, is absent.
    auto plain =
        expect_event<core::DiscordMessageCreate>("MESSAGE_CREATE", message(R"(,"embeds":[])"));
    EXPECT_FALSE(plain.embeds);
}

TEST(TranslateRich, StickersPollAndSystemType) {
    auto m = expect_event<core::DiscordMessageCreate>(
        "MESSAGE_CREATE",
        message(
            R"(,"type":46,"sticker_items":[{"id":"81","name":"wave","format_type":4},)"
            R"({"name":"no id"}],"poll":{"question":{"text":"Lunch?"},"answers":[)"
            R"({"answer_id":1,"poll_media":{"text":"Pizza","emoji":{"name":"🍕"}}},)"
            R"({"answer_id":2,"poll_media":{"text":"Salad"}}],)"
            R"("results":{"is_finalized":true,"answer_counts":[{"id":1,"count":3,"me_voted":true}]}})"));
    EXPECT_EQ(m.message_type, 46);
    ASSERT_TRUE(m.sticker_items);
    ASSERT_EQ(m.sticker_items->size(), 1u);
    EXPECT_EQ(m.sticker_items->front().id, core::Snowflake{81});
    EXPECT_EQ(m.sticker_items->front().format_type, 4);
    ASSERT_TRUE(m.poll);
    EXPECT_EQ(m.poll->question, "Lunch?");
    ASSERT_EQ(m.poll->answers.size(), 2u);
    EXPECT_EQ(m.poll->answers[0].emoji, "🍕");
    EXPECT_EQ(m.poll->answers[0].count, 3);
    EXPECT_EQ(m.poll->answers[1].count, 0);  // left out of answer_counts: nobody chose it
    EXPECT_EQ(m.poll->finalized, true);
    // Without results, no counts.
    auto open = expect_event<core::DiscordMessageCreate>(
        "MESSAGE_CREATE",
        message(
            R"(,"poll":{"question":{"text":"Q"},"answers":[{"answer_id":1,"poll_media":{"text":"A"}}]})"));
    EXPECT_EQ(open.poll->answers.at(0).count, std::nullopt);
    EXPECT_EQ(open.poll->finalized, std::nullopt);
}

TEST(TranslateRich, AForwardCarriesItsSnapshotAndIsNoReply) {
    auto m = expect_event<core::DiscordMessageCreate>(
        "MESSAGE_CREATE",
        message(R"(,"message_reference":{"type":1,"channel_id":"7","message_id":"8"},)"
                R"("message_snapshots":[{"message":{"content":"fwd","type":0,"attachments":[)"
                R"({"id":"9","filename":"a.png","url":"https://cdn/a.png","size":1}],)"
                R"("sticker_items":[{"id":"81","name":"wave","format_type":3}]}}])"));
    EXPECT_EQ(m.referenced_message_id, std::nullopt);
    ASSERT_TRUE(m.forwarded);
    ASSERT_EQ(m.forwarded->size(), 1u);
    EXPECT_EQ(m.forwarded->front().content, "fwd");
    ASSERT_EQ(m.forwarded->front().attachments.size(), 1u);
    ASSERT_TRUE(m.forwarded->front().sticker_items);
    // A reply (reference type 0, or none) still is one.
    auto reply = expect_event<core::DiscordMessageCreate>(
        "MESSAGE_CREATE", message(R"(,"type":19,"message_reference":{"type":0,"message_id":"8"})"));
    EXPECT_EQ(reply.referenced_message_id, core::Snowflake{8});
    EXPECT_EQ(reply.message_type, 19);
}

TEST(TranslateRich, UpdatesCarryThePoll) {
    auto u = expect_event<core::DiscordMessageUpdate>(
        "MESSAGE_UPDATE",
        message(
            R"(,"poll":{"question":{"text":"Q"},"answers":[{"answer_id":1,"poll_media":{"text":"A"}}],)"
            R"("results":{"answer_counts":[{"id":1,"count":2}]}})"));
    ASSERT_TRUE(u.poll);
    EXPECT_EQ(u.poll->answers.at(0).count, 2);
}

TEST(TranslateRich, TheHotReaderTakesPlainMessagesAndLeavesRichOnesToTheDom) {
    // What every message carries when there is nothing rich: taken, type kept as the DOM does.
    auto plain = read_hot_dispatch(
        frame(R"(,"content":"hi","type":19,"embeds":[],"sticker_items":null,"poll":null,)"
              R"("message_snapshots":[],"message_reference":{"type":0,"message_id":"8"})"));
    ASSERT_TRUE(plain);
    const auto& m = std::get<core::DiscordMessageCreate>(plain->payload);
    EXPECT_EQ(m.message_type, 19);
    EXPECT_EQ(m.referenced_message_id, core::Snowflake{8});
    EXPECT_TRUE(read_hot_dispatch(frame(R"(,"type":0)")));
    for (const char* rich : {R"(,"embeds":[{"type":"rich","title":"T"}])",
                             R"(,"sticker_items":[{"id":"1","name":"s"}])",
                             R"(,"poll":{"question":{"text":"Q"},"answers":[]})",
                             R"(,"message_snapshots":[{"message":{"content":"x"}}])",
                             R"(,"message_reference":{"type":1,"message_id":"8"})"}) {
        EXPECT_FALSE(read_hot_dispatch(frame(rich))) << "taken: " << rich;
    }
}

}  // namespace
}  // namespace cordgate::adapters::discord
