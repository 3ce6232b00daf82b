// The REST pipeline with a fake transport and a fake clock: header-less paces, the Cloudflare
// ban breaker, 5xx retries, the invalid-request budget, and the client profile's headers.

#include <adapters/discord/ban_breaker.hpp>
#include <adapters/discord/client_profile.hpp>
#include <adapters/discord/discord_metrics.hpp>
#include <adapters/discord/encodings.hpp>
#include <adapters/discord/invalid_request_budget.hpp>
#include <adapters/discord/rest_pipeline.hpp>
#include <adapters/discord/route_pace.hpp>

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <deque>

namespace cordgate::adapters::discord {
namespace {

// A Discord that answers every request at once, with what `answer` says, and counts.
struct FakeDiscord : RestTransport {
    Millis* now;
    std::function<HttpResponse(const RestRequest&)> answer;
    std::vector<std::pair<Millis, std::string>> sent;  // (time, route)
    std::deque<std::function<void()>> replies;         // answers are delivered by deliver()

    explicit FakeDiscord(Millis* clock) : now(clock) {}
    void send(const RestRequest& r, std::function<void(HttpResponse)> done) override {
        sent.emplace_back(*now, r.route);
        HttpResponse res = answer(r);
        replies.push_back([done = std::move(done), res = std::move(res)] { done(res); });
    }
    void deliver() {
        while (!replies.empty()) {
            auto f = std::move(replies.front());
            replies.pop_front();
            f();
        }
    }
};

HttpResponse status(int code, std::string content_type = "application/json",
                    std::string body = "{}") {
    HttpResponse r;
    r.status = code;
    r.headers["content-type"] = std::move(content_type);
    r.body = std::move(body);
    return r;
}

RestRequest message(int channel) {
    std::string path = "/channels/" + std::to_string(channel) + "/messages";
    return RestRequest{"POST", path, "POST " + path, "{}", "application/json"};
}

struct PipelineTest : ::testing::Test {
    Millis now = 0;
    FakeDiscord discord{&now};
    RestGuards guards;
    std::unique_ptr<RestPipeline> pipeline;
    std::vector<RestOutcome> outcomes;

