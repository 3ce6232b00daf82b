// The component stream's reader: stanzas out of bytes however they are cut, and the faults that
// end a stream (RFC 6120 §4.9.3) for input no XMPP server should send.

#include <adapters/xmpp/stream_parser.hpp>

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace cordgate::adapters::xmpp {
namespace {

constexpr const char* kHeader =
    "<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept' "
    "xmlns:stream='http://etherx.jabber.org/streams' id='s1' from='gw.localhost'>";

struct Recorder {
    std::vector<Element> headers;
    std::vector<Element> stanzas;
    int closes = 0;

    StreamParser::Handlers handlers() {
        return {[this](const Element& h) { headers.push_back(h); },
                [this](Element& s) { stanzas.push_back(std::move(s)); }, [this] { ++closes; }};
    }
};

std::string nested(std::size_t depth) {
    std::string s;
    s.reserve(depth * 7);
    for (std::size_t i = 0; i < depth; ++i) s += "<a>";
    for (std::size_t i = 0; i < depth; ++i) s += "</a>";
    return s;
}

TEST(StreamParser, HeaderStanzasAndCloseInAnyCutting) {
    const std::string text = std::string(kHeader) +
                             "<message to='r@localhost' from='1@gw'><body>a &amp; b</body>"
                             "<x xmlns='urn:other'><y/></x></message> \n"
                             "<presence xml:lang='en'/></stream:stream>";
    std::mt19937 random(7);
    for (int round = 0; round < 50; ++round) {
        Recorder r;
        StreamParser parser({}, r.handlers());
        std::size_t at = 0;
        while (at < text.size()) {
            std::size_t n = std::uniform_int_distribution<std::size_t>(1, 9)(random);
            ASSERT_TRUE(parser.feed(std::string_view(text).substr(at, n))) << parser.fault_text();
            at += n;
        }
        ASSERT_EQ(r.headers.size(), 1u);
        EXPECT_EQ(r.headers[0].attr_or("id"), "s1");
        EXPECT_EQ(r.headers[0].ns, "http://etherx.jabber.org/streams");
        ASSERT_EQ(r.stanzas.size(), 2u);
        const Element& m = r.stanzas[0];
        EXPECT_EQ(m.name, "message");
        EXPECT_EQ(m.ns, "jabber:component:accept");
        EXPECT_EQ(m.attr_or("to"), "r@localhost");
        ASSERT_EQ(m.children.size(), 2u);
        EXPECT_EQ(m.children[0].text, "a & b");
        EXPECT_EQ(m.children[1].ns, "urn:other");
        EXPECT_EQ(m.children[1].children.at(0).ns, "urn:other");
        EXPECT_FALSE(m.truncated);
        // Namespaced attributes keep their local name.
        EXPECT_EQ(r.stanzas[1].attr_or("lang"), "en");
        EXPECT_EQ(r.closes, 1);
    }
}

TEST(StreamParser, AMillionDeepStanzaEndsTheStreamWithoutRecursion) {
    Recorder r;
    StreamParser parser({}, r.handlers());
    ASSERT_TRUE(parser.feed(kHeader));
    const std::string deep = nested(1'000'000);
    bool ok = true;
    for (std::size_t at = 0; ok && at < deep.size(); at += 65536) {
        ok = parser.feed(std::string_view(deep).substr(at, 65536));
    }
    EXPECT_FALSE(ok);
    EXPECT_EQ(parser.fault(), StreamFault::policy_violation);
    EXPECT_TRUE(r.stanzas.empty());
    EXPECT_FALSE(parser.feed("<presence/>")) << "nothing more is read";
}

TEST(StreamParser, ModeratelyDeepStanzaIsKeptTruncatedAndTheStreamGoesOn) {
    Recorder r;
    StreamParser parser({}, r.handlers());
    ASSERT_TRUE(parser.feed(kHeader));
    ASSERT_TRUE(parser.feed("<message>" + nested(500) + "</message><presence/>"));
    ASSERT_EQ(r.stanzas.size(), 2u);
    EXPECT_TRUE(r.stanzas[0].truncated);
    std::size_t kept = 0;
    for (const Element* e = &r.stanzas[0]; !e->children.empty(); e = &e->children[0]) ++kept;
    EXPECT_EQ(kept + 1, kMaxDepth);
    EXPECT_FALSE(r.stanzas[1].truncated);
}

TEST(StreamParser, AStanzaOverTheSizeLimitKeepsOnlyItsRootAndTheStreamGoesOn) {
    Recorder r;
    StreamParser parser({.max_stanza_bytes = 4096, .max_depth = 64}, r.handlers());
    ASSERT_TRUE(parser.feed(kHeader));
    ASSERT_TRUE(parser.feed("<message><body>" + std::string(3000, 'x') + "</body></message>"));
    ASSERT_EQ(r.stanzas.size(), 1u);
    EXPECT_FALSE(r.stanzas[0].oversized);
    // Fed in pieces, as it arrives: what is held never grows past the limit.
    const std::string big = "<message id='m2' to='gw'><body>" + std::string(50000, 'x') +
                            "</body><x xmlns='urn:x'/></message><presence/>";
    for (std::size_t at = 0; at < big.size(); at += 1000) {
        ASSERT_TRUE(parser.feed(std::string_view(big).substr(at, 1000))) << parser.fault_text();
    }
    ASSERT_EQ(r.stanzas.size(), 3u);
    const Element& m = r.stanzas[1];
    EXPECT_TRUE(m.oversized);
    EXPECT_EQ(m.attr_or("id"), "m2");
    EXPECT_TRUE(m.children.empty());
    EXPECT_TRUE(m.text.empty());
    EXPECT_FALSE(r.stanzas[2].oversized);
}

TEST(StreamParser, AStartTagOverTheSizeLimitEndsTheStreamBeforeItIsWhole) {
    Recorder r;
    StreamParser parser({.max_stanza_bytes = 4096, .max_depth = 64}, r.handlers());
    ASSERT_TRUE(parser.feed(kHeader));
    EXPECT_FALSE(parser.feed("<message to='" + std::string(5000, 'x')));
    EXPECT_EQ(parser.fault(), StreamFault::policy_violation);
    EXPECT_TRUE(r.stanzas.empty());
}

TEST(StreamParser, KeepalivesBetweenStanzasStartNoStanza) {
    Recorder r;
    StreamParser parser({.max_stanza_bytes = 100, .max_depth = 64}, r.handlers());
    ASSERT_TRUE(parser.feed(kHeader));
    for (int i = 0; i < 1000; ++i) ASSERT_TRUE(parser.feed(" ")) << i;
    ASSERT_TRUE(parser.feed("<presence/>"));
    EXPECT_EQ(r.stanzas.size(), 1u);
}

TEST(StreamParser, NotWellFormedInputIsAFaultWithExpatsReason) {
    for (const std::string& bad :
         {std::string("<message></presence>"), std::string("<message>\xff\xfe</message>"),
          std::string("<message a='1' a='2'/>"), std::string("<message>&undefined;</message>"),
          std::string("<p:message/>")}) {
        Recorder r;
        StreamParser parser({}, r.handlers());
        ASSERT_TRUE(parser.feed(kHeader));
        EXPECT_FALSE(parser.feed(bad)) << bad;
        EXPECT_EQ(parser.fault(), StreamFault::not_well_formed) << bad;
        EXPECT_NE(parser.fault_text().find("line"), std::string::npos) << parser.fault_text();
        EXPECT_TRUE(r.stanzas.empty());
    }
}

TEST(StreamParser, RestrictedXmlIsRefused) {
    for (const std::string& bad : {std::string("<!-- a comment -->"), std::string("<?pi data?>"),
                                   std::string("<message><!-- inside --></message>")}) {
        Recorder r;
        StreamParser parser({}, r.handlers());
        ASSERT_TRUE(parser.feed(kHeader));
        EXPECT_FALSE(parser.feed(bad)) << bad;
        EXPECT_EQ(parser.fault(), StreamFault::restricted_xml) << bad;
    }
    // A DTD before the stream (billion laughs comes this way) is refused before any entity.
    Recorder r;
    StreamParser parser({}, r.handlers());
    EXPECT_FALSE(parser.feed("<?xml version='1.0'?><!DOCTYPE s [<!ENTITY a 'aaaa'>]><s/>"));
    EXPECT_EQ(parser.fault(), StreamFault::restricted_xml);
    EXPECT_TRUE(r.headers.empty());
}

TEST(StanzaParser, OneElementOrNothing) {
    StanzaParser parser;
    auto m = parser.parse("<message><body>hi</body></message>");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->ns, "jabber:component:accept");
    EXPECT_FALSE(parser.parse("<message><body>unterminated"));
    // The unterminated one above left nothing behind.
    EXPECT_TRUE(parser.parse("<iq/>"));
    EXPECT_FALSE(parser.parse("<a/><b/>"));
    EXPECT_TRUE(parser.parse("<presence/>"));
}

}  // namespace
}  // namespace cordgate::adapters::xmpp
