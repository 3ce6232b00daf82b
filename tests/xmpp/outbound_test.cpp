// Effects -> stanzas, checked two ways: the exact text for the common message, and a round
// trip (serialise, parse with the link's reader, translate back) for every kind that has an inbound
// twin, which proves both directions agree on every XEP's wire form.

#include <tests/xmpp/helpers.hpp>

#include <adapters/xmpp/namespaces.hpp>
#include <adapters/xmpp/outbound.hpp>

namespace cordgate::adapters::xmpp::testing {
namespace {

const char* kPuppet = "123@discord.localhost";

core::Effect effect(core::EffectPayload payload, std::uint64_t id = 42) {
    core::Effect e;
    e.id = id;
    e.cause = 7;
    e.user = "romeo@localhost";
    e.payload = std::move(payload);
    return e;
}

class Outbound : public ::testing::Test {
  protected:
    Keys keys;
    InboundContext in_ctx = context(keys);
    OutboundContext out_ctx{kGateway};

    std::string text(const core::EffectPayload& p) {
        auto e = serialise(effect(p), out_ctx);
        EXPECT_TRUE(e);
        return e ? e->str(ns::kComponent) : "";
    }

    // Serialises, parses the text back, swaps the addresses (the user answering the puppet)
    // and translates: what the effect said must come back as the matching event.
    Inbound round_trip(const core::EffectPayload& p) {
        Element e = parse(text(p));
        std::string from = e.attr_or("from"), to = e.attr_or("to");
        e.set("from", to + "/phone").set("to", from);
        return translate(e, in_ctx);
    }
};

TEST_F(Outbound, MessageExactText) {
    core::SendXmppMessage m{kPuppet, "romeo@localhost", "chat", "cg-9", "a<b & 'c'"};
    EXPECT_EQ(text(m),
              "<message from='123@discord.localhost' to='romeo@localhost' type='chat' id='cg-9'>"
              "<body>a&lt;b &amp; &apos;c&apos;</body></message>");
}

TEST_F(Outbound, ControlCharactersNeverReachTheWire) {
    core::SendXmppMessage m{kPuppet, "romeo@localhost", "chat", "cg-9",
                            std::string("a\x01\x1b"
                                        "b")};
    EXPECT_NE(text(m).find("<body>ab</body>"), std::string::npos);
}

TEST_F(Outbound, MessageRoundTripKeepsEveryExtension) {
    core::SendXmppMessage m{kPuppet, "romeo@localhost", "chat", "cg-1", "hello"};
    m.origin_id = "o1";
    m.stanza_id = "s1";
    m.reply_to_id = "r1";
    m.reply_to_jid = "romeo@localhost/phone";
    m.oob_url = "https://cdn.example/x.png";
    m.chat_state = "active";
    m.receipt_request = true;
    m.markable = true;
    Inbound r = round_trip(m);
    const auto& e = event_as<core::XmppMessage>(r);
    EXPECT_EQ(e.id, "cg-1");
    EXPECT_EQ(e.body, "hello");
    EXPECT_EQ(e.origin_id, "o1");
    EXPECT_EQ(e.stanza_id, "s1");
    EXPECT_EQ(e.reply_to_id, "r1");
    EXPECT_EQ(e.reply_to_jid, "romeo@localhost/phone");
    EXPECT_EQ(e.oob_url, "https://cdn.example/x.png");
    EXPECT_EQ(e.chat_state, "active");
    EXPECT_EQ(e.receipt_request, true);
    EXPECT_EQ(e.markable, true);
    EXPECT_NE(text(m).find("by='123@discord.localhost'"), std::string::npos);
}

TEST_F(Outbound, CorrectionRoundTrip) {
    core::SendXmppMessage m{kPuppet, "romeo@localhost", "chat", "cg-2", "fixed"};
    m.replace_id = "cg-1";
    const auto& c = event_as<core::XmppCorrection>(round_trip(m));
    EXPECT_EQ(c.replace_id, "cg-1");
    EXPECT_EQ(c.body, "fixed");
}

TEST_F(Outbound, RetractionRoundTripWithFallback) {
    core::SendXmppRetraction r{kPuppet, "romeo@localhost", "chat", "cg-3", "cg-1"};
    EXPECT_EQ(event_as<core::XmppRetraction>(round_trip(r)).retract_id, "cg-1");
    EXPECT_NE(text(r).find("<fallback xmlns='urn:xmpp:fallback:0'"), std::string::npos);
}

TEST_F(Outbound, ReactionsRoundTrip) {
    core::SendXmppReactions r{kPuppet, "romeo@localhost",        "chat", "cg-4",
                              "cg-1",  {"\xF0\x9F\x91\x8D", "x"}};
    const auto& e = event_as<core::XmppReactions>(round_trip(r));
    EXPECT_EQ(e.target_id, "cg-1");
    EXPECT_EQ(e.reactions, (std::vector<std::string>{"\xF0\x9F\x91\x8D", "x"}));
}

TEST_F(Outbound, ChatStateAndMarkersRoundTrip) {
    EXPECT_EQ(
        event_as<core::XmppChatState>(round_trip(core::SendXmppChatState{
                                          kPuppet, "romeo@localhost", "chat", "cg-5", "composing"}))
            .state,
        "composing");
    for (const char* marker : {"receipt", "received", "displayed", "acknowledged"}) {
        const auto& m = event_as<core::XmppMarker>(round_trip(
            core::SendXmppMarker{kPuppet, "romeo@localhost", "chat", "cg-6", marker, "m9"}));
        EXPECT_EQ(m.marker, marker);
        EXPECT_EQ(m.target_id, "m9");
    }
}

TEST_F(Outbound, PresenceRoundTrip) {
    core::SendXmppPresence p{kPuppet, "romeo@localhost", "cg-7", std::nullopt, "away",
                             "out",   "abc123"};
    const auto& e = event_as<core::XmppPresence>(round_trip(p));
    EXPECT_EQ(e.show, "away");
    EXPECT_EQ(e.status, "out");
    EXPECT_NE(text(p).find("<x xmlns='vcard-temp:x:update'><photo>abc123</photo></x>"),
              std::string::npos);
    core::SendXmppPresence sub{kPuppet, "romeo@localhost", std::nullopt, "subscribe", {}, {}, {}};
    EXPECT_EQ(event_as<core::XmppPresence>(round_trip(sub)).presence_type, "subscribe");
}

TEST_F(Outbound, RosterSetIsAPlainRosterIqToTheBareJidWithTheEffectId) {
    core::SetXmppRoster r;
    r.from = kGateway;
    r.item = core::RosterItem{kPuppet, "Alice", {"Discord"}, "both"};
    EXPECT_EQ(text(r),
              "<iq from='discord.localhost' to='romeo@localhost' type='set' id='cg-42'>"
              "<query xmlns='jabber:iq:roster'><item jid='123@discord.localhost' name='Alice' "
              "subscription='both'><group>Discord</group></item></query></iq>");
}

TEST_F(Outbound, CarbonIsAPrivilegedForwardWithExplicitClientNamespace) {
    core::SendXmppCarbon c{kPuppet,      "chat",      "cg-8", "sent from the app",
                           std::nullopt, std::nullopt};
    std::string t = text(c);
    EXPECT_EQ(t,
              "<message from='discord.localhost' to='localhost' id='cg-8'>"
              "<privilege xmlns='urn:xmpp:privilege:2'><forwarded xmlns='urn:xmpp:forward:0'>"
              "<message xmlns='jabber:client' from='romeo@localhost' to='romeo@localhost' "
              "type='chat' id='cg-8-c'><sent xmlns='urn:xmpp:carbons:2'>"
              "<forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' "
              "from='romeo@localhost' to='123@discord.localhost' type='chat' id='cg-8'>"
              "<body>sent from the app</body></message></forwarded></sent>"
              "<private xmlns='urn:xmpp:carbons:2'/></message></forwarded></privilege></message>");
    out_ctx.privilege_ns = ns::kPrivilege1;
    EXPECT_NE(text(c).find("urn:xmpp:privilege:1"), std::string::npos);
}

TEST_F(Outbound, CarbonsCarryWhatTheUserDidInTheApp) {
    core::SendXmppCarbon c{kPuppet, "chat", "cg-9", std::nullopt, std::nullopt, std::nullopt};
    c.retract_id = "m1";
    EXPECT_NE(text(c).find("<retract xmlns='urn:xmpp:message-retract:1' id='m1'/>"),
              std::string::npos);
    c.retract_id.reset();
    c.reactions_to = "m2";
    c.reactions = std::vector<std::string>{"\xf0\x9f\x91\x8d"};
    EXPECT_NE(text(c).find("<reactions xmlns='urn:xmpp:reactions:0' id='m2'>"
                           "<reaction>\xf0\x9f\x91\x8d</reaction></reactions>"),
              std::string::npos);
    c.reactions_to.reset();
    c.displayed_id = "m3";
    EXPECT_NE(text(c).find("<displayed xmlns='urn:xmpp:chat-markers:0' id='m3'/>"),
              std::string::npos);
}

TEST_F(Outbound, ThreadsTravelWithTheMessage) {
    core::SendXmppMessage m{kPuppet, "romeo@localhost", "chat", "cg-1", "in a thread"};
    m.thread = "730";
    EXPECT_NE(text(m).find("<thread>730</thread>"), std::string::npos);
    EXPECT_EQ(event_as<core::XmppMessage>(round_trip(m)).thread, "730");
}

TEST_F(Outbound, AvatarsAsAPepServiceWouldSendThem) {
    core::SendXmppAvatar meta{
        kPuppet, "romeo@localhost/phone", "q1", "metadata", "ab12", "image/png", 67, std::nullopt};
    EXPECT_EQ(text(meta),
              "<iq from='123@discord.localhost' to='romeo@localhost/phone' type='result' id='q1'>"
              "<pubsub xmlns='http://jabber.org/protocol/pubsub'><items "
              "node='urn:xmpp:avatar:metadata'><item id='ab12'><metadata "
              "xmlns='urn:xmpp:avatar:metadata'><info id='ab12' type='image/png' bytes='67'/>"
              "</metadata></item></items></pubsub></iq>");
    core::SendXmppAvatar data{
        kPuppet, "romeo@localhost/phone", "q2", "data", "ab12", std::nullopt, std::nullopt, "iVBO"};
    EXPECT_EQ(
        text(data),
        "<iq from='123@discord.localhost' to='romeo@localhost/phone' type='result' id='q2'>"
        "<pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='urn:xmpp:avatar:data'>"
        "<item id='ab12'><data xmlns='urn:xmpp:avatar:data'>iVBO</data></item></items>"
        "</pubsub></iq>");
    // Without an iq id: the notification, and no avatar is an empty metadata element.
    core::SendXmppAvatar none{kPuppet,      "romeo@localhost", std::nullopt, "metadata",
                              std::nullopt, std::nullopt,      std::nullopt, std::nullopt};
    EXPECT_EQ(text(none),
              "<message from='123@discord.localhost' to='romeo@localhost' type='headline'>"
              "<event xmlns='http://jabber.org/protocol/pubsub#event'><items "
              "node='urn:xmpp:avatar:metadata'><item id='current'><metadata "
              "xmlns='urn:xmpp:avatar:metadata'/></item></items></event></message>");
}

TEST_F(Outbound, BookmarksArePublishedThroughAPrivilegedIq) {
    core::SetXmppBookmark b{"romeo@localhost", "cg-9", "720@discord.localhost",
                            "plans",           true,   "Romeo"};
    const std::string t = text(b);
    EXPECT_EQ(t.find("<iq from='discord.localhost' to='romeo@localhost' type='set' id='cg-9'>"
                     "<privileged_iq xmlns='urn:xmpp:privilege:2'><iq xmlns='jabber:client' "
                     "type='set' to='romeo@localhost' id='cg-9-bookmark'>"
                     "<pubsub xmlns='http://jabber.org/protocol/pubsub'><publish "
                     "node='urn:xmpp:bookmarks:1'><item id='720@discord.localhost'><conference "
                     "xmlns='urn:xmpp:bookmarks:1' name='plans' autojoin='true'><nick>Romeo</nick>"
                     "</conference></item></publish><publish-options>"),
              0u);
    EXPECT_NE(t.find("<field var='pubsub#access_model'><value>whitelist</value></field>"),
              std::string::npos);
}

TEST_F(Outbound, IqAnswers) {
    core::SendXmppVcard v{
        kPuppet,     "romeo@localhost/phone", "q1", "Alice A", "alice", std::nullopt, "hi",
        "image/png", "iVBORw0KGgo="};
    EXPECT_EQ(text(v),
              "<iq from='123@discord.localhost' to='romeo@localhost/phone' type='result' id='q1'>"
              "<vCard xmlns='vcard-temp'><FN>Alice A</FN><NICKNAME>alice</NICKNAME><DESC>hi</DESC>"
              "<PHOTO><TYPE>image/png</TYPE><BINVAL>iVBORw0KGgo=</BINVAL></PHOTO></vCard></iq>");
    core::SendXmppDiscoInfo d{kPuppet,
                              "romeo@localhost/phone",
                              "q2",
                              std::nullopt,
                              {core::DiscoIdentity{"client", "pc", std::nullopt}},
                              {ns::kDiscoInfo}};
    EXPECT_EQ(text(d),
              "<iq from='123@discord.localhost' to='romeo@localhost/phone' type='result' id='q2'>"
              "<query xmlns='http://jabber.org/protocol/disco#info'><identity category='client' "
              "type='pc'/><feature var='http://jabber.org/protocol/disco#info'/></query></iq>");
    EXPECT_EQ(text(core::SendXmppIqResult{kGateway, "romeo@localhost/phone", "q3"}),
              "<iq from='discord.localhost' to='romeo@localhost/phone' type='result' id='q3'/>");
    EXPECT_EQ(text(core::SendXmppIqError{kPuppet, "romeo@localhost/phone", "q4", "cancel",
                                         "item-not-found", std::nullopt}),
              "<iq from='123@discord.localhost' to='romeo@localhost/phone' type='error' id='q4'>"
              "<error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
              "</error></iq>");
}

TEST_F(Outbound, MessageErrorAnswersFromTheAddressedJid) {
    EXPECT_EQ(text(core::SendXmppMessageError{kPuppet, "romeo@localhost/phone", "m4", "auth",
                                              "forbidden", "only yours"}),
              "<message from='123@discord.localhost' to='romeo@localhost/phone' type='error' "
              "id='m4'><error type='auth'><forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
              "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>only yours</text></error>"
              "</message>");
    // Without an id, none is made up: the client had none to match.
    EXPECT_EQ(text(core::SendXmppMessageError{kPuppet, "romeo@localhost/phone", std::nullopt,
                                              "cancel", "item-not-found", std::nullopt}),
              "<message from='123@discord.localhost' to='romeo@localhost/phone' type='error'>"
              "<error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
              "</error></message>");
}

TEST_F(Outbound, DiscordEffectsHaveNoStanza) {
    EXPECT_FALSE(serialise(effect(core::LoginDiscord{"sealed"}), out_ctx));
}

TEST_F(Outbound, ResendCarriesTheSameIds) {
    core::SetXmppRoster r;
    r.from = kGateway;
    r.item = core::RosterItem{kPuppet, std::nullopt, {}, "both"};
    EXPECT_EQ(serialise(effect(r, 5), out_ctx)->str(), serialise(effect(r, 5), out_ctx)->str());
}

}  // namespace
}  // namespace cordgate::adapters::xmpp::testing
