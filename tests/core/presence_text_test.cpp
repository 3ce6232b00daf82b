// The puppet's status text from a Discord presence's custom status and activities.

#include <core/presence_text.hpp>
#include <tests/core/session_fixture.hpp>

#include <gtest/gtest.h>

namespace cordgate::core {
namespace {

using presence_text::activity_line;
using presence_text::status_text;
using tests::effects_of;

DiscordPresenceUpdate presence(std::optional<std::string> custom, std::optional<std::string> emoji,
                               std::optional<DiscordActivity> activity) {
    DiscordPresenceUpdate p{Snowflake{20}, std::nullopt, "online", std::move(custom)};
    p.custom_emoji = std::move(emoji);
    p.activity = std::move(activity);
    return p;
}

TEST(PresenceText, EachActivityTypeInDiscordsWords) {
    EXPECT_EQ(activity_line({0, "Minecraft", std::nullopt, std::nullopt}), "🎮 Playing Minecraft");
    EXPECT_EQ(activity_line({1, "Twitch", "Speedrun!", std::nullopt}), "🔴 Streaming Speedrun!");
    EXPECT_EQ(activity_line({1, "Twitch", std::nullopt, std::nullopt}), "🔴 Streaming Twitch");
    // Spotify: details is the song, state the artist.
    EXPECT_EQ(activity_line({2, "Spotify", "Yellow", "Coldplay"}),
              "🎵 Listening to Yellow by Coldplay");
    EXPECT_EQ(activity_line({2, "Spotify", "Yellow", std::nullopt}), "🎵 Listening to Yellow");
    EXPECT_EQ(activity_line({2, "a podcast", std::nullopt, std::nullopt}),
              "🎵 Listening to a podcast");
    EXPECT_EQ(activity_line({3, "YouTube Together", std::nullopt, std::nullopt}),
              "📺 Watching YouTube Together");
    EXPECT_EQ(activity_line({5, "Arena", std::nullopt, std::nullopt}), "🏆 Competing in Arena");
    // No words: custom (it travels apart), hang status, a type to come, no name.
    EXPECT_FALSE(activity_line({4, "Custom Status", std::nullopt, "hi"}));
    EXPECT_FALSE(activity_line({6, "Hang Status", std::nullopt, "chilling"}));
    EXPECT_FALSE(activity_line({9, "new", std::nullopt, std::nullopt}));
    EXPECT_FALSE(activity_line({0, "", std::nullopt, std::nullopt}));
}

TEST(PresenceText, TheCustomStatusWithItsEmojiComesFirst) {
    const DiscordActivity game{0, "Minecraft", std::nullopt, std::nullopt};
    EXPECT_EQ(status_text(presence("in a meeting", std::nullopt, std::nullopt)), "in a meeting");
    EXPECT_EQ(status_text(presence("cool", "😃", std::nullopt)), "😃 cool");
    EXPECT_EQ(status_text(presence(std::nullopt, "😃", std::nullopt)), "😃");
    EXPECT_EQ(status_text(presence(std::nullopt, ":blobcat:", std::nullopt)), ":blobcat:");
    EXPECT_EQ(status_text(presence(std::nullopt, std::nullopt, game)), "🎮 Playing Minecraft");
    EXPECT_EQ(status_text(presence("cool", "😃", game)), "😃 cool · 🎮 Playing Minecraft");
    EXPECT_FALSE(status_text(presence(std::nullopt, std::nullopt, std::nullopt)));
    EXPECT_FALSE(status_text(
        presence(std::nullopt, std::nullopt, DiscordActivity{6, "Hang", std::nullopt, "x"})));
}

class PresenceOfAContact : public tests::SessionFixture {};

TEST_F(PresenceOfAContact, ThePuppetsStatusIsTheActivity) {
    feed(XmppPresence{kClient, kGateway, std::nullopt, std::nullopt, std::nullopt, std::nullopt});
    auto shown = effects_of<SendXmppPresence>(feed(
        presence(std::nullopt, std::nullopt, DiscordActivity{2, "Spotify", "Yellow", "Coldplay"})));
    ASSERT_EQ(shown.size(), 1u);
    EXPECT_EQ(shown[0].from, kAlice);
    EXPECT_EQ(shown[0].status, "🎵 Listening to Yellow by Coldplay");
    // The next song is news; the same one again (another shared guild) is not.
    EXPECT_EQ(effects_of<SendXmppPresence>(
                  feed(presence(std::nullopt, std::nullopt,
                                DiscordActivity{2, "Spotify", "Clocks", "Coldplay"})))
                  .size(),
              1u);
    EXPECT_TRUE(effects_of<SendXmppPresence>(
                    feed(presence(std::nullopt, std::nullopt,
                                  DiscordActivity{2, "Spotify", "Clocks", "Coldplay"})))
                    .empty());
}

}  // namespace
}  // namespace cordgate::core
