// The REST router and gateway saying no to a user token as Discord does: client-profile
// flags and strict mode, per-route limits without headers, the invalid-request ban, captcha,
// scheduled 5xx, the content limit, the nonce window and the user client's DM body.
#include <tests/emulator/client_profile_check.hpp>
#include <tests/emulator/control_api.hpp>
#include <tests/emulator/seed.hpp>
#include <tests/emulator/unit/emulator_parts.hpp>
#include <tests/emulator/unit/fake_connection.hpp>

#include <gtest/gtest.h>
#include <rapidjson/document.h>

namespace cordgate::tests::emulator {
namespace {

const std::string kProps =
    base64_encode(R"({"os":"Linux","browser":"Chrome","release_channel":"stable",)"
                  R"("client_build_number":350000,"system_locale":"en-US"})");

class SaysNo : public ::testing::Test, protected EmulatorParts {
  protected:
    void SetUp() override {
        load_seed(world, R"({"users":[{"id":"1","username":"u","token":"tu"},
            {"id":"2","username":"friend"},{"id":"3","username":"b","bot":true,"token":"tb"},
            {"id":"4","username":"other"},{"id":"5","username":"more"}],
            "guilds":[{"id":"10","members":[{"user_id":"1"},{"user_id":"3"}],
                       "channels":[{"id":"20"},{"id":"21"}]}],
            "private_channels":[{"id":"30","type":1,"recipients":["1","2"]}],
            "messages":[{"id":"40","channel_id":"20","author_id":"1","content":"x"}]})");
    }

    // A request as the official client sends it (v9, browser UA, super properties).
    HttpResponse as_user(const std::string& method, const std::string& path, std::string body = "",
                         std::map<std::string, std::string> extra = {}) {
        HttpRequest req;
        req.method = method;
        req.path = "/api/v9" + path;
        req.body = std::move(body);
        req.remote_address = "10.0.0.1";
        req.headers["content-type"] = "application/json";
        req.headers["authorization"] = "tu";
        req.headers["user-agent"] = "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0";
        req.headers["x-super-properties"] = kProps;
        for (auto& [k, v] : extra) req.headers[k] = v;
        return rest.handle(req);
    }
    HttpResponse as_bot(const std::string& method, const std::string& path, std::string body = "") {
        HttpRequest req;
        req.method = method;
        req.path = "/api/v10" + path;
        req.body = std::move(body);
        req.remote_address = "10.0.0.1";
        req.headers["content-type"] = "application/json";
        req.headers["authorization"] = "Bot tb";
        req.headers["user-agent"] = "DiscordBot (https://x, 1)";
        return rest.handle(req);
    }
    HttpResponse control(const std::string& method, const std::string& path,
                         std::string body = "") {
        HttpRequest req;
        req.method = method;
        req.path = "/_emulator" + path;
        req.body = std::move(body);
        return ctl.handle(req);
    }
    static rapidjson::Document json(const HttpResponse& r) {
        rapidjson::Document d;
        d.Parse(r.body.c_str());
        return d;
    }
    static std::string header(const HttpResponse& r, const std::string& name) {
        for (const auto& [k, v] : r.headers)
            if (k == name) return v;
        return "";
    }
    static bool has_ratelimit_headers(const HttpResponse& r) {
        for (const auto& [k, v] : r.headers)
            if (k.rfind("X-RateLimit-", 0) == 0 && k != "X-RateLimit-Scope" &&
                k != "X-RateLimit-Global")
                return true;
        return false;
    }
    static std::string send(const std::string& text) { return R"({"content":")" + text + "\"}"; }

    ControlApi ctl{world, ops, gateway, rest, cdn, scheduler, clock};
};

TEST_F(SaysNo, OfficialLookingUserRaisesNoFlagABotTokenIsNotChecked) {
    EXPECT_EQ(as_user("GET", "/users/@me").status, 200);
    EXPECT_EQ(as_bot("GET", "/users/@me").status, 200);
    EXPECT_EQ(control("GET", "/flags").body, R"({"flags":[]})");
}

