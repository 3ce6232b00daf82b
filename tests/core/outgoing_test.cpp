// What the user writes from XMPP as Discord gets it (mentions, styling, custom emoji), and
// XEP-0184 receipts once Discord has the message.

#include <tests/core/session_fixture.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace cordgate::core {
namespace {

using tests::discord_user;
using tests::effects_of;

class Outgoing : public tests::SessionFixture {
  protected:
    void SetUp() override {
        SessionFixture::SetUp();
        ts = 1764000000000;
    }

    XmppMessage message(const char* to, const char* type, const char* id, std::string body) {
        XmppMessage m{kClient, to, type, id, std::nullopt, std::move(body)};
        return m;
    }

    static XmppReference mention(std::string uri, std::uint64_t begin, std::uint64_t end) {
        return XmppReference{"mention", std::move(uri), begin, end};
    }

    // What reached Discord of one XMPP message (its only part).
    std::string sent(XmppMessage m) {
        auto sends = effects_of<SendDiscordMessage>(feed(std::move(m)));
        EXPECT_EQ(sends.size(), 1u);
        last_send = sends.empty() ? SendDiscordMessage{} : sends[0];
        return last_send.content;
    }

    Effects echo(std::uint64_t id, std::uint64_t channel, const SendDiscordMessage& send) {
        DiscordMessageCreate m = discord_message(id, channel, discord_user(1, "romeo"), "");
        m.content = send.content;
        m.nonce = send.nonce;
        return feed(m);
    }

    void emojis(std::vector<DiscordGuildEmoji> list) {
        feed(DiscordGuildEmojisUpdate{Snowflake{700}, std::move(list)});
    }

