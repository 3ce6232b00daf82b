#include <core/discord_markdown.hpp>
#include <core/xmpp_styling.hpp>

#include <gtest/gtest.h>

#include <string>

namespace cordgate::core {
namespace {

std::string md(std::string_view text, std::vector<TextReplacement> r = {}) {
    return xmpp_styling_to_discord(text, std::move(r));
}

TEST(XmppStyling, PlainTextIsUnchanged) {
    EXPECT_EQ(md(""), "");
    EXPECT_EQ(md("hello there, how are you?"), "hello there, how are you?");
    EXPECT_EQ(md("2 * 3 = 6 and 5 - 1 = 4"), "2 * 3 = 6 and 5 - 1 = 4");
    EXPECT_EQ(md("snake_case_name and a_b"), "snake_case_name and a_b");
    EXPECT_EQ(md("C:\\Users\\me"), "C:\\Users\\me");
    EXPECT_EQ(md("a | b ~ c # d"), "a | b ~ c # d");
}

TEST(XmppStyling, SpansBecomeDiscordMarkdown) {
    EXPECT_EQ(md("a *bold* word"), "a **bold** word");
    EXPECT_EQ(md("an _italic_ word"), "an *italic* word");
    EXPECT_EQ(md("~gone~ now"), "~~gone~~ now");
    EXPECT_EQ(md("*bold _and italic_*"), "**bold *and italic***");
    EXPECT_EQ(md("_*both*_"), "***both***");
}

TEST(XmppStyling, DirectivesFollowXep0393) {
    // Not at a word's start, followed by whitespace, or never closed: plain text.
    EXPECT_EQ(md("2*3*4"), "2\\*3\\*4");
    EXPECT_EQ(md("* not bold*"), "* not bold*");
    EXPECT_EQ(md("*not closed"), "*not closed");
    EXPECT_EQ(md("*a *b"), "*a *b");
    // A closer preceded by whitespace does not close; the first one that can, does.
    EXPECT_EQ(md("*one * two*"), "**one * two**");
    // 0393 spans do not cross lines, but Discord's *em* does: the stars are escaped.
    EXPECT_EQ(md("*one\ntwo*"), "\\*one\ntwo\\*");
}

TEST(XmppStyling, MarkdownHabitsAreKept) {
    EXPECT_EQ(md("**bold** and ~~gone~~"), "**bold** and ~~gone~~");
}

TEST(XmppStyling, CodeIsUntouched) {
    EXPECT_EQ(md("run `a*b*c` now"), "run `a*b*c` now");
    EXPECT_EQ(md("```\n*x* __init__ ||y||\n```\n*after*"),
              "```\n*x* __init__ ||y||\n```\n**after**");
    EXPECT_EQ(md("```py\nx = a_b_c * 2\n"), "```py\nx = a_b_c * 2\n");
    EXPECT_EQ(md("*bold `code*` here*"), "**bold `code*` here**");
}

TEST(XmppStyling, UrlsAreUntouched) {
    EXPECT_EQ(md("see https://example.com/a_b_/c*d*e and _this_"),
              "see https://example.com/a_b_/c*d*e and *this*");
    EXPECT_EQ(md("*https://example.com/x_y_*"), "**https://example.com/x_y_**");
    EXPECT_EQ(md("(https://en.wikipedia.org/wiki/C_(language))."),
              "(https://en.wikipedia.org/wiki/C_(language)).");
}

TEST(XmppStyling, QuotesKeepTheirMarker) {
    EXPECT_EQ(md("> quoted *text*\nanswer"), "> quoted **text**\nanswer");
    EXPECT_EQ(md(">tight"), "> tight");
}

TEST(XmppStyling, DiscordOnlyMarkdownIsEscaped) {
    EXPECT_EQ(md("__init__"), "\\_\\_init\\_\\_");
    EXPECT_EQ(md("a ||secret|| b"), "a \\|\\|secret\\|\\| b");
    EXPECT_EQ(md("# not a header"), "\\# not a header");
    EXPECT_EQ(md("-# small"), "\\-# small");
    EXPECT_EQ(md("¯\\_(ツ)_/¯"), "¯\\\\\\_(ツ)\\_/¯");
    EXPECT_EQ(md("a `b c"), "a `b c");
    EXPECT_EQ(md("a`b` c`"), "a\\`b\\` c\\`");
    EXPECT_EQ(md("_x and y_z"), "*x and y*z");
}

TEST(XmppStyling, ReplacementsAreCopiedAndTakeNoStyling) {
    std::string body = "*hi @some_one_* :a_b:";
    auto out = md(body, {{4, 14, "<@42>"}, {16, 21, "<:a_b:9>"}});
    EXPECT_EQ(out, "**hi <@42>** <:a_b:9>");
    // One that overlaps code or spans a line is dropped.
    EXPECT_EQ(md("`@x` y", {{1, 3, "<@1>"}}), "`@x` y");
    EXPECT_EQ(md("a\nb", {{0, 3, "<@1>"}}), "a\nb");
}

TEST(XmppStyling, VerbatimRangesAreCodeAndUrls) {
    std::string body = "x `c` https://a.b/ y\n```\nz\n```";
    auto ranges = verbatim_ranges(body);
    ASSERT_EQ(ranges.size(), 5u);
    EXPECT_EQ(body.substr(ranges[0].begin, ranges[0].end - ranges[0].begin), "`c`");
    EXPECT_EQ(body.substr(ranges[1].begin, ranges[1].end - ranges[1].begin), "https://a.b/");
    EXPECT_EQ(body.substr(ranges[3].begin, ranges[3].end - ranges[3].begin), "z");
}

// What the user wrote comes back to their clients (a room reflects Discord's echo) as written.
TEST(XmppStyling, RoundTripsThroughDiscordMarkdown) {
    for (const char* text :
         {"a *bold* word", "an _italic_ word", "~gone~ now", "*bold _and italic_*",
          "run `a*b*c` now", "> quoted *text*", "snake_case stays", "plain text"}) {
        EXPECT_EQ(discord_markdown_to_styling(md(text)).body, text) << text;
    }
}

}  // namespace
}  // namespace cordgate::core
