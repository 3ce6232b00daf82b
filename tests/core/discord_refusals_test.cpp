// When Discord says no to what the user did from XMPP: the error lands on the user's original
// stanza with a condition matching Discord's reason; a captcha'd message is kept and can be sent
// again (the `retry` command, or a correction); a verification demand stops further actions;
// long messages go out in parts that all map back to the one XMPP message; nonces are
// snowflakes of the event's time.

#include <core/nonce.hpp>
#include <core/split_message.hpp>
#include <tests/core/session_fixture.hpp>

namespace cordgate::core {
namespace {

using tests::discord_user;
using tests::effects_of;

constexpr std::int64_t kTs = 1764050000000;  // 2025-11-25

class DiscordRefusals : public tests::SessionFixture {
  protected:
    void SetUp() override {
        SessionFixture::SetUp();
        ts = kTs;
    }

    // The user writes `body` to alice (stanza id x<n>); returns the sends.
    std::vector<SendDiscordMessage> say(const std::string& body, const std::string& id = "x1") {
        last = feed(XmppMessage{kClient, kAlice, "chat", id, std::nullopt, body});
        return effects_of<SendDiscordMessage>(last);
    }
    std::uint64_t last_effect_id() const {
        for (auto it = last.rbegin(); it != last.rend(); ++it) {
            if (it->target() == Target::discord) return it->id;
        }
        return 0;
    }
    Effects fail(std::uint64_t effect, Refusal kind, int status, std::string reason = "no") {
        return feed(DiscordEffectFailed{effect, std::move(reason), status, kind});
    }
    // Discord's echo of a send.
    Effects echo(std::uint64_t id, const SendDiscordMessage& send) {
        DiscordMessageCreate m = discord_message(id, 500, discord_user(1, "romeo"), "");
        m.content = send.content;
        m.nonce = send.nonce;
        return feed(m);
    }
    static const SendXmppMessageError& the_error(const Effects& out) {
        static SendXmppMessageError none;
        auto errors = effects_of<SendXmppMessageError>(out);
        EXPECT_EQ(errors.size(), 1u);
        if (errors.empty()) return none;
        static SendXmppMessageError copy;
        copy = errors[0];
        return copy;
    }
    Effects last;
};

TEST_F(DiscordRefusals, NoncesAreSnowflakesOfTheEventsTimeAndDifferPerMessageAndPart) {
    auto first = say("one");
    auto second = say("two", "x2");
    ASSERT_EQ(first.size(), 1u);
    ASSERT_EQ(second.size(), 1u);
    const std::uint64_t nonce = std::stoull(first[0].nonce);
    EXPECT_EQ(nonce >> 22, static_cast<std::uint64_t>(kTs - kDiscordEpochMs));
    EXPECT_NE(first[0].nonce, second[0].nonce);                     // same ms, other log position
    EXPECT_EQ(message_nonce(kTs, 7, 0), message_nonce(kTs, 7, 0));  // replay: the same
    EXPECT_NE(message_nonce(kTs, 7, 0), message_nonce(kTs, 7, 1));
    EXPECT_EQ(nonce_part(message_nonce(kTs, 7, 3)), 3u);
}

TEST_F(DiscordRefusals, EachKindIsAnErrorOnTheOriginalMessageWithDiscordsReason) {
    const std::pair<Refusal, const char*> cases[] = {
        {Refusal::too_long, "not-acceptable"},
        {Refusal::forbidden, "forbidden"},
        {Refusal::not_found, "item-not-found"},
        {Refusal::server_error, "service-unavailable"},
        {Refusal::transport, "remote-server-timeout"},
        {Refusal::rate_limited, "resource-constraint"},
        {Refusal::other, "undefined-condition"},
    };
    int n = 0;
    for (const auto& [kind, condition] : cases) {
        const std::string id = "m" + std::to_string(++n);
        say("hello", id);
        Effects out = fail(last_effect_id(), kind, 403, "Discord: \"Missing Access\"");
        const auto& e = the_error(out);
        EXPECT_EQ(e.condition, condition);
        EXPECT_EQ(e.from, kAlice);
        EXPECT_EQ(e.to, kClient);
        EXPECT_EQ(e.id, std::optional<std::string>(id));
        EXPECT_EQ(e.text, std::optional<std::string>("Discord: \"Missing Access\""));
        // No chat line from the gateway besides: the error says it on the message.
        EXPECT_TRUE(effects_of<SendXmppMessage>(out).empty()) << condition;
    }
    EXPECT_TRUE(session().messages.xmpp_by_nonce.empty());  // nothing waits for an echo
}

TEST_F(DiscordRefusals, AFailureOfAnEffectWithoutOriginStillTellsTheUser) {
    Effects out = fail(9999, Refusal::other, 500);
    EXPECT_TRUE(effects_of<SendXmppMessageError>(out).empty());
    EXPECT_EQ(effects_of<SendXmppMessage>(out).size(), 1u);
}

TEST_F(DiscordRefusals, ACaptchaKeepsTheMessageAndRetrySendsItWithTheSameNonce) {
    auto sent = say("please deliver me");
    Effects out = fail(last_effect_id(), Refusal::captcha, 400, "captcha");
    EXPECT_EQ(the_error(out).condition, "policy-violation");
    auto lines = effects_of<SendXmppMessage>(out);
    ASSERT_EQ(lines.size(), 1u);  // what Discord asked for and what to do
    EXPECT_EQ(lines[0].from, kGateway);
    EXPECT_NE(lines[0].body->find("retry"), std::string::npos);
    ASSERT_EQ(session().pending->kept.size(), 1u);

    Effects retried = feed(XmppCommand{kClient, kGateway, "iq9", "retry", "execute", {}, {}});
    auto again = effects_of<SendDiscordMessage>(retried);
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(again[0].content, "please deliver me");
    EXPECT_EQ(again[0].nonce, sent[0].nonce);
    EXPECT_EQ(effects_of<SendXmppCommandResult>(retried).size(), 1u);
    EXPECT_TRUE(session().pending->kept.empty());
    // Its echo links it to the XMPP id as a first try's would.
    echo(950, again[0]);
    EXPECT_EQ(session().messages.discord_id("x1"), Snowflake{950});
}

TEST_F(DiscordRefusals, KeptMessagesAreBounded) {
    for (int i = 0; i < 8; ++i) {
        say("m", "k" + std::to_string(i));
        fail(last_effect_id(), Refusal::captcha, 400);
    }
    ASSERT_EQ(session().pending->kept.size(), PendingActions::kKept);
    EXPECT_EQ(session().pending->kept.front().origin.xmpp_id, "k3");
}

TEST_F(DiscordRefusals, CorrectingAKeptMessageSendsItAgainCorrected) {
    auto sent = say("helo");
    fail(last_effect_id(), Refusal::captcha, 400);
    Effects out = feed(XmppCorrection{kClient, kAlice, "chat", "x2", "x1", "hello"});
    auto again = effects_of<SendDiscordMessage>(out);
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(again[0].content, "hello");
    EXPECT_EQ(again[0].nonce, sent[0].nonce);
    EXPECT_TRUE(effects_of<SendXmppMessageError>(out).empty());
    EXPECT_TRUE(session().pending->kept.empty());
}

TEST_F(DiscordRefusals, VerificationRequiredStopsActionsUntilDiscordLiftsIt) {
    say("hello");
    Effects out = fail(last_effect_id(), Refusal::verification_required, 403);
    EXPECT_EQ(the_error(out).condition, "not-authorized");
    ASSERT_TRUE(session().required_action);
    auto status = effects_of<SendXmppPresence>(out);
    ASSERT_EQ(status.size(), 1u);
    EXPECT_NE(status[0].status->find("Discord requires you to verify"), std::string::npos);

    // Each attempt is answered here, and nothing reaches Discord.
    Effects blocked = feed(XmppMessage{kClient, kAlice, "chat", "x2", std::nullopt, "again"});
    EXPECT_TRUE(effects_of<SendDiscordMessage>(blocked).empty());
    EXPECT_EQ(the_error(blocked).condition, "not-authorized");

    Effects lifted = feed(DiscordRequiredAction{std::nullopt});
    EXPECT_FALSE(session().required_action);
    EXPECT_EQ(effects_of<SendXmppPresence>(lifted).at(0).status,
              std::optional<std::string>("Logged in as romeo"));
    EXPECT_EQ(say("now").size(), 1u);
}

TEST_F(DiscordRefusals, RequiredActionInReadyAndItsUpdate) {
    DiscordReady ready{discord_user(1, "romeo"), {}, {}};
    ready.required_action = "REQUIRE_VERIFIED_PHONE";
    Effects out = feed(ready);
    EXPECT_EQ(session().required_action, std::optional<std::string>("REQUIRE_VERIFIED_PHONE"));
    EXPECT_NE(effects_of<SendXmppPresence>(out).at(0).status->find("verify your phone number"),
              std::string::npos);
    EXPECT_TRUE(say("hi").empty());
    ready.required_action.reset();
    feed(ready);  // the next READY without it clears it
    EXPECT_FALSE(session().required_action);
    feed(DiscordRequiredAction{"REQUIRE_VERIFIED_EMAIL"});
    EXPECT_TRUE(say("hi").empty());
}

TEST_F(DiscordRefusals, ALongMessageGoesInPartsThatAllMapBackToIt) {
    const std::string line(1500, 'a');
    const std::string body = line + "\n" + line + "\n" + line;  // 4,502 code points
    auto parts = say(body);
    ASSERT_EQ(parts.size(), 3u);
    for (const auto& p : parts) EXPECT_EQ(p.content, line);
    EXPECT_NE(parts[0].nonce, parts[1].nonce);
    EXPECT_EQ(nonce_part(parts[2].nonce), 2u);
    // Echoes come in any order; every part's id leads to x1, x1 to the first part.
    echo(903, parts[2]);
    echo(901, parts[0]);
    echo(902, parts[1]);
    for (std::uint64_t id : {901, 902, 903}) {
        ASSERT_TRUE(session().messages.xmpp_id(Snowflake{id}));
        EXPECT_EQ(*session().messages.xmpp_id(Snowflake{id}), "x1");
    }
    EXPECT_EQ(session().messages.discord_id("x1"), Snowflake{901});

    // A correction into as many parts edits those that changed.
    const std::string changed = line + "\n" + std::string(1500, 'b') + "\n" + line;
    Effects corrected = feed(XmppCorrection{kClient, kAlice, "chat", "x2", "x1", changed});
    auto edits = effects_of<EditDiscordMessage>(corrected);
    ASSERT_EQ(edits.size(), 1u);
    EXPECT_EQ(edits[0].message_id, Snowflake{902});

    // Into another number of parts: refused, saying why.
    Effects refused = feed(XmppCorrection{kClient, kAlice, "chat", "x3", "x1", "short"});
    EXPECT_TRUE(effects_of<EditDiscordMessage>(refused).empty());
    EXPECT_EQ(the_error(refused).condition, "not-acceptable");

    // A retraction deletes every part.
    Effects retracted = feed(XmppRetraction{kClient, kAlice, "chat", "x4", "x1"});
    auto deletes = effects_of<DeleteDiscordMessage>(retracted);
    ASSERT_EQ(deletes.size(), 3u);
    EXPECT_FALSE(session().messages.xmpp_id(Snowflake{902}));
}

TEST_F(DiscordRefusals, ACorrectionOverTheLimitIsRefused) {
    auto sent = say("short");
    echo(901, sent[0]);
    Effects out = feed(XmppCorrection{kClient, kAlice, "chat", "x2", "x1", std::string(2001, 'a')});
    EXPECT_TRUE(effects_of<EditDiscordMessage>(out).empty());
    EXPECT_EQ(the_error(out).condition, "not-acceptable");
}

TEST_F(DiscordRefusals, NewDmsWithStrangersAreOffWhenTheAdapterSaysSo) {
    feed(DiscordAdapterStarted{"1", false}, "");
    // 40 is no friend and has no DM channel.
    Effects out = feed(
        XmppMessage{kClient, "40@discord.localhost", "chat", "s1", std::nullopt, "hi stranger"});
    EXPECT_TRUE(effects_of<SendDiscordMessage>(out).empty());
    const auto& e = the_error(out);
    EXPECT_EQ(e.condition, "not-allowed");
    EXPECT_NE(e.text->find("dm_strangers"), std::string::npos);
    // A friend's DM still opens (alice has a channel; a friend without one opens it).
    session().contacts[Snowflake{20}].dm_channel.reset();
    Effects friendly = feed(XmppMessage{kClient, kAlice, "chat", "s2", std::nullopt, "hi"});
    ASSERT_EQ(effects_of<SendDiscordMessage>(friendly).size(), 1u);
    // An adapter that allows it (or an old log, which does not say) opens any DM.
    feed(DiscordAdapterStarted{"2", true}, "");
    EXPECT_EQ(effects_of<SendDiscordMessage>(feed(XmppMessage{kClient, "40@discord.localhost",
                                                              "chat", "s3", std::nullopt, "hi"}))
                  .size(),
              1u);
}

TEST(RefusalCodec, AnOldEffectFailedWithoutRefusalDecodesAsOther) {
    auto failed = decode<DiscordEffectFailed>(R"({"effect_id":7,"reason":"x","http_status":403})");
    EXPECT_FALSE(failed.refusal);
    EXPECT_EQ(failed.kind(), Refusal::other);
    DiscordEffectFailed typed{7, "x", 400, Refusal::captcha};
    const std::string text = encode(typed);
    EXPECT_EQ(text, R"({"effect_id":7,"reason":"x","http_status":400,"refusal":"captcha"})");
    EXPECT_EQ(decode<DiscordEffectFailed>(text).refusal, Refusal::captcha);
    EXPECT_THROW(decode<DiscordEffectFailed>(R"({"effect_id":7,"reason":"x","refusal":"nope"})"),
                 CodecError);
}

TEST(SplitMessage, WithinTheLimitIsOnePartUnchanged) {
    EXPECT_EQ(split_message("hello"), std::vector<std::string>{"hello"});
    EXPECT_EQ(split_message(std::string(2000, 'x')).size(), 1u);
    EXPECT_EQ(split_message("").size(), 1u);
}

TEST(SplitMessage, BreaksAtANewlineElseASpaceElseTheLimit) {
    EXPECT_EQ(split_message("aaa bb\ncc dd", 8), (std::vector<std::string>{"aaa bb", "cc dd"}));
    EXPECT_EQ(split_message("aaa bbb ccc", 8), (std::vector<std::string>{"aaa bbb", "ccc"}));
    EXPECT_EQ(split_message("abcdefghij", 4), (std::vector<std::string>{"abcd", "efgh", "ij"}));
}

TEST(SplitMessage, CountsCodePointsAndNeverCutsASequence) {
    // "é" is two bytes, "😀" four: 5 code points per part, whatever the bytes.
    const std::string text = "ééééé😀😀😀😀😀é";
    auto parts = split_message(text, 5);
    ASSERT_EQ(parts.size(), 3u);
    EXPECT_EQ(parts[0], "ééééé");
    EXPECT_EQ(parts[1], "😀😀😀😀😀");
    EXPECT_EQ(parts[2], "é");
    for (const auto& p : parts) EXPECT_LE(code_points(p), 5u);
}

TEST(SplitMessage, PrefersALineOutsideACodeBlock) {
    // The last newline within the limit is inside the block; the one before it is not.
    const std::string text = "intro\n```\ncode1\ncode2\n```";
    auto parts = split_message(text, 20);
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0], "intro");
    EXPECT_EQ(parts[1], "```\ncode1\ncode2\n```");
}

}  // namespace
}  // namespace cordgate::core
