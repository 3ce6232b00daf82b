// Contacts' avatars from the first second: the core asks for a contact's image
// (discord.fetch_avatar) when the contact appears or its Discord avatar hash changes, and the
// SHA-1 that comes back (discord.avatar) goes into every presence of the puppet (XEP-0153) and
// a metadata notification (XEP-0084). The fixture's friend is alice (20), no avatar.

#include <tests/core/session_fixture.hpp>

namespace cordgate::core {
namespace {

using tests::discord_user;
using tests::effects_of;

constexpr const char* kSha1 = "0123456789abcdef0123456789abcdef01234567";
constexpr const char* kSha2 = "89abcdef0123456789abcdef0123456789abcdef";

class Avatars : public tests::SessionFixture {
  protected:
    static DiscordUser with_avatar(std::uint64_t id, const char* name,
                                   std::optional<std::string> avatar) {
        DiscordUser u = discord_user(id, name);
        u.avatar = std::move(avatar);
        return u;
    }
    DiscordReady ready(std::optional<std::string> alice_avatar) {
        return DiscordReady{
            discord_user(1, "romeo"),
            {DiscordRelationship{1, std::nullopt, with_avatar(20, "alice", alice_avatar)}},
            {}};
    }
    // alice's presence with her user object (Discord sends it when her profile changed).
    static DiscordPresenceUpdate profile_presence(std::optional<std::string> avatar) {
        DiscordPresenceUpdate p{Snowflake{20}, std::nullopt, "online", std::nullopt};
        p.user = with_avatar(20, "alice", std::move(avatar));
        return p;
    }
    void go_online() {
        feed(XmppPresence{kClient, kGateway, std::nullopt, std::nullopt, std::nullopt,
                          std::nullopt});
        feed(DiscordPresenceUpdate{Snowflake{20}, std::nullopt, "online", std::nullopt});
    }
    Contact& alice() { return session().contacts.at(Snowflake{20}); }
};

TEST_F(Avatars, ALoginAsksTheCdnForEachContactsAvatarOnceAndThePresenceCarriesItsHash) {
    auto fetch = effects_of<FetchDiscordAvatar>(feed(ready("h1")));
    ASSERT_EQ(fetch.size(), 1u);
    EXPECT_EQ(fetch[0].user_id, Snowflake{20});
    EXPECT_EQ(fetch[0].avatar, "h1");
    // The profile (the API) is not asked: the CDN is.
    go_online();
    auto out = feed(DiscordAvatar{Snowflake{20}, "h1", kSha1, "image/png", 68});
    auto shown = effects_of<SendXmppPresence>(out);
    ASSERT_EQ(shown.size(), 1u);
    EXPECT_EQ(shown[0].from, kAlice);
    EXPECT_EQ(shown[0].avatar_hash, kSha1);
    auto meta = effects_of<SendXmppAvatar>(out);
    ASSERT_EQ(meta.size(), 1u);
    EXPECT_EQ(meta[0].node, "metadata");
    EXPECT_EQ(meta[0].id, kSha1);
    EXPECT_EQ(meta[0].bytes, 68u);
    EXPECT_EQ(meta[0].image_type, "image/png");
    EXPECT_TRUE(effects_of<FetchDiscordUser>(out).empty());
    // A later login with the same avatar asks nothing: the state has its image.
    EXPECT_TRUE(effects_of<FetchDiscordAvatar>(feed(ready("h1"))).empty());
    // And every presence after it carries the hash.
    feed(DiscordPresenceUpdate{Snowflake{20}, std::nullopt, "idle", std::nullopt});
    EXPECT_EQ(alice().avatar_sha1, kSha1);
}

TEST_F(Avatars, ANewHashIsFetchedAndAnAnswerForTheOldOneIsIgnored) {
    feed(ready("h1"));
    go_online();
    feed(DiscordAvatar{Snowflake{20}, "h1", kSha1, "image/png", 68});
    auto fetch = effects_of<FetchDiscordAvatar>(feed(profile_presence("h2")));
    ASSERT_EQ(fetch.size(), 1u);
    EXPECT_EQ(fetch[0].avatar, "h2");
    // The same presence from a second shared guild asks nothing more.
    EXPECT_TRUE(effects_of<FetchDiscordAvatar>(feed(profile_presence("h2"))).empty());
    // A late answer for h1 (fetched again elsewhere) does not undo h2.
    EXPECT_TRUE(feed(DiscordAvatar{Snowflake{20}, "h1", kSha2, "image/png", 70}).empty());
    auto shown = effects_of<SendXmppPresence>(
        feed(DiscordAvatar{Snowflake{20}, "h2", kSha2, "image/png", 70}));
    ASSERT_EQ(shown.size(), 1u);
    EXPECT_EQ(shown[0].avatar_hash, kSha2);
    EXPECT_EQ(alice().avatar_of, "h2");
}

TEST_F(Avatars, ARemovedAvatarClearsThePhotoWithoutAFetch) {
    feed(ready("h1"));
    go_online();
    feed(DiscordAvatar{Snowflake{20}, "h1", kSha1, "image/png", 68});
    auto out = feed(profile_presence(std::nullopt));
    EXPECT_TRUE(effects_of<FetchDiscordAvatar>(out).empty());
    auto shown = effects_of<SendXmppPresence>(out);
    ASSERT_EQ(shown.size(), 1u);
    EXPECT_EQ(shown[0].avatar_hash, "");  // XEP-0153: an empty <photo/> is "no avatar"
    auto meta = effects_of<SendXmppAvatar>(out);
    ASSERT_EQ(meta.size(), 1u);
    EXPECT_FALSE(meta[0].id);  // an empty metadata node (XEP-0084 §4.6)
}

TEST_F(Avatars, AFailedFetchKeepsThePhotoAndTheNextChangeAsksAgain) {
    feed(ready("h1"));
    go_online();
    feed(DiscordAvatar{Snowflake{20}, "h1", kSha1, "image/png", 68});
    feed(profile_presence("h2"));
    EXPECT_TRUE(
        feed(DiscordAvatar{Snowflake{20}, "h2", std::nullopt, std::nullopt, std::nullopt}).empty());
    EXPECT_EQ(alice().avatar_sha1, kSha1);
    EXPECT_EQ(effects_of<FetchDiscordAvatar>(feed(ready("h2"))).size(), 1u);
}

TEST_F(Avatars, ANewFriendAGuildMemberUpdateAndAStrangersMessageAskForTheirs) {
    feed(ready(std::nullopt));
    auto fetch = effects_of<FetchDiscordAvatar>(feed(DiscordRelationshipAdd{
        DiscordRelationship{1, std::nullopt, with_avatar(40, "bob", "b1")}}));
    ASSERT_EQ(fetch.size(), 1u);
    EXPECT_EQ(fetch[0].user_id, Snowflake{40});
    fetch = effects_of<FetchDiscordAvatar>(feed(DiscordGuildMemberUpdate{
        Snowflake{700}, DiscordMember{with_avatar(20, "alice", "a2"), std::nullopt, {}}}));
    ASSERT_EQ(fetch.size(), 1u);
    EXPECT_EQ(fetch[0].avatar, "a2");
    auto dm = discord_message(900, 501, with_avatar(50, "dave", "d1"), "hi");
    fetch = effects_of<FetchDiscordAvatar>(feed(dm));
    ASSERT_EQ(fetch.size(), 1u);
    EXPECT_EQ(fetch[0].user_id, Snowflake{50});
}

TEST_F(Avatars, NoFetchForSomeoneWhoIsNoContact) {
    feed(ready(std::nullopt));
    // A friend request (not yet a contact), and a blocked user.
    EXPECT_TRUE(effects_of<FetchDiscordAvatar>(feed(DiscordRelationshipAdd{DiscordRelationship{
                                                   DiscordRelationship::kIncomingRequest,
                                                   std::nullopt, with_avatar(40, "bob", "b1")}}))
                    .empty());
    EXPECT_TRUE(effects_of<FetchDiscordAvatar>(feed(DiscordRelationshipAdd{DiscordRelationship{
                                                   DiscordRelationship::kBlocked, std::nullopt,
                                                   with_avatar(41, "eve", "e1")}}))
                    .empty());
}

TEST_F(Avatars, AnImageAVcardFetchBroughtCountsAsFetched) {
    feed(ready("h1"));
    DiscordUserProfile profile{with_avatar(20, "alice", "h1"), std::nullopt};
    profile.avatar_type = "image/png";
    profile.avatar_base64 = "aGk=";
    profile.avatar_sha1 = kSha1;
    feed(profile);
    EXPECT_EQ(alice().avatar_sha1, kSha1);
    EXPECT_EQ(alice().avatar_of, "h1");
    EXPECT_TRUE(effects_of<FetchDiscordAvatar>(feed(ready("h1"))).empty());
}

}  // namespace
}  // namespace cordgate::core
