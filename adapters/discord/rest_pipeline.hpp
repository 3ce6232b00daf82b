#pragma once
// One session's way to Discord's REST API: every request waits its turn in the rate limiter,
// passes the deployment's guards (the invalid-request budget and the Cloudflare ban breaker),
// goes out through a transport, and comes back as exactly one outcome:
//
// - a 429 from Discord puts the request back at the head of its route (RateLimiter);
// - a Cloudflare ban opens the breaker for every session; the request waits, it is not lost;
// - a 5xx or a transport error is retried with exponential backoff for a bounded time, holding
//   the route so later requests on it do not overtake it (a message sent twice is harmless:
//   Discord drops the repeat by its nonce);
// - anything else, and the end of the retries, is the final outcome.
//
// The transport and the clock are seams: tests drive the pipeline with a fake of each.

#include <adapters/discord/ban_breaker.hpp>
#include <adapters/discord/invalid_request_budget.hpp>
#include <adapters/discord/io.hpp>
#include <adapters/discord/rate_limiter.hpp>
#include <adapters/discord/rest_request.hpp>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace cordgate::adapters::discord {

// Sends one request and calls `done` once with the answer (status 0: none, error says why).
class RestTransport {
  public:
    virtual ~RestTransport() = default;
    virtual void send(const RestRequest& request, std::function<void(HttpResponse)> done) = 0;
};

class RestMetrics;

// What every session of the deployment shares: Discord and Cloudflare count per address.
struct RestGuards {
    InvalidRequestBudget budget;
    BanBreaker breaker;
    RestMetrics* metrics = nullptr;  // every answer is counted there; none: not counted
};

struct RetryPolicy {
    Millis first_delay = 1000;
    Millis max_delay = 30000;
    Millis give_up_after = 120000;  // from the first failure of a request

    // 500, 502, 503, 504, 507 and Cloudflare's 520-524: Discord did not process the request.
    static bool transient(int status);
};

struct RestOutcome {
    HttpResponse response;  // the final answer; status 0 when there was none
    int attempts = 0;
    bool ok() const { return response.status >= 200 && response.status < 300; }
};

class RestPipeline {
  public:
    using Ticket = RateLimiter::Ticket;
    using Done = std::function<void(RestOutcome)>;
    using Clock = std::function<Millis()>;  // monotonic milliseconds
    // A ban began (`until` is when the breaker lets a probe through) or ended (nullopt) while
    // this session had requests waiting: told once per ban, so the user hears it once.
    using BlockedChanged = std::function<void(std::optional<Millis> until)>;

    RestPipeline(RestTransport& transport, RestGuards& guards, Clock clock, RetryPolicy retry = {},
                 RateLimiter::Paces paces = nullptr);
    ~RestPipeline();
    RestPipeline(const RestPipeline&) = delete;
    RestPipeline& operator=(const RestPipeline&) = delete;

    void on_blocked_changed(BlockedChanged callback) { blocked_changed_ = std::move(callback); }

    // Queues the request; `done` is called once, from pump() or from the transport's callback
    // (never from within submit()).
    Ticket submit(RestRequest request, Done done);
    // Sends what may go now.
    void pump();
    // Drops every request, waiting or in flight, without calling their `done`; returns their
    // tickets so the owner can report what they were for.
    std::vector<Ticket> abandon_all();

    std::size_t pending() const { return jobs_.size(); }
    const RateLimiter& limiter() const { return limiter_; }

  private:
    struct Job {
        RestRequest request;
        Done done;
        int attempts = 0;
        std::optional<Millis> first_failure;
    };

    void send(Ticket ticket, Millis now);
    void on_response(Ticket ticket, HttpResponse res);
    // Retries after a 5xx or transport error; false when the retry time is used up.
    bool retry_later(Ticket ticket, Job& job, Millis now, std::optional<Millis> hinted);
    void finish(Ticket ticket, HttpResponse res);
    void update_blocked(Millis now);

    RestTransport& transport_;
    RestGuards& guards_;
    Clock clock_;
    RetryPolicy retry_;
    RateLimiter limiter_;
    std::map<Ticket, Job> jobs_;
    Ticket next_ticket_ = 1;
    BlockedChanged blocked_changed_;
    bool told_blocked_ = false;  // told of the current ban (once, until it lifts)
    // Callbacks from the transport check it: the pipeline may be gone when one arrives.
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace cordgate::adapters::discord