TEST_F(SaysNo, LibraryLookingUserIsFlagged) {
    HttpRequest req;
    req.method = "GET";
    req.path = "/api/v10/users/@me";
    req.headers["authorization"] = "tu";
    req.headers["user-agent"] = "DiscordBot (https://github.com/x, 1.0)";
    EXPECT_EQ(rest.handle(req).status, 200);
    EXPECT_EQ(rest.handle(req).status, 200);
    const auto flags = json(control("GET", "/flags"));
    ASSERT_EQ(flags["flags"].Size(), 3u);
    EXPECT_STREQ(flags["flags"][0]["kind"].GetString(), "api_version");
    EXPECT_STREQ(flags["flags"][1]["kind"].GetString(), "bot_user_agent");
    EXPECT_STREQ(flags["flags"][2]["kind"].GetString(), "missing_super_properties");
    EXPECT_EQ(flags["flags"][2]["count"].GetInt(), 2);
    EXPECT_STREQ(flags["flags"][2]["user_id"].GetString(), "1");
    EXPECT_EQ(control("DELETE", "/flags").status, 200);
    EXPECT_EQ(control("GET", "/flags").body, R"({"flags":[]})");
}

TEST_F(SaysNo, StrictModeLocksTheAccountReadyAndDispatchSayWhy) {
    FakeConnection c;
    const auto conn = gateway.on_open(c, 9, false);
    // Capabilities 0 from a browser would be a flag of its own; this test counts others.
    ASSERT_EQ(control("POST", "/profile", R"({"capabilities_check":false})").status, 200);
    gateway.on_text(conn, R"({"op":2,"d":{"token":"tu","properties":{"os":"Linux",)"
                          R"("browser":"Chrome","client_build_number":350000}}})");
    ASSERT_EQ(c.sent.size(), 2u);
    EXPECT_FALSE(c.frame(1)["d"].HasMember("required_action"));
    ASSERT_EQ(control("POST", "/strict", R"({"enabled":true,"threshold":2})").status, 200);
    EXPECT_EQ(
        as_user("POST", "/channels/20/messages", send("a"), {{"x-super-properties", "garbage!"}})
            .status,
        200);  // one flag: under the threshold
    const auto second =
        as_user("POST", "/channels/20/messages", send("b"), {{"user-agent", "DiscordBot (x)"}});
    EXPECT_EQ(second.status, 403);
    EXPECT_EQ(second.body,
              R"({"message":"You need to verify your account in order to perform this action.",)"
              R"("code":40002})");
    // HELLO, READY, the first message's MESSAGE_CREATE, then the lock's update.
    ASSERT_EQ(c.sent.size(), 4u);
    EXPECT_STREQ(c.frame(2)["t"].GetString(), "MESSAGE_CREATE");
    // Reads still work; actions do not.
    EXPECT_EQ(as_user("GET", "/users/@me").status, 200);
    EXPECT_EQ(as_user("POST", "/channels/20/typing").status, 403);
    // The update went to the session when the lock came.
    bool updated = false;
    for (std::size_t i = 0; i < c.sent.size(); ++i)
        if (c.frame(i)["t"].IsString() &&
            std::string(c.frame(i)["t"].GetString()) == "USER_REQUIRED_ACTION_UPDATE") {
            EXPECT_STREQ(c.frame(i)["d"]["required_action"].GetString(), "REQUIRE_VERIFIED_PHONE");
            updated = true;
        }
    EXPECT_TRUE(updated);
    // A new session's READY carries it.
    FakeConnection c2;
    const auto conn2 = gateway.on_open(c2, 9, false);
    gateway.on_text(conn2, R"({"op":2,"d":{"token":"tu","properties":{"os":"Linux",)"
                           R"("browser":"Chrome","client_build_number":350000}}})");
    EXPECT_STREQ(c2.frame(1)["d"]["required_action"].GetString(), "REQUIRE_VERIFIED_PHONE");
    // Cleared through the control API: null to the sessions, actions allowed again.
    ASSERT_EQ(control("POST", "/required_action", R"({"user_id":"1","action":null})").status, 200);
    EXPECT_TRUE(c2.frame(c2.sent.size() - 1)["d"]["required_action"].IsNull());
    ASSERT_EQ(control("POST", "/strict", R"({"enabled":false})").status, 200);
    EXPECT_EQ(as_user("POST", "/channels/20/typing").status, 204);
}

TEST_F(SaysNo, RequiredActionSetDirectly) {
    ASSERT_EQ(
        control("POST", "/required_action", R"({"user_id":"1","action":"REQUIRE_VERIFIED_EMAIL"})")
            .body,
        R"({"changed":true})");
    EXPECT_EQ(as_user("PUT", "/channels/20/messages/40/reactions/%F0%9F%91%8D/@me").status, 403);
    EXPECT_EQ(as_bot("POST", "/channels/20/typing").status, 204);
}

