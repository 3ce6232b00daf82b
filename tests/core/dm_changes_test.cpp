// One-to-one chats after the first message: edits, deletes, reactions, typing, read markers,
// replies, attachments and mentions, both ways, including what the user does in the official
// Discord app (carbons) and the echoes of what they did from XMPP.

#include <tests/core/session_fixture.hpp>

namespace cordgate::core {
namespace {

using tests::discord_user;
using tests::effects_of;

class DmChanges : public tests::SessionFixture {
  protected:
    // alice wrote message 900; returns its XMPP id.
    std::string alice_wrote() {
        auto out = feed(discord_message(900, 500, discord_user(20, "alice"), "hello"));
        return effects_of<SendXmppMessage>(out).at(0).id;
    }
    // romeo wrote message 901 from XMPP with id "m1", and Discord echoed it.
    void romeo_wrote() {
        auto out = feed(XmppMessage{kClient, kAlice, "chat", "m1", std::nullopt, "hi alice"});
        auto nonce = effects_of<SendDiscordMessage>(out).at(0).nonce;
        auto echo = discord_message(901, 500, discord_user(1, "romeo"), "hi alice");
        echo.nonce = nonce;
        EXPECT_TRUE(feed(echo).empty());
    }
};

TEST_F(DmChanges, DiscordEditBecomesACorrectionOfTheOriginal) {
    std::string original = alice_wrote();
    DiscordMessageUpdate edit{Snowflake{900},
                              Snowflake{500},
                              std::nullopt,
                              discord_user(20, "alice"),
                              "hello!",
                              "2026-11-25T10:01:00Z",
                              {}};
    auto out = effects_of<SendXmppMessage>(feed(edit));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].from, kAlice);
    EXPECT_EQ(out[0].replace_id, original);
    EXPECT_EQ(out[0].body, "hello!");
    EXPECT_NE(out[0].id, original);
    // A link preview arriving is an update without edited_timestamp: not a correction.
    edit.edited_timestamp.reset();
    EXPECT_TRUE(feed(edit).empty());
}

TEST_F(DmChanges, DiscordDeleteBecomesARetraction) {
    std::string original = alice_wrote();
    auto out = effects_of<SendXmppRetraction>(
        feed(DiscordMessageDelete{Snowflake{900}, Snowflake{500}, std::nullopt}));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].from, kAlice);
    EXPECT_EQ(out[0].to, kUser);
    EXPECT_EQ(out[0].retract_id, original);
    // Deleting what the session never saw does nothing.
    EXPECT_TRUE(feed(DiscordMessageDelete{Snowflake{999}, Snowflake{500}, std::nullopt}).empty());
}

TEST_F(DmChanges, DiscordReactionsAreSentAsTheFullSet) {
    std::string original = alice_wrote();
    auto add = [&](const char* emoji, std::optional<Snowflake> id = std::nullopt) {
        return feed(DiscordReactionAdd{Snowflake{20}, Snowflake{500}, Snowflake{900}, std::nullopt,
                                       DiscordEmoji{id, emoji}});
    };
    add("\xf0\x9f\x91\x8d");
    auto out = effects_of<SendXmppReactions>(add("blob", Snowflake{77}));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].target_id, original);
    EXPECT_EQ(out[0].reactions, (std::vector<std::string>{":blob:", "\xf0\x9f\x91\x8d"}));
    out = effects_of<SendXmppReactions>(
        feed(DiscordReactionRemove{Snowflake{20}, Snowflake{500}, Snowflake{900}, std::nullopt,
                                   DiscordEmoji{std::nullopt, "\xf0\x9f\x91\x8d"}}));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].reactions, std::vector<std::string>{":blob:"});
}

