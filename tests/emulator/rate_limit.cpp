#include <tests/emulator/rate_limit.hpp>

#include <cstdio>
#include <functional>
#include <vector>

namespace cordgate::tests::emulator {
namespace {

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

}  // namespace

std::string route_bucket_key(std::string_view method, std::string_view path) {
    std::string key(method);
    key += ' ';
    std::string_view prev;
    std::size_t start = 0;
    bool first = true;
    while (start <= path.size()) {
        const std::size_t slash = path.find('/', start);
        const std::string_view seg = path.substr(
            start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
        if (!first) key += '/';
        first = false;
        const bool major = prev == "channels" || prev == "guilds" || prev == "webhooks";
        // Reaction emoji are not ids but vary per request; Discord folds them as well.
        if ((all_digits(seg) && !major) || prev == "reactions") {
            key += ":id";
        } else {
            key += seg;
        }
        prev = seg;
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    return key;
}

void RateLimiter::configure(bool enabled, int limit, std::uint64_t window_ms) {
    enabled_ = enabled;
    limit_ = limit > 0 ? limit : 1;
    window_ms_ = window_ms > 0 ? window_ms : 1;
    windows_.clear();
}

RateLimitDecision RateLimiter::check(const std::string& key, std::uint64_t now_ms) {
    RateLimitDecision d;
    char hash[17];
    std::snprintf(hash, sizeof hash, "%016zx", std::hash<std::string>{}(key));
    d.bucket = hash;
    d.limit = limit_;
    if (!enabled_) {
        d.remaining = limit_;
        return d;
    }
    Window& w = windows_[key];
    if (w.used == 0 || now_ms >= w.start_ms + window_ms_) {
        w.start_ms = now_ms;
        w.used = 0;
    }
    d.reset_after_ms = w.start_ms + window_ms_ - now_ms;
    if (w.used >= limit_) {
        d.allowed = false;
        d.remaining = 0;
        return d;
    }
    ++w.used;
    d.remaining = limit_ - w.used;
    return d;
}

}  // namespace cordgate::tests::emulator
