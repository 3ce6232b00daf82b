// Effects -> REST request descriptions: paths, rate-limit routes, bodies, DM opening.

#include <adapters/discord/rest_request.hpp>

#include <gtest/gtest.h>

namespace cordgate::adapters::discord {
namespace {

using core::Snowflake;

TEST(RestRequest, SendMessageCarriesNonceAndEnforceNonce) {
    core::SendDiscordMessage s{Snowflake{300}, std::nullopt, "hi \"you\"", "cg-42"};
    EXPECT_FALSE(dm_needed(s));
    auto r = request_for(s);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->method, "POST");
    EXPECT_EQ(r->path, "/channels/300/messages");
    EXPECT_EQ(r->route, "POST /channels/300/messages");
    EXPECT_EQ(r->body, R"({"content":"hi \"you\"","nonce":"cg-42","enforce_nonce":true})");
    EXPECT_EQ(r->content_type, "application/json");
}

TEST(RestRequest, SendToARecipientOpensTheDmFirst) {
    core::SendDiscordMessage s{std::nullopt, Snowflake{200}, "hi", "n"};
    EXPECT_EQ(dm_needed(s), Snowflake{200});
    EXPECT_THROW(request_for(s), std::invalid_argument);
    auto dm = open_dm(Snowflake{200});
    EXPECT_EQ(dm.path, "/users/@me/channels");
    EXPECT_EQ(dm.body, R"({"recipient_id":"200"})");
    // User tokens send what the official clients send.
    EXPECT_EQ(open_dm(Snowflake{200}, DmBody::recipients).body, R"({"recipients":["200"]})");
    EXPECT_EQ(channel_id_of(R"({"id":"301","type":1,"recipients":[]})"), Snowflake{301});
    EXPECT_FALSE(channel_id_of("not json"));
    EXPECT_EQ(request_for(s, Snowflake{301})->path, "/channels/301/messages");
}

TEST(RestRequest, EditDeleteTypingAckFetch) {
    auto edit = request_for(core::EditDiscordMessage{Snowflake{3}, Snowflake{4}, "new"});
    EXPECT_EQ(edit->method, "PATCH");
    EXPECT_EQ(edit->path, "/channels/3/messages/4");
    EXPECT_EQ(edit->route, "PATCH /channels/3/messages/:id");
    EXPECT_EQ(edit->body, R"({"content":"new"})");
    auto del = request_for(core::DeleteDiscordMessage{Snowflake{3}, Snowflake{4}});
    EXPECT_EQ(del->method, "DELETE");
    EXPECT_TRUE(del->body.empty());
    auto typing = request_for(core::TriggerDiscordTyping{Snowflake{3}});
    EXPECT_EQ(typing->path, "/channels/3/typing");
    auto ack = request_for(core::AckDiscordMessage{Snowflake{3}, Snowflake{4}});
    EXPECT_EQ(ack->path, "/channels/3/messages/4/ack");
    EXPECT_EQ(request_for(core::FetchDiscordUser{Snowflake{9}, false})->path, "/users/9");
    EXPECT_EQ(request_for(core::FetchDiscordUser{Snowflake{9}, true})->path, "/users/9/profile");
    EXPECT_FALSE(request_for(core::LoginDiscord{"x"}));
}

TEST(RestRequest, ReactionsEncodeTheEmoji) {
    auto add = request_for(core::AddDiscordReaction{Snowflake{3}, Snowflake{4}, "👍"});
    EXPECT_EQ(add->method, "PUT");
    EXPECT_EQ(add->path, "/channels/3/messages/4/reactions/%F0%9F%91%8D/@me");
    EXPECT_EQ(add->route, "PUT /channels/3/messages/:id/reactions/:emoji/@me");
    auto rm = request_for(core::RemoveDiscordReaction{Snowflake{3}, Snowflake{4}, "blob:700"});
    EXPECT_EQ(rm->method, "DELETE");
    EXPECT_EQ(rm->path, "/channels/3/messages/4/reactions/blob:700/@me");
    EXPECT_EQ(encode_emoji("a/b?c"), "a%2Fb%3Fc");
}

TEST(RestRequest, UploadIsMultipartWithPayloadJsonAndOneFile) {
    core::UploadDiscordAttachment u{Snowflake{3},  std::nullopt, "look",    "n1",
                                    "a \"b\".txt", "text/plain", "aGVsbG8="};
    auto r = request_for(u, std::nullopt, "XYZ");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->content_type, "multipart/form-data; boundary=XYZ");
    EXPECT_EQ(
        r->body,
        "--XYZ\r\nContent-Disposition: form-data; name=\"payload_json\"\r\n"
        "Content-Type: application/json\r\n\r\n"
        R"({"content":"look","nonce":"n1","enforce_nonce":true,"attachments":[{"id":0,"filename":"a \"b\".txt"}]})"
        "\r\n--XYZ\r\nContent-Disposition: form-data; name=\"files[0]\"; "
        "filename=\"a \\\"b\\\".txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--XYZ--\r\n");
    u.data_base64 = "not base64!";
    EXPECT_THROW(request_for(u), std::invalid_argument);
}

}  // namespace
}  // namespace cordgate::adapters::discord
