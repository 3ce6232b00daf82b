#pragma once
// Discord's invalid-request limit ("Cloudflare ban"): responses 401, 403 and 429 (except a 429
// of scope "shared", which Discord says does not count) are counted per client address; an
// address over `threshold` in `window_ms` is refused every REST request for `ban_ms`.
// Discord: 10,000 per 10 minutes (discord-userdoccers pages/topics/rate-limits.mdx, "Invalid
// Request Limit aka CloudFlare bans"). Time is passed in.

#include <tests/emulator/http_types.hpp>
#include <tests/emulator/json_out.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace cordgate::tests::emulator {

struct InvalidRequestPolicy {
    std::uint64_t threshold = 10000;
    std::uint64_t window_ms = 10 * 60 * 1000;
    // Discord documents the ban only as "temporary"; an hour unless a test says otherwise.
    std::uint64_t ban_ms = 60 * 60 * 1000;
};

class InvalidRequests {
  public:
    // Whether a response counts: 401, 403, 429 unless `rate_limit_scope` is "shared".
    static bool counts(int status, std::string_view rate_limit_scope);

    // The ban's answer when `address` is banned at `now_ms`.
    bool banned(const std::string& address, std::uint64_t now_ms) const;
    // Counts one invalid response; starts the ban when the count passes the threshold.
    void record(const std::string& address, std::uint64_t now_ms);

    void set_policy(InvalidRequestPolicy p) { policy_ = p; }
    const InvalidRequestPolicy& policy() const { return policy_; }
    void clear() { by_address_.clear(); }
    // {threshold, window_ms, ban_ms, addresses:[{address, count, banned, ban_remaining_ms,
    //  total}]}
    void write(JsonOut& j, std::uint64_t now_ms) const;

  private:
    struct Counter {
        std::uint64_t window_start_ms = 0;
        std::uint64_t count = 0;  // in the current window
        std::uint64_t total = 0;  // since the last clear
        std::uint64_t banned_until_ms = 0;
    };
    InvalidRequestPolicy policy_;
    std::map<std::string, Counter> by_address_;
};

// Cloudflare's "Error 1015 You are being rate limited" page: 429, text/html, no Retry-After
// and no JSON, which is how a client tells the ban from Discord's own 429.
HttpResponse cloudflare_ban_response();

}  // namespace cordgate::tests::emulator
