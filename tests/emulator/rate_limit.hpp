#pragma once
// Per-route rate-limit buckets in Discord's style: a bucket is the route with its major
// parameter (channel, guild, webhook) kept and every other id folded away. Time is passed
// in, so the logic is testable without a clock.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace cordgate::tests::emulator {

struct RateLimitDecision {
    bool allowed = true;
    int limit = 0;
    int remaining = 0;
    std::uint64_t reset_after_ms = 0;
    std::string bucket;  // opaque hash, as Discord's X-RateLimit-Bucket
};

// `POST /channels/123/messages/456` -> `POST /channels/123/messages/:id`.
std::string route_bucket_key(std::string_view method, std::string_view path);
// Every id folded, the major one too: `POST /channels/123/messages` ->
// `POST /channels/:id/messages`. The name of a route in the control API.
std::string route_pattern(std::string_view method, std::string_view path);

struct RouteLimit {
    int limit = 5;
    std::uint64_t window_ms = 5000;
};

// Per-route limits as Discord enforces them on user tokens: a fixed window per account and
// bucket (route with its major id). The defaults are the documented or observed values
// (tests/emulator/README.md cites each); routes without an entry are not limited.
class RouteLimits {
  public:
    RouteLimits();  // the defaults
    void set(const std::string& pattern, std::optional<RouteLimit> limit);
    void reset_defaults();
    bool enabled = true;
    const std::map<std::string, RouteLimit>& table() const { return table_; }
    // nullopt: the route has no limit (or limits are off).
    std::optional<RateLimitDecision> check(std::uint64_t user_id, const std::string& pattern,
                                           const std::string& bucket_key, std::uint64_t now_ms);

  private:
    struct Window {
        std::uint64_t start_ms = 0;
        int used = 0;
    };
    std::map<std::string, RouteLimit> table_;
    std::map<std::pair<std::uint64_t, std::string>, Window> windows_;
};

class RateLimiter {
  public:
    void configure(bool enabled, int limit, std::uint64_t window_ms);
    bool enabled() const { return enabled_; }
    RateLimitDecision check(const std::string& key, std::uint64_t now_ms);

  private:
    struct Window {
        std::uint64_t start_ms = 0;
        int used = 0;
    };
    bool enabled_ = false;
    int limit_ = 5;
    std::uint64_t window_ms_ = 5000;
    std::map<std::string, Window> windows_;
};

}  // namespace cordgate::tests::emulator
