// An envelope the core refused: reading its identity from bytes that do not decode, and what the
// projection makes of the core.event_refused that stands in for it.

#include <core/event.hpp>
#include <tests/core/session_fixture.hpp>

#include <gtest/gtest.h>

namespace cordgate::tests {
namespace {

using core::EventRefused;
using core::SendXmppMessage;

TEST(EventIdentity, IsReadFromAnEnvelopeWhosePayloadIsNotUtf8) {
    const std::string bytes = std::string(R"({"v":1,"origin":"discord","origin_seq":7,"ts":12,)") +
                              R"("user":"romeo@localhost","type":"discord.message_create",)" +
                              R"("payload":{"content":"a)" + "\xed\xb0\x80" + R"("}})";
    EXPECT_THROW(core::decode_event(bytes), core::CodecError);
    auto id = core::read_event_identity(bytes);
    ASSERT_TRUE(id);
    EXPECT_EQ(id->origin, "discord");
    EXPECT_EQ(id->origin_seq, 7u);
    EXPECT_EQ(id->ts, 12);
    EXPECT_EQ(id->user, "romeo@localhost");
    EXPECT_EQ(id->type, "discord.message_create");
    // An unknown type reads too: only the identity has to be there.
    EXPECT_TRUE(core::read_event_identity(
        R"({"origin":"x","origin_seq":1,"ts":0,"user":"u","type":"nope.nothing","payload":1})"));
}

TEST(EventIdentity, IsNotReadWhenAPartIsMissingIllTypedOrNotUtf8) {
    EXPECT_FALSE(core::read_event_identity("not json"));
    EXPECT_FALSE(core::read_event_identity("[1]"));
    EXPECT_FALSE(core::read_event_identity(R"({"origin":"x","origin_seq":1,"ts":0,"user":"u"})"));
    EXPECT_FALSE(core::read_event_identity(
        R"({"origin":"x","origin_seq":-1,"ts":0,"user":"u","type":"t"})"));
    EXPECT_FALSE(core::read_event_identity(
        R"({"origin":"x","origin_seq":1,"ts":"0","user":"u","type":"t"})"));
    EXPECT_FALSE(core::read_event_identity(
        R"({"origin":"x\udc00","origin_seq":1,"ts":0,"user":"u","type":"t"})"));
    EXPECT_FALSE(core::read_event_identity(std::string(R"({"origin":"x","origin_seq":1,"ts":0,)") +
                                           R"("user":"u)" + "\xff" + R"(","type":"t"})"));
}

class Refused : public SessionFixture {};

TEST_F(Refused, AMessageTheUserWouldHaveSeenIsNamedByTheGateway) {
    auto out = feed(EventRefused{"discord.message_create", "invalid UTF-8 at offset 9", 300});
    ASSERT_EQ(out.size(), 1u);
    auto said = effects_of<SendXmppMessage>(out);
    ASSERT_EQ(said.size(), 1u);
    EXPECT_EQ(said[0].from, kGateway);
    EXPECT_EQ(said[0].to, kUser);
    ASSERT_TRUE(said[0].body);
    EXPECT_NE(said[0].body->find("discord.message_create"), std::string::npos) << *said[0].body;
    EXPECT_NE(said[0].body->find("log position " + std::to_string(position)), std::string::npos)
        << *said[0].body;
    auto sent = effects_of<SendXmppMessage>(feed(EventRefused{"xmpp.message", "bad", 10}));
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_NE(sent[0].body->find("did not reach Discord"), std::string::npos) << *sent[0].body;
}

TEST_F(Refused, OtherRefusedEventsAndStrangersGetNothing) {
    EXPECT_TRUE(feed(EventRefused{"discord.typing_start", "bad", 10}).empty());
    EXPECT_TRUE(feed(EventRefused{"nope.nothing", "unknown event type", 10}).empty());
    EXPECT_TRUE(
        feed(EventRefused{"discord.message_create", "bad", 10}, "nobody@localhost").empty());
}

}  // namespace
}  // namespace cordgate::tests