TEST_F(SaysNo, UserTokensGetPerRouteLimitsWithoutHeaders) {
    for (int i = 0; i < 5; ++i) {
        const auto r = as_user("POST", "/channels/20/messages", send("m"));
        ASSERT_EQ(r.status, 200);
        EXPECT_FALSE(has_ratelimit_headers(r));
    }
    now += 1000;
    const auto limited = as_user("POST", "/channels/20/messages", send("m"));
    ASSERT_EQ(limited.status, 429);
    EXPECT_EQ(header(limited, "Retry-After"), "4");
    EXPECT_EQ(header(limited, "X-RateLimit-Scope"), "user");
    EXPECT_EQ(header(limited, "Via"), "1.1 google");
    EXPECT_FALSE(has_ratelimit_headers(limited));
    const auto body = json(limited);
    EXPECT_DOUBLE_EQ(body["retry_after"].GetDouble(), 4.0);
    EXPECT_FALSE(body["global"].GetBool());
    // Another channel is another bucket; a bot is not limited.
    EXPECT_EQ(as_user("POST", "/channels/21/messages", send("m")).status, 200);
    for (int i = 0; i < 10; ++i)
        EXPECT_EQ(as_bot("POST", "/channels/20/messages", send("m")).status, 200);
    now += 4000;
    EXPECT_EQ(as_user("POST", "/channels/20/messages", send("m")).status, 200);
}

TEST_F(SaysNo, HeadersAndLimitsAreConfigurable) {
    const auto cfg =
        control("POST", "/ratelimits",
                R"({"user_headers":true,"routes":{"POST /channels/:id/typing":)"
                R"({"limit":1,"window_ms":1000},"POST /channels/:id/messages":null}})");
    ASSERT_EQ(cfg.status, 200);
    EXPECT_FALSE(json(cfg)["routes"].HasMember("POST /channels/:id/messages"));
    const auto typed = as_user("POST", "/channels/20/typing");
    EXPECT_EQ(typed.status, 204);
    EXPECT_EQ(header(typed, "X-RateLimit-Limit"), "1");
    EXPECT_EQ(header(typed, "X-RateLimit-Remaining"), "0");
    EXPECT_EQ(as_user("POST", "/channels/20/typing").status, 429);
    for (int i = 0; i < 8; ++i)
        EXPECT_EQ(as_user("POST", "/channels/20/messages", send("m")).status, 200);
    ASSERT_EQ(control("POST", "/ratelimits", R"({"per_route":false})").status, 200);
    EXPECT_EQ(as_user("POST", "/channels/20/typing").status, 204);
    ASSERT_EQ(control("POST", "/ratelimits", R"({"reset":true})").status, 200);
    EXPECT_TRUE(
        json(control("GET", "/ratelimits"))["routes"].HasMember("POST /channels/:id/messages"));
}

TEST_F(SaysNo, ReactionsAreOnePerQuarterSecondPerChannel) {
    const std::string path = "/channels/20/messages/40/reactions/%F0%9F%91%8D/@me";
    EXPECT_EQ(as_user("PUT", path).status, 204);
    EXPECT_EQ(as_user("PUT", "/channels/20/messages/40/reactions/x/@me").status, 429);
    now += 250;
    EXPECT_EQ(as_user("PUT", path).status, 204);
}

TEST_F(SaysNo, NewDmsAreLimitedReopeningIsNot) {
    ASSERT_EQ(control("POST", "/ratelimits",
                      R"({"routes":{"POST /users/@me/channels":{"limit":2,"window_ms":60000}}})")
                  .status,
              200);
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(as_user("POST", "/users/@me/channels", R"({"recipients":["2"]})").status, 200);
    EXPECT_EQ(as_user("POST", "/users/@me/channels", R"({"recipients":["3"]})").status, 200);
    EXPECT_EQ(as_user("POST", "/users/@me/channels", R"({"recipients":["4"]})").status, 200);
    EXPECT_EQ(as_user("POST", "/users/@me/channels", R"({"recipients":["5"]})").status, 429);
    // The bot body still works.
    EXPECT_EQ(as_bot("POST", "/users/@me/channels", R"({"recipient_id":"4"})").status, 200);
}

