// Stanzas about rooms and commands -> events: XEP-0045 join and leave, groupchat messages and
// their corrections, retractions and reactions; disco routed to the core where state answers
// it; XEP-0050 command execution with the token field sealed like a registration token.

#include <tests/xmpp/helpers.hpp>

#include <adapters/xmpp/namespaces.hpp>

namespace cordgate::adapters::xmpp::testing {
namespace {

const char* kOccupant = "600@discord.localhost/romeo";

class InboundRooms : public InboundTest {
  protected:
    Inbound command(const std::string& attrs, const std::string& inner = "") {
        return iq("set", kGateway,
                  "<command xmlns='http://jabber.org/protocol/commands' " + attrs + ">" + inner +
                      "</command>");
    }
};

TEST_F(InboundRooms, JoinWithHistoryLimit) {
    Inbound r =
        in("<presence from='romeo@localhost/phone' to='600@discord.localhost/romeo'>"
           "<x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='20'/></x></presence>");
    const auto& j = event_as<core::XmppMucJoin>(r);
    EXPECT_EQ(j.from, kRomeo);
    EXPECT_EQ(j.to, kOccupant);
    EXPECT_EQ(j.history_max, 20);
    EXPECT_EQ(r.user, "romeo@localhost");
    EXPECT_FALSE(r.reply);
}

TEST_F(InboundRooms, JoinWithoutHistoryLeavesTheRoomDefault) {
    Inbound r =
        in("<presence from='romeo@localhost/phone' to='600@discord.localhost/romeo'>"
           "<x xmlns='http://jabber.org/protocol/muc'/></presence>");
    EXPECT_FALSE(event_as<core::XmppMucJoin>(r).history_max);
}

TEST_F(InboundRooms, BadHistoryIsRefused) {
    for (const char* max : {"-1", "many", ""}) {
        Inbound r = in(std::string("<presence from='romeo@localhost/phone' "
                                   "to='600@discord.localhost/romeo'><x "
                                   "xmlns='http://jabber.org/protocol/muc'><history maxstanzas='") +
                       max + "'/></x></presence>");
        EXPECT_EQ(error_condition(r), "bad-request") << max;
    }
}

TEST_F(InboundRooms, PresenceWithoutMucElementOrToBareRoomIsNoJoin) {
    // An occupant's later presence update carries no <x/>: a plain presence.
    Inbound update =
        in("<presence from='romeo@localhost/phone' to='600@discord.localhost/romeo'>"
           "<show>away</show></presence>");
    EXPECT_EQ(event_as<core::XmppPresence>(update).show, "away");
    // Without a nick there is no occupant to become.
    Inbound bare =
        in("<presence from='romeo@localhost/phone' to='600@discord.localhost'>"
           "<x xmlns='http://jabber.org/protocol/muc'/></presence>");
    EXPECT_EQ(event_as<core::XmppPresence>(bare).to, "600@discord.localhost");
}

TEST_F(InboundRooms, LeavingIsAnUnavailablePresenceToTheOccupant) {
    Inbound r =
        in("<presence type='unavailable' from='romeo@localhost/phone' "
           "to='600@discord.localhost/romeo'><x xmlns='http://jabber.org/protocol/muc'/>"
           "</presence>");
    const auto& p = event_as<core::XmppPresence>(r);
    EXPECT_EQ(p.presence_type, "unavailable");
    EXPECT_EQ(p.to, kOccupant);
}

TEST_F(InboundRooms, GroupchatMessagesKeepTheirType) {
    const std::string head =
        "<message type='groupchat' id='g1' from='romeo@localhost/phone' "
        "to='600@discord.localhost'>";
    const auto& m = event_as<core::XmppMessage>(in(head + "<body>hi all</body></message>"));
    EXPECT_EQ(m.message_type, "groupchat");
    EXPECT_EQ(m.to, "600@discord.localhost");
    EXPECT_EQ(m.body, "hi all");
    const auto& c = event_as<core::XmppCorrection>(
        in(head + "<body>hi y'all</body><replace xmlns='urn:xmpp:message-correct:0' id='g0'/>"
                  "</message>"));
    EXPECT_EQ(c.message_type, "groupchat");
    EXPECT_EQ(c.replace_id, "g0");
    const auto& r = event_as<core::XmppRetraction>(
        in(head + "<retract xmlns='urn:xmpp:message-retract:1' id='s7'/></message>"));
    EXPECT_EQ(r.message_type, "groupchat");
    EXPECT_EQ(r.retract_id, "s7");
    const auto& x = event_as<core::XmppReactions>(
        in(head + "<reactions xmlns='urn:xmpp:reactions:0' id='s7'><reaction>+1</reaction>"
                  "</reactions></message>"));
    EXPECT_EQ(x.message_type, "groupchat");
    EXPECT_EQ(x.reactions, std::vector<std::string>{"+1"});
}

TEST_F(InboundRooms, DiscoThatDependsOnStateGoesToTheCore) {
    // The rooms list of the gateway.
    Inbound items = iq("get", kGateway, "<query xmlns='http://jabber.org/protocol/disco#items'/>");
    const auto& q = event_as<core::XmppQuery>(items);
    EXPECT_EQ(q.query, "disco_items");
    EXPECT_EQ(q.to, kGateway);
    EXPECT_FALSE(q.node);
    EXPECT_FALSE(items.reply);
    // A room, and an occupant of it.
    EXPECT_EQ(
        event_as<core::XmppQuery>(iq("get", "600@discord.localhost",
                                     "<query xmlns='http://jabber.org/protocol/disco#items'/>"))
            .query,
        "disco_items");
    const auto& occupant = event_as<core::XmppQuery>(
        iq("get", kOccupant, "<query xmlns='http://jabber.org/protocol/disco#info'/>"));
    EXPECT_EQ(occupant.query, "disco_info");
    EXPECT_EQ(occupant.to, kOccupant);
    // A puppet's caps node.
    EXPECT_EQ(event_as<core::XmppQuery>(
                  iq("get", "123@discord.localhost",
                     "<query xmlns='http://jabber.org/protocol/disco#info' "
                     "node='https://cordgate.invalid#T+kogL5jVT7ybeALDUmo4Zu5rQI='/>"))
                  .node,
              "https://cordgate.invalid#T+kogL5jVT7ybeALDUmo4Zu5rQI=");
}

TEST_F(InboundRooms, StaticDiscoOfTheGatewayStaysInTheAdapter) {
    Inbound info = iq("get", kGateway, "<query xmlns='http://jabber.org/protocol/disco#info'/>");
    EXPECT_FALSE(info.event);
    ASSERT_TRUE(info.reply);
    Inbound node =
        iq("get", kGateway, "<query xmlns='http://jabber.org/protocol/disco#info' node='login'/>");
    EXPECT_FALSE(node.event);
    ASSERT_TRUE(node.reply);
    EXPECT_EQ(node.reply->str(ns::kComponent),
              "<iq type='result' from='discord.localhost' to='romeo@localhost/phone' id='q1'>"
              "<query xmlns='http://jabber.org/protocol/disco#info' node='login'>"
              "<identity category='automation' type='command-node'/>"
              "<feature var='http://jabber.org/protocol/commands'/>"
              "<feature var='jabber:x:data'/></query></iq>");
    EXPECT_EQ(error_condition(iq("get", kGateway,
                                 "<query xmlns='http://jabber.org/protocol/disco#items' "
                                 "node='nope'/>")),
              "item-not-found");
    EXPECT_EQ(error_condition(iq("get", kGateway,
                                 "<query xmlns='http://jabber.org/protocol/disco#info' "
                                 "node='nope'/>")),
              "item-not-found");
}

TEST_F(InboundRooms, CommandExecute) {
    Inbound r = command("node='status' action='execute'");
    const auto& c = event_as<core::XmppCommand>(r);
    EXPECT_EQ(c.from, kRomeo);
    EXPECT_EQ(c.to, kGateway);
    EXPECT_EQ(c.iq_id, "q1");
    EXPECT_EQ(c.node, "status");
    EXPECT_EQ(c.action, "execute");
    EXPECT_FALSE(c.session_id);
    EXPECT_TRUE(c.values.empty());
    EXPECT_EQ(r.user, "romeo@localhost");
    EXPECT_FALSE(r.reply);  // the core answers
    // No action attribute means execute (XEP-0050 §3.4).
    EXPECT_EQ(event_as<core::XmppCommand>(command("node='logout'")).action, "execute");
}

TEST_F(InboundRooms, CommandSubmitSealsTheTokenAndWipesIt) {
    const std::string token = "MTIzNDU2Nzg5.Gabcde.new-token_value";
    Element e = parse(
        "<iq type='set' id='q2' from='romeo@localhost/phone' to='discord.localhost'>"
        "<command xmlns='http://jabber.org/protocol/commands' node='login' action='complete' "
        "sessionid='cg5-0'><x xmlns='jabber:x:data' type='submit'>"
        "<field var='token'><value>" +
        token + "</value></field><field var='note'><value>x</value></field></x></command></iq>");
    Inbound r = translate(e, ctx);
    const auto& c = event_as<core::XmppCommand>(r);
    EXPECT_EQ(c.action, "complete");
    EXPECT_EQ(c.session_id, "cg5-0");
    ASSERT_EQ(c.values.count("token"), 1u);
    EXPECT_EQ(c.values.at("token").find(token), std::string::npos);
    EXPECT_EQ(common::open(c.values.at("token"), keys.pair), token);
    EXPECT_EQ(c.values.at("note"), "x");
    EXPECT_EQ(e.str().find(token), std::string::npos);
    EXPECT_EQ(r.note.find(token), std::string::npos);
    EXPECT_EQ(core::encode(c).find(token), std::string::npos);
}

TEST_F(InboundRooms, CommandWithEmptyTokenSendsNoTokenField) {
    const auto& c = event_as<core::XmppCommand>(
        command("node='login' action='complete' sessionid='s'",
                "<x xmlns='jabber:x:data' type='submit'><field var='token'><value/></field>"
                "</x>"));
    EXPECT_EQ(c.values.count("token"), 0u);
}

TEST_F(InboundRooms, CommandRefusals) {
    EXPECT_EQ(error_condition(command("node='selfdestruct'")), "item-not-found");
    EXPECT_EQ(error_condition(command("node='status' action='dance'")), "bad-request");
    EXPECT_EQ(error_condition(command("node='status' sessionid=''")), "bad-request");
    const std::string bad_token = "with spaces in it";
    Element e = parse(
        "<iq type='set' id='q3' from='romeo@localhost/phone' to='discord.localhost'>"
        "<command xmlns='http://jabber.org/protocol/commands' node='login' action='complete'>"
        "<x xmlns='jabber:x:data' type='submit'><field var='token'><value>" +
        bad_token + "</value></field></x></command></iq>");
    Inbound r = translate(e, ctx);
    EXPECT_EQ(error_condition(r), "not-acceptable");
    EXPECT_FALSE(r.event);
    EXPECT_EQ(e.str().find(bad_token), std::string::npos);
    // Commands are executed with set; a get is not a command.
    EXPECT_EQ(error_condition(iq("get", kGateway,
                                 "<command xmlns='http://jabber.org/protocol/commands' "
                                 "node='status'/>")),
              "feature-not-implemented");
}

}  // namespace
}  // namespace cordgate::adapters::xmpp::testing
