#pragma once
// Discord REST rate limits as a pure scheduler: requests wait in a queue per route (method +
// path with the major parameter kept), a route has at most one request in flight, so the
// bucket state learnt from the last response is exact before the next one goes, and requests
// on one channel keep their order. Nothing is dropped: a 429 puts the request back at the head
// of its queue until retry_after has passed.
//
// Buckets: X-RateLimit-Bucket names the bucket a route belongs to; routes sharing a hash (and
// the same major parameter) share Limit/Remaining/Reset-After. A known bucket with nothing
// remaining holds its queues until the reset. A global 429 holds everything.
//
// Routes Discord has sent no headers for (a user token's usual case) are paced ahead by the
// assumed limits of route_pace.hpp; a 429 on such a route lowers its assumed limit to what was
// actually let through in the window.
//
// Time is passed in as milliseconds on a monotonic clock; the class never reads a clock.

#include <adapters/discord/route_pace.hpp>

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cordgate::adapters::discord {

// What a response says about rate limits, from its headers and (for a 429) its body.
struct RateLimitInfo {
    int status = 200;
    std::optional<int> limit;
    std::optional<int> remaining;
    std::optional<Millis> reset_after;  // X-RateLimit-Reset-After, rounded up to ms
    std::optional<std::string> bucket;
    bool global = false;                // X-RateLimit-Global or the body's "global"
    std::optional<Millis> retry_after;  // body retry_after (seconds, float), else Retry-After
};

// Header names are matched case-insensitively; `header` returns "" when absent.
template <class HeaderLookup>
RateLimitInfo rate_limit_info(int status, HeaderLookup&& header, std::string_view body);
RateLimitInfo parse_rate_limit(int status, std::string_view limit, std::string_view remaining,
                               std::string_view reset_after, std::string_view bucket,
                               std::string_view global, std::string_view retry_after_header,
                               std::string_view body);

// The major parameter of a route ("POST /channels/42/messages" -> "42"), "" when none.
std::string major_parameter(std::string_view route);

class RateLimiter {
  public:
    using Ticket = std::uint64_t;
    // The assumed pace of a route Discord sent no headers for; nullptr or nullopt: none.
    using Paces = std::function<std::optional<RoutePace>(std::string_view route)>;

    explicit RateLimiter(Paces paces = nullptr) : paces_(std::move(paces)) {}

    void enqueue(const std::string& route, Ticket ticket);

    // The tickets that may be sent now, in ticket order (callers number them in arrival order),
    // at most `most` of them; each is then in flight.
    std::vector<Ticket> take_ready(Millis now, std::size_t most = SIZE_MAX);

    // Puts a ticket (in flight or answered) back at the head of its route, which sends nothing
    // before `until`: a retry after a server error, or a wait for a ban to lift.
    void hold(const std::string& route, Ticket ticket, Millis until);

    // Records the response of an in-flight ticket. Returns true when it was rate limited (429):
    // the ticket is back at the head of its queue and will come out of take_ready() again.
    bool on_response(Ticket ticket, const RateLimitInfo& info, Millis now);

    // The request failed without a response (connection lost): the ticket leaves the limiter,
    // its route is free again.
    void on_abandoned(Ticket ticket);

    // When take_ready() may next return something; nullopt when nothing waits.
    std::optional<Millis> next_wakeup(Millis now) const;

    std::size_t waiting() const;
    std::size_t in_flight() const { return in_flight_.size(); }
    const Paces& paces() const { return paces_; }
    // The pace currently assumed for a route without headers (after what 429s taught).
    std::optional<RoutePace> assumed_pace(const std::string& route) const;

  private:
    struct Queue {
        std::deque<Ticket> waiting;
        bool busy = false;
        Millis blocked_until = 0;  // after a 429 on a bucket not (yet) known
    };
    struct Bucket {
        int limit = 1;
        int remaining = 1;
        Millis reset_at = 0;
    };

    // Send times of a route paced ahead, newest last; at most `pace.limit` kept.
    struct Paced {
        RoutePace pace;
        std::deque<Millis> sent;
        std::optional<Millis> lowered_until;  // set when a 429 lowered `pace`
    };
    static constexpr Millis kLoweredPaceLifetime = 60'000;

    std::string bucket_key(const std::string& route) const;
    std::optional<Millis> ready_at(const std::string& route, const Queue& q, Millis now) const;
    Paced* paced(const std::string& route, Millis now);
    void forget_idle_paces(Millis now);

    Paces paces_;
    std::map<std::string, Paced> paced_;  // route -> its pace, while Discord sends no headers

    std::map<std::string, Queue> queues_;
    std::map<std::string, std::string> route_bucket_;  // route -> X-RateLimit-Bucket hash
    std::map<std::string, Bucket> buckets_;            // hash + major -> state
    std::map<Ticket, std::string> in_flight_;          // ticket -> route
    Millis global_until_ = 0;
};

template <class HeaderLookup>
RateLimitInfo rate_limit_info(int status, HeaderLookup&& header, std::string_view body) {
    return parse_rate_limit(status, header("x-ratelimit-limit"), header("x-ratelimit-remaining"),
                            header("x-ratelimit-reset-after"), header("x-ratelimit-bucket"),
                            header("x-ratelimit-global"), header("retry-after"), body);
}

}  // namespace cordgate::adapters::discord
