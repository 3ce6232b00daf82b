#include <adapters/discord/rate_limiter.hpp>

#include <rapidjson/document.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace cordgate::adapters::discord {
namespace {

std::optional<int> to_int(std::string_view s) {
    int v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return v;
}

// Seconds as Discord writes them ("1.234") to whole milliseconds, rounded up so we never go
// early.
std::optional<Millis> seconds_to_ms(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0 || seconds > 86400.0 * 7) return std::nullopt;
    return static_cast<Millis>(std::ceil(seconds * 1000.0));
}

std::optional<Millis> parse_seconds(std::string_view s) {
    if (s.empty()) return std::nullopt;
    std::string copy(s);
    char* end = nullptr;
    double v = std::strtod(copy.c_str(), &end);
    if (end != copy.c_str() + copy.size()) return std::nullopt;
    return seconds_to_ms(v);
}

}  // namespace

RateLimitInfo parse_rate_limit(int status, std::string_view limit, std::string_view remaining,
                               std::string_view reset_after, std::string_view bucket,
                               std::string_view global, std::string_view retry_after_header,
                               std::string_view body) {
    RateLimitInfo info;
    info.status = status;
    info.limit = to_int(limit);
    info.remaining = to_int(remaining);
    info.reset_after = parse_seconds(reset_after);
    if (!bucket.empty()) info.bucket = std::string(bucket);
    info.global = global == "true";
    if (status == 429) {
        rapidjson::Document doc;
        doc.Parse(body.data(), body.size());
        if (!doc.HasParseError() && doc.IsObject()) {
            auto ra = doc.FindMember("retry_after");
            if (ra != doc.MemberEnd() && ra->value.IsNumber()) {
                info.retry_after = seconds_to_ms(ra->value.GetDouble());
            }
            auto g = doc.FindMember("global");
            if (g != doc.MemberEnd() && g->value.IsBool() && g->value.GetBool()) info.global = true;
        }
        // The body is more precise (milliseconds); the header is whole seconds.
        if (!info.retry_after) info.retry_after = parse_seconds(retry_after_header);
        // A 429 without any hint: wait a second rather than hammer.
        if (!info.retry_after) info.retry_after = 1000;
    }
    return info;
}

std::string major_parameter(std::string_view route) {
    for (std::string_view prefix : {"/channels/", "/guilds/", "/webhooks/"}) {
        auto pos = route.find(prefix);
        if (pos == std::string_view::npos) continue;
        auto start = pos + prefix.size();
        auto end = route.find('/', start);
        return std::string(route.substr(start, end == std::string_view::npos ? end : end - start));
    }
    return {};
}

std::string RateLimiter::bucket_key(const std::string& route) const {
    auto it = route_bucket_.find(route);
    if (it == route_bucket_.end()) return {};
    return it->second + "/" + major_parameter(route);
}

void RateLimiter::enqueue(const std::string& route, Ticket ticket) {
    queues_[route].waiting.push_back(ticket);
}

RateLimiter::Paced* RateLimiter::paced(const std::string& route, Millis now) {
    if (!paces_ || !bucket_key(route).empty()) return nullptr;
    auto it = paced_.find(route);
    if (it == paced_.end()) {
        auto pace = paces_(route);
        if (!pace) return nullptr;
        it = paced_.emplace(route, Paced{*pace, {}, std::nullopt}).first;
    } else if (Paced& p = it->second; p.lowered_until && *p.lowered_until <= now) {
        // What a 429 taught is ambiguous (a lower limit, or someone else using the bucket), so
        // it is forgotten after a while: at worst one 429 per kLoweredPaceLifetime.
        if (auto pace = paces_(route)) p.pace = *pace;
        p.lowered_until.reset();
    }
    return &it->second;
}

std::optional<RoutePace> RateLimiter::assumed_pace(const std::string& route) const {
    auto it = paced_.find(route);
    if (it != paced_.end()) return it->second.pace;
    return paces_ ? paces_(route) : std::nullopt;
}

void RateLimiter::forget_idle_paces(Millis now) {
    // A channel written to once must not keep its entry for ever. A pace lowered by a 429 is
    // forgotten too once idle for a whole window: Discord's buckets reset as well.
    for (auto it = paced_.begin(); it != paced_.end();) {
        const Paced& p = it->second;
        const bool idle = p.sent.empty() || p.sent.back() + p.pace.window <= now;
        it = idle && !queues_.count(it->first) ? paced_.erase(it) : std::next(it);
    }
}

void RateLimiter::hold(const std::string& route, Ticket ticket, Millis until) {
    Queue& q = queues_[route];
    if (in_flight_.erase(ticket)) q.busy = false;
    q.waiting.push_front(ticket);
    q.blocked_until = std::max(q.blocked_until, until);
}

std::optional<Millis> RateLimiter::ready_at(const std::string& route, const Queue& q,
                                            Millis now) const {
    if (q.waiting.empty() || q.busy) return std::nullopt;
    Millis at = std::max({now, global_until_, q.blocked_until});
    std::string key = bucket_key(route);
    if (!key.empty()) {
        auto b = buckets_.find(key);
        if (b != buckets_.end() && b->second.remaining <= 0) at = std::max(at, b->second.reset_at);
    } else if (auto p = paced_.find(route); p != paced_.end()) {
        const Paced& paced = p->second;
        if (paced.sent.size() >= static_cast<std::size_t>(paced.pace.limit)) {
            at = std::max(at, paced.sent[paced.sent.size() - paced.pace.limit] +
                                  paced.pace.window + pace_margin(paced.pace));
        }
    }
    return at;
}

