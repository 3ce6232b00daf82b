// classify_refusal: each of Discord's answers that the core treats differently, read from the
// status and body as Discord sends them (bodies from discord-userdoccers' examples).

#include <adapters/discord/refusal.hpp>

#include <gtest/gtest.h>

namespace cordgate::adapters::discord {
namespace {

using core::Refusal;

TEST(Refusal, CaptchaIsA400WithCaptchaKeyWhateverItsTexts) {
    auto r = classify_refusal(400, R"({"captcha_key":["You need to update your app."],)"
                                   R"("captcha_sitekey":"b2b02ab5","captcha_service":"hcaptcha"})");
    EXPECT_EQ(r.kind, Refusal::captcha);
    EXPECT_NE(r.reason.find("captcha"), std::string::npos);
    // captcha_key on another status is not a challenge the docs describe.
    EXPECT_NE(classify_refusal(403, R"({"captcha_key":["x"]})").kind, Refusal::captcha);
}

TEST(Refusal, Code40002IsVerificationRequired) {
    auto r = classify_refusal(
        403, R"({"message":"You need to verify your account in order to perform this action.",)"
             R"("code":40002})");
    EXPECT_EQ(r.kind, Refusal::verification_required);
    EXPECT_NE(r.reason.find("verify your account in order"), std::string::npos);
}

TEST(Refusal, OverLongContentIsTooLong) {
    auto r = classify_refusal(
        400,
        R"({"message":"Invalid Form Body","code":50035,"errors":{"content":{"_errors":)"
        R"([{"code":"BASE_TYPE_MAX_LENGTH","message":"Must be 2000 or fewer in length."}]}}})");
    EXPECT_EQ(r.kind, Refusal::too_long);
    // Another invalid form body is not about length.
    EXPECT_EQ(classify_refusal(400, R"({"message":"Invalid Form Body","code":50035,"errors":)"
                                    R"({"nonce":{"_errors":[{"code":"NUMBER_TYPE_COERCE"}]}}})")
                  .kind,
              Refusal::other);
}

TEST(Refusal, AnInvalidFormBodyQuotesTheFieldsOwnMessage) {
    // discord/discord-api-docs#8560: what Discord answers an avatar changed too often.
    auto r = classify_refusal(
        400, R"({"message":"Invalid Form Body","code":50035,"errors":{"avatar":{"_errors":)"
             R"([{"code":"AVATAR_RATE_LIMIT","message":"You are changing your avatar too )"
             R"(fast. Try again later."}]}}})");
    EXPECT_EQ(r.kind, Refusal::other);
    EXPECT_NE(r.reason.find("You are changing your avatar too fast"), std::string::npos)
        << r.reason;
}

TEST(Refusal, MissingAccessOrPermissionsIsForbidden) {
    EXPECT_EQ(classify_refusal(403, R"({"message":"Missing Access","code":50001})").kind,
              Refusal::forbidden);
    EXPECT_EQ(classify_refusal(403, R"({"message":"Missing Permissions","code":50013})").kind,
              Refusal::forbidden);
    EXPECT_EQ(classify_refusal(403, "").kind, Refusal::forbidden);
}

TEST(Refusal, UnknownChannelOrMessageIsNotFound) {
    EXPECT_EQ(classify_refusal(404, R"({"message":"Unknown Channel","code":10003})").kind,
              Refusal::not_found);
    auto r = classify_refusal(404, R"({"message":"Unknown Message","code":10008})");
    EXPECT_EQ(r.kind, Refusal::not_found);
    EXPECT_NE(r.reason.find("Unknown Message"), std::string::npos);
}

TEST(Refusal, RateLimitsServerErrorsAndTransport) {
    EXPECT_EQ(classify_refusal(429, R"({"retry_after":1.5,"global":false})").kind,
              Refusal::rate_limited);
    EXPECT_EQ(classify_refusal(502, "<html>Bad Gateway</html>").kind, Refusal::server_error);
    EXPECT_EQ(classify_refusal(524, "").kind, Refusal::server_error);
    EXPECT_EQ(classify_refusal(0, "").kind, Refusal::transport);
}

TEST(Refusal, AnythingElseIsOtherWithDiscordsMessage) {
    auto r = classify_refusal(400, R"({"message":"Cannot send an empty message","code":50006})");
    EXPECT_EQ(r.kind, Refusal::other);
    EXPECT_NE(r.reason.find("Cannot send an empty message"), std::string::npos);
    EXPECT_EQ(classify_refusal(400, "not json").kind, Refusal::other);
}

}  // namespace
}  // namespace cordgate::adapters::discord
