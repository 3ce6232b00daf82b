// What the core refuses from the XMPP side: JIDs on the gateway that name no Discord id never
// reach Discord.

#include <core/puppets.hpp>
#include <tests/core/session_fixture.hpp>

namespace cordgate::core {
namespace {

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

class XmppRefusals : public tests::SessionFixture {};

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

}  // namespace
}  // namespace cordgate::core
