// XEP-0115 ver strings, checked against values computed elsewhere: the XEP's own worked
// example (§5.2) and slixmpp 1.8.3's XEP_0115.generate_verstring over the puppet list
// (tests/xmpp/README.md has the one-liner). A drift in core/puppet_disco.hpp fails here
// until the expected values are recomputed, which is the point: clients cache by ver.

#include <tests/xmpp/helpers.hpp>

#include <adapters/xmpp/caps.hpp>
#include <adapters/xmpp/namespaces.hpp>
#include <adapters/xmpp/outbound.hpp>

namespace cordgate::adapters::xmpp::testing {
namespace {

TEST(XmppCaps, WorkedExampleOfXep0115) {
    EXPECT_EQ(
        caps_ver({CapsIdentity{"client", "pc", "", "Exodus 0.9.1"}},
                 {"http://jabber.org/protocol/muc", "http://jabber.org/protocol/disco#info",
                  "http://jabber.org/protocol/caps", "http://jabber.org/protocol/disco#items"}),
        "QgayPKawpkPSDYmwT/WM94uAlu0=");
}

TEST(XmppCaps, PuppetVersMatchSlixmpp) {
    EXPECT_EQ(puppet_caps_ver(false), "T+kogL5jVT7ybeALDUmo4Zu5rQI=");
    EXPECT_EQ(puppet_caps_ver(true), "+LQdVdZvMCzndDPQGwaFHMzPU+Q=");
}

core::Effect presence_effect(core::SendXmppPresence p) {
    core::Effect e;
    e.id = 1;
    e.user = "romeo@localhost";
    e.payload = std::move(p);
    return e;
}

TEST(XmppCaps, OnAvailablePuppetPresencesOnly) {
    OutboundContext ctx{kGateway};
    core::SendXmppPresence p{"20@discord.localhost", "romeo@localhost", {}, {}, "dnd", {}, {}};
    EXPECT_EQ(serialise(presence_effect(p), ctx)->str(ns::kComponent),
              "<presence from='20@discord.localhost' to='romeo@localhost'><show>dnd</show>"
              "<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' "
              "node='https://cordgate.invalid' ver='T+kogL5jVT7ybeALDUmo4Zu5rQI='/></presence>");
    p.bot = true;
    EXPECT_NE(serialise(presence_effect(p), ctx)->str().find("ver='+LQdVdZvMCzndDPQGwaFHMzPU+Q='"),
              std::string::npos);
    p.presence_type = "unavailable";
    EXPECT_EQ(serialise(presence_effect(p), ctx)->str().find("caps"), std::string::npos);
    p.presence_type = "subscribe";
    EXPECT_EQ(serialise(presence_effect(p), ctx)->str().find("caps"), std::string::npos);
}

}  // namespace
}  // namespace cordgate::adapters::xmpp::testing
