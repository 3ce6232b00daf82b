#include <tests/emulator/captcha.hpp>

#include <gtest/gtest.h>
#include <rapidjson/document.h>

namespace cordgate::tests::emulator {
namespace {

const std::string kSend = "POST /channels/:id/messages";

TEST(Captcha, UnarmedPassesEverything) {
    CaptchaGate g;
    EXPECT_FALSE(g.check(kSend, false, "", ""));
}

TEST(Captcha, ChallengeThenSolvedRetryPasses) {
    CaptchaGate g;
    g.arm({{kSend}, 1});
    EXPECT_FALSE(g.check("POST /channels/:id/typing", false, "", "")) << "another route";
    const auto c = g.check(kSend, false, "", "");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->status, 400);
    rapidjson::Document d;
    d.Parse(c->body.c_str());
    EXPECT_STREQ(d["captcha_key"][0].GetString(), "captcha-required");
    EXPECT_STREQ(d["captcha_service"].GetString(), "hcaptcha");
    EXPECT_STREQ(d["captcha_sitekey"].GetString(), kCaptchaTestSiteKey);
    EXPECT_TRUE(d["captcha_rqdata"].IsString());
    EXPECT_TRUE(d["captcha_session_id"].IsString());
    const std::string rqtoken = d["captcha_rqtoken"].GetString();
    // A wrong solution: challenged again (a new rqtoken), the old one stays pending.
    const auto wrong = g.check(kSend, false, "nope", rqtoken);
    ASSERT_TRUE(wrong);
    rapidjson::Document w;
    w.Parse(wrong->body.c_str());
    EXPECT_STREQ(w["captcha_key"][0].GetString(), "invalid-input-response");
    EXPECT_FALSE(g.check(kSend, false, kCaptchaTestSolution, rqtoken));
    // The solution is used up; the rule was too (count 1).
    EXPECT_FALSE(g.check(kSend, false, "", ""));
    EXPECT_EQ(g.armed(), 0u);
}

TEST(Captcha, SolutionWithAnUnknownRqtokenDoesNotPassAnArmedRoute) {
    CaptchaGate g;
    g.arm({{kSend}, 2});
    EXPECT_TRUE(g.check(kSend, false, kCaptchaTestSolution, "made-up"));
}

TEST(Captcha, NoRoutesMeansEveryActionButNotReads) {
    CaptchaGate g;
    g.arm({{}, 1});
    EXPECT_FALSE(g.check("GET /users/@me", true, "", ""));
    EXPECT_TRUE(g.check("PUT /channels/:id/messages/:id/reactions/:id/@me", false, "", ""));
}

}  // namespace
}  // namespace cordgate::tests::emulator
