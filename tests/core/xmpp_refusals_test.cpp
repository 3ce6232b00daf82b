// What the core refuses from the XMPP side: JIDs on the gateway that name no Discord id,
// and changes (XEP-0308, XEP-0424, XEP-0444) of messages it does not know or that are not the
// user's. A refused change is answered with a stanza error from the JID it addressed; none of
// them reaches Discord.

#include <core/puppets.hpp>
#include <tests/core/session_fixture.hpp>

namespace cordgate::core {
namespace {

using tests::discord_user;
using tests::effects_of;

bool reaches_discord(const Effects& out) {
    for (const auto& e : out) {
        if (e.target() == Target::discord) return true;
    }
    return false;
}

TEST(PuppetLocalpart, OnlyTheCanonicalDecimalOfASignedSixtyFourBitIdNamesSomeone) {
    EXPECT_EQ(Snowflake::from_localpart("1"), Snowflake{1});
    EXPECT_EQ(Snowflake::from_localpart("80351110224678912"), Snowflake{80351110224678912ull});
    EXPECT_EQ(Snowflake::from_localpart("9223372036854775807"),
              Snowflake{9223372036854775807ull});  // 2^63-1
    for (const char* bad : {
             "",
             "0",
             "0123",
             "00",
             "+123",
             "-123",
             "0x1f",
             "1f",
             " 123",
             "123 ",
             "9223372036854775808",       // 2^63
             "18446744073709551615",      // 2^64-1
             "18446744073709551616",      // 2^64, wraps to 0
             "18446744073709551617",      // 2^64+1, wraps to 1
             "184467440737095516170",     // 21 digits
             "\xd9\xa1\xd9\xa2\xd9\xa3",  // Arabic-Indic 123
             "\xef\xbc\x91\xef\xbc\x92",  // fullwidth 12
             "1\xef\xbc\x92",
         }) {
        EXPECT_FALSE(Snowflake::from_localpart(bad)) << bad;
    }
}

class XmppRefusals : public tests::SessionFixture {
  protected:
    // alice wrote message 900 in the DM; returns its XMPP id.
    std::string alice_wrote() {
        auto out = feed(discord_message(900, 500, discord_user(20, "alice"), "hello"));
        return effects_of<SendXmppMessage>(out).at(0).id;
    }

    // The one error `out` holds, checked to come from `from` to the client with `id`.
    static std::string refusal(const Effects& out, const std::string& from, const char* id) {
        auto errors = effects_of<SendXmppMessageError>(out);
        EXPECT_EQ(errors.size(), 1u);
        if (errors.empty()) return "";
        EXPECT_EQ(errors[0].from, from);
        EXPECT_EQ(errors[0].to, kClient);
        EXPECT_EQ(errors[0].id, std::optional<std::string>(id));
        EXPECT_FALSE(reaches_discord(out));
        return errors[0].condition;
    }
};

TEST_F(XmppRefusals, PuppetJidsThatAreNoCanonicalIdOpenNoDm) {
    for (const char* local : {"0123", "+123", "0x1f", "9223372036854775808", "18446744073709551616",
                              "18446744073709551617"}) {
        std::string to = std::string(local) + "@" + kGateway;
        auto out = feed(XmppMessage{kClient, to, "chat", "m1", std::nullopt, "hi"});
        EXPECT_FALSE(reaches_discord(out)) << local;
        EXPECT_EQ(puppet_user(session(), to), std::nullopt) << local;
    }
    // The largest id still opens one.
    std::string max = std::string("9223372036854775807@") + kGateway;
    auto sends = effects_of<SendDiscordMessage>(
        feed(XmppMessage{kClient, max, "chat", "m2", std::nullopt, "hi"}));
    ASSERT_EQ(sends.size(), 1u);
    EXPECT_EQ(sends[0].recipient_id, Snowflake{9223372036854775807ull});
}

TEST_F(XmppRefusals, ChangesOfUnknownMessagesAreItemNotFoundFromTheAddressedJid) {
    EXPECT_EQ(
        refusal(feed(XmppCorrection{kClient, kAlice, "chat", "c1", "nope", "x"}), kAlice, "c1"),
        "item-not-found");
    EXPECT_EQ(refusal(feed(XmppRetraction{kClient, kAlice, "chat", "r1", "nope"}), kAlice, "r1"),
              "item-not-found");
    EXPECT_EQ(
        refusal(feed(XmppReactions{kClient, kAlice, "chat", "x1", "nope", {":)"}}), kAlice, "x1"),
        "item-not-found");
    // In a room the same, from the room.
    EXPECT_EQ(refusal(feed(XmppReactions{kClient, kRoom, "groupchat", "x2", "nope", {":)"}}), kRoom,
                      "x2"),
              "item-not-found");
    // A known message addressed to a chat the session does not have.
    std::string hers = alice_wrote();
    std::string stranger = std::string("999@") + kGateway;
    EXPECT_EQ(
        refusal(feed(XmppReactions{kClient, stranger, "chat", "x3", hers, {":)"}}), stranger, "x3"),
        "item-not-found");
}

TEST_F(XmppRefusals, CorrectingOrRetractingSomeoneElsesMessageIsForbidden) {
    std::string hers = alice_wrote();
    auto out = feed(XmppCorrection{kClient, kAlice, "chat", "c1", hers, "mine now"});
    EXPECT_EQ(refusal(out, kAlice, "c1"), "forbidden");
    EXPECT_EQ(effects_of<SendXmppMessageError>(out).at(0).error_type, "auth");
    EXPECT_EQ(refusal(feed(XmppRetraction{kClient, kAlice, "chat", "r1", hers}), kAlice, "r1"),
              "forbidden");
    // Reacting to it is what anyone may do.
    out = feed(XmppReactions{kClient, kAlice, "chat", "x1", hers, {":)"}});
    EXPECT_TRUE(effects_of<SendXmppMessageError>(out).empty());
    EXPECT_EQ(effects_of<AddDiscordReaction>(out).size(), 1u);
}

TEST_F(XmppRefusals, AChangeWithoutIdIsAnsweredWithoutOne) {
    auto errors = effects_of<SendXmppMessageError>(
        feed(XmppRetraction{kClient, kAlice, "chat", std::nullopt, "nope"}));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].id, std::nullopt);
}

}  // namespace
}  // namespace cordgate::core