TEST_F(DmChanges, TypingBecomesComposingAndTheNextMessageEndsIt) {
    auto out = effects_of<SendXmppChatState>(
        feed(DiscordTypingStart{Snowflake{500}, std::nullopt, Snowflake{20}, 1}));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].state, "composing");
    EXPECT_EQ(out[0].from, kAlice);
    auto msg = effects_of<SendXmppMessage>(
        feed(discord_message(902, 500, discord_user(20, "alice"), "done")));
    EXPECT_EQ(msg.at(0).chat_state, "active");
    EXPECT_EQ(msg.at(0).markable, true);
}

TEST_F(DmChanges, RepliesAttachmentsAndMentions) {
    std::string original = alice_wrote();
    auto reply = discord_message(903, 500, discord_user(20, "alice"), "see <@1>, <:blob:77>");
    reply.referenced_message_id = Snowflake{900};
    reply.attachments = {
        DiscordAttachment{Snowflake{904}, "cat.png", "https://cdn/cat.png", "image/png", 3}};
    auto msg = effects_of<SendXmppMessage>(feed(reply)).at(0);
    EXPECT_EQ(msg.reply_to_id, original);
    EXPECT_EQ(msg.reply_to_jid, kAlice);
    EXPECT_EQ(msg.body, "see @romeo, :blob:\nhttps://cdn/cat.png");
    EXPECT_EQ(msg.oob_url, "https://cdn/cat.png");
}

TEST_F(DmChanges, XmppCorrectionEditsOnlyTheUsersOwnMessages) {
    romeo_wrote();
    auto out = feed(XmppCorrection{kClient, kAlice, "chat", "m2", "m1", "hi alice!"});
    auto edits = effects_of<EditDiscordMessage>(out);
    ASSERT_EQ(edits.size(), 1u);
    EXPECT_EQ(edits[0].channel_id, Snowflake{500});
    EXPECT_EQ(edits[0].message_id, Snowflake{901});
    EXPECT_EQ(edits[0].content, "hi alice!");
    // Discord's echo of the edit does not come back as a correction.
    EXPECT_TRUE(feed(DiscordMessageUpdate{Snowflake{901},
                                          Snowflake{500},
                                          std::nullopt,
                                          discord_user(1, "romeo"),
                                          "hi alice!",
                                          "t",
                                          {}})
                    .empty());
    // alice's message is not the user's to edit (xmpp_refusals_test: the error it gets).
    std::string hers = alice_wrote();
    out = feed(XmppCorrection{kClient, kAlice, "chat", "m3", hers, "no"});
    EXPECT_TRUE(effects_of<EditDiscordMessage>(out).empty());
    EXPECT_EQ(effects_of<SendXmppMessageError>(out).size(), 1u);
}

TEST_F(DmChanges, XmppRetractionDeletesAndTheEchoIsQuiet) {
    romeo_wrote();
    auto del =
        effects_of<DeleteDiscordMessage>(feed(XmppRetraction{kClient, kAlice, "chat", "r1", "m1"}));
    ASSERT_EQ(del.size(), 1u);
    EXPECT_EQ(del[0].message_id, Snowflake{901});
    EXPECT_TRUE(feed(DiscordMessageDelete{Snowflake{901}, Snowflake{500}, std::nullopt}).empty());
}

TEST_F(DmChanges, XmppReactionsBecomeTheDifferenceOnDiscord) {
    std::string hers = alice_wrote();
    feed(DiscordReactionAdd{Snowflake{20}, Snowflake{500}, Snowflake{900}, std::nullopt,
                            DiscordEmoji{Snowflake{77}, "blob"}});
    auto out = feed(XmppReactions{kClient, kAlice, "chat", "x1", hers, {"\xe2\x9d\xa4", ":blob:"}});
    auto adds = effects_of<AddDiscordReaction>(out);
    ASSERT_EQ(adds.size(), 2u);  // the custom emoji goes back as name:id
    EXPECT_EQ(adds[0].emoji, "blob:77");
    EXPECT_EQ(adds[1].emoji, "\xe2\x9d\xa4");
    // Discord's echo of one of them changes nothing.
    EXPECT_TRUE(feed(DiscordReactionAdd{Snowflake{1}, Snowflake{500}, Snowflake{900}, std::nullopt,
                                        DiscordEmoji{std::nullopt, "\xe2\x9d\xa4"}})
                    .empty());
    out = feed(XmppReactions{kClient, kAlice, "chat", "x2", hers, {":blob:"}});
    auto removes = effects_of<RemoveDiscordReaction>(out);
    ASSERT_EQ(removes.size(), 1u);
    EXPECT_EQ(removes[0].emoji, "\xe2\x9d\xa4");
    EXPECT_TRUE(effects_of<AddDiscordReaction>(out).empty());
}

