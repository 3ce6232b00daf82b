// The adapter's small parts: JID grammar, token sealing and key files, configuration, parsing
// of hostile XML by the same parser the connection uses.

#include <tests/xmpp/helpers.hpp>

#include <adapters/xmpp/config.hpp>
#include <adapters/xmpp/xml_writer.hpp>
#include <core/jid.hpp>

#include <sys/stat.h>

#include <chrono>
#include <filesystem>

namespace cordgate::adapters::xmpp::testing {
namespace {

TEST(AdapterJid, GrammarIsTheCoresStricterOne) {
    auto j = core::Jid::parse("123@discord.localhost/res/with@at");
    ASSERT_TRUE(j);
    EXPECT_EQ(j->local, "123");
    EXPECT_EQ(j->domain, "discord.localhost");
    EXPECT_EQ(j->resource, "res/with@at");
    EXPECT_EQ(j->bare(), "123@discord.localhost");
    EXPECT_TRUE(core::Jid::parse("discord.localhost")->is_domain());
    for (const char* bad : {"", "@d", "a@", "a@b@c", "a b@c", "a@c/", "a@.c", "a@c..d", "a<@c",
                            "a@c/\x01", "\x7f@c"}) {
        EXPECT_FALSE(core::Jid::parse(bad)) << bad;
    }
    EXPECT_FALSE(core::Jid::parse(std::string(1024, 'a') + "@c"));
}

class TempDir : public ::testing::Test {
  protected:
    std::filesystem::path dir;
    void SetUp() override {
        dir = std::filesystem::temp_directory_path() /
              ("cordgate-xmpp-test-" + std::to_string(::getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
    }
    void TearDown() override { std::filesystem::remove_all(dir); }
};

using SealedBox = TempDir;

TEST_F(SealedBox, KeyFilesSealAndOpen) {
    auto path = dir / "discord.key";
    common::KeyPair created = common::load_or_create_key_pair(path);
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    common::PublicKey pub = common::load_public_key(path.string() + ".pub");
    EXPECT_EQ(pub, created.public_key);
    EXPECT_EQ(common::load_public_key(path), created.public_key);  // the pair file works too

    std::string sealed = common::seal("tok.en", pub);
    common::KeyPair loaded = common::load_or_create_key_pair(path);
    std::string clear = common::open(sealed, loaded);
    EXPECT_EQ(clear, "tok.en");
    common::wipe(clear);
    EXPECT_TRUE(clear.empty());
    // Sealing is randomised: the same token never gives the same bytes twice.
    EXPECT_NE(common::seal("tok.en", pub), sealed);
}

TEST_F(SealedBox, RefusesWrongKeyGarbageAndLooseFiles) {
    common::KeyPair a = common::create_key_pair(dir / "a.key");
    common::KeyPair b = common::create_key_pair(dir / "b.key");
    std::string sealed = common::seal("x", a.public_key);
    EXPECT_THROW(common::open(sealed, b), common::SealedBoxError);
    EXPECT_THROW(common::open("!!!not base64", a), common::SealedBoxError);
    EXPECT_THROW(common::open("AAAA", a), common::SealedBoxError);
    EXPECT_THROW(common::create_key_pair(dir / "a.key"), common::SealedBoxError);
    ::chmod((dir / "a.key").c_str(), 0644);
    EXPECT_THROW(common::load_key_pair(dir / "a.key"), common::SealedBoxError);
    EXPECT_THROW(common::load_public_key(dir / "missing.pub"), common::SealedBoxError);
}

TEST(Config, ParsesAndResolvesRelativeKeyPath) {
    Config c = parse_config(R"(
[xmpp]
port = 15347
component_jid = "discord.localhost"
secret = "s3cr3t"
max_body_bytes = 1000
[bus]
endpoint = "stdio"
[discord]
public_key_file = "k.pub"
)",
                            "/etc/cordgate");
    EXPECT_EQ(c.host, "127.0.0.1");
    EXPECT_EQ(c.port, 15347);
    EXPECT_EQ(c.max_body_bytes, 1000u);
    EXPECT_EQ(c.discord_public_key_file, "/etc/cordgate/k.pub");
    EXPECT_EQ(c.allowed_domains, std::vector<std::string>{"localhost"});  // the parent domain
}

TEST(Config, AllowedDomains) {
    auto parse = [](const std::string& xmpp) {
        return parse_config("[xmpp]\nsecret = 's'\n" + xmpp +
                                "\n[bus]\nendpoint = 'stdio'\n[discord]\npublic_key_file = 'k'\n",
                            "/", "t.toml");
    };
    EXPECT_EQ(parse("component_jid = 'discord.Example.ORG'").allowed_domains,
              std::vector<std::string>{"example.org"});
    EXPECT_EQ(parse("component_jid = 'discord.localhost'\n"
                    "allowed_domains = ['Example.org', 'localhost']")
                  .allowed_domains,
              (std::vector<std::string>{"example.org", "localhost"}));
    auto message = [&](const std::string& xmpp) {
        try {
            parse(xmpp);
        } catch (const ConfigError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_NE(message("component_jid = 'gateway'").find("xmpp.allowed_domains: missing"),
              std::string::npos);
    EXPECT_EQ(parse("component_jid = 'gateway'\nallowed_domains = ['localhost']").allowed_domains,
              std::vector<std::string>{"localhost"});
    for (const char* bad : {"[]", "['a@b']", "['b/r']", "['']", "'localhost'", "[1]"}) {
        EXPECT_NE(
            message(std::string("component_jid = 'discord.localhost'\nallowed_domains = ") + bad)
                .find("xmpp.allowed_domains"),
            std::string::npos)
            << bad;
    }
}

TEST(Config, ErrorsNameTheKey) {
    auto message = [](const std::string& text) {
        try {
            parse_config(text, "/", "t.toml");
        } catch (const ConfigError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_NE(message("[xmpp]\nsecret='x'\n").find("xmpp.component_jid: missing"),
              std::string::npos);
    EXPECT_NE(message("[xmpp]\ncomponent_jid='a@b'\nsecret='x'\n").find("bare domain"),
              std::string::npos);
    EXPECT_NE(message("[xmpp]\nport=70000\n").find("xmpp.port"), std::string::npos);
    EXPECT_NE(message("[xmpp\n").find("not valid TOML"), std::string::npos);
}

TEST(HostileXml, ParserSurvivesAndRefuses) {
    StanzaParser parser;
    // Billion laughs: expat (>= 2.4) refuses amplification; either way no blow-up and no crash.
    std::string lol = "<?xml version='1.0'?><!DOCTYPE m [<!ENTITY a 'aaaaaaaaaa'>";
    char prev = 'a';
    for (char c = 'b'; c <= 'k'; ++c) {
        lol += std::string("<!ENTITY ") + c + " '";
        for (int i = 0; i < 10; ++i) lol += std::string("&") + prev + ";";
        lol += "'>";
        prev = c;
    }
    lol += "]><message><body>&k;</body></message>";
    auto start = std::chrono::steady_clock::now();
    auto parsed = parser.parse(lol);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
    if (parsed) {
        const Element* body = parsed->child("body", parsed->ns);
        EXPECT_TRUE(!body || body->text.size() < 1000000u);
    }
    EXPECT_FALSE(parser.parse("<message><body>unterminated"));
    EXPECT_FALSE(parser.parse("<a></b>"));
    EXPECT_FALSE(parser.parse(std::string("<a>\xff\xfe</a>")));
}

}  // namespace
}  // namespace cordgate::adapters::xmpp::testing

namespace cordgate::adapters::xmpp {
namespace {

TEST(XmlEscaping, EntitiesForMarkupAndNothingForForbiddenControls) {
    std::string out = "<body>";
    append_escaped(out,
                   "a<b & 'c' \"d\" >\x01\x1f"
                   "e\tf\ng\rh \xc3\xa9");
    EXPECT_EQ(out, "<body>a&lt;b &amp; &apos;c&apos; &quot;d&quot; &gt;e\tf\ng\rh \xc3\xa9");
    out.clear();
    append_escaped(out, "");
    append_escaped(out, "&&");
    append_escaped(out, "plain");
    EXPECT_EQ(out, "&amp;&amp;plain");
}

TEST(XmlEscaping, AStanzaSerialisesStraightIntoABuffer) {
    Element m("message", "jabber:component:accept");
    m.set("to", "romeo@localhost").set("id", "a'b");
    m.add("body", "jabber:component:accept", "1 < 2");
    m.add("active", "http://jabber.org/protocol/chatstates");
    std::string out = "<x/>";
    m.append_to(out, "jabber:component:accept");
    EXPECT_EQ(out,
              "<x/><message to='romeo@localhost' id='a&apos;b'><body>1 &lt; 2</body>"
              "<active xmlns='http://jabber.org/protocol/chatstates'/></message>");
}

}  // namespace
}  // namespace cordgate::adapters::xmpp
