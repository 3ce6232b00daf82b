// The user's own XMPP avatar published to Discord, only when the user opted in through the
// `preferences` command: a new XEP-0153 hash in the user's presence is fetched from the user's
// server (xmpp.fetch_own_avatar), and the answer becomes one discord.set_own_avatar; paced, and
// a refusal is told once and not sent again.

#include <core/own_avatar.hpp>
#include <tests/core/session_fixture.hpp>

namespace cordgate::core {
namespace {

using tests::effects_of;

constexpr const char* kShaA = "0123456789abcdef0123456789abcdef01234567";
constexpr const char* kShaB = "89abcdef0123456789abcdef0123456789abcdef";
constexpr std::int64_t kIntervalMs = own_avatar::kDefaultIntervalS * 1000;

class OwnAvatarTest : public tests::SessionFixture {
  protected:
    Effects presence(std::optional<std::string> photo) {
        XmppPresence p{kClient, kGateway, std::nullopt, std::nullopt, std::nullopt, std::nullopt};
        p.photo = std::move(photo);
        return feed(std::move(p));
    }
    Effects command(const char* action, std::optional<std::string> session_id,
                    std::map<std::string, std::string> values = {}) {
        return feed(XmppCommand{kClient, kGateway, "iq1", "preferences", action,
                                std::move(session_id), std::move(values)});
    }
    Effects publish(bool on) {
        return command("complete", "s1", {{"publish_avatar", on ? "1" : "0"}});
    }
    Effects answer(const char* sha1, const char* type = "image/png") {
        return feed(XmppOwnAvatar{sha1, type, "iVBORw0KGgo=", 8});
    }
    // The chat lines the gateway's own JID sent the user.
    static std::vector<std::string> told(const Effects& out) {
        std::vector<std::string> lines;
        for (auto& m : effects_of<SendXmppMessage>(out)) {
            if (m.from == kGateway) lines.push_back(m.body.value_or(""));
        }
        return lines;
    }
    // Opted in, avatar A on Discord; returns the effect id of its discord.set_own_avatar.
    std::uint64_t published_a() {
        publish(true);
        presence(kShaA);
        auto out = answer(kShaA);
        EXPECT_EQ(effects_of<SetDiscordOwnAvatar>(out).size(), 1u);
        for (const auto& e : out) {
            if (std::holds_alternative<SetDiscordOwnAvatar>(e.payload)) return e.id;
        }
        return 0;
    }
};

TEST_F(OwnAvatarTest, TheCommandShowsTheCurrentValueAndASubmittedFormChangesIt) {
    auto first = effects_of<SendXmppCommandResult>(command("execute", std::nullopt));
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(first[0].status, "executing");
    ASSERT_TRUE(first[0].form);
    ASSERT_EQ(first[0].form->form_fields.size(), 1u);
    EXPECT_EQ(first[0].form->form_fields[0].var, "publish_avatar");
    EXPECT_EQ(first[0].form->form_fields[0].type, "boolean");
    EXPECT_EQ(first[0].form->form_fields[0].value, "0");

    auto saved = effects_of<SendXmppCommandResult>(publish(true));
    ASSERT_EQ(saved.size(), 1u);
    EXPECT_EQ(saved[0].status, "completed");
    EXPECT_EQ(saved[0].note_type, "info");
    EXPECT_TRUE(session().prefs().publish_avatar);

    auto again = effects_of<SendXmppCommandResult>(command("execute", std::nullopt));
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(again[0].form->form_fields[0].value, "1");

    // The preference is state, so a snapshot (and a restart from it) keeps it.
    State restored = decode_state(encode_state(state));
    EXPECT_TRUE(restored.sessions.at(kUser).prefs().publish_avatar);
}

TEST_F(OwnAvatarTest, AValueThatIsNotABooleanChangesNothing) {
    auto out =
        effects_of<SendXmppCommandResult>(command("complete", "s1", {{"publish_avatar", "maybe"}}));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].note_type, "error");
    EXPECT_FALSE(session().prefs().publish_avatar);
    publish(true);
    command("complete", "s1", {{"publish_avatar", "maybe"}});
    EXPECT_TRUE(session().prefs().publish_avatar);
}

TEST_F(OwnAvatarTest, OffNothingIsFetchedOrSent) {
    EXPECT_FALSE(session().prefs().publish_avatar);
    auto out = presence(kShaA);
    EXPECT_TRUE(effects_of<FetchXmppOwnAvatar>(out).empty());
    // Even an answer nobody asked for sends nothing.
    EXPECT_TRUE(effects_of<SetDiscordOwnAvatar>(answer(kShaA)).empty());
    publish(true);
    publish(false);
    EXPECT_TRUE(effects_of<FetchXmppOwnAvatar>(presence(kShaB)).empty());
}

TEST_F(OwnAvatarTest, OnANewHashIsFetchedFromTheUsersServerAndSentOnce) {
    publish(true);
    auto fetch = effects_of<FetchXmppOwnAvatar>(presence(kShaA));
    ASSERT_EQ(fetch.size(), 1u);
    EXPECT_EQ(fetch[0].from, kGateway);
    EXPECT_EQ(fetch[0].to, kUser);
    EXPECT_EQ(fetch[0].sha1, kShaA);
    // Presence while the fetch is under way asks nothing more.
    EXPECT_TRUE(effects_of<FetchXmppOwnAvatar>(presence(kShaA)).empty());
    auto set = effects_of<SetDiscordOwnAvatar>(answer(kShaA));
    ASSERT_EQ(set.size(), 1u);
    EXPECT_EQ(set[0].sha1, kShaA);
    EXPECT_EQ(set[0].image_type, "image/png");
    EXPECT_EQ(set[0].image_base64, "iVBORw0KGgo=");
    // The same hash again, even much later: nothing.
    ts += 10 * kIntervalMs;
    auto out = presence(kShaA);
    EXPECT_TRUE(effects_of<FetchXmppOwnAvatar>(out).empty());
    EXPECT_TRUE(effects_of<SetDiscordOwnAvatar>(out).empty());
    // No avatar on XMPP leaves Discord's as it is.
    EXPECT_TRUE(effects_of<FetchXmppOwnAvatar>(presence("")).empty());
    EXPECT_TRUE(effects_of<FetchXmppOwnAvatar>(presence(std::nullopt)).empty());
}

