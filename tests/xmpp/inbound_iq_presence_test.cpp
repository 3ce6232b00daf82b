// <iq/> and <presence/> -> static answers, events and errors; addressing checks.

#include <tests/xmpp/helpers.hpp>

#include <adapters/xmpp/namespaces.hpp>

namespace cordgate::adapters::xmpp::testing {
namespace {

class InboundIq : public InboundTest {};

TEST_F(InboundIq, GatewayDiscoInfoIsAnsweredStatically) {
    Inbound r = iq("get", kGateway, "<query xmlns='http://jabber.org/protocol/disco#info'/>");
    EXPECT_FALSE(r.event);
    ASSERT_TRUE(r.reply);
    EXPECT_EQ(r.reply->attr_or("type"), "result");
    EXPECT_EQ(r.reply->attr_or("id"), "q1");
    EXPECT_EQ(r.reply->attr_or("to"), "romeo@localhost/phone");
    const Element* q = r.reply->child("query", ns::kDiscoInfo);
    ASSERT_NE(q, nullptr);
    const Element* id = q->child("identity", ns::kDiscoInfo);
    ASSERT_NE(id, nullptr);
    EXPECT_EQ(id->attr_or("category"), "gateway");
    EXPECT_EQ(id->attr_or("type"), "discord");
    EXPECT_NE(r.reply->str().find("jabber:iq:register"), std::string::npos);
}

TEST_F(InboundIq, GatewayDiscoItemsCommandsAndPing) {
    Inbound items = iq("get", kGateway,
                       "<query xmlns='http://jabber.org/protocol/disco#items' "
                       "node='http://jabber.org/protocol/commands'/>");
    ASSERT_TRUE(items.reply);
    EXPECT_EQ(items.reply->attr_or("type"), "result");
    const Element* list = items.reply->child("query", ns::kDiscoItems);
    ASSERT_NE(list, nullptr);
    EXPECT_EQ(list->attr_or("node"), ns::kCommands);
    std::vector<std::string> nodes;
    for (const auto& item : list->children) {
        EXPECT_EQ(item.attr_or("jid"), kGateway);
        EXPECT_FALSE(item.attr_or("name").empty());
        nodes.push_back(item.attr_or("node"));
    }
    EXPECT_EQ(nodes, (std::vector<std::string>{"status", "login", "logout", "resync", "retry",
                                               "preferences"}));
    Inbound ping = iq("get", kGateway, "<ping xmlns='urn:xmpp:ping'/>");
    ASSERT_TRUE(ping.reply);
    EXPECT_EQ(ping.reply->attr_or("type"), "result");
}

TEST_F(InboundIq, RegistrationFormAndSealedToken) {
    Inbound form = iq("get", kGateway, "<query xmlns='jabber:iq:register'/>");
    ASSERT_TRUE(form.reply);
    EXPECT_NE(form.reply->child("query", ns::kRegister)->child("password", ns::kRegister), nullptr);

    const std::string token = "MTIzNDU2Nzg5.Gabcde.sekrit-token_value";
    Element e = parse(
        "<iq type='set' id='r1' from='romeo@localhost/phone' to='discord.localhost'>"
        "<query xmlns='jabber:iq:register'><username>romeo</username><password>" +
        token + "</password></query></iq>");
    Inbound r = translate(e, ctx);
    const auto& reg = event_as<core::XmppRegister>(r);
    EXPECT_EQ(r.user, "romeo@localhost");
    EXPECT_EQ(reg.gateway, kGateway);
    EXPECT_EQ(reg.sealed_token.find(token), std::string::npos);
    std::string opened = common::open(reg.sealed_token, keys.pair);
    EXPECT_EQ(opened, token);
    ASSERT_TRUE(r.reply);
    EXPECT_EQ(r.reply->attr_or("type"), "result");
    // The clear copy in the parsed stanza is wiped once sealed.
    EXPECT_EQ(e.str().find(token), std::string::npos);
    EXPECT_EQ(r.note.find(token), std::string::npos);
}

TEST_F(InboundIq, RegistrationThroughDataForm) {
    Inbound r = iq("set", kGateway,
                   "<query xmlns='jabber:iq:register'><x xmlns='jabber:x:data' type='submit'>"
                   "<field var='token'><value>abc.def</value></field></x></query>");
    EXPECT_EQ(common::open(event_as<core::XmppRegister>(r).sealed_token, keys.pair), "abc.def");
}

TEST_F(InboundIq, RegistrationWithoutUsableTokenIsNotAcceptable) {
    EXPECT_EQ(error_condition(iq("set", kGateway, "<query xmlns='jabber:iq:register'/>")),
              "not-acceptable");
    EXPECT_EQ(
        error_condition(iq("set", kGateway,
                           "<query xmlns='jabber:iq:register'><password>a b</password></query>")),
        "not-acceptable");
}

TEST_F(InboundIq, Unregistration) {
    Inbound r = iq("set", kGateway, "<query xmlns='jabber:iq:register'><remove/></query>");
    EXPECT_EQ(event_as<core::XmppUnregister>(r).gateway, kGateway);
    ASSERT_TRUE(r.reply);
    EXPECT_EQ(r.reply->attr_or("type"), "result");
}

TEST_F(InboundIq, PuppetQueriesGoToTheCore) {
    Inbound v = iq("get", "123@discord.localhost", "<vCard xmlns='vcard-temp'/>");
    const auto& q = event_as<core::XmppQuery>(v);
    EXPECT_EQ(q.query, "vcard");
    EXPECT_EQ(q.iq_id, "q1");
    EXPECT_EQ(q.to, "123@discord.localhost");
    EXPECT_FALSE(v.reply);
    Inbound d = iq("get", "123@discord.localhost",
                   "<query xmlns='http://jabber.org/protocol/disco#info' node='n'/>");
    EXPECT_EQ(event_as<core::XmppQuery>(d).query, "disco_info");
    EXPECT_EQ(event_as<core::XmppQuery>(d).node, "n");
}

TEST_F(InboundIq, PuppetAvatarNodesGoToTheCore) {
    const std::string pubsub = "<pubsub xmlns='http://jabber.org/protocol/pubsub'>";
    Inbound m = iq("get", "123@discord.localhost",
                   pubsub + "<items node='urn:xmpp:avatar:metadata'/></pubsub>");
    EXPECT_EQ(event_as<core::XmppQuery>(m).query, "avatar_metadata");
    EXPECT_FALSE(event_as<core::XmppQuery>(m).node);
    Inbound d = iq("get", "123@discord.localhost",
                   pubsub + "<items node='urn:xmpp:avatar:data'><item id='abc'/></items></pubsub>");
    EXPECT_EQ(event_as<core::XmppQuery>(d).query, "avatar_data");
    EXPECT_EQ(event_as<core::XmppQuery>(d).node, "abc");
    // Other nodes of a puppet's PEP service do not exist.
    EXPECT_EQ(error_condition(iq("get", "123@discord.localhost",
                                 pubsub + "<items node='urn:xmpp:microblog:0'/></pubsub>")),
              "feature-not-implemented");
}

TEST_F(InboundIq, Refusals) {
    EXPECT_EQ(error_condition(iq("get", kGateway, "<query xmlns='urn:example:nope'/>")),
              "feature-not-implemented");
    EXPECT_EQ(error_condition(iq("set", "123@discord.localhost", "<vCard xmlns='vcard-temp'/>")),
              "feature-not-implemented");
    EXPECT_EQ(error_condition(iq("get", kGateway, "")), "bad-request");
    EXPECT_EQ(error_condition(iq("get", kGateway, "<a xmlns='x'/><b xmlns='y'/>")), "bad-request");
    EXPECT_EQ(error_condition(iq("bogus", kGateway, "<ping xmlns='urn:xmpp:ping'/>")),
              "bad-request");
    EXPECT_EQ(error_condition(in("<iq type='get' from='romeo@localhost/a' to='discord.localhost'>"
                                 "<ping xmlns='urn:xmpp:ping'/></iq>")),
              "bad-request");
}

TEST_F(InboundIq, AddressingErrors) {
    Inbound bad_to =
        in("<iq type='get' id='x' from='romeo@localhost/a' to='a@b@discord.localhost'>"
           "<ping xmlns='urn:xmpp:ping'/></iq>");
    EXPECT_EQ(error_condition(bad_to), "jid-malformed");
    EXPECT_EQ(bad_to.reply->attr_or("from"), kGateway);
    EXPECT_EQ(
        error_condition(in("<iq type='get' id='x' from='romeo@localhost/a' to='other.example'>"
                           "<ping xmlns='urn:xmpp:ping'/></iq>")),
        "item-not-found");
    Inbound no_from =
        in("<iq type='get' id='x' to='discord.localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
    EXPECT_FALSE(no_from.reply);
    EXPECT_FALSE(no_from.event);
    // Errors are never answered with errors.
    Inbound err = in("<iq type='error' id='x' from='romeo@localhost/a' to='bad@@x'/>");
    EXPECT_FALSE(err.reply);
    Inbound other = in("<stream:features xmlns:stream='http://etherx.jabber.org/streams'/>");
    EXPECT_FALSE(other.reply);
    EXPECT_FALSE(other.event);
}

TEST_F(InboundIq, DeepNestingIsRefused) {
    std::string deep;
    for (int i = 0; i < 200; ++i) deep += "<a xmlns='urn:x'>";
    for (int i = 0; i < 200; ++i) deep += "</a>";
    Element e = parse("<message from='romeo@localhost/a' to='1@discord.localhost' id='d'>" + deep +
                      "</message>");
    EXPECT_TRUE(e.truncated);
    EXPECT_EQ(error_condition(translate(e, ctx)), "policy-violation");
}

TEST_F(InboundIq, PresenceAvailableWithShowStatusPriority) {
    Inbound r =
        in("<presence from='romeo@localhost/phone' to='discord.localhost'><show>dnd</show>"
           "<status>busy</status><priority>5</priority></presence>");
    const auto& p = event_as<core::XmppPresence>(r);
    EXPECT_FALSE(p.presence_type);
    EXPECT_EQ(p.show, "dnd");
    EXPECT_EQ(p.status, "busy");
    EXPECT_EQ(p.priority, 5);
    EXPECT_EQ(r.user, "romeo@localhost");
}

TEST_F(InboundIq, PresenceProbeAndSubscribe) {
    for (const char* type : {"probe", "subscribe", "unavailable", "unsubscribed"}) {
        Inbound r = in(std::string("<presence type='") + type +
                       "' from='romeo@localhost' to='123@discord.localhost'/>");
        EXPECT_EQ(event_as<core::XmppPresence>(r).presence_type, type);
    }
}

TEST_F(InboundIq, PresenceRefusals) {
    EXPECT_EQ(error_condition(
                  in("<presence type='dance' from='romeo@localhost' to='discord.localhost'/>")),
              "bad-request");
    EXPECT_EQ(error_condition(in("<presence from='romeo@localhost' "
                                 "to='discord.localhost'><show>sleepy</show></presence>")),
              "bad-request");
    EXPECT_EQ(error_condition(in("<presence from='romeo@localhost' "
                                 "to='discord.localhost'><priority>999</priority></presence>")),
              "bad-request");
}

}  // namespace
}  // namespace cordgate::adapters::xmpp::testing