std::vector<RateLimiter::Ticket> RateLimiter::take_ready(Millis now, std::size_t most) {
    if (paced_.size() > 256) forget_idle_paces(now);
    // Routes seen for the first time get their assumed pace before anything is sent on them.
    for (auto& [route, q] : queues_) {
        if (!q.waiting.empty()) paced(route, now);
    }
    std::vector<std::pair<Ticket, std::string>> ready;
    for (auto& [route, q] : queues_) {
        auto at = ready_at(route, q, now);
        if (at && *at <= now) ready.emplace_back(q.waiting.front(), route);
    }
    // Tickets are numbered in arrival order: sending them in that order keeps an edit behind the
    // message it edits even when the two are on different routes.
    std::sort(ready.begin(), ready.end());
    if (ready.size() > most) ready.resize(most);
    std::vector<Ticket> out;
    for (const auto& [first, route] : ready) {
        Queue& q = queues_[route];
        // Again: a route taken before may have used up a bucket this one shares.
        auto at = ready_at(route, q, now);
        if (!at || *at > now) continue;
        std::string key = bucket_key(route);
        if (!key.empty()) {
            auto b = buckets_.find(key);
            if (b != buckets_.end()) {
                if (b->second.remaining <= 0) b->second.remaining = b->second.limit;
                // Counted now: another route of the same bucket sees it before our response.
                --b->second.remaining;
            }
        }
        if (auto p = paced_.find(route); p != paced_.end()) {
            Paced& paced = p->second;
            paced.sent.push_back(now);
            while (paced.sent.size() > static_cast<std::size_t>(paced.pace.limit)) {
                paced.sent.pop_front();
            }
        }
        Ticket t = q.waiting.front();
        q.waiting.pop_front();
        q.busy = true;
        in_flight_[t] = route;
        out.push_back(t);
    }
    return out;
}

bool RateLimiter::on_response(Ticket ticket, const RateLimitInfo& info, Millis now) {
    auto it = in_flight_.find(ticket);
    if (it == in_flight_.end()) return false;
    const std::string route = it->second;
    in_flight_.erase(it);
    Queue& q = queues_[route];
    q.busy = false;

    if (info.bucket) route_bucket_[route] = *info.bucket;
    std::string key = bucket_key(route);
    if (!key.empty() && (info.limit || info.remaining || info.reset_after)) {
        Bucket& b = buckets_[key];
        if (info.limit) b.limit = std::max(1, *info.limit);
        if (info.remaining) b.remaining = *info.remaining;
        if (info.reset_after) b.reset_at = now + *info.reset_after;
    }

    if (info.status != 429) {
        if (q.waiting.empty() && !q.busy) {
            // Keep the map small: the bucket state outlives the queue.
            queues_.erase(route);
        }
        return false;
    }
    const Millis until = now + info.retry_after.value_or(1000);
    if (auto p = paced_.find(route); !info.global && key.empty() && p != paced_.end()) {
        // Discord let fewer through than assumed: what it did let through in the window is
        // the limit from now on. The refused request was the route's last send (one is in
        // flight per route at a time) and does not count: it was not let through.
        // When nothing of ours was let through in the window, the bucket was used up by someone
        // else (the official app, or this adapter before a restart): that says nothing of the
        // limit, and retry_after alone is the answer.
        Paced& paced = p->second;
        if (!paced.sent.empty()) paced.sent.pop_back();
        const auto in_window = std::count_if(paced.sent.begin(), paced.sent.end(),
                                             [&](Millis t) { return t > now - paced.pace.window; });
        if (in_window > 0) {
            paced.lowered_until = now + kLoweredPaceLifetime;
            paced.pace.limit = std::min(paced.pace.limit, static_cast<int>(in_window));
            paced.pace.window = std::max(paced.pace.window, info.retry_after.value_or(0));
            while (paced.sent.size() > static_cast<std::size_t>(paced.pace.limit)) {
                paced.sent.pop_front();
            }
        }
    }
    if (info.global) {
        global_until_ = std::max(global_until_, until);
    } else {
        q.blocked_until = std::max(q.blocked_until, until);
        if (!key.empty()) {
            Bucket& b = buckets_[key];
            b.remaining = 0;
            b.reset_at = std::max(b.reset_at, until);
        }
    }
    q.waiting.push_front(ticket);
    return true;
}

void RateLimiter::on_abandoned(Ticket ticket) {
    auto it = in_flight_.find(ticket);
    if (it == in_flight_.end()) return;
    queues_[it->second].busy = false;
    in_flight_.erase(it);
}

std::optional<Millis> RateLimiter::next_wakeup(Millis now) const {
    std::optional<Millis> best;
    for (const auto& [route, q] : queues_) {
        auto at = ready_at(route, q, now);
        if (at && (!best || *at < *best)) best = at;
    }
    return best;
}

std::size_t RateLimiter::waiting() const {
    std::size_t n = 0;
    for (const auto& [route, q] : queues_) n += q.waiting.size();
    return n;
}

}  // namespace cordgate::adapters::discord