TEST_F(DmChanges, ComposingTypesAndDisplayedAcks) {
    std::string hers = alice_wrote();
    auto typing =
        effects_of<TriggerDiscordTyping>(feed(XmppChatState{kClient, kAlice, "chat", "composing"}));
    ASSERT_EQ(typing.size(), 1u);
    EXPECT_EQ(typing[0].channel_id, Snowflake{500});
    EXPECT_TRUE(feed(XmppChatState{kClient, kAlice, "chat", "paused"}).empty());
    auto acks =
        effects_of<AckDiscordMessage>(feed(XmppMarker{kClient, kAlice, "chat", "displayed", hers}));
    ASSERT_EQ(acks.size(), 1u);
    EXPECT_EQ(acks[0].message_id, Snowflake{900});
    EXPECT_TRUE(feed(XmppMarker{kClient, kAlice, "chat", "received", hers}).empty());
    // Discord's echo of that ack is not carbon-copied back; a newer read in the app is.
    EXPECT_TRUE(feed(DiscordMessageAck{Snowflake{500}, Snowflake{900}}).empty());
    EXPECT_TRUE(feed(XmppMarker{kClient, kAlice, "chat", "displayed", hers}).empty());
}

TEST_F(DmChanges, XmppRepliesCarryTheReferenceWithoutTheQuote) {
    std::string hers = alice_wrote();
    XmppMessage reply{kClient, kAlice, "chat", "m5", std::nullopt, "> hello\nhi back"};
    reply.reply_to_id = hers;
    auto send = effects_of<SendDiscordMessage>(feed(reply)).at(0);
    EXPECT_EQ(send.reply_to, Snowflake{900});
    EXPECT_EQ(send.content, "hi back");
}

TEST_F(DmChanges, WhatTheUserDoesInTheAppReachesTheirClients) {
    std::string hers = alice_wrote();
    feed(discord_message(905, 500, discord_user(1, "romeo"), "from my phone"));
    const std::string* mine = session().messages.xmpp_id(Snowflake{905});
    ASSERT_NE(mine, nullptr);
    auto edit = effects_of<SendXmppCarbon>(feed(DiscordMessageUpdate{Snowflake{905},
                                                                     Snowflake{500},
                                                                     std::nullopt,
                                                                     discord_user(1, "romeo"),
                                                                     "from my phone!",
                                                                     "t",
                                                                     {}}));
    ASSERT_EQ(edit.size(), 1u);
    EXPECT_EQ(edit[0].to, kAlice);
    EXPECT_EQ(edit[0].replace_id, *mine);
    auto react = effects_of<SendXmppCarbon>(
        feed(DiscordReactionAdd{Snowflake{1}, Snowflake{500}, Snowflake{900}, std::nullopt,
                                DiscordEmoji{std::nullopt, "\xf0\x9f\x91\x8d"}}));
    ASSERT_EQ(react.size(), 1u);
    EXPECT_EQ(react[0].reactions_to, hers);
    auto read = effects_of<SendXmppCarbon>(feed(DiscordMessageAck{Snowflake{500}, Snowflake{900}}));
    ASSERT_EQ(read.size(), 1u);
    EXPECT_EQ(read[0].displayed_id, hers);
    std::string mine_id = *mine;
    auto gone = effects_of<SendXmppCarbon>(
        feed(DiscordMessageDelete{Snowflake{905}, Snowflake{500}, std::nullopt}));
    ASSERT_EQ(gone.size(), 1u);
    EXPECT_EQ(gone[0].retract_id, mine_id);
}