TEST_F(SaysNo, InvalidRequestsEarnACloudflareBanForEveryoneAtTheAddress) {
    ASSERT_EQ(
        control("POST", "/invalid_requests", R"({"threshold":3,"window_ms":60000,"ban_ms":10000})")
            .status,
        200);
    HttpRequest bad;
    bad.method = "GET";
    bad.path = "/api/v9/users/@me";
    bad.remote_address = "10.0.0.1";
    bad.headers["authorization"] = "wrong";
    for (int i = 0; i < 4; ++i) EXPECT_EQ(rest.handle(bad).status, 401);
    const auto banned = as_user("GET", "/users/@me");
    EXPECT_EQ(banned.status, 429);
    EXPECT_EQ(header(banned, "Retry-After"), "");
    EXPECT_EQ(header(banned, "Content-Type").rfind("text/html", 0), 0u);
    EXPECT_EQ(as_bot("GET", "/users/@me").status, 429) << "the bot shares the address";
    const auto state = json(control("GET", "/invalid_requests"));
    EXPECT_TRUE(state["addresses"][0]["banned"].GetBool());
    EXPECT_EQ(state["addresses"][0]["total"].GetInt(), 4);
    now += 10000;
    EXPECT_EQ(as_user("GET", "/users/@me").status, 200);
    // A shared-scope 429 does not count.
    ASSERT_EQ(control("POST", "/fault/rest",
                      R"({"count":10,"status":429,"scope":"shared","prefix":"/users"})")
                  .status,
              200);
    for (int i = 0; i < 10; ++i) EXPECT_EQ(as_user("GET", "/users/@me").status, 429);
    EXPECT_EQ(as_user("GET", "/users/@me").status, 200);
}

TEST_F(SaysNo, CaptchaChallengeThenSolvedRetry) {
    ASSERT_EQ(control("POST", "/captcha", R"({"routes":["POST /channels/:id/messages"]})").status,
              200);
    const auto c = as_user("POST", "/channels/20/messages", send("hi"));
    ASSERT_EQ(c.status, 400);
    const auto body = json(c);
    const std::string rqtoken = body["captcha_rqtoken"].GetString();
    EXPECT_TRUE(world.messages[20].size() == 1) << "nothing was sent";
    const auto solved =
        as_user("POST", "/channels/20/messages", send("hi"),
                {{"x-captcha-key", kCaptchaTestSolution}, {"x-captcha-rqtoken", rqtoken}});
    EXPECT_EQ(solved.status, 200);
    EXPECT_EQ(world.messages[20].size(), 2u);
}

TEST_F(SaysNo, ScheduledServerErrorsInTurn) {
    ASSERT_EQ(control("POST", "/fault/rest",
                      R"({"count":3,"statuses":[502,503,500],"method":"POST",)"
                      R"("route":"POST /channels/:id/messages"})")
                  .status,
              200);
    EXPECT_EQ(as_user("GET", "/channels/20/messages").status, 200) << "another route";
    const auto a = as_user("POST", "/channels/20/messages", send("x"));
    EXPECT_EQ(a.status, 502);
    EXPECT_EQ(header(a, "Content-Type").rfind("text/html", 0), 0u);
    EXPECT_NE(a.body.find("502"), std::string::npos);
    const auto b = as_user("POST", "/channels/21/messages", send("x"));
    EXPECT_EQ(b.status, 503);
    EXPECT_EQ(header(b, "Content-Type"), "text/plain");
    const auto c = as_user("POST", "/channels/20/messages", send("x"));
    EXPECT_EQ(c.status, 500);
    EXPECT_EQ(json(c)["code"].GetInt(), 0);
    EXPECT_EQ(as_user("POST", "/channels/20/messages", send("x")).status, 200);
}

TEST_F(SaysNo, ContentOverTwoThousandCodePointsIsRefused) {
    const std::string long_text(2001, 'a');
    const auto r = as_user("POST", "/channels/20/messages", send(long_text));
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(json(r)["code"].GetInt(), 50035);
    const auto e = as_user("PATCH", "/channels/20/messages/40", send(long_text));
    EXPECT_EQ(e.status, 400);
    EXPECT_STREQ(json(e)["errors"]["content"]["_errors"][0]["code"].GetString(),
                 "BASE_TYPE_MAX_LENGTH");
    std::string emoji;
    for (int i = 0; i < 2000; ++i) emoji += "\xC3\xA9";
    EXPECT_EQ(as_user("POST", "/channels/20/messages", send(emoji)).status, 200);
}

TEST_F(SaysNo, EnforcedNonceDedupsOnlyWithinTheWindow) {
    const std::string body = R"({"content":"n","nonce":"1234","enforce_nonce":true})";
    const auto first = json(as_user("POST", "/channels/20/messages", body));
    now += 10000;
    const auto again = json(as_user("POST", "/channels/20/messages", body));
    EXPECT_STREQ(first["id"].GetString(), again["id"].GetString());
    ASSERT_EQ(control("POST", "/nonce_window", R"({"ms":60000})").status, 200);
    now += 60000;
    const auto later = json(as_user("POST", "/channels/20/messages", body));
    EXPECT_STRNE(first["id"].GetString(), later["id"].GetString());
}

}  // namespace
}  // namespace cordgate::tests::emulator
