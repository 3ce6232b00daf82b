// Rich Discord content as XMPP bodies: embeds, stickers, forwards, polls, system messages,
// spoilers, markdown, role mentions and timestamps (core/rich_content.hpp).

#include <core/content.hpp>
#include <core/rich_content.hpp>
#include <tests/core/session_fixture.hpp>

namespace cordgate::core {
namespace {

using tests::discord_user;
using tests::effects_of;

class RichContent : public tests::SessionFixture {
  protected:
    DiscordMessageCreate from_alice(const char* content = "") {
        return discord_message(900, 500, discord_user(20, "alice"), content);
    }
    RenderedMessage render(const DiscordMessageCreate& m) {
        return render_message(session(), m.guild_id, parts_of(m));
    }
};

TEST_F(RichContent, TimestampsAreUtcDatesWithoutAClock) {
    EXPECT_EQ(format_discord_timestamp(1796601480, 'f'), "2026-12-06 23:58 UTC");
    EXPECT_EQ(format_discord_timestamp(1796601480, 'R'), "2026-12-06 23:58 UTC");
    EXPECT_EQ(format_discord_timestamp(1796601487, 'T'), "23:58:07 UTC");
    EXPECT_EQ(format_discord_timestamp(1796601480, 't'), "23:58 UTC");
    EXPECT_EQ(format_discord_timestamp(1796601480, 'D'), "2026-12-06");
    EXPECT_EQ(format_discord_timestamp(0, 'f'), "1970-01-01 00:00 UTC");
    EXPECT_EQ(format_discord_timestamp(951782400, 'd'), "2000-02-29");  // a leap day
    EXPECT_EQ(format_discord_timestamp(-1, 'T'), "23:59:59 UTC");
}

TEST_F(RichContent, MarkdownRolesTimestampsAndCommandsInTheBody) {
    auto m = discord_message(900, 710, discord_user(20, "alice"),
                             "**ping** <@&701> and @everyone at <t:1796601480:f>, try </roll:55>");
    EXPECT_EQ(render(m).body, "*ping* @mods and @everyone at 2026-12-06 23:58 UTC, try /roll");
    // An unknown role stays as Discord wrote it.
    m.content = "<@&999>";
    EXPECT_EQ(render(m).body, "<@&999>");
    // A nickname with underscores is not read as italics once rendered.
    m.content = "_hi_ <@20>";
    EXPECT_EQ(render(m).body, "_hi_ @Ali");
}

TEST_F(RichContent, SpoilerTextAndSpoilerFilesAreMarked) {
    auto m = from_alice("the end: ||he did it||");
    auto r = render(m);
    EXPECT_EQ(r.body, "the end: ||he did it||");
    EXPECT_TRUE(r.spoiler);
    m = from_alice();
    m.attachments.push_back(DiscordAttachment{
        Snowflake{5}, "SPOILER_cat.png", "https://cdn.example/SPOILER_cat.png", "image/png", 10});
    r = render(m);
    EXPECT_EQ(r.body, "https://cdn.example/SPOILER_cat.png");
    EXPECT_TRUE(r.spoiler);
    EXPECT_FALSE(render(from_alice("no spoiler")).spoiler);
}

TEST_F(RichContent, BotEmbedShowsEveryPartAndItsImageAsOob) {
    auto m = from_alice("look:");
    DiscordEmbed e;
    e.type = "rich";
    e.title = "Weather";
    e.url = "https://w.example/today";
    e.author = "WeatherBot";
    e.description = "It will be **sunny**";
    e.fields_list = std::vector<DiscordEmbedField>{{"High", "21°C"}, {"Low", "9°C"}};
    e.footer = "data: w.example";
    e.image = "https://w.example/sun.png";
    m.embeds = std::vector<DiscordEmbed>{e};
    auto r = render(m);
    EXPECT_EQ(r.body,
              "look:\nWeatherBot\n*Weather* (https://w.example/today)\nIt will be *sunny*\n"
              "*High*: 21°C\n*Low*: 9°C\nhttps://w.example/sun.png\ndata: w.example");
    EXPECT_EQ(r.oob_url, "https://w.example/sun.png");
}

TEST_F(RichContent, LinkPreviewsOfAUrlInTheTextAddNothing) {
    auto m = from_alice("read https://news.example/a_b");
    DiscordEmbed preview;
    preview.type = "article";
    preview.url = "https://news.example/a_b";
    preview.title = "Big news";
    preview.thumbnail = "https://news.example/t.jpg";
    m.embeds = std::vector<DiscordEmbed>{preview};
    auto r = render(m);
    EXPECT_EQ(r.body, "read https://news.example/a_b");
    EXPECT_EQ(r.oob_url, std::nullopt);
    // The same embed for a URL the text does not have (a bot's) shows.
    m.content = "";
    EXPECT_EQ(render(m).body, "*Big news* (https://news.example/a_b)\nhttps://news.example/t.jpg");
}

TEST_F(RichContent, StickersAreImagesOrTheirName) {
    auto m = from_alice();
    m.sticker_items = std::vector<DiscordSticker>{{Snowflake{81}, "wave", DiscordSticker::kPng}};
    auto r = render(m);
    EXPECT_EQ(r.body, "https://cdn.discordapp.com/stickers/81.png");
    EXPECT_EQ(r.oob_url, "https://cdn.discordapp.com/stickers/81.png");
    m.sticker_items = std::vector<DiscordSticker>{{Snowflake{82}, "dance", DiscordSticker::kGif}};
    EXPECT_EQ(render(m).body, "https://media.discordapp.net/stickers/82.gif");
    m.sticker_items =
        std::vector<DiscordSticker>{{Snowflake{83}, "Wumpus", DiscordSticker::kLottie}};
    r = render(m);
    EXPECT_EQ(r.body, "[sticker: Wumpus]");
    EXPECT_EQ(r.oob_url, std::nullopt);
}

TEST_F(RichContent, WithFilesApartStickersAndProxiedEmbedImagesAreFilesInShowingOrder) {
    auto m = from_alice("see");
    m.attachments.push_back(
        DiscordAttachment{Snowflake{5}, "a.png", "https://cdn.discordapp.com/a", "image/png", 10});
    m.sticker_items =
        std::vector<DiscordSticker>{{Snowflake{81}, "wa/ve", DiscordSticker::kPng},
                                    {Snowflake{83}, "Wumpus", DiscordSticker::kLottie}};
    DiscordEmbed proxied;
    proxied.title = "T";
    proxied.thumbnail = "https://x.example/t.jpg";
    proxied.thumbnail_proxy =
        "https://images-ext-1.discordapp.net/external/k/https/x.example/t.jpg";
    DiscordEmbed bare;
    bare.image = "https://y.example/i.png";
    m.embeds = std::vector<DiscordEmbed>{proxied, bare};
    DiscordForwarded f;
    f.sticker_items = std::vector<DiscordSticker>{{Snowflake{82}, "dance", DiscordSticker::kGif}};
    m.forwarded = std::vector<DiscordForwarded>{f};

    MessageParts parts = parts_of(m);
    parts.files_apart = true;
    const auto files = files_of(parts);
    ASSERT_EQ(files.size(), 4u);
    EXPECT_FALSE(files[0].probe);
    EXPECT_EQ(files[0].attachment.filename, "a.png");
    EXPECT_TRUE(files[1].probe);
    EXPECT_EQ(files[1].attachment.filename, "wa_ve.png") << "a name never becomes a path";
    EXPECT_EQ(files[1].attachment.url, "https://cdn.discordapp.com/stickers/81.png");
    EXPECT_EQ(files[2].attachment.url, *proxied.thumbnail_proxy);
    EXPECT_EQ(files[2].attachment.filename, "t.jpg");
    EXPECT_EQ(files[3].attachment.url, "https://media.discordapp.net/stickers/82.gif");
    EXPECT_EQ(files[3].attachment.content_type, "image/gif");
    // The body keeps what is not a file: the Lottie sticker's name and the unproxied image.
    const auto r = render_message(session(), m.guild_id, parts);
    EXPECT_EQ(r.body, "see\n[sticker: Wumpus]\n*T*\nhttps://y.example/i.png\n↱ Forwarded:");
    EXPECT_EQ(r.oob_url, "https://y.example/i.png");
}

TEST_F(RichContent, ForwardIsQuotedWithItsFiles) {
    auto m = from_alice();
    DiscordForwarded f;
    f.content = "meet at **8**\nbring snacks";
    f.attachments.push_back(
        DiscordAttachment{Snowflake{6}, "map.png", "https://cdn.example/map.png", "image/png", 10});
    m.forwarded = std::vector<DiscordForwarded>{f};
    auto r = render(m);
    EXPECT_EQ(r.body, "↱ Forwarded:\n> meet at *8*\n> bring snacks\nhttps://cdn.example/map.png");
    EXPECT_EQ(r.oob_url, "https://cdn.example/map.png");
}

TEST_F(RichContent, PollShowsQuestionAnswersAndCounts) {
    auto m = from_alice();
    DiscordPoll p;
    p.question = "Lunch?";
    p.answers = {DiscordPollAnswer{1, "Pizza", "🍕", std::nullopt},
                 DiscordPollAnswer{2, "Salad", std::nullopt, std::nullopt}};
    m.poll = p;
    EXPECT_EQ(render(m).body, "📊 Poll: Lunch?\n• 🍕 Pizza\n• Salad");
    m.poll->answers[0].count = 3;
    m.poll->answers[1].count = 1;
    m.poll->finalized = true;
    EXPECT_EQ(render(m).body, "📊 Poll (closed): Lunch?\n• 🍕 Pizza: 3 votes\n• Salad: 1 vote");
}

TEST_F(RichContent, SystemMessagesAreOneLineNeverEmpty) {
    auto m = from_alice();
    auto line = [&](int type, const char* content = "") {
        m.message_type = type;
        m.content = content;
        return render(m).body;
    };
    m.mentions = std::vector<Snowflake>{Snowflake{1}};
    EXPECT_EQ(line(1), "alice added romeo to the group.");
    EXPECT_EQ(line(2), "alice removed romeo from the group.");
    EXPECT_EQ(line(3), "alice started a call.");
    EXPECT_EQ(line(4, "plans"), "alice changed the channel name: plans");
    EXPECT_EQ(line(6), "alice pinned a message to this channel.");
    EXPECT_EQ(line(7), "alice joined the server.");
    EXPECT_EQ(line(8, "3"), "alice boosted the server 3 times!");
    EXPECT_EQ(line(10), "alice boosted the server! It has reached Level 2!");
    EXPECT_EQ(line(18, "trip"), "alice started a thread: trip");
    EXPECT_EQ(line(19, "a reply"), "a reply");
    EXPECT_EQ(line(20, "/roll: 4"), "/roll: 4");
    EXPECT_EQ(line(99), "[alice: a Discord system message (type 99) this gateway does not show]");
    EXPECT_EQ(line(99, "has text"), "has text");
    DiscordEmbed result;
    result.type = "poll_result";
    result.fields_list = std::vector<DiscordEmbedField>{{"poll_question_text", "Lunch?"},
                                                        {"victor_answer_text", "Pizza"},
                                                        {"victor_answer_votes", "3"},
                                                        {"total_votes", "4"}};
    m.embeds = std::vector<DiscordEmbed>{result};
    EXPECT_EQ(line(46), "📊 The poll \"Lunch?\" has closed: \"Pizza\" won with 3 votes of 4.");
}

TEST_F(RichContent, MessagesReachXmppRenderedWithTheSpoilerElement) {
    auto out = effects_of<SendXmppMessage>(feed(from_alice("**hi** ||secret||")));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].body, "*hi* ||secret||");
    EXPECT_EQ(out[0].spoiler, true);
}

