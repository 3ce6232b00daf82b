// Room and command effects -> stanzas, as exact text: occupant presence (XEP-0045 + XEP-0153),
// subject, direct invitation (XEP-0249), rooms list, history delay (XEP-0203), moderated
// retraction (XEP-0425 v0.3) and ad-hoc command answers (XEP-0050 + XEP-0004).

#include <tests/xmpp/helpers.hpp>

#include <adapters/xmpp/namespaces.hpp>
#include <adapters/xmpp/outbound.hpp>

namespace cordgate::adapters::xmpp::testing {
namespace {

const char* kRoom = "600@discord.localhost";
const char* kClient = "romeo@localhost/phone";

std::string text(core::EffectPayload payload) {
    core::Effect e;
    e.id = 42;
    e.cause = 7;
    e.user = "romeo@localhost";
    e.payload = std::move(payload);
    auto s = serialise(e, OutboundContext{kGateway});
    EXPECT_TRUE(s);
    return s ? s->str(ns::kComponent) : "";
}

TEST(OutboundRooms, OccupantPresenceWithItemStatusCodesAndAvatar) {
    core::SendXmppMucPresence p{"600@discord.localhost/alice",
                                kClient,
                                "cg10-0",
                                std::nullopt,
                                "away",
                                "afk",
                                "owner",
                                "moderator",
                                "200@discord.localhost",
                                {100, 110},
                                "0123abcd"};
    EXPECT_EQ(text(p),
              "<presence from='600@discord.localhost/alice' to='romeo@localhost/phone' "
              "id='cg10-0'><show>away</show><status>afk</status>"
              "<x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='owner' "
              "role='moderator' jid='200@discord.localhost'/><status code='100'/>"
              "<status code='110'/></x><x xmlns='vcard-temp:x:update'><photo>0123abcd</photo>"
              "</x></presence>");
}

TEST(OutboundRooms, ARefusedJoinIsAnErrorPresenceWithTheMucPayload) {
    core::SendXmppMucPresence p;
    p.from = "999@discord.localhost/romeo";
    p.to = kClient;
    p.id = "cg11-0";
    p.presence_type = "error";
    p.error_condition = "item-not-found";
    EXPECT_EQ(text(p),
              "<presence from='999@discord.localhost/romeo' to='romeo@localhost/phone' "
              "id='cg11-0' type='error'><x xmlns='http://jabber.org/protocol/muc'/>"
              "<error type='cancel'><item-not-found "
              "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>");
}

TEST(OutboundRooms, OccupantLeavingIsUnavailableWithRoleNone) {
    core::SendXmppMucPresence p;
    p.from = "600@discord.localhost/alice";
    p.to = kClient;
    p.presence_type = "unavailable";
    p.affiliation = "none";
    p.role = "none";
    EXPECT_EQ(text(p),
              "<presence from='600@discord.localhost/alice' to='romeo@localhost/phone' "
              "type='unavailable'><x xmlns='http://jabber.org/protocol/muc#user'>"
              "<item affiliation='none' role='none'/></x></presence>");
}

// XEP-0045 §10.9: the room is destroyed, with the reason inside <destroy/>.
TEST(OutboundRooms, ADestroyedRoomIsUnavailableSelfPresenceWithDestroy) {
    core::SendXmppMucPresence p;
    p.from = "600@discord.localhost/romeo";
    p.to = kClient;
    p.presence_type = "unavailable";
    p.affiliation = "none";
    p.role = "none";
    p.status_codes = {110};
    p.destroy_reason = "You left the guild.";
    EXPECT_EQ(text(p),
              "<presence from='600@discord.localhost/romeo' to='romeo@localhost/phone' "
              "type='unavailable'><x xmlns='http://jabber.org/protocol/muc#user'>"
              "<item affiliation='none' role='none'/><status code='110'/>"
              "<destroy><reason>You left the guild.</reason></destroy></x></presence>");
}

TEST(OutboundRooms, SubjectIsAGroupchatMessageWithoutBody) {
    EXPECT_EQ(text(core::SendXmppSubject{kRoom, kClient, "cg11-0", "talk & <here>"}),
              "<message from='600@discord.localhost' to='romeo@localhost/phone' "
              "type='groupchat' id='cg11-0'><subject>talk &amp; &lt;here&gt;</subject></message>");
    // No topic still sends an (empty) subject: the client's signal that the join is complete.
    EXPECT_EQ(text(core::SendXmppSubject{kRoom, kClient, "cg11-1", ""}),
              "<message from='600@discord.localhost' to='romeo@localhost/phone' "
              "type='groupchat' id='cg11-1'><subject/></message>");
}

TEST(OutboundRooms, DirectInvitation) {
    EXPECT_EQ(text(core::SendXmppInvite{kGateway, "romeo@localhost", "cg12-0", kRoom, "guild"}),
              "<message from='discord.localhost' to='romeo@localhost' id='cg12-0'>"
              "<x xmlns='jabber:x:conference' jid='600@discord.localhost' reason='guild'/>"
              "</message>");
    EXPECT_EQ(text(core::SendXmppInvite{kGateway, "romeo@localhost", "cg12-1", kRoom, {}}),
              "<message from='discord.localhost' to='romeo@localhost' id='cg12-1'>"
              "<x xmlns='jabber:x:conference' jid='600@discord.localhost'/></message>");
}

TEST(OutboundRooms, DiscoItems) {
    core::SendXmppDiscoItems d{kGateway,
                               kClient,
                               "q5",
                               std::nullopt,
                               {core::DiscoItem{kRoom, "guild/#general", std::nullopt},
                                core::DiscoItem{"601@discord.localhost", std::nullopt, "n"}}};
    EXPECT_EQ(text(d),
              "<iq from='discord.localhost' to='romeo@localhost/phone' type='result' id='q5'>"
              "<query xmlns='http://jabber.org/protocol/disco#items'>"
              "<item jid='600@discord.localhost' name='guild/#general'/>"
              "<item jid='601@discord.localhost' node='n'/></query></iq>");
    d.node = "rooms";
    d.items.clear();
    EXPECT_EQ(text(d),
              "<iq from='discord.localhost' to='romeo@localhost/phone' type='result' id='q5'>"
              "<query xmlns='http://jabber.org/protocol/disco#items' node='rooms'/></iq>");
}

TEST(OutboundRooms, HistoryMessageCarriesDelayFromTheRoom) {
    core::SendXmppMessage m{"600@discord.localhost/alice", kClient, "groupchat", "cg13-0", "old"};
    m.delay_stamp = "2026-11-25T07:00:00Z";
    EXPECT_EQ(text(m),
              "<message from='600@discord.localhost/alice' to='romeo@localhost/phone' "
              "type='groupchat' id='cg13-0'><body>old</body><delay xmlns='urn:xmpp:delay' "
              "from='600@discord.localhost' stamp='2026-11-25T07:00:00Z'/></message>");
}

TEST(OutboundRooms, ModeratedRetractionComesFromTheRoomAsGroupchat) {
    core::SendXmppRetraction r{"600@discord.localhost/alice", kClient, "chat", "cg9-0", "s1"};
    r.moderated_by = "600@discord.localhost/bob";
    EXPECT_EQ(text(r),
              "<message from='600@discord.localhost' to='romeo@localhost/phone' type='groupchat' "
              "id='cg9-0'><retract xmlns='urn:xmpp:message-retract:1' id='s1'>"
              "<moderated xmlns='urn:xmpp:message-moderate:1' by='600@discord.localhost/bob'/>"
              "</retract><fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:message-retract:1'/>"
              "<body>This person attempted to retract a previous message, but your client does "
              "not support it.</body><store xmlns='urn:xmpp:hints'/></message>");
}

TEST(OutboundCommands, FormStepOffersCompleteOnly) {
    core::SendXmppCommandResult r{
        kGateway,
        kClient,
        "c1",
        "login",
        "cg5-0",
        "executing",
        std::nullopt,
        std::nullopt,
        core::DataForm{
            "Log in to Discord",
            "Leave the token empty to use the one you registered with.",
            {core::FormField{"token", "text-private", "Discord token", std::nullopt, false}}}};
    EXPECT_EQ(text(r),
              "<iq from='discord.localhost' to='romeo@localhost/phone' type='result' id='c1'>"
              "<command xmlns='http://jabber.org/protocol/commands' node='login' "
              "sessionid='cg5-0' status='executing'><actions execute='complete'><complete/>"
              "</actions><x xmlns='jabber:x:data' type='form'><title>Log in to Discord</title>"
              "<instructions>Leave the token empty to use the one you registered with."
              "</instructions><field var='token' type='text-private' label='Discord token'/>"
              "</x></command></iq>");
}

TEST(OutboundCommands, CompletedWithNoteAndFieldValues) {
    core::SendXmppCommandResult r{kGateway, kClient,     "c2",    "status",
                                  "cg6-0",  "completed", "error", "You are not registered."};
    EXPECT_EQ(text(r),
              "<iq from='discord.localhost' to='romeo@localhost/phone' type='result' id='c2'>"
              "<command xmlns='http://jabber.org/protocol/commands' node='status' "
              "sessionid='cg6-0' status='completed'><note type='error'>You are not registered."
              "</note></command></iq>");
    r.note_type.reset();
    r.form = core::DataForm{"t", std::nullopt, {core::FormField{"a", "boolean", {}, "1", true}}};
    EXPECT_EQ(text(r),
              "<iq from='discord.localhost' to='romeo@localhost/phone' type='result' id='c2'>"
              "<command xmlns='http://jabber.org/protocol/commands' node='status' "
              "sessionid='cg6-0' status='completed'><note type='info'>You are not registered."
              "</note><x xmlns='jabber:x:data' type='form'><title>t</title><field var='a' "
              "type='boolean'><required/><value>1</value></field></x></command></iq>");
}

}  // namespace
}  // namespace cordgate::adapters::xmpp::testing
