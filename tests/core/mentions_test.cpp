#include <core/custom_emoji.hpp>
#include <core/mentions.hpp>
#include <core/xmpp_styling.hpp>

#include <gtest/gtest.h>

#include <string>

namespace cordgate::core {
namespace {

const std::vector<Mentionable> kPeople{{"Mira", Snowflake{11}},
                                       {"Mira Chen", Snowflake{12}},
                                       {"tom", Snowflake{13}},
                                       {"jun_k", Snowflake{14}}};

// The body with the mentions found in it, written as Discord gets it.
std::string pinged(std::string_view body, const std::vector<MarkedMention>& marked = {},
                   const std::vector<Mentionable>& people = kPeople) {
    auto verbatim = verbatim_ranges(body);
    return xmpp_styling_to_discord(body, mention_replacements(body, marked, people, verbatim));
}

TEST(Mentions, AtNickOfAnOccupantPings) {
    EXPECT_EQ(pinged("hi @tom!"), "hi <@13>!");
    EXPECT_EQ(pinged("@Tom and @TOM"), "<@13> and <@13>");
    EXPECT_EQ(pinged("@jun_k said _so_"), "<@14> said *so*");
}

TEST(Mentions, TheLongestNickWins) {
    EXPECT_EQ(pinged("@Mira Chen, hi"), "<@12>, hi");
    EXPECT_EQ(pinged("@Mira, hi"), "<@11>, hi");
}

TEST(Mentions, UnknownWordsAddressesAndCodeStay) {
    EXPECT_EQ(pinged("@nobody here"), "@nobody here");
    EXPECT_EQ(pinged("@tommy"), "@tommy");
    EXPECT_EQ(pinged("mail tom@example.org"), "mail tom@example.org");
    EXPECT_EQ(pinged("`@tom` and https://x.org/@tom"), "`@tom` and https://x.org/@tom");
    EXPECT_EQ(pinged("```\n@tom\n```"), "```\n@tom\n```");
    EXPECT_EQ(pinged("@tom", {}, {}), "@tom");
}

TEST(Mentions, AReplyPrefixPings) {
    EXPECT_EQ(pinged("Mira Chen: look"), "<@12>: look");
    EXPECT_EQ(pinged("tom:"), "<@13>:");
    EXPECT_EQ(pinged("tom:x"), "tom:x");
    EXPECT_EQ(pinged("so tom: look"), "so tom: look");
}

TEST(Mentions, MarkedMentionsPingAndTakeTheirAt) {
    // "hey @Mira" with the reference over "Mira" (bytes 5-9): the '@' goes with it.
    EXPECT_EQ(pinged("hey @Mira", {{5, 9, Snowflake{77}}}), "hey <@77>");
    EXPECT_EQ(pinged("hey Bob", {{4, 7, Snowflake{78}}}, {}), "hey <@78>");
    // A marked mention wins over the nick found at the same place.
    EXPECT_EQ(pinged("@tom", {{0, 4, Snowflake{79}}}), "<@79>");
}

TEST(Mentions, ReferenceOffsetsAreCodePoints) {
    const std::string body = "é😀 @tom";  // é: 2 bytes, 😀: 4 bytes
    auto r = reference_bytes(body, 3, 7);
    ASSERT_TRUE(r);
    EXPECT_EQ(body.substr(r->begin, r->end - r->begin), "@tom");
    EXPECT_TRUE(reference_bytes(body, 0, 7));
    EXPECT_FALSE(reference_bytes(body, 0, 8));
    EXPECT_FALSE(reference_bytes(body, 4, 4));
    EXPECT_FALSE(reference_bytes(body, 5, 4));
}

TEST(CustomEmoji, NamesOfUsableEmojiBecomeDiscordEmoji) {
    std::vector<UsableEmoji> emojis{{"blob_wave", Snowflake{901}, false},
                                    {"party", Snowflake{902}, true}};
    auto convert = [&](std::string_view body) {
        auto verbatim = verbatim_ranges(body);
        return xmpp_styling_to_discord(body, emoji_replacements(body, emojis, verbatim));
    };
    EXPECT_EQ(convert("hi :blob_wave: :party:"), "hi <:blob_wave:901> <a:party:902>");
    EXPECT_EQ(convert(":Blob_Wave::party:"), "<:blob_wave:901><a:party:902>");
    EXPECT_EQ(convert(":unknown: stays"), ":unknown: stays");
    EXPECT_EQ(convert("at 10:party:30"), "at 10:party:30");
    EXPECT_EQ(convert("`:party:`"), "`:party:`");
}

Session session_with_guild() {
    Session s;
    s.self = DiscordUser{Snowflake{1}, "me", std::nullopt, std::nullopt, false};
    Guild g;
    g.id = Snowflake{700};
    RoomMember me;
    me.roles = {Snowflake{703}};
    g.members[Snowflake{1}] = me;
    keep_emojis(g, {DiscordGuildEmoji{Snowflake{1}, "plain", false, true, {}},
                    DiscordGuildEmoji{Snowflake{2}, "moving", true, true, {}},
                    DiscordGuildEmoji{Snowflake{3}, "gone", false, false, {}},
                    DiscordGuildEmoji{Snowflake{4}, "mods_only", false, true, {Snowflake{702}}},
                    DiscordGuildEmoji{Snowflake{5}, "mine", false, true, {Snowflake{703}}}});
    s.guilds[g.id] = g;
    return s;
}

std::vector<std::string> names(const std::vector<UsableEmoji>& emojis) {
    std::vector<std::string> out;
    for (const auto& e : emojis) out.push_back(e.name);
    return out;
}

TEST(CustomEmoji, OnlyWhatTheOfficialClientOffers) {
    Session s = session_with_guild();
    const Guild& g = s.guilds.at(Snowflake{700});
    EXPECT_EQ(names(usable_emojis(s, g)), (std::vector<std::string>{"plain", "mine"}));
    s.premium_type = 2;  // Nitro: animated ones too
    EXPECT_EQ(names(usable_emojis(s, g)), (std::vector<std::string>{"plain", "moving", "mine"}));
    Guild none;
    EXPECT_TRUE(usable_emojis(s, none).empty());
}

}  // namespace
}  // namespace cordgate::core
