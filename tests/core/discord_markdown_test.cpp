#include <core/discord_markdown.hpp>

#include <gtest/gtest.h>

#include <string>

namespace cordgate::core {
namespace {

std::string styled(std::string_view text) {
    return discord_markdown_to_styling(text).body;
}

TEST(DiscordMarkdown, PlainTextIsUnchanged) {
    EXPECT_EQ(styled("hello there, how are you?"), "hello there, how are you?");
    EXPECT_EQ(styled(""), "");
    EXPECT_EQ(styled("2 * 3 = 6 and 5 - 1 = 4"), "2 * 3 = 6 and 5 - 1 = 4");
}

TEST(DiscordMarkdown, BoldItalicStrike) {
    EXPECT_EQ(styled("a **bold** word"), "a *bold* word");
    EXPECT_EQ(styled("an *italic* word"), "an _italic_ word");
    EXPECT_EQ(styled("an _italic_ word"), "an _italic_ word");
    EXPECT_EQ(styled("~~gone~~ now"), "~gone~ now");
    EXPECT_EQ(styled("***both***"), "*_both_*");
}

TEST(DiscordMarkdown, UnderlineHasNoStylingAndKeepsItsText) {
    EXPECT_EQ(styled("__under__ line"), "under line");
    EXPECT_EQ(styled("__**bold under**__"), "*bold under*");
}

TEST(DiscordMarkdown, Nesting) {
    EXPECT_EQ(styled("**bold and *italic* inside**"), "*bold and _italic_ inside*");
    EXPECT_EQ(styled("*italic with **bold** inside*"), "_italic with *bold* inside_");
    EXPECT_EQ(styled("~~**struck bold**~~"), "~*struck bold*~");
}

TEST(DiscordMarkdown, UnmatchedMarkersStayAsText) {
    EXPECT_EQ(styled("**not closed"), "**not closed");
    EXPECT_EQ(styled("a * b * c"), "a * b * c");
    EXPECT_EQ(styled("~~ half"), "~~ half");
    EXPECT_EQ(styled("** **"), "** **");
    EXPECT_EQ(styled("* list item"), "* list item");
}

TEST(DiscordMarkdown, SpansDoNotCrossLines) {
    EXPECT_EQ(styled("**one\ntwo**"), "**one\ntwo**");
}

TEST(DiscordMarkdown, EscapesAreKeptAndStopStyling) {
    EXPECT_EQ(styled("\\*not italic\\*"), "\\*not italic\\*");
    EXPECT_EQ(styled("\\_\\_init\\_\\_"), "\\_\\_init\\_\\_");
    EXPECT_EQ(styled("**a \\** b**"), "*a \\** b*");
}

TEST(DiscordMarkdown, SnakeCaseAndUrlsAreNotItalics) {
    EXPECT_EQ(styled("call snake_case_name now"), "call snake_case_name now");
    EXPECT_EQ(styled("see https://example.org/a_b_c/d_e and more"),
              "see https://example.org/a_b_c/d_e and more");
    EXPECT_EQ(styled("https://example.org/*star*/x"), "https://example.org/*star*/x");
    EXPECT_EQ(styled("_see https://example.org/a_b_"), "_see https://example.org/a_b_");
}

TEST(DiscordMarkdown, NothingIsConvertedInsideCode) {
    EXPECT_EQ(styled("run `**not bold** _x_` now"), "run `**not bold** _x_` now");
    EXPECT_EQ(styled("``a ` b **c**``"), "``a ` b **c**``");
    EXPECT_EQ(styled("**bold `**` code**"), "*bold `**` code*");
    EXPECT_EQ(styled("```\n**raw** <@1>\n```"), "```\n**raw** <@1>\n```");
}

TEST(DiscordMarkdown, CodeBlockFencesGetLinesOfTheirOwn) {
    EXPECT_EQ(styled("```cpp\nint x;\n```"), "```cpp\nint x;\n```");
    EXPECT_EQ(styled("```one line```"), "```\none line\n```");
    EXPECT_EQ(styled("look: ```x = 1``` **done**"), "look: \n```\nx = 1\n```\n *done*");
    EXPECT_EQ(styled("```\nunclosed **b**"), "```\nunclosed *b*");
}

TEST(DiscordMarkdown, QuotesAndHeaders) {
    EXPECT_EQ(styled("> quoted **b**\nnot quoted"), "> quoted *b*\nnot quoted");
    EXPECT_EQ(styled(">>> all\nof\nthis"), "> all\n> of\n> this");
    EXPECT_EQ(styled("# Title\ntext"), "*Title*\ntext");
    EXPECT_EQ(styled("### **Already**"), "*Already*");
    EXPECT_EQ(styled("-# small print"), "small print");
    EXPECT_EQ(styled("#hashtag"), "#hashtag");
    EXPECT_EQ(styled(">no space"), ">no space");
}

TEST(DiscordMarkdown, MaskedAndSuppressedLinks) {
    EXPECT_EQ(styled("[the docs](https://example.org/a_b)"), "the docs (https://example.org/a_b)");
    EXPECT_EQ(styled("[**bold** label](https://x.org)"), "*bold* label (https://x.org)");
    EXPECT_EQ(styled("[https://x.org](https://x.org)"), "https://x.org");
    EXPECT_EQ(styled("[not a link](ftp://x)"), "[not a link](ftp://x)");
    EXPECT_EQ(styled("quiet <https://x.org/a_b>"), "quiet https://x.org/a_b");
}

TEST(DiscordMarkdown, SpoilersAreKeptAndReported) {
    auto s = discord_markdown_to_styling("the end: ||**he** did it||");
    EXPECT_EQ(s.body, "the end: ||*he* did it||");
    EXPECT_TRUE(s.spoiler);
    EXPECT_FALSE(discord_markdown_to_styling("a || b").spoiler);
    EXPECT_FALSE(discord_markdown_to_styling("`||code||`").spoiler);
}

TEST(DiscordMarkdown, TokensGoToTheRendererOutsideCode) {
    TokenRenderer render = [](std::string_view token) -> std::optional<std::string> {
        if (token == "@1") return "@Mira_B";
        return std::nullopt;
    };
    EXPECT_EQ(discord_markdown_to_styling("hi <@1> and <@2>", render).body, "hi @Mira_B and <@2>");
    EXPECT_EQ(discord_markdown_to_styling("`<@1>`", render).body, "`<@1>`");
    EXPECT_EQ(discord_markdown_to_styling("**<@1>**", render).body, "*@Mira_B*");
    EXPECT_EQ(discord_markdown_to_styling("1 < 2 > 0", render).body, "1 < 2 > 0");
}

}  // namespace
}  // namespace cordgate::core
