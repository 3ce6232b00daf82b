// <message/> -> events: every extension the gateway reads, and the refusals.

#include <tests/xmpp/helpers.hpp>

namespace cordgate::adapters::xmpp::testing {
namespace {

class InboundMessage : public ::testing::Test {
  protected:
    Keys keys;
    InboundContext ctx = context(keys);

    Inbound in(const std::string& inner, const std::string& attrs = "type='chat' id='m1'") {
        Element e = parse("<message from='" + std::string(kRomeo) +
                          "' to='123@discord.localhost' " + attrs + ">" + inner + "</message>");
        return translate(e, ctx);
    }
};

TEST_F(InboundMessage, BodyWithEveryDecoration) {
    Inbound r =
        in("<body>hi &amp; bye</body><origin-id xmlns='urn:xmpp:sid:0' id='o1'/>"
           "<stanza-id xmlns='urn:xmpp:sid:0' id='s1' by='romeo@localhost'/>"
           "<reply xmlns='urn:xmpp:reply:0' to='123@discord.localhost/x' id='r9'/>"
           "<x xmlns='jabber:x:oob'><url>https://e.org/a.png</url></x>"
           "<active xmlns='http://jabber.org/protocol/chatstates'/>"
           "<request xmlns='urn:xmpp:receipts'/>"
           "<markable xmlns='urn:xmpp:chat-markers:0'/>");
    const auto& m = event_as<core::XmppMessage>(r);
    EXPECT_EQ(r.user, "romeo@localhost");
    EXPECT_EQ(m.from, kRomeo);
    EXPECT_EQ(m.to, "123@discord.localhost");
    EXPECT_EQ(m.message_type, "chat");
    EXPECT_EQ(m.id, "m1");
    EXPECT_EQ(m.body, "hi & bye");
    EXPECT_EQ(m.origin_id, "o1");
    EXPECT_EQ(m.stanza_id, "s1");
    EXPECT_EQ(m.reply_to_id, "r9");
    EXPECT_EQ(m.reply_to_jid, "123@discord.localhost/x");
    EXPECT_EQ(m.oob_url, "https://e.org/a.png");
    EXPECT_EQ(m.chat_state, "active");
    EXPECT_EQ(m.receipt_request, true);
    EXPECT_EQ(m.markable, true);
    EXPECT_FALSE(r.reply);
}

TEST_F(InboundMessage, References) {
    const auto& m = event_as<core::XmppMessage>(
        in("<body>hi Bob</body>"
           "<reference xmlns='urn:xmpp:reference:0' type='mention' "
           "uri='xmpp:710@discord.localhost/Bob' begin='3' end='6'/>"
           "<reference xmlns='urn:xmpp:reference:0' type='mention' uri='xmpp:1@discord.localhost'/>"
           "<reference xmlns='urn:xmpp:reference:0' type='mention' uri='x' begin='-1' end='2'/>"
           "<reference xmlns='urn:xmpp:reference:0' type='mention'/>"
           "<reference xmlns='urn:other' type='mention' uri='y'/>"));
    ASSERT_TRUE(m.references);
    ASSERT_EQ(m.references->size(), 3u);
    EXPECT_EQ(m.references->at(0).type, "mention");
    EXPECT_EQ(m.references->at(0).uri, "xmpp:710@discord.localhost/Bob");
    EXPECT_EQ(m.references->at(0).begin, 3u);
    EXPECT_EQ(m.references->at(0).end, 6u);
    EXPECT_FALSE(m.references->at(1).begin);
    EXPECT_FALSE(m.references->at(2).begin);  // not an index: the place is dropped
    EXPECT_FALSE(event_as<core::XmppMessage>(in("<body>x</body>")).references);
}

TEST_F(InboundMessage, UnknownTypeIsNormal) {
    const auto& m = event_as<core::XmppMessage>(in("<body>x</body>", "type='bogus'"));
    EXPECT_EQ(m.message_type, "normal");
    EXPECT_FALSE(m.id);
}

TEST_F(InboundMessage, Correction) {
    const auto& c = event_as<core::XmppCorrection>(
        in("<body>fixed</body><replace xmlns='urn:xmpp:message-correct:0' id='m0'/>"));
    EXPECT_EQ(c.replace_id, "m0");
    EXPECT_EQ(c.body, "fixed");
    EXPECT_EQ(c.id, "m1");
}

TEST_F(InboundMessage, CorrectionWithoutBodyIsBadRequest) {
    EXPECT_EQ(error_condition(in("<replace xmlns='urn:xmpp:message-correct:0' id='m0'/>")),
              "bad-request");
}

TEST_F(InboundMessage, RetractionCurrentAndFastenedForms) {
    EXPECT_EQ(
        event_as<core::XmppRetraction>(in("<retract xmlns='urn:xmpp:message-retract:1' id='m0'/>"))
            .retract_id,
        "m0");
    EXPECT_EQ(event_as<core::XmppRetraction>(
                  in("<apply-to xmlns='urn:xmpp:fasten:0' id='m7'>"
                     "<retract xmlns='urn:xmpp:message-retract:0'/></apply-to>"))
                  .retract_id,
              "m7");
    EXPECT_EQ(error_condition(in("<retract xmlns='urn:xmpp:message-retract:1'/>")), "bad-request");
}

TEST_F(InboundMessage, Reactions) {
    const auto& r = event_as<core::XmppReactions>(
        in("<reactions xmlns='urn:xmpp:reactions:0' id='m0'><reaction>\xF0\x9F\x91\x8D</reaction>"
           "<reaction>\xE2\x9D\xA4</reaction></reactions>"));
    EXPECT_EQ(r.target_id, "m0");
    ASSERT_EQ(r.reactions.size(), 2u);
    EXPECT_EQ(r.reactions[0], "\xF0\x9F\x91\x8D");
    // An empty set removes every reaction; it is still an event.
    EXPECT_TRUE(
        event_as<core::XmppReactions>(in("<reactions xmlns='urn:xmpp:reactions:0' id='m0'/>"))
            .reactions.empty());
    EXPECT_EQ(error_condition(in("<reactions xmlns='urn:xmpp:reactions:0' id='m0'><reaction>" +
                                 std::string(100, 'x') + "</reaction></reactions>")),
              "not-acceptable");
}

TEST_F(InboundMessage, ChatStateAlone) {
    const auto& s = event_as<core::XmppChatState>(
        in("<composing xmlns='http://jabber.org/protocol/chatstates'/>"));
    EXPECT_EQ(s.state, "composing");
}

TEST_F(InboundMessage, ReceiptAndMarkers) {
    const auto& rc =
        event_as<core::XmppMarker>(in("<received xmlns='urn:xmpp:receipts' id='m0'/>"));
    EXPECT_EQ(rc.marker, "receipt");
    EXPECT_EQ(rc.target_id, "m0");
    const auto& d =
        event_as<core::XmppMarker>(in("<displayed xmlns='urn:xmpp:chat-markers:0' id='m5'/>"));
    EXPECT_EQ(d.marker, "displayed");
    EXPECT_EQ(d.target_id, "m5");
}

TEST_F(InboundMessage, TooLargeBodyIsNotAcceptableWithoutEcho) {
    Inbound r = in("<body>" + std::string(5000, 'a') + "</body>");
    EXPECT_EQ(error_condition(r), "not-acceptable");
    EXPECT_EQ(r.reply->attr_or("to"), kRomeo);
    EXPECT_EQ(r.reply->attr_or("from"), "123@discord.localhost");
    EXPECT_EQ(r.reply->attr_or("id"), "m1");
    EXPECT_LT(r.reply->str().size(), 600u) << "the error must not echo the body";
}

TEST_F(InboundMessage, EmptyBodyIsRefused) {
    EXPECT_EQ(error_condition(in("<body/>")), "not-acceptable");
}

TEST_F(InboundMessage, NothingUnderstoodIsDroppedSilently) {
    Inbound r = in("<x xmlns='urn:example:unknown'/>");
    EXPECT_FALSE(r.event);
    EXPECT_FALSE(r.reply);
    EXPECT_FALSE(r.note.empty());
}

TEST_F(InboundMessage, MessageToTheGatewayItselfIsRefused) {
    Element e =
        parse("<message from='romeo@localhost/a' to='discord.localhost'><body>x</body></message>");
    EXPECT_EQ(error_condition(translate(e, ctx)), "service-unavailable");
}

TEST_F(InboundMessage, PrivilegeAdvertisementInBothNamespaces) {
    for (const char* pns : {"urn:xmpp:privilege:2", "urn:xmpp:privilege:1"}) {
        Element e = parse(
            std::string("<message from='localhost' to='discord.localhost'><privilege xmlns='") +
            pns +
            "'><perm access='roster' type='both'/><perm access='message' "
            "type='outgoing'/><perm access='iq'><namespace "
            "ns='http://jabber.org/protocol/pubsub' type='both'/></perm></privilege></message>");
        Inbound r = translate(e, ctx);
        const auto& p = event_as<core::XmppPrivileges>(r);
        EXPECT_EQ(r.user, "");
        EXPECT_EQ(p.from, "localhost");
        EXPECT_EQ(p.namespace_, pns);
        ASSERT_EQ(p.perms.size(), 3u);
        EXPECT_EQ(p.perms[0].access, "roster");
        EXPECT_EQ(p.perms[0].type, "both");
        EXPECT_EQ(p.perms[1].type, "outgoing");
        ASSERT_EQ(p.perms[2].namespaces.size(), 1u);
        EXPECT_EQ(p.perms[2].namespaces[0], "http://jabber.org/protocol/pubsub=both");
    }
}

TEST_F(InboundMessage, PrivilegeFromAUserIsIgnored) {
    Element e = parse(
        "<message from='mallory@localhost/x' to='discord.localhost'>"
        "<privilege xmlns='urn:xmpp:privilege:2'><perm access='roster' type='both'/>"
        "</privilege></message>");
    Inbound r = translate(e, ctx);
    EXPECT_FALSE(r.event);
    EXPECT_FALSE(r.reply);
}

TEST_F(InboundMessage, ErrorBecomesStanzaErrorEvent) {
    Element e = parse(
        "<message from='romeo@localhost' to='123@discord.localhost' type='error' id='cg-4'>"
        "<error type='cancel'><service-unavailable "
        "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");
    Inbound r = translate(e, ctx);
    const auto& err = event_as<core::XmppStanzaError>(r);
    EXPECT_EQ(err.kind, "message");
    EXPECT_EQ(err.id, "cg-4");
    EXPECT_EQ(err.condition, "service-unavailable");
    EXPECT_EQ(err.error_type, "cancel");
    EXPECT_FALSE(r.reply);
}

}  // namespace
}  // namespace cordgate::adapters::xmpp::testing