TEST_F(DmChanges, PresenceRelationshipsAndLoginFailures) {
    feed(XmppPresence{kClient, kGateway, std::nullopt, std::nullopt, std::nullopt, std::nullopt});
    auto shown = effects_of<SendXmppPresence>(
        feed(DiscordPresenceUpdate{Snowflake{20}, Snowflake{700}, "dnd", "busy"}));
    ASSERT_EQ(shown.size(), 1u);
    EXPECT_EQ(shown[0].show, "dnd");
    EXPECT_EQ(shown[0].status, "busy");
    // The same update from a second shared guild is no news.
    EXPECT_TRUE(feed(DiscordPresenceUpdate{Snowflake{20}, Snowflake{701}, "dnd", "busy"}).empty());

    auto added = effects_of<SetXmppRoster>(feed(
        DiscordRelationshipAdd{DiscordRelationship{1, std::nullopt, discord_user(40, "dave")}}));
    ASSERT_EQ(added.size(), 1u);
    EXPECT_EQ(added[0].item.jid, "40@discord.localhost");
    auto removed = effects_of<SetXmppRoster>(feed(DiscordRelationshipRemove{Snowflake{40}, 1}));
    ASSERT_EQ(removed.size(), 1u);
    EXPECT_EQ(removed[0].item.subscription, "remove");

    auto out = feed(DiscordLoginFailed{"authentication failed", 4004});
    EXPECT_EQ(session().login_state, "failed");
    auto told = effects_of<SendXmppMessage>(out);
    ASSERT_EQ(told.size(), 1u);
    EXPECT_EQ(told[0].from, kGateway);
    EXPECT_NE(told[0].body->find("authentication failed"), std::string::npos);
    EXPECT_EQ(effects_of<SendXmppPresence>(out).at(0).show, "xa");
}

TEST_F(DmChanges, OwnXmppPresenceSetsTheDiscordStatus) {
    auto out = feed(XmppPresence{kClient, kGateway, std::nullopt, "away", "lunch", std::nullopt});
    auto set = effects_of<SetDiscordPresence>(out);
    ASSERT_EQ(set.size(), 1u);
    EXPECT_EQ(set[0].status, "idle");
    EXPECT_EQ(set[0].custom_status, "lunch");
    set = effects_of<SetDiscordPresence>(
        feed(XmppPresence{kClient, kGateway, std::nullopt, "dnd", std::nullopt, std::nullopt}));
    ASSERT_EQ(set.size(), 1u);
    EXPECT_EQ(set[0].status, "dnd");
}

TEST_F(DmChanges, AFreshLoginFetchesWhatWasMissedAndSendsOnlyThat) {
    alice_wrote();
    DiscordChannel dm{Snowflake{500}, 1, std::nullopt, std::nullopt, {discord_user(20, "alice")}};
    dm.last_message_id = Snowflake{950};
    DiscordReady again{discord_user(1, "romeo"), {}, {dm}};
    auto fetch = effects_of<FetchDiscordHistory>(feed(again));
    ASSERT_EQ(fetch.size(), 1u);
    EXPECT_EQ(fetch[0].channel_id, Snowflake{500});
    EXPECT_EQ(fetch[0].after, Snowflake{900});
    auto out = effects_of<SendXmppMessage>(feed(DiscordChannelHistory{
        Snowflake{500},
        {discord_message(900, 500, discord_user(20, "alice"), "hello"),
         discord_message(950, 500, discord_user(20, "alice"), "while you were away")}}));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].body, "while you were away");
    // Nothing new: no fetch.
    dm.last_message_id = Snowflake{950};
    EXPECT_TRUE(
        effects_of<FetchDiscordHistory>(feed(DiscordReady{discord_user(1, "romeo"), {}, {dm}}))
            .empty());
}

}  // namespace
}  // namespace cordgate::core
