// Effects -> REST requests added for rooms and profiles: replies, channel history, avatar
// paths; and the avatar image as a profile carries it (base64, SHA-1).

#include <adapters/discord/avatar.hpp>
#include <adapters/discord/encodings.hpp>
#include <adapters/discord/rest_request.hpp>

#include <gtest/gtest.h>

namespace cordgate::adapters::discord {
namespace {

using core::Snowflake;

TEST(RestRequest, ReplyCarriesMessageReference) {
    core::SendDiscordMessage s{Snowflake{300}, std::nullopt, "yes", "cg-7"};
    s.reply_to = Snowflake{4242};
    auto r = request_for(s);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, R"({"content":"yes","nonce":"cg-7","enforce_nonce":true,)"
                       R"("message_reference":{"message_id":"4242","fail_if_not_exists":false}})");
    // Without reply_to the body has no reference at all.
    s.reply_to.reset();
    EXPECT_EQ(request_for(s)->body.find("message_reference"), std::string::npos);
}

TEST(RestRequest, ReplyToARecipientGoesThroughTheOpenedDm) {
    core::SendDiscordMessage s{std::nullopt, Snowflake{200}, "re", "n"};
    s.reply_to = Snowflake{9};
    auto r = request_for(s, Snowflake{301});
    EXPECT_EQ(r->path, "/channels/301/messages");
    EXPECT_NE(r->body.find(R"("message_reference":{"message_id":"9")"), std::string::npos);
}

TEST(RestRequest, FetchHistoryWithClampedLimit) {
    auto r = request_for(core::FetchDiscordHistory{Snowflake{300}, 25});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->method, "GET");
    EXPECT_EQ(r->path, "/channels/300/messages?limit=25");
    EXPECT_EQ(r->route, "GET /channels/300/messages");
    EXPECT_TRUE(r->body.empty());
    EXPECT_EQ(request_for(core::FetchDiscordHistory{Snowflake{300}, 500})->path,
              "/channels/300/messages?limit=100");
    EXPECT_EQ(request_for(core::FetchDiscordHistory{Snowflake{300}, 0})->path,
              "/channels/300/messages?limit=1");
}

TEST(RestRequest, CatchingUpFetchesOnlyAfterTheLastMessageSeen) {
    auto r = request_for(core::FetchDiscordHistory{Snowflake{300}, 50, Snowflake{900}});
    EXPECT_EQ(r->path, "/channels/300/messages?limit=50&after=900");
    EXPECT_EQ(r->route, "GET /channels/300/messages");
}

TEST(RestRequest, OwnAvatarIsAPatchOfTheCurrentUserWithADataUri) {
    auto r = request_for(core::SetDiscordOwnAvatar{"0123456789abcdef0123456789abcdef01234567",
                                                   "image/png", "iVBORw0KGgo="});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->method, "PATCH");
    EXPECT_EQ(r->path, "/users/@me");
    EXPECT_EQ(r->route, "PATCH /users/@me");
    EXPECT_EQ(r->body, R"({"avatar":"data:image/png;base64,iVBORw0KGgo="})");
}

TEST(RestRequest, PresenceIsNoRestCall) {
    EXPECT_FALSE(request_for(core::SetDiscordPresence{"dnd", "busy"}));
}

TEST(RestRequest, AvatarPath) {
    EXPECT_EQ(avatar_path(Snowflake{42}, "a_0123abcd"), "/avatars/42/a_0123abcd.png?size=128");
    EXPECT_THROW(avatar_path(Snowflake{42}, "../../etc"), std::invalid_argument);
    EXPECT_THROW(avatar_path(Snowflake{42}, ""), std::invalid_argument);
}

TEST(Avatar, Sha1HexAndBase64OfTheBytes) {
    // FIPS 180 test vector.
    EXPECT_EQ(sha1_hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
    EXPECT_EQ(sha1_hex(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    EXPECT_EQ(base64("abc"), "YWJj");
    EXPECT_EQ(base64(std::string("\x00\xff", 2)), "AP8=");
    auto a = avatar_image("abc", "image/jpeg; charset=binary");
    EXPECT_EQ(a.type, "image/jpeg");
    EXPECT_EQ(a.base64, "YWJj");
    EXPECT_EQ(a.sha1_hex, "a9993e364706816aba3e25717850c26c9cd0d89d");
    EXPECT_EQ(avatar_image("abc", "").type, "image/png");
    EXPECT_EQ(avatar_image("abc", "text/html").type, "image/png");
}

}  // namespace
}  // namespace cordgate::adapters::discord
