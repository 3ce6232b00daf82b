// A JID on the gateway whose localpart is not the canonical decimal of a Discord id
// (core::Snowflake::from_localpart) names nothing: translate() answers item-not-found from it,
// and no event reaches the core.

#include <tests/xmpp/helpers.hpp>

namespace cordgate::adapters::xmpp::testing {
namespace {

class PuppetLocalpart : public InboundTest {};

const char* kBad[] = {
    "0",
    "0123",
    "+123",
    "0x1f",
    "9223372036854775808",                   // 2^63
    "18446744073709551615",                  // 2^64-1
    "18446744073709551617",                  // 2^64+1
    "\xd9\xa1\xd9\xa2\xd9\xa3",              // Arabic-Indic 123
    "\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93",  // fullwidth 123
};

TEST_F(PuppetLocalpart, EveryStanzaToANonCanonicalLocalpartIsItemNotFound) {
    for (const char* local : kBad) {
        const std::string to = std::string(local) + "@discord.localhost";
        for (const std::string& xml : std::vector<std::string>{
                 "<message from='romeo@localhost/phone' to='" + to +
                     "' id='s1' type='chat'><body>hi</body></message>",
                 "<message from='romeo@localhost/phone' to='" + to +
                     "' id='s1' type='chat'><reactions xmlns='urn:xmpp:reactions:0' id='a'>"
                     "<reaction>+</reaction></reactions></message>",
                 "<presence from='romeo@localhost/phone' to='" + to + "' id='s1'/>",
                 "<presence from='romeo@localhost/phone' to='" + to +
                     "/nick' id='s1'>"
                     "<x xmlns='http://jabber.org/protocol/muc'/></presence>",
                 "<iq from='romeo@localhost/phone' to='" + to +
                     "' id='s1' type='get'>"
                     "<vCard xmlns='vcard-temp'/></iq>",
             }) {
            Inbound r = in(xml);
            EXPECT_FALSE(r.event) << xml;
            EXPECT_EQ(error_condition(r), "item-not-found") << xml;
            ASSERT_TRUE(r.reply);
            EXPECT_EQ(r.reply->attr_or("from"), *parse(xml).attr("to"));
            EXPECT_EQ(r.reply->attr_or("to"), "romeo@localhost/phone");
            EXPECT_EQ(r.reply->attr_or("id"), "s1");
        }
    }
}

TEST_F(PuppetLocalpart, AnErrorToOneIsDropped) {
    Inbound r =
        in("<message from='romeo@localhost/phone' to='0123@discord.localhost' id='e1' "
           "type='error'><error type='cancel'><item-not-found "
           "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");
    EXPECT_FALSE(r.event);
    EXPECT_FALSE(r.reply);
}

TEST_F(PuppetLocalpart, TheLargestIdIsAPuppet) {
    Inbound r =
        in("<message from='romeo@localhost/phone' to='9223372036854775807@discord.localhost'"
           " id='s1' type='chat'><body>hi</body></message>");
    EXPECT_EQ(event_as<core::XmppMessage>(r).to, "9223372036854775807@discord.localhost");
}

}  // namespace
}  // namespace cordgate::adapters::xmpp::testing
