// XmlWriter, the one serialiser (Element::append_to goes through it too), and the chat message
// description that the gateway writes as text and serialise() builds as a tree.

#include <adapters/xmpp/namespaces.hpp>
#include <adapters/xmpp/outbound.hpp>
#include <adapters/xmpp/outbound_message.hpp>
#include <adapters/xmpp/stanza_limit.hpp>
#include <adapters/xmpp/tree_writer.hpp>
#include <adapters/xmpp/xml_writer.hpp>

#include <core/utf8.hpp>

#include <tests/xmpp/helpers.hpp>

#include <gtest/gtest.h>

#include <string>

namespace cordgate::adapters::xmpp::testing {
namespace {

TEST(XmlWriter, NamespacesOnlyWhereTheyChangeAndEmptyElementsClosedAtOnce) {
    std::string out;
    XmlWriter w(out, ns::kComponent);
    w.open("message", ns::kComponent).attr("to", "a@b").attr("id", "x'1");
    w.open("body", ns::kComponent).text("1 < 2").close();
    w.open("x", ns::kOob).open("url", ns::kOob).text("u").close().close();
    w.open("markable", ns::kMarkers).close();
    w.open("empty", "").text("").close();
    w.close();
    EXPECT_EQ(out,
              "<message to='a@b' id='x&apos;1'><body>1 &lt; 2</body>"
              "<x xmlns='jabber:x:oob'><url>u</url></x>"
              "<markable xmlns='urn:xmpp:chat-markers:0'/><empty/></message>");
}

TEST(XmlWriter, TreesDeeperThanItsInlineFramesCloseInOrder) {
    Element root("a", "urn:deep");
    Element* e = &root;
    for (int i = 0; i < 20; ++i) e = &e->add("n" + std::to_string(i), i % 3 ? "" : "urn:n");
    e->text = "leaf";
    // n0 switches to urn:n; n3, n6, ... name it again while it is in scope: no xmlns there.
    std::string expected = "<a xmlns='urn:deep'><n0 xmlns='urn:n'>";
    for (int i = 1; i < 20; ++i) expected += "<n" + std::to_string(i) + ">";
    expected += "leaf";
    for (int i = 19; i >= 0; --i) expected += "</n" + std::to_string(i) + ">";
    EXPECT_EQ(root.str(ns::kComponent), expected + "</a>");
}

TEST(XmlWriter, EscapesEveryPlaceAndDropsForbiddenControls) {
    // Long enough that the sixteen-byte scan meets each character in and after a whole block.
    const std::string nasty =
        std::string(17, 'p') + "&<>\"'\t\n\r\x01\x1f\x7f" + std::string(15, 'q') + "\xc3\xa9<";
    const std::string escaped = std::string(17, 'p') + "&amp;&lt;&gt;&quot;&apos;\t\n\r\x7f" +
                                std::string(15, 'q') + "\xc3\xa9&lt;";
    std::string out;
    XmlWriter w(out, "");
    w.open("e", "").attr("k", nasty).text(nasty).close();
    EXPECT_EQ(out, "<e k='" + escaped + "'>" + escaped + "</e>");
}

// Every combination of the message's optional parts, with values that need escaping: the text
// the gateway sends is the tree serialise() returns, written out.
TEST(MessageStanza, TextAndTreeAgreeOnEveryCombination) {
    const std::string odd = "a&b<c>'d\"e\x01";
    for (unsigned mask = 0; mask < (1u << 12); ++mask) {
        core::SendXmppMessage m{"123@discord.localhost/" + odd, "romeo@localhost", "chat",
                                "cg-" + std::to_string(mask), std::nullopt};
        auto on = [&](int bit) { return (mask >> bit) & 1u; };
        if (on(0)) m.body = odd;
        if (on(1)) m.origin_id = odd;
        if (on(2)) m.stanza_id = odd;
        if (on(3)) m.replace_id = odd;
        if (on(4)) m.reply_to_id = odd;
        if (on(5)) m.reply_to_jid = odd;
        if (on(6)) m.oob_url = odd;
        if (on(7)) m.chat_state = "composing";
        if (on(8)) m.receipt_request = mask & 0x100 ? true : false;
        if (on(9)) m.markable = (mask & 0x1) != 0;
        if (on(10)) m.delay_stamp = odd;
        if (on(11)) m.thread = on(0) ? odd : "";
        core::Effect effect;
        effect.payload = m;
        auto tree = serialise(effect, OutboundContext{"discord.localhost"});
        ASSERT_TRUE(tree);
        std::string text;
        XmlWriter w(text, ns::kComponent);
        write_message(w, m);
        ASSERT_EQ(text, tree->str(ns::kComponent)) << "mask " << mask;
    }
}

// What the gateway sends: the message through XmlWriter, any other effect through its Element;
// the same text serialise() would give, and the sender beside it.
TEST(MessageStanza, WriteStanzaGivesSerialisesTextAndTheSender) {
    const OutboundContext ctx{"discord.localhost"};
    core::Effect message;
    message.payload =
        core::SendXmppMessage{"1@discord.localhost", "romeo@localhost", "chat", "cg-1", "a&b"};
    core::Effect roster;
    roster.user = "romeo@localhost";
    core::SetXmppRoster r;
    r.from = "discord.localhost";
    r.item = core::RosterItem{"1@discord.localhost", "Alice", {"Discord"}, "both"};
    roster.payload = r;
    for (const core::Effect* e : {&message, &roster}) {
        std::string text = "<earlier/>", from = "stale";
        ASSERT_TRUE(write_stanza(*e, ctx, text, from));
        EXPECT_EQ(text, "<earlier/>" + serialise(*e, ctx)->str(ns::kComponent));
        EXPECT_EQ(from, e == &message ? "1@discord.localhost" : "discord.localhost");
    }
    core::Effect for_discord;
    for_discord.payload = core::LogoutDiscord{"bye"};
    std::string text, from;
    EXPECT_FALSE(write_stanza(for_discord, ctx, text, from));
    EXPECT_EQ(text, "");
}

TEST(MessageStanza, AFileGoesWithItsOobUrlAndXep0447Metadata) {
    core::SendXmppMessage m{"20@discord.localhost", "romeo@localhost", "chat", "cg-8",
                            "https://up/get/cat.png"};
    m.oob_url = "https://up/get/cat.png";
    m.file = core::SharedFile{"cat.png", 42, "image/png", "c2hh"};
    std::string text;
    XmlWriter w(text, ns::kComponent);
    write_message(w, m);
    EXPECT_EQ(text,
              "<message from='20@discord.localhost' to='romeo@localhost' type='chat' id='cg-8'>"
              "<body>https://up/get/cat.png</body>"
              "<x xmlns='jabber:x:oob'><url>https://up/get/cat.png</url></x>"
              "<file-sharing xmlns='urn:xmpp:sfs:0'><file xmlns='urn:xmpp:file:metadata:0'>"
              "<media-type>image/png</media-type><name>cat.png</name><size>42</size>"
              "<hash xmlns='urn:xmpp:hashes:2' algo='sha-256'>c2hh</hash></file>"
              "<sources><url-data xmlns='http://jabber.org/protocol/url-data' "
              "target='https://up/get/cat.png'/></sources></file-sharing></message>");
}

TEST(MessageStanza, ExactTextOfARoomHistoryMessage) {
    core::SendXmppMessage m{"chan@discord.localhost/Alice", "romeo@localhost/phone", "groupchat",
                            "cg-7", "hi"};
    m.stanza_id = "555";
    m.delay_stamp = "2026-12-02T10:00:00Z";
    m.markable = true;
    std::string text;
    XmlWriter w(text, ns::kComponent);
    write_message(w, m);
    EXPECT_EQ(text,
              "<message from='chan@discord.localhost/Alice' to='romeo@localhost/phone' "
              "type='groupchat' id='cg-7'><body>hi</body>"
              "<stanza-id xmlns='urn:xmpp:sid:0' id='555' by='chan@discord.localhost'/>"
              "<markable xmlns='urn:xmpp:chat-markers:0'/>"
              "<delay xmlns='urn:xmpp:delay' from='chan@discord.localhost' "
              "stamp='2026-12-02T10:00:00Z'/></message>");
}

TEST(XmlWriter, DropsUFFFEAndUFFFFButKeepsTheOtherCharactersThatStartAlike) {
    // EF BF BE / EF BF BF are not XML characters; EF BF BD (U+FFFD), EF BC 81 (U+FF01) and
    // EF 80 80 (U+F000) are. Long enough that the 16-byte scan meets them too.
    const std::string in = std::string(20, 'a') + "\xEF\xBF\xBE" + "b" + "\xEF\xBF\xBF" +
                           "\xEF\xBF\xBD" + "\xEF\xBC\x81" + "\xEF\x80\x80" + std::string(20, 'c') +
                           "\xEF\xBF";
    std::string out;
    append_escaped(out, in);
    EXPECT_EQ(out, std::string(20, 'a') + "b" + "\xEF\xBF\xBD" + "\xEF\xBC\x81" + "\xEF\x80\x80" +
                       std::string(20, 'c') + "\xEF\xBF");
}

core::Effect message_effect(std::string body) {
    core::SendXmppMessage m;
    m.from = "1@discord.localhost";
    m.to = "romeo@localhost";
    m.id = "m1";
    m.body = std::move(body);
    core::Effect e;
    e.id = 7;
    e.user = "romeo@localhost";
    e.payload = std::move(m);
    return e;
}

TEST(StanzaLimit, AStanzaWithinTheLimitIsWrittenWhole) {
    OutboundContext ctx{"discord.localhost"};
    std::string out, from;
    EXPECT_EQ(write_stanza_within(message_effect("hi"), ctx, 4096, out, from), Fit::whole);
    EXPECT_NE(out.find("<body>hi</body>"), std::string::npos);
    EXPECT_EQ(from, "1@discord.localhost");
}

TEST(StanzaLimit, ALongBodyIsCutOnACharacterBoundaryWithANote) {
    OutboundContext ctx{"discord.localhost"};
    for (const std::string& unit : {std::string("x"), std::string("\xC3\xA9"), std::string("&"),
                                    std::string("\xF0\x9F\x98\x80")}) {
        std::string body;
        while (body.size() < 100000) body += unit;
        std::string out, from;
        ASSERT_EQ(write_stanza_within(message_effect(body), ctx, 8192, out, from), Fit::cut)
            << unit;
        EXPECT_LE(out.size(), 8192u);
        EXPECT_GT(out.size(), 6000u) << "cut no more than needed";
        auto parsed = parse(out);
        const Element* b = parsed.child("body", parsed.ns);
        ASSERT_NE(b, nullptr);
        EXPECT_EQ(b->text.substr(0, 4 * unit.size()), unit + unit + unit + unit);
        EXPECT_NE(b->text.find("cut here. The whole message is " + std::to_string(body.size())),
                  std::string::npos);
        EXPECT_EQ(core::first_invalid_utf8(b->text), std::nullopt);
    }
}

TEST(StanzaLimit, AnythingElseTooBigIsNotWrittenAndTheUserIsTold) {
    OutboundContext ctx{"discord.localhost"};
    core::SendXmppPresence p;
    p.from = "1@discord.localhost";
    p.to = "romeo@localhost";
    p.status = std::string(10000, 's');
    core::Effect e;
    e.id = 9;
    e.user = "romeo@localhost";
    e.payload = p;
    std::string out, from;
    EXPECT_EQ(write_stanza_within(e, ctx, 4096, out, from), Fit::too_big);
    const std::string notice = too_big_notice(e, ctx, out.size(), 4096);
    auto parsed = parse(notice);
    EXPECT_EQ(parsed.attr_or("from"), "discord.localhost");
    EXPECT_EQ(parsed.attr_or("to"), "romeo@localhost");
    EXPECT_NE(parsed.child("body", parsed.ns)->text.find("xmpp.presence"), std::string::npos);
}

// XEP-0382: a message with a spoiler carries <spoiler/>, in the text and the tree alike.
TEST(MessageStanza, SpoilerElement) {
    core::SendXmppMessage m{"1@discord.localhost", "romeo@localhost", "chat", "cg-1", "||x||"};
    m.spoiler = true;
    std::string text;
    XmlWriter w(text, ns::kComponent);
    write_message(w, m);
    EXPECT_NE(text.find("<spoiler xmlns='urn:xmpp:spoiler:0'/>"), std::string::npos) << text;
    core::Effect effect;
    effect.payload = m;
    EXPECT_EQ(text, serialise(effect, OutboundContext{"discord.localhost"})->str(ns::kComponent));
    m.spoiler.reset();
    std::string plain;
    XmlWriter w2(plain, ns::kComponent);
    write_message(w2, m);
    EXPECT_EQ(plain.find("spoiler"), std::string::npos);
}

}  // namespace
}  // namespace cordgate::adapters::xmpp::testing
