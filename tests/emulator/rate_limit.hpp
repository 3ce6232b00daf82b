#pragma once
// Per-route rate-limit buckets in Discord's style: a bucket is the route with its major
// parameter (channel, guild, webhook) kept and every other id folded away. Time is passed
// in, so the logic is testable without a clock.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

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