    SendDiscordMessage last_send;
};

TEST_F(Outgoing, InARoomReferencesAndAtNicksPingStylingAndEmojiConvert) {
    emojis({DiscordGuildEmoji{Snowflake{950}, "wave", false, true, {}}});
    XmppMessage m = message(kRoom, "groupchat", "g1", "hey Ali, *look* @carol :wave: :nope:");
    m.references = std::vector<XmppReference>{mention("xmpp:710@discord.localhost/Ali", 4, 7)};
    EXPECT_EQ(sent(m), "hey <@20>, **look** <@30> <:wave:950> :nope:");
}

TEST_F(Outgoing, AnOccupantJidInAReferenceIsPercentDecoded) {
    feed(DiscordGuildMemberUpdate{Snowflake{700},
                                  DiscordMember{discord_user(40, "dora"), "Dora M", {}}});
    XmppMessage m = message(kRoom, "groupchat", "g1", "Dora M: hi");
    m.references = std::vector<XmppReference>{mention("xmpp:710@discord.localhost/Dora%20M", 0, 6)};
    EXPECT_EQ(sent(m), "<@40>: hi");
}

TEST_F(Outgoing, InADmOnlyReferencesToPuppetsPingAndNoEmojiConvert) {
    emojis({DiscordGuildEmoji{Snowflake{950}, "wave", false, true, {}}});
    XmppMessage m = message(kAlice, "chat", "d1", "ping Ali and @carol :wave: _now_");
    m.references = std::vector<XmppReference>{mention("xmpp:20@discord.localhost", 5, 8),
                                              mention("xmpp:elsewhere.org", 0, 4),
                                              mention("https://20@discord.localhost", 9, 12)};
    EXPECT_EQ(sent(m), "ping <@20> and @carol :wave: *now*");
}

TEST_F(Outgoing, ReferencesCountFromTheBodyBeforeTheReplyFallbackIsDropped) {
    auto got = effects_of<SendXmppMessage>(
        feed(discord_message(900, 500, discord_user(20, "alice"), "hello")));
    ASSERT_EQ(got.size(), 1u);
    XmppMessage m = message(kAlice, "chat", "d2", "> hello\nok Ali");
    m.reply_to_id = got[0].id;
    m.references = std::vector<XmppReference>{mention("xmpp:20@discord.localhost", 11, 14)};
    EXPECT_EQ(sent(m), "ok <@20>");
    EXPECT_EQ(last_send.reply_to, Snowflake{900});
}

TEST_F(Outgoing, ACorrectionIsConvertedAndItsEchoStaysQuiet) {
    SendDiscordMessage first;
    sent(message(kAlice, "chat", "d3", "first"));
    first = last_send;
    echo(901, 500, first);
    XmppCorrection fix{kClient, kAlice, "chat", "d4", "d3", "*second*"};
    auto edits = effects_of<EditDiscordMessage>(feed(fix));
    ASSERT_EQ(edits.size(), 1u);
    EXPECT_EQ(edits[0].content, "**second**");
    DiscordMessageUpdate upd{Snowflake{901},
                             Snowflake{500},
                             std::nullopt,
                             discord_user(1, "romeo"),
                             "**second**",
                             "t",
                             {}};
    auto out = feed(upd);
    EXPECT_TRUE(effects_of<SendXmppMessage>(out).empty());
    EXPECT_TRUE(effects_of<SendXmppCarbon>(out).empty());
}

TEST_F(Outgoing, AReceiptFollowsDiscordsEchoOnce) {
    XmppMessage m = message(kAlice, "chat", "r1", "receipt please");
    m.receipt_request = true;
    sent(m);
    const SendDiscordMessage send = last_send;
    auto out = echo(902, 500, send);
    auto receipts = effects_of<SendXmppMarker>(out);
    ASSERT_EQ(receipts.size(), 1u);
    EXPECT_EQ(receipts[0].from, kAlice);
    EXPECT_EQ(receipts[0].to, kClient);
    EXPECT_EQ(receipts[0].message_type, "chat");
    EXPECT_EQ(receipts[0].marker, "receipt");
    EXPECT_EQ(receipts[0].target_id, "r1");
    // The same echo again (a resumed gateway repeats dispatches): no second receipt.
    EXPECT_TRUE(effects_of<SendXmppMarker>(echo(902, 500, send)).empty());
}

TEST_F(Outgoing, NoReceiptUnlessAskedOrBeforeDiscordHasIt) {
    XmppMessage asked = message(kAlice, "chat", "r2", "asked");
    asked.receipt_request = true;
    auto out = feed(asked);
    EXPECT_TRUE(effects_of<SendXmppMarker>(out).empty());
    sent(message(kAlice, "chat", "r3", "not asked"));
    EXPECT_TRUE(effects_of<SendXmppMarker>(echo(903, 500, last_send)).empty());
}

TEST_F(Outgoing, ARefusedMessageGetsItsErrorAndNoReceipt) {
    XmppMessage m = message(kAlice, "chat", "r4", "refused");
    m.receipt_request = true;
    auto out = feed(m);
    std::uint64_t effect = 0;
    for (const auto& e : out) {
        if (std::holds_alternative<SendDiscordMessage>(e.payload)) effect = e.id;
    }
    auto failed = feed(DiscordEffectFailed{effect, "Missing Permissions", 403, Refusal::forbidden});
    EXPECT_EQ(effects_of<SendXmppMessageError>(failed).size(), 1u);
    EXPECT_TRUE(effects_of<SendXmppMarker>(failed).empty());
}

TEST_F(Outgoing, InARoomTheReceiptComesFromTheRoom) {
    XmppMessage m = message(kRoom, "groupchat", "r5", "in the room");
    m.receipt_request = true;
    sent(m);
    auto receipts = effects_of<SendXmppMarker>(echo(904, 710, last_send));
    ASSERT_EQ(receipts.size(), 1u);
    EXPECT_EQ(receipts[0].from, kRoom);
    EXPECT_EQ(receipts[0].to, kClient);
    EXPECT_EQ(receipts[0].message_type, "groupchat");
    EXPECT_EQ(receipts[0].target_id, "r5");
}

TEST_F(Outgoing, ASplitMessagesReceiptWaitsForEveryPart) {
    XmppMessage m = message(kAlice, "chat", "r6", std::string(4500, 'a'));
    m.receipt_request = true;
    auto sends = effects_of<SendDiscordMessage>(feed(m));
    ASSERT_EQ(sends.size(), 3u);
    EXPECT_TRUE(effects_of<SendXmppMarker>(echo(910, 500, sends[0])).empty());
    EXPECT_TRUE(effects_of<SendXmppMarker>(echo(912, 500, sends[2])).empty());
    auto receipts = effects_of<SendXmppMarker>(echo(911, 500, sends[1]));
    ASSERT_EQ(receipts.size(), 1u);
    EXPECT_EQ(receipts[0].target_id, "r6");
}

TEST_F(Outgoing, RoomsAndPuppetsAdvertiseReceipts) {
    auto info = effects_of<SendXmppDiscoInfo>(
        feed(XmppQuery{kClient, kRoom, "q1", "disco_info", std::nullopt}));
    ASSERT_EQ(info.size(), 1u);
    const auto& f = info[0].features;
    EXPECT_NE(std::find(f.begin(), f.end(), "urn:xmpp:receipts"), f.end());
}

TEST_F(Outgoing, GuildEmojiComeFromReadyAndFollowUpdates) {
    emojis({});
    EXPECT_EQ(sent(message(kRoom, "groupchat", "e1", ":wave:")), ":wave:");
    emojis({DiscordGuildEmoji{Snowflake{951}, "wave", false, true, {}},
            DiscordGuildEmoji{Snowflake{952}, "spin", true, true, {}}});
    EXPECT_EQ(sent(message(kRoom, "groupchat", "e2", ":wave: :spin:")), "<:wave:951> :spin:");
    // With Nitro (READY's user.premium_type) animated emoji are offered too.
    DiscordReady again{discord_user(1, "romeo"), {}, {}};
    again.premium_type = 2;
    feed(again);
    EXPECT_EQ(sent(message(kRoom, "groupchat", "e3", ":spin:")), "<a:spin:952>");
}

}  // namespace
}  // namespace cordgate::core
