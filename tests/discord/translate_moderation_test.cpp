// Discord JSON -> core events for what moderators do to many things at once: MESSAGE_DELETE_BULK,
// MESSAGE_REACTION_REMOVE_ALL and MESSAGE_REACTION_REMOVE_EMOJI, in the shapes discord-api-docs
// gives (docs/topics/Gateway_Events.md: "Message Delete Bulk", "Message Reaction Remove All",
// "Message Reaction Remove Emoji").

#include <tests/discord/translate_expect.hpp>

namespace cordgate::adapters::discord {
namespace {

using core::Snowflake;
using translation_checks::expect_event;
using translation_checks::malformed;

TEST(TranslateModeration, BulkDeleteCarriesEveryId) {
    auto b = expect_event<core::DiscordMessageDeleteBulk>(
        "MESSAGE_DELETE_BULK", R"({"ids":["400","401",402],"channel_id":"300","guild_id":"500"})");
    EXPECT_EQ(b.ids, (std::vector<Snowflake>{Snowflake{400}, Snowflake{401}, Snowflake{402}}));
    EXPECT_EQ(b.channel_id, Snowflake{300});
    EXPECT_EQ(b.guild_id, Snowflake{500});
    EXPECT_FALSE(expect_event<core::DiscordMessageDeleteBulk>(
                     "MESSAGE_DELETE_BULK", R"({"ids":["400"],"channel_id":"300"})")
                     .guild_id);
    EXPECT_EQ(malformed("MESSAGE_DELETE_BULK", R"({"ids":[],"channel_id":"300"})"),
              "ids: missing or empty");
    EXPECT_EQ(malformed("MESSAGE_DELETE_BULK", R"({"ids":["400","x"],"channel_id":"300"})"),
              "ids[1]: not a snowflake (1-20 decimal digits)");
    EXPECT_EQ(malformed("MESSAGE_DELETE_BULK", R"({"ids":["400"]})"), "channel_id: missing");
}

TEST(TranslateModeration, RemoveAllNamesTheMessage) {
    auto r = expect_event<core::DiscordReactionRemoveAll>(
        "MESSAGE_REACTION_REMOVE_ALL", R"({"channel_id":"300","message_id":"400","guild_id":"500"})");
    EXPECT_EQ(r.channel_id, Snowflake{300});
    EXPECT_EQ(r.message_id, Snowflake{400});
    EXPECT_EQ(r.guild_id, Snowflake{500});
    EXPECT_EQ(malformed("MESSAGE_REACTION_REMOVE_ALL", R"({"channel_id":"300"})"),
              "message_id: missing");
}

TEST(TranslateModeration, RemoveEmojiNamesTheEmojiAlsoWhenItWasDeleted) {
    auto unicode = expect_event<core::DiscordReactionRemoveEmoji>(
        "MESSAGE_REACTION_REMOVE_EMOJI",
        R"({"channel_id":"300","guild_id":"500","message_id":"400","emoji":{"id":null,"name":"👍"}})");
    EXPECT_FALSE(unicode.emoji.id);
    EXPECT_EQ(unicode.emoji.name, "👍");
    auto deleted = expect_event<core::DiscordReactionRemoveEmoji>(
        "MESSAGE_REACTION_REMOVE_EMOJI",
        R"({"channel_id":"300","message_id":"400","emoji":{"id":"700","name":null}})");
    EXPECT_EQ(deleted.emoji.id, Snowflake{700});
    EXPECT_EQ(deleted.emoji.name, "_");
    EXPECT_EQ(malformed("MESSAGE_REACTION_REMOVE_EMOJI", R"({"channel_id":"300","message_id":"400"})"),
              "emoji: missing");
}

}  // namespace
}  // namespace cordgate::adapters::discord
