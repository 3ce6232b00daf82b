#include <adapters/discord/discord_metrics.hpp>
#include <adapters/discord/rest_pipeline.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <limits>

namespace cordgate::adapters::discord {
namespace {

std::string_view header(const HttpResponse& res, const char* name) {
    auto h = res.headers.find(name);
    return h == res.headers.end() ? std::string_view() : std::string_view(h->second);
}

}  // namespace

bool RetryPolicy::transient(int status) {
    return status == 500 || status == 502 || status == 503 || status == 504 || status == 507 ||
           (status >= 520 && status <= 524);
}

RestPipeline::RestPipeline(RestTransport& transport, RestGuards& guards, Clock clock,
                           RetryPolicy retry, RateLimiter::Paces paces)
    : transport_(transport),
      guards_(guards),
      clock_(std::move(clock)),
      retry_(retry),
      limiter_(std::move(paces)) {}

RestPipeline::~RestPipeline() {
    *alive_ = false;
}

RestPipeline::Ticket RestPipeline::submit(RestRequest request, Done done) {
    const Ticket ticket = next_ticket_++;
    limiter_.enqueue(request.route, ticket);
    jobs_.emplace(ticket, Job{std::move(request), std::move(done), 0, std::nullopt});
    return ticket;
}

void RestPipeline::pump() {
    if (jobs_.empty()) return;
    const Millis now = clock_();
    update_blocked(now);
    InvalidRequestBudget& budget = guards_.budget;
    if (budget.next_allowed(now) > now) return;
    std::size_t most = std::numeric_limits<std::size_t>::max();
    if (budget.count(now) >= budget.limits().limit * budget.limits().slow_from) most = 1;
    if (guards_.breaker.state() != BanBreaker::State::closed) {
        // Only the probe may go, once the cool-down is over, and only with a request ready.
        auto ready = limiter_.next_wakeup(now);
        if (!ready || *ready > now || !guards_.breaker.try_send(now)) return;
        most = 1;
    }
    for (Ticket ticket : limiter_.take_ready(now, most)) send(ticket, now);
}

void RestPipeline::send(Ticket ticket, Millis now) {
    auto it = jobs_.find(ticket);
    if (it == jobs_.end()) {
        limiter_.on_abandoned(ticket);
        return;
    }
    ++it->second.attempts;
    guards_.budget.on_sent(now);
    transport_.send(it->second.request, [this, alive = alive_, ticket](HttpResponse res) {
        if (*alive) on_response(ticket, std::move(res));
    });
}

void RestPipeline::update_blocked(Millis now) {
    if (!blocked_changed_) return;
    const BanBreaker& breaker = guards_.breaker;
    if (breaker.state() != BanBreaker::State::closed && !told_blocked_ && !jobs_.empty()) {
        told_blocked_ = true;
        blocked_changed_(breaker.open_until().value_or(now));
    } else if (breaker.state() == BanBreaker::State::closed && told_blocked_) {
        told_blocked_ = false;
        blocked_changed_(std::nullopt);
    }
}

bool RestPipeline::retry_later(Ticket ticket, Job& job, Millis now, std::optional<Millis> hinted) {
    if (!job.first_failure) job.first_failure = now;
    Millis delay = retry_.first_delay;
    for (int i = 1; i < job.attempts && delay < retry_.max_delay; ++i) delay *= 2;
    delay = std::min(delay, retry_.max_delay);
    if (hinted) delay = std::max(delay, *hinted);
    if (now + delay - *job.first_failure > retry_.give_up_after) return false;
    limiter_.hold(job.request.route, ticket, now + delay);
    return true;
}

void RestPipeline::on_response(Ticket ticket, HttpResponse res) {
    auto it = jobs_.find(ticket);
    if (it == jobs_.end()) return;
    Job& job = it->second;
    const Millis now = clock_();
    BanBreaker& breaker = guards_.breaker;
    if (guards_.metrics) guards_.metrics->answered(job.request.route, res.status);

    if (res.status == 0) {
        breaker.on_probe_lost();
        if (!res.permanent && retry_later(ticket, job, now, std::nullopt)) {
            spdlog::warn("discord: {} got no answer ({}), retrying (attempt {})", job.request.route,
                         res.error, job.attempts);
            return;
        }
        limiter_.on_abandoned(ticket);
        finish(ticket, std::move(res));
        return;
    }

    if (InvalidRequestBudget::counts(res.status, header(res, "x-ratelimit-scope"))) {
        guards_.budget.record(now);
        if (guards_.metrics) guards_.metrics->invalid_request();
        const int count = guards_.budget.count(now);
        if (count % 100 == 0 || count >= guards_.budget.limits().limit / 4) {
            spdlog::warn(
                "discord: {} invalid requests (401/403/429) in the last {} s, of {} "
                "that get this address restricted",
                count, guards_.budget.limits().window / 1000, guards_.budget.limits().limit);
        }
    }

    if (BanBreaker::is_ban(res.status, header(res, "content-type"),
                           !header(res, "retry-after").empty())) {
        const Millis until_before = breaker.open_until().value_or(0);
        breaker.on_ban(now);
        const Millis until = breaker.open_until().value_or(now);
        if (until != until_before)
            spdlog::error(
                "discord: Cloudflare restricts this address (HTTP 429 without a Discord "
                "rate limit), all requests paused for {} s (ban {})",
                (until - now + 999) / 1000, breaker.bans());
        --job.attempts;  // not processed: the next try is not a repeat
        limiter_.hold(job.request.route, ticket, until);
        update_blocked(now);
        return;
    }
    breaker.on_answer();
    update_blocked(now);

    auto lookup = [&res](const char* name) { return header(res, name); };
    RateLimitInfo info = rate_limit_info(res.status, lookup, res.body);
    if (limiter_.on_response(ticket, info, now)) {
        spdlog::warn("discord: rate limited on {} ({}), retrying in {} ms", job.request.route,
                     info.global ? "global" : "route", info.retry_after.value_or(0));
        return;
    }
    if (RetryPolicy::transient(res.status)) {
        std::optional<Millis> hinted;
        if (auto ra = parse_rate_limit(429, "", "", "", "", "", header(res, "retry-after"), "");
            !header(res, "retry-after").empty()) {
            hinted = ra.retry_after;
        }
        if (retry_later(ticket, job, now, hinted)) {
            spdlog::warn("discord: {} answered {}, retrying (attempt {})", job.request.route,
                         res.status, job.attempts);
            return;
        }
    }
    finish(ticket, std::move(res));
}

void RestPipeline::finish(Ticket ticket, HttpResponse res) {
    auto it = jobs_.find(ticket);
    if (it == jobs_.end()) return;
    Job job = std::move(it->second);
    jobs_.erase(it);
    job.done(RestOutcome{std::move(res), job.attempts});
}

std::vector<RestPipeline::Ticket> RestPipeline::abandon_all() {
    std::vector<Ticket> tickets;
    for (auto& [ticket, job] : jobs_) {
        tickets.push_back(ticket);
        limiter_.on_abandoned(ticket);
    }
    jobs_.clear();
    limiter_ = RateLimiter(limiter_.paces());
    return tickets;
}

}  // namespace cordgate::adapters::discord
