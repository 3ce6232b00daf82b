#include <core/jid.hpp>

#include <gtest/gtest.h>

namespace cordgate::core {
namespace {

TEST(Jid, ParsesAndNormalises) {
    auto j = Jid::parse("Romeo@LocalHost/Phone/1");
    ASSERT_TRUE(j);
    EXPECT_EQ(j->local, "romeo");
    EXPECT_EQ(j->domain, "localhost");
    EXPECT_EQ(j->resource, "Phone/1");
    EXPECT_EQ(j->bare(), "romeo@localhost");
    EXPECT_EQ(Jid::parse("discord.localhost")->full(), "discord.localhost");
}

TEST(Jid, RejectsMalformed) {
    for (const char* bad : {"", "@host", "user@", "a b@host", "us<er@host", "user@host/", "/res",
                            "a@b@c", "x\x01@host"}) {
        EXPECT_FALSE(Jid::parse(bad)) << bad;
    }
    EXPECT_FALSE(Jid::parse(std::string(1024, 'a') + "@host"));
}

TEST(Jid, RejectsEmptyDomainLabelsAndControlCharacters) {
    for (const char* bad : {"a@.host", "a@host.", "a@ho..st", ".", "a@ho<st", "a@ho'st",
                            "a@host/\x01", "a@host/x\x7f", "\x7f@host", "a@ho\x7fst"}) {
        EXPECT_FALSE(Jid::parse(bad)) << bad;
    }
    // What the stricter rules still let through.
    EXPECT_TRUE(Jid::parse("a@sub.host/res with spaces/and@at"));
    EXPECT_TRUE(Jid::parse("discord.localhost")->is_domain());
    EXPECT_FALSE(Jid::parse("a@discord.localhost")->is_domain());
    EXPECT_FALSE(Jid::parse("discord.localhost/r")->is_domain());
}

TEST(Xep0106, ControlCharactersAreKeptNotDropped) {
    // DEL was dropped once, so that "a\x7f" and "a" had one JID (found by tests/fuzz jid).
    EXPECT_EQ(escape_localpart("a\x7f"), "a\x7f");
    EXPECT_EQ(unescape_localpart(escape_localpart("\x7f@host")), "\x7f@host");
    EXPECT_NE(jid_username_for("a\x7f"), jid_username_for("a"));
}

TEST(Xep0106, EscapesAndUnescapes) {
    EXPECT_EQ(escape_localpart("d'artagnan@musketeers"), "d\\27artagnan\\40musketeers");
    EXPECT_EQ(escape_localpart("space cadet"), "space\\20cadet");
    EXPECT_EQ(escape_localpart("c:\\net"), "c\\3a\\net");
    EXPECT_EQ(escape_localpart("c:\\5cnet"), "c\\3a\\5c5cnet");
    for (const char* legacy : {"d'artagnan@musketeers", "c:\\5cnet", "a/b<c>&\"", "\\20"}) {
        EXPECT_EQ(unescape_localpart(escape_localpart(legacy)), legacy) << legacy;
    }
}

TEST(LegacyIds, SnowflakesMapToThemselves) {
    EXPECT_EQ(jid_username_for("80351110224678912"), "80351110224678912");
    EXPECT_EQ(legacy_id_for("80351110224678912"), "80351110224678912");
    EXPECT_EQ(jid_username_for("some user"), "some\\20user");
    EXPECT_EQ(legacy_id_for("some\\20user"), "some user");
    EXPECT_EQ(legacy_id_for(jid_username_for("007")), "007");
}

TEST(LegacyIds, AUserPartThatMapsToNothingIsAnError) {
    EXPECT_THROW(legacy_id_for(""), JidError);
}

}  // namespace
}  // namespace cordgate::core