    void make(RetryPolicy retry = {}) {
        pipeline = std::make_unique<RestPipeline>(
            discord, guards, [this] { return now; }, retry, default_pace);
    }
    void submit(RestRequest r) {
        pipeline->submit(std::move(r), [this](RestOutcome o) { outcomes.push_back(std::move(o)); });
    }
    // Runs the loop in 10 ms ticks, as the service does.
    void run_until(Millis end) {
        for (; now <= end; now += 10) {
            pipeline->pump();
            discord.deliver();
        }
    }
};

TEST(RoutePace, TemplatesKeepTheRouteShapeAndKnowTheMessageLimit) {
    EXPECT_EQ(route_template("POST /channels/42/messages"), "POST /channels/:channel/messages");
    EXPECT_EQ(route_template("PUT /channels/42/messages/:id/reactions/:emoji/@me"),
              "PUT /channels/:channel/messages/:id/reactions/:emoji/@me");
    EXPECT_EQ(default_pace("POST /channels/42/messages"), (RoutePace{5, 5000}));
    EXPECT_EQ(default_pace("PUT /channels/1/messages/:id/reactions/:emoji/@me"),
              (RoutePace{1, 250}));
    EXPECT_FALSE(default_pace("GET /gateway").has_value());
    EXPECT_EQ(default_pace("POST /users/@me/channels"), (RoutePace{10, 600000}));
}

// Discord's limit for message creation: 5 per 5 s per channel, no headers on success.
HttpResponse discord_limit(std::map<std::string, std::deque<Millis>>& windows, Millis now,
                           const RestRequest& r) {
    auto& w = windows[r.route];
    while (!w.empty() && w.front() <= now - 5000) w.pop_front();
    if (w.size() >= 5) {
        HttpResponse limited =
            status(429, "application/json",
                   R"({"message":"You are being rate limited.","retry_after":1.0,"global":false})");
        limited.headers["retry-after"] = "1";
        return limited;
    }
    w.push_back(now);
    return status(200);
}

TEST_F(PipelineTest, AThousandMessagesWithoutHeadersMeetNo429AtTheDocumentedPace) {
    make();
    std::map<std::string, std::deque<Millis>> windows;
    int limited = 0;
    discord.answer = [&](const RestRequest& r) {
        HttpResponse res = discord_limit(windows, now, r);
        limited += res.status == 429;
        return res;
    };
    for (int i = 0; i < 1000; ++i) submit(message(1 + i % 4));
    run_until(300 * 1000);
    EXPECT_EQ(limited, 0);
    EXPECT_EQ(outcomes.size(), 1000u);
    EXPECT_EQ(guards.budget.total(), 0);
    // And not much slower than the limit allows: 250 per channel at 5 per 5 s is 250 s; the
    // margin for latency costs a tenth.
    EXPECT_LE(discord.sent.back().first, 276 * 1000);
}

TEST_F(PipelineTest, LatencyThatVariesDoesNotPushARequestIntoTheWindowBefore) {
    // Discord counts on arrival. Every third request takes 200 ms longer to arrive: when one
    // of them is the first of a window and the request a window later is quick, the two
    // arrive less than a window apart.
    make();
    std::map<std::string, std::deque<Millis>> windows;
    int limited = 0, k = 0;
    discord.answer = [&](const RestRequest& r) {
        const Millis arrival = now + (k++ % 3 == 0 ? 200 : 0);
        HttpResponse res = discord_limit(windows, arrival, r);
        limited += res.status == 429;
        return res;
    };
    for (int i = 0; i < 200; ++i) submit(message(1));
    run_until(250 * 1000);
    EXPECT_EQ(outcomes.size(), 200u);
    EXPECT_EQ(limited, 0);
}

TEST_F(PipelineTest, WithoutPacesTheSameFlowIsLimitedByDiscord) {
    pipeline = std::make_unique<RestPipeline>(discord, guards, [this] { return now; });
    std::map<std::string, std::deque<Millis>> windows;
    int limited = 0;
    discord.answer = [&](const RestRequest& r) {
        HttpResponse res = discord_limit(windows, now, r);
        limited += res.status == 429;
        return res;
    };
    for (int i = 0; i < 50; ++i) submit(message(1));
    run_until(60 * 1000);
    EXPECT_GT(limited, 0);  // the A side of the A/B: the pace is what avoids them
    EXPECT_EQ(outcomes.size(), 50u);
}

TEST_F(PipelineTest, ACloudflareBanStopsEveryRequestThenOneProbeResumes) {
    make();
    bool banned = true;
    discord.answer = [&](const RestRequest&) {
        if (banned) return status(429, "text/html", "<html>Error 1015</html>");
        return status(200);
    };
    std::vector<std::optional<Millis>> told;
    pipeline->on_blocked_changed([&](std::optional<Millis> until) { told.push_back(until); });
    for (int i = 0; i < 20; ++i) submit(message(1 + i));
    run_until(59 * 1000);
    // Only what went before the first ban came back: one request per route at most, and no
    // more once the breaker was open.
    const std::size_t during = discord.sent.size();
    EXPECT_LE(during, 20u);
    EXPECT_EQ(guards.breaker.state(), BanBreaker::State::open);
    ASSERT_EQ(told.size(), 1u);  // told once
    ASSERT_TRUE(told[0].has_value());
    run_until(61 * 1000);  // the probe goes, is banned again: the cool-down doubles
    EXPECT_EQ(discord.sent.size(), during + 1);
    EXPECT_EQ(guards.breaker.bans(), 2);
    banned = false;
    run_until(200 * 1000);
    EXPECT_EQ(outcomes.size(), 20u);  // nothing lost
    for (const auto& o : outcomes) EXPECT_TRUE(o.ok());
    EXPECT_EQ(guards.breaker.state(), BanBreaker::State::closed);
    ASSERT_EQ(told.size(), 2u);
    EXPECT_FALSE(told[1].has_value());  // and told when it lifted
    // The ban cost what was in flight, plus one probe per cool-down.
    EXPECT_LE(discord.sent.size(), during + 1 + 20);
}

TEST_F(PipelineTest, ServerErrorsAreRetriedWithBackoffInOrder) {
    make();
    int failures = 2;
    discord.answer = [&](const RestRequest& r) {
        if (r.body == "first" && failures-- > 0) return status(502, "text/html", "<html>");
        return status(200);
    };
    RestRequest first = message(1);
    first.body = "first";
    submit(first);
    submit(message(1));
    run_until(10 * 1000);
    ASSERT_EQ(discord.sent.size(), 4u);
    EXPECT_GE(discord.sent[1].first - discord.sent[0].first, 1000);  // backoff 1 s
    EXPECT_GE(discord.sent[2].first - discord.sent[1].first, 2000);  // then 2 s
    ASSERT_EQ(outcomes.size(), 2u);
    EXPECT_EQ(outcomes[0].attempts, 3);  // the first message, still first
    EXPECT_TRUE(outcomes[0].ok());
}

TEST_F(PipelineTest, RetriesEndAfterTheBoundWithTheLastAnswer) {
    RetryPolicy retry;
    retry.give_up_after = 5000;
    make(retry);
    discord.answer = [&](const RestRequest&) { return status(503, "text/plain", "down"); };
    submit(message(1));
    run_until(30 * 1000);
    ASSERT_EQ(outcomes.size(), 1u);
    EXPECT_EQ(outcomes[0].response.status, 503);
    EXPECT_LE(discord.sent.size(), 4u);
}

HttpResponse no_answer(bool permanent) {
    HttpResponse r;
    r.error = permanent ? "certificate verify failed" : "connection reset by peer";
    r.permanent = permanent;
    return r;
}

TEST_F(PipelineTest, AResetConnectionIsRetriedButAnUntrustedCertificateIsNot) {
    make();
    int resets = 1;
    discord.answer = [&](const RestRequest& r) {
        if (r.body == "tls") return no_answer(true);
        return resets-- > 0 ? no_answer(false) : status(200);
    };
    submit(message(1));
    RestRequest refused = message(2);
    refused.body = "tls";
    submit(refused);
    run_until(5 * 1000);
    ASSERT_EQ(outcomes.size(), 2u);
    // The refused certificate ends at once; the reset is retried a second later and succeeds.
    EXPECT_EQ(outcomes[0].response.status, 0);
    EXPECT_EQ(outcomes[0].attempts, 1);
    EXPECT_TRUE(outcomes[1].ok());
    EXPECT_EQ(outcomes[1].attempts, 2);
}

TEST(InvalidRequestBudget, SlowsDownWellBeforeTheLimitAndStopsShortOfIt) {
    InvalidRequestBudget budget({100, 600000, 0.25, 0.75});
    EXPECT_TRUE(InvalidRequestBudget::counts(401, ""));
    EXPECT_TRUE(InvalidRequestBudget::counts(429, "user"));
    EXPECT_FALSE(InvalidRequestBudget::counts(429, "shared"));
    EXPECT_FALSE(InvalidRequestBudget::counts(404, ""));
    Millis now = 0;
    for (int i = 0; i < 24; ++i) budget.record(now);
    EXPECT_EQ(budget.next_allowed(now), now);  // below a quarter: free
    budget.record(now);
    budget.on_sent(now);
    EXPECT_GT(budget.next_allowed(now), now);  // from a quarter: spaced
    for (int i = 0; i < 50; ++i) budget.record(now);
    EXPECT_EQ(budget.count(now), 75);
    EXPECT_EQ(budget.next_allowed(now + 1000), 601000);  // at three quarters: until they age out
    EXPECT_EQ(budget.count(601000), 0);
}

TEST(BanBreaker, TellsCloudflareFromDiscord) {
    EXPECT_TRUE(BanBreaker::is_ban(429, "text/html; charset=UTF-8", false));
    EXPECT_TRUE(BanBreaker::is_ban(429, "application/json", false));
    EXPECT_FALSE(BanBreaker::is_ban(429, "application/json", true));
    EXPECT_FALSE(BanBreaker::is_ban(503, "text/html", false));
}

TEST(ClientProfile, AUserLooksLikeTheWebClientAndABotLikeABot) {
    ClientProfileConfig c;
    c.client_build_number = 123456;
    const ClientProfile user = ClientProfile::for_user(c);
    EXPECT_EQ(user.api_version(), 9);
    std::map<std::string, std::string> h(user.rest_headers().begin(), user.rest_headers().end());
    EXPECT_EQ(h["User-Agent"].rfind("Mozilla/5.0", 0), 0u);
    EXPECT_EQ(h["X-Super-Properties"], base64(user.properties_json()));
    EXPECT_EQ(h["Origin"], "https://discord.com");
    EXPECT_FALSE(h["X-Discord-Locale"].empty());
    EXPECT_FALSE(h["X-Discord-Timezone"].empty());
    rapidjson::Document props;
    props.Parse(user.properties_json().c_str());
    ASSERT_TRUE(props.IsObject());
    EXPECT_STREQ(props["browser"].GetString(), "Chrome");
    EXPECT_EQ(props["client_build_number"].GetInt64(), 123456);
    EXPECT_STREQ(props["browser_user_agent"].GetString(), h["User-Agent"].c_str());

    const ClientProfile bot = ClientProfile::for_bot();
    EXPECT_EQ(bot.api_version(), 10);
    EXPECT_EQ(bot.user_agent().rfind("DiscordBot", 0), 0u);
}

}  // namespace
}  // namespace cordgate::adapters::discord

