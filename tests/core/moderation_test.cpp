// What moderators (and Discord itself) do to many things at once: bulk deletes and reactions
// removed wholesale, in DMs and rooms; and reactions whose custom emoji was deleted.

#include <tests/core/session_fixture.hpp>

namespace cordgate::core {
namespace {

using tests::discord_user;
using tests::effects_of;

class Moderation : public tests::SessionFixture {
  protected:
    void join() { feed(XmppMucJoin{kClient, std::string(kRoom) + "/whatever", 0}); }
    std::string said(std::uint64_t id, std::uint64_t channel, std::uint64_t author,
                     const char* name) {
        auto out = feed(discord_message(id, channel, discord_user(author, name), "text"));
        return effects_of<SendXmppMessage>(out).at(0).id;
    }
    Effects react(std::uint64_t user, std::uint64_t channel, std::uint64_t message,
                  DiscordEmoji emoji, bool add = true) {
        std::optional<Snowflake> guild;
        if (channel == 710) guild = Snowflake{700};
        if (add) {
            return feed(DiscordReactionAdd{Snowflake{user}, Snowflake{channel}, Snowflake{message},
                                           guild, std::move(emoji)});
        }
        return feed(DiscordReactionRemove{Snowflake{user}, Snowflake{channel}, Snowflake{message},
                                          guild, std::move(emoji)});
    }
    static DiscordEmoji thumbs() { return DiscordEmoji{std::nullopt, "\xf0\x9f\x91\x8d"}; }
};

TEST_F(Moderation, ABulkDeleteRetractsEveryKnownMessageInTheRoom) {
    join();
    std::string first = said(820, 710, 30, "carol");
    std::string second = said(821, 710, 20, "alice");
    auto out = effects_of<SendXmppRetraction>(feed(DiscordMessageDeleteBulk{
        {Snowflake{820}, Snowflake{999}, Snowflake{821}}, Snowflake{710}, Snowflake{700}}));
    ASSERT_EQ(out.size(), 2u);  // 999 was never seen: nothing to retract
    EXPECT_FALSE(first.empty());
    EXPECT_FALSE(second.empty());
    EXPECT_EQ(out[0].retract_id, "820");  // by stanza-id, the Discord id (XEP-0425)
    EXPECT_EQ(out[1].retract_id, "821");
    for (const auto& r : out) {
        EXPECT_EQ(r.from, kRoom);
        EXPECT_EQ(r.moderated_by, kRoom);
        EXPECT_EQ(r.to, kClient);
    }
    // They are forgotten: the same delete again says nothing.
    EXPECT_TRUE(feed(DiscordMessageDeleteBulk{{Snowflake{820}}, Snowflake{710}, Snowflake{700}})
                    .empty());
}

TEST_F(Moderation, ABulkDeleteInADmRetractsFromThePartner) {
    std::string hers = said(900, 500, 20, "alice");
    auto out = effects_of<SendXmppRetraction>(
        feed(DiscordMessageDeleteBulk{{Snowflake{900}}, Snowflake{500}, std::nullopt}));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].from, kAlice);
    EXPECT_EQ(out[0].retract_id, hers);
}

TEST_F(Moderation, RemoveAllTakesBackEveryonesReactionsEachAsAnEmptySet) {
    join();
    std::string target = said(830, 710, 30, "carol");
    react(20, 710, 830, thumbs());
    react(30, 710, 830, DiscordEmoji{Snowflake{77}, "blob"});
    react(30, 710, 830, thumbs());
    auto out = effects_of<SendXmppReactions>(
        feed(DiscordReactionRemoveAll{Snowflake{710}, Snowflake{830}, Snowflake{700}}));
    ASSERT_EQ(out.size(), 2u);  // one per person who had reacted, in id order
    EXPECT_EQ(out[0].from, std::string(kRoom) + "/Ali");
    EXPECT_EQ(out[1].from, std::string(kRoom) + "/carol");
    EXPECT_FALSE(target.empty());
    for (const auto& r : out) {
        EXPECT_EQ(r.target_id, "830");  // a room names the message by its stanza-id
        EXPECT_TRUE(r.reactions.empty());
    }
    // Nothing is left to remove, and a new reaction starts from nothing.
    EXPECT_TRUE(feed(DiscordReactionRemoveAll{Snowflake{710}, Snowflake{830}, Snowflake{700}})
                    .empty());
    auto again = effects_of<SendXmppReactions>(react(20, 710, 830, thumbs()));
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(again[0].reactions, std::vector<std::string>{"\xf0\x9f\x91\x8d"});
}

TEST_F(Moderation, RemoveEmojiTakesOnlyThatEmojiFromThoseWhoUsedIt) {
    join();
    said(831, 710, 30, "carol");
    react(20, 710, 831, thumbs());
    react(30, 710, 831, DiscordEmoji{Snowflake{77}, "blob"});
    react(30, 710, 831, thumbs());
    react(1, 710, 831, DiscordEmoji{Snowflake{77}, "blob"});
    // The custom emoji is named by its id: its name may have changed since.
    auto out = effects_of<SendXmppReactions>(feed(DiscordReactionRemoveEmoji{
        Snowflake{710}, Snowflake{831}, Snowflake{700}, DiscordEmoji{Snowflake{77}, "blob2"}}));
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].from, std::string(kRoom) + "/romeo");  // the user's own reaction too
    EXPECT_TRUE(out[0].reactions.empty());
    EXPECT_EQ(out[1].from, std::string(kRoom) + "/carol");
    EXPECT_EQ(out[1].reactions, std::vector<std::string>{"\xf0\x9f\x91\x8d"});
}

TEST_F(Moderation, RemoveAllInADmIsACarbonForTheUsersOwnReactions) {
    std::string hers = said(901, 500, 20, "alice");
    react(20, 500, 901, thumbs());
    react(1, 500, 901, thumbs());
    auto out = feed(DiscordReactionRemoveAll{Snowflake{500}, Snowflake{901}, std::nullopt});
    auto partner = effects_of<SendXmppReactions>(out);
    ASSERT_EQ(partner.size(), 1u);
    EXPECT_EQ(partner[0].from, kAlice);
    EXPECT_TRUE(partner[0].reactions.empty());
    auto carbons = effects_of<SendXmppCarbon>(out);
    ASSERT_EQ(carbons.size(), 1u);
    EXPECT_EQ(carbons[0].reactions_to, hers);
    EXPECT_EQ(carbons[0].reactions, std::vector<std::string>{});
}

// The adapter names a deleted custom emoji "_" (Discord sends `name: null`); XMPP shows it as
// ":_:", and it is still the same emoji as the one added under its old name.
TEST_F(Moderation, AReactionWithADeletedCustomEmojiIsShownAsAPlaceholder) {
    join();
    said(832, 710, 30, "carol");
    auto out = effects_of<SendXmppReactions>(react(20, 710, 832, DiscordEmoji{Snowflake{78}, "_"}));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].reactions, std::vector<std::string>{":_:"});

    react(30, 710, 832, DiscordEmoji{Snowflake{79}, "gone"});
    auto removed =
        effects_of<SendXmppReactions>(react(30, 710, 832, DiscordEmoji{Snowflake{79}, "_"}, false));
    ASSERT_EQ(removed.size(), 1u);
    EXPECT_TRUE(removed[0].reactions.empty());
}

}  // namespace
}  // namespace cordgate::core