TEST_F(OwnAvatarTest, ChangesArePacedAndTheUserIsToldOnceWhy) {
    published_a();
    ts += kIntervalMs / 2;
    auto out = presence(kShaB);
    EXPECT_TRUE(effects_of<FetchXmppOwnAvatar>(out).empty());
    auto lines = told(out);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines[0].find("30 minutes"), std::string::npos) << lines[0];
    EXPECT_NE(lines[0].find("after 15 minutes"), std::string::npos) << lines[0];
    // Every presence of a chatty client is not answered again.
    ts += 1000;
    out = presence(kShaB);
    EXPECT_TRUE(effects_of<FetchXmppOwnAvatar>(out).empty());
    EXPECT_TRUE(told(out).empty());
    // Once the interval has passed, the next presence sends it.
    ts += kIntervalMs / 2;
    auto fetch = effects_of<FetchXmppOwnAvatar>(presence(kShaB));
    ASSERT_EQ(fetch.size(), 1u);
    EXPECT_EQ(fetch[0].sha1, kShaB);
    EXPECT_EQ(effects_of<SetDiscordOwnAvatar>(answer(kShaB)).size(), 1u);
}

TEST_F(OwnAvatarTest, TheAdaptersIntervalReplacesTheDefault) {
    feed(DiscordAdapterStarted{"i2", std::nullopt, 60});
    published_a();
    ts += 61 * 1000;
    EXPECT_EQ(effects_of<FetchXmppOwnAvatar>(presence(kShaB)).size(), 1u);
}

TEST_F(OwnAvatarTest, ARefusalIsToldOnceAndTheImageIsNotSentAgain) {
    const std::uint64_t id = published_a();
    ASSERT_NE(id, 0u);
    auto out = feed(DiscordEffectFailed{id,
                                        "Discord refused the action (HTTP 400) (Discord: \"You are "
                                        "changing your avatar too fast. Try again later.\")",
                                        400, Refusal::other});
    auto lines = told(out);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines[0].find("too fast"), std::string::npos);
    EXPECT_TRUE(effects_of<SendXmppMessageError>(out).empty());
    // The same avatar announced again, long after: not fetched, not sent, not told.
    ts += 10 * kIntervalMs;
    out = presence(kShaA);
    EXPECT_TRUE(effects_of<FetchXmppOwnAvatar>(out).empty());
    EXPECT_TRUE(told(out).empty());
    // A new image is tried.
    EXPECT_EQ(effects_of<FetchXmppOwnAvatar>(presence(kShaB)).size(), 1u);
}

TEST_F(OwnAvatarTest, TurningThePreferenceOnAgainTriesARefusedImageOnceMore) {
    const std::uint64_t id = published_a();
    feed(DiscordEffectFailed{id, "refused", 400, Refusal::other});
    publish(false);
    ts += kIntervalMs;
    auto out = publish(true);
    auto fetch = effects_of<FetchXmppOwnAvatar>(out);
    ASSERT_EQ(fetch.size(), 1u);
    EXPECT_EQ(fetch[0].sha1, kShaA);
}

TEST_F(OwnAvatarTest, TurningItOnSendsTheAvatarThePresenceAnnouncedBefore) {
    presence(kShaA);
    auto fetch = effects_of<FetchXmppOwnAvatar>(publish(true));
    ASSERT_EQ(fetch.size(), 1u);
    EXPECT_EQ(fetch[0].sha1, kShaA);
}

TEST_F(OwnAvatarTest, AnImageDiscordDoesNotTakeOrAMissingVcardIsToldOnce) {
    publish(true);
    presence(kShaA);
    auto out = answer(kShaA, "image/svg+xml");
    EXPECT_TRUE(effects_of<SetDiscordOwnAvatar>(out).empty());
    ASSERT_EQ(told(out).size(), 1u);
    EXPECT_TRUE(effects_of<FetchXmppOwnAvatar>(presence(kShaA)).empty());

    presence(kShaB);
    out = feed(XmppOwnAvatar{kShaB, std::nullopt, std::nullopt, std::nullopt, "item-not-found"});
    EXPECT_TRUE(effects_of<SetDiscordOwnAvatar>(out).empty());
    auto lines = told(out);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines[0].find("item-not-found"), std::string::npos);
}

TEST_F(OwnAvatarTest, AnAnswerForAnOlderHashIsIgnored) {
    publish(true);
    presence(kShaA);
    ASSERT_EQ(effects_of<FetchXmppOwnAvatar>(presence(kShaB)).size(), 1u);
    EXPECT_TRUE(effects_of<SetDiscordOwnAvatar>(answer(kShaA)).empty());
    auto set = effects_of<SetDiscordOwnAvatar>(answer(kShaB));
    ASSERT_EQ(set.size(), 1u);
    EXPECT_EQ(set[0].sha1, kShaB);
}

}  // namespace
}  // namespace cordgate::core