namespace cordgate::adapters::discord {
namespace {

// Every answer is counted by route template and status, 429s and invalid requests besides; no
// label carries a channel id.
TEST_F(PipelineTest, EveryAnswerIsCountedByRouteTemplateAndStatus) {
    metrics::Registry registry;
    RestMetrics counted(registry);
    guards.metrics = &counted;
    make();
    int calls = 0;
    discord.answer = [&](const RestRequest&) {
        if (++calls == 1) {
            HttpResponse limited = status(
                429, "application/json",
                R"({"message":"You are being rate limited.","retry_after":0.05,"global":false})");
            limited.headers["retry-after"] = "0.05";
            return limited;
        }
        return status(calls == 4 ? 403 : 200);
    };
    submit(message(1111111));
    submit(message(2222222));
    submit(message(1111111));
    run_until(20 * 1000);
    ASSERT_EQ(outcomes.size(), 3u);
    const std::string text = registry.text();
    EXPECT_NE(text.find("cordgate_discord_rest_requests_total{route=\"POST "
                        "/channels/:channel/messages\",status=\"429\"} 1\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("cordgate_discord_rest_requests_total{route=\"POST "
                        "/channels/:channel/messages\",status=\"200\"} 2\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("cordgate_discord_rest_requests_total{route=\"POST "
                        "/channels/:channel/messages\",status=\"403\"} 1\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("cordgate_discord_rest_rate_limited_total 1\n"), std::string::npos);
    EXPECT_NE(text.find("cordgate_discord_invalid_requests_total 2\n"), std::string::npos);
    EXPECT_EQ(text.find("1111111"), std::string::npos);
}

TEST(RouteLabel, IdsLeftInARouteBecomePlaceholders) {
    EXPECT_EQ(route_label("POST /channels/42/messages"), "POST /channels/:channel/messages");
    EXPECT_EQ(route_label("GET /guilds/7/members"), "GET /guilds/:guild/members");
    EXPECT_EQ(route_label("PUT /users/@me/relationships/123456"),
              "PUT /users/@me/relationships/:id");
    EXPECT_EQ(route_label("GET /gateway"), "GET /gateway");
}

}  // namespace
}  // namespace cordgate::adapters::discord