TEST_F(RichContent, PollResultsUpdateIsACorrection) {
    auto m = from_alice();
    DiscordPoll p;
    p.question = "Lunch?";
    p.answers = {DiscordPollAnswer{1, "Pizza", std::nullopt, std::nullopt}};
    m.poll = p;
    auto first = effects_of<SendXmppMessage>(feed(m));
    ASSERT_EQ(first.size(), 1u);
    DiscordMessageUpdate upd{Snowflake{900},
                             Snowflake{500},
                             std::nullopt,
                             discord_user(20, "alice"),
                             "",
                             std::nullopt,
                             {}};
    p.answers[0].count = 2;
    upd.poll = p;
    auto out = effects_of<SendXmppMessage>(feed(upd));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].replace_id, first[0].id);
    EXPECT_EQ(out[0].body, "📊 Poll: Lunch?\n• Pizza: 2 votes");
}

TEST_F(RichContent, EventsWithRichPartsRoundTripThroughTheCodec) {
    auto m = from_alice("x");
    m.message_type = 19;
    DiscordEmbed e;
    e.title = "t";
    e.fields_list = std::vector<DiscordEmbedField>{{"a", "b"}};
    m.embeds = std::vector<DiscordEmbed>{e};
    m.sticker_items = std::vector<DiscordSticker>{{Snowflake{81}, "wave", 3}};
    m.poll = DiscordPoll{"q?", {DiscordPollAnswer{1, "yes", "👍", 2}}, true};
    m.forwarded =
        std::vector<DiscordForwarded>{DiscordForwarded{"fwd", {}, std::nullopt, std::nullopt}};
    const std::string text = encode(m);
    EXPECT_NE(text.find("\"type\":19"), std::string::npos);
    EXPECT_NE(text.find("\"message_snapshots\":[{\"content\":\"fwd\""), std::string::npos);
    auto back = decode<DiscordMessageCreate>(text);
    EXPECT_EQ(encode(back), text);
    EXPECT_EQ(back.poll->answers.at(0).count, 2);
    EXPECT_EQ(back.embeds->at(0).fields_list->at(0).value, "b");
    // A plain message's encoding has none of the new keys.
    EXPECT_EQ(encode(from_alice("x")).find("embeds"), std::string::npos);
}

}  // namespace
}  // namespace cordgate::core
