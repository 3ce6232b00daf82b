#pragma once
// Discord REST v9/v10 on top of the world: routing, auth, the request log that tests read
// back, injected 429/5xx faults and optional per-bucket rate limits.

#include <tests/emulator/captcha.hpp>
#include <tests/emulator/http_types.hpp>
#include <tests/emulator/invalid_requests.hpp>
#include <tests/emulator/operations.hpp>
#include <tests/emulator/rate_limit.hpp>

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

namespace cordgate::tests::emulator {

struct LoggedRequest {
    std::uint64_t seq = 0;
    std::string method;
    std::string path;
    std::string query;
    std::string body;                // the JSON body (payload_json for multipart), "" if none
    std::vector<std::string> files;  // filenames of uploaded parts
    std::uint64_t user_id = 0;
    std::uint64_t t_ns = 0;   // CLOCK_REALTIME on arrival: the x2d bench's latency end point
    std::string auth_scheme;  // "Bot", "Bearer", "raw" or "" (never the token itself)
    std::string content_type;
    std::string user_agent;
    std::string super_properties;  // X-Super-Properties as sent (base64), "" if none
    int status = 0;
};

// The next `count` requests whose path starts with `prefix` (and, when given, whose method
// is `method` and route_pattern() is `route`) get `status`, or the `statuses` in turn.
struct RestFault {
    int count = 1;
    int status = 429;
    std::vector<int> statuses;  // cycled when not empty; `status` otherwise
    std::string prefix;
    std::string method;
    std::string route;
    double retry_after = 0.1;
    bool global = false;
    std::string scope;  // X-RateLimit-Scope of a 429: "" = "global" or "user"
    std::string body;   // 5xx body: "json", "html", "text" or "" (what Discord's edge sends)
    int served = 0;
};

// A 429 as Discord sends it: JSON {message, retry_after, global}, Retry-After in whole
// seconds rounded up, X-RateLimit-Scope, X-RateLimit-Global when global, Via (discord.py
// treats a 429 without Via as a Cloudflare ban).
HttpResponse rate_limited_response(double retry_after, bool global, const std::string& scope);
// A 5xx: Discord's JSON for 500, Cloudflare's HTML page for 502, 504 and 520-524, the edge
// proxy's plain text for 503; `kind` ("json", "html", "text") overrides.
HttpResponse server_error_response(int status, const std::string& kind);

struct Clock {
    std::function<std::uint64_t()> steady_ms;  // for rate-limit windows
    std::function<std::uint64_t()> unix_ms;    // for the X-RateLimit-Reset header only
    // Wall clock in ns, comparable across processes on one host: the e2e bench's latency
    // stamps (request receive times, flood send times).
    std::function<std::uint64_t()> unix_ns;
};

class RestRouter {
  public:
    RestRouter(World& world, Operations& ops, Clock clock, std::string gateway_url);

    // `req.path` is the full path, starting with /api.
    HttpResponse handle(const HttpRequest& req);

    void add_fault(RestFault f) { faults_.push_back(std::move(f)); }
    void clear_faults() { faults_.clear(); }
    RateLimiter& rate_limiter() { return limiter_; }
    RouteLimits& route_limits() { return route_limits_; }
    // X-RateLimit-* on a user token's successful replies: off, as Discord mostly serves users.
    void set_user_ratelimit_headers(bool on) { user_ratelimit_headers_ = on; }
    bool user_ratelimit_headers() const { return user_ratelimit_headers_; }
    InvalidRequests& invalid_requests() { return invalid_; }
    CaptchaGate& captcha() { return captcha_; }
    const std::deque<LoggedRequest>& log() const { return log_; }

  private:
    HttpResponse serve(const HttpRequest& req, LoggedRequest& entry);
    bool has_dm(std::uint64_t user_id, std::uint64_t recipient_id) const;
    HttpResponse route(const HttpRequest& req, const std::string& path, User& me,
                       LoggedRequest& entry);
    HttpResponse post_message(const HttpRequest& req, std::uint64_t channel_id, User& me,
                              LoggedRequest& entry);
    HttpResponse history(const HttpRequest& req, std::uint64_t channel_id, User& me);
    std::optional<HttpResponse> injected_fault(const std::string& method, const std::string& path);
    // The route's per-user limit: a 429 to answer, or the decision for the success headers.
    std::optional<HttpResponse> route_limit(User& me, const std::string& method,
                                            const std::string& path,
                                            std::optional<RateLimitDecision>& decision);

    World& world_;
    Operations& ops_;
    Clock clock_;
    std::string gateway_url_;
    RateLimiter limiter_;
    RouteLimits route_limits_;
    bool user_ratelimit_headers_ = false;
    InvalidRequests invalid_;
    CaptchaGate captcha_;
    std::deque<RestFault> faults_;
    std::deque<LoggedRequest> log_;
    std::uint64_t next_seq_ = 1;
};

HttpResponse api_error(int status, int code, const std::string& message);

}  // namespace cordgate::tests::emulator
