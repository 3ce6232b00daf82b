#pragma once
// Discord's invalid-request limit, counted for the whole deployment. Cloudflare counts the
// responses 401, 403 and 429 per IP address: 10,000 within 10 minutes restricts the address
// for every user behind it (discord-userdoccers topics/rate-limits, "Invalid Request Limit aka
// CloudFlare bans"). A 429 with X-RateLimit-Scope "shared" is not counted (the docs of the bot
// API say so; it is another account's limit).
//
// The budget slows requests down well before the limit: below `slow_from` of it nothing waits;
// from there requests are spaced so that even if every one of them were invalid the count would
// not pass `stop_at` of the limit within the window; at `stop_at` nothing goes until old
// invalid requests have aged out of the window. Time is passed in; nothing reads a clock.

#include <cstdint>
#include <deque>
#include <string_view>
#include <utility>

namespace cordgate::adapters::discord {

using Millis = std::int64_t;

class InvalidRequestBudget {
  public:
    struct Limits {
        int limit = 10000;
        Millis window = 10 * 60 * 1000;
        double slow_from = 0.25;
        double stop_at = 0.75;
    };

    InvalidRequestBudget() : InvalidRequestBudget(Limits{}) {}
    explicit InvalidRequestBudget(Limits limits) : limits_(limits) {}

    // Whether a response with this status (and X-RateLimit-Scope) counts against the limit.
    static bool counts(int status, std::string_view scope);

    void record(Millis now);
    // Invalid requests within the window ending at `now`.
    int count(Millis now);
    // The earliest time the next request may go (`now` when it may go at once).
    Millis next_allowed(Millis now);
    // Call when a request was sent, so that the spacing applies to the one after it.
    void on_sent(Millis now) { last_sent_ = now; }

    const Limits& limits() const { return limits_; }
    int total() const { return total_; }

  private:
    void expire(Millis now);

    Limits limits_;
    // (second, invalid requests in it), oldest first: at most window/1000 entries.
    std::deque<std::pair<Millis, int>> per_second_;
    int in_window_ = 0;
    int total_ = 0;
    Millis last_sent_ = -1;
};

}  // namespace cordgate::adapters::discord
