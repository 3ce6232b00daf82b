// Config::allowed_domains as translate() enforces it: every kind of stanza from another domain
// is refused with not-allowed and becomes no event; an error stanza from one is dropped.

#include <tests/xmpp/helpers.hpp>

#include <adapters/xmpp/config.hpp>

namespace cordgate::adapters::xmpp::testing {
namespace {

class AllowedDomains : public InboundTest {};

const char* kRegister =
    "<iq type='set' id='r1' from='{from}' to='discord.localhost'>"
    "<query xmlns='jabber:iq:register'><username>m</username><password>tok.en</password>"
    "</query></iq>";

std::string with_from(std::string xml, const std::string& from) {
    xml.replace(xml.find("{from}"), 6, from);
    return xml;
}

TEST_F(AllowedDomains, AForeignRegistrationIsRefusedAndPublishesNothing) {
    Inbound r = in(with_from(kRegister, "mallory@evil.example/x"));
    EXPECT_FALSE(r.event);
    EXPECT_EQ(error_condition(r), "not-allowed");
    ASSERT_TRUE(r.reply);
    EXPECT_EQ(r.reply->attr_or("from"), "discord.localhost");
    EXPECT_EQ(r.reply->attr_or("to"), "mallory@evil.example/x");
    EXPECT_EQ(r.reply->attr_or("id"), "r1");
    const Element* error = r.reply->child("error", r.reply->ns);
    ASSERT_NE(error, nullptr);
    EXPECT_EQ(error->attr_or("type"), "cancel");
    // The same from an allowed domain, in any case, is a registration.
    EXPECT_TRUE(event_as<core::XmppRegister>(in(with_from(kRegister, "romeo@LocalHost/x")))
                    .sealed_token.size());
}

TEST_F(AllowedDomains, LookalikeDomainsAreForeign) {
    for (const char* from : {"m@evil.localhost/x", "m@localhost.evil/x", "m@localhos/x",
                             "m@discord.localhost/x", "evil.example"}) {
        Inbound r = in(with_from(kRegister, from));
        EXPECT_FALSE(r.event) << from;
        EXPECT_EQ(error_condition(r), "not-allowed") << from;
    }
}

TEST_F(AllowedDomains, EveryKindOfStanzaIsRefused) {
    const std::string p = "123@discord.localhost";
    for (const std::string& xml : std::vector<std::string>{
             "<message from='m@evil.example/x' to='" + p +
                 "' id='s1' type='chat'><body>hi</body>"
                 "</message>",
             "<message from='m@evil.example/x' to='" + p +
                 "' id='s1' type='chat'>"
                 "<replace xmlns='urn:xmpp:message-correct:0' id='a'/><body>hi</body></message>",
             "<presence from='m@evil.example/x' to='" + p + "' id='s1'/>",
             "<presence from='m@evil.example/x' to='" + p + "' id='s1' type='probe'/>",
             "<presence from='m@evil.example/x' to='600@discord.localhost/nick' id='s1'>"
             "<x xmlns='http://jabber.org/protocol/muc'/></presence>",
             "<iq from='m@evil.example/x' to='" + p +
                 "' id='s1' type='get'>"
                 "<vCard xmlns='vcard-temp'/></iq>",
             "<iq from='m@evil.example/x' to='discord.localhost' id='s1' type='get'>"
             "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>",
             "<iq from='m@evil.example/x' to='discord.localhost' id='s1' type='set'>"
             "<command xmlns='http://jabber.org/protocol/commands' node='logout' "
             "action='execute'/></iq>",
             "<iq from='m@evil.example/x' to='discord.localhost' id='s1' type='set'>"
             "<query xmlns='jabber:iq:register'><remove/></query></iq>",
             // A server of another domain cannot grant privileges either.
             "<message from='evil.example' to='discord.localhost' id='s1'>"
             "<privilege xmlns='urn:xmpp:privilege:2'><perm access='roster' type='both'/>"
             "</privilege></message>",
         }) {
        Inbound r = in(xml);
        EXPECT_FALSE(r.event) << xml;
        EXPECT_EQ(error_condition(r), "not-allowed") << xml;
        ASSERT_TRUE(r.reply) << xml;
        EXPECT_EQ(r.reply->attr_or("id"), "s1");
    }
}

TEST_F(AllowedDomains, AnErrorFromAForeignDomainIsDroppedUnanswered) {
    Inbound r =
        in("<message from='m@evil.example/x' to='123@discord.localhost' id='e1' "
           "type='error'><error type='cancel'><item-not-found "
           "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");
    EXPECT_FALSE(r.event);
    EXPECT_FALSE(r.reply);
}

TEST_F(AllowedDomains, SeveralDomainsMayBeAllowed) {
    ctx.allowed_domains = {"localhost", "evil.example"};
    EXPECT_TRUE(in(with_from(kRegister, "mallory@evil.example/x")).event);
    ctx.allowed_domains = {"other.example"};
    EXPECT_EQ(error_condition(in(with_from(kRegister, "romeo@localhost/x"))), "not-allowed");
}

}  // namespace
}  // namespace cordgate::adapters::xmpp::testing
