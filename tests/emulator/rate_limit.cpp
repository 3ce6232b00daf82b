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

std::string bucket_hash(const std::string& key) {
    char hash[17];
    std::snprintf(hash, sizeof hash, "%016zx", std::hash<std::string>{}(key));
    return hash;
}

}  // namespace

std::string route_pattern(std::string_view method, std::string_view path) {
    std::string key = route_bucket_key(method, path);
    // Fold the major ids route_bucket_key keeps.
    std::string out;
    std::size_t i = 0;
    while (i < key.size()) {
        if (key[i] == '/' && i + 1 < key.size() && key[i + 1] >= '0' && key[i + 1] <= '9') {
            std::size_t j = i + 1;
            while (j < key.size() && key[j] != '/') ++j;
            if (all_digits(std::string_view(key).substr(i + 1, j - i - 1))) {
                out += "/:id";
                i = j;
                continue;
            }
        }
        out += key[i++];
    }
    return out;
}

RouteLimits::RouteLimits() {
    reset_defaults();
}

void RouteLimits::reset_defaults() {
    table_.clear();
    windows_.clear();
    // Messages: 5 per 5 s per channel, the value Discord's headers announce and clients observe
    // (discord-relay-chat/drc#17, "five in five seconds from observation").
    table_["POST /channels/:id/messages"] = {5, 5000};
    // Edits and deletes share the channel's message limits in the same shape.
    table_["PATCH /channels/:id/messages/:id"] = {5, 5000};
    table_["DELETE /channels/:id/messages/:id"] = {5, 5000};
    // Reactions: 1 per 250 ms per channel (discord/discord-api-docs#182: the headers say 1/1 s,
    // the real limit is 1 per 250 ms; discordjs/discord.js#2795: channel-major).
    table_["PUT /channels/:id/messages/:id/reactions/:id/@me"] = {1, 250};
    table_["DELETE /channels/:id/messages/:id/reactions/:id/@me"] = {1, 250};
    // Typing: undocumented; 5 per 5 s like messages, so a client that types once per message
    // never meets it.
    table_["POST /channels/:id/typing"] = {5, 5000};
    // New DMs: 10 per 10 minutes for a user account (V4NSH4J/discord-mass-DM-GO#52, observed).
    // Counted by the router only when the DM does not exist yet (see rest_router.cpp).
    table_["POST /users/@me/channels"] = {10, 600000};
}

void RouteLimits::set(const std::string& pattern, std::optional<RouteLimit> limit) {
    if (limit) {
        table_[pattern] = {limit->limit > 0 ? limit->limit : 1,
                           limit->window_ms > 0 ? limit->window_ms : 1};
    } else {
        table_.erase(pattern);
    }
    windows_.clear();
}

std::optional<RateLimitDecision> RouteLimits::check(std::uint64_t user_id,
                                                    const std::string& pattern,
                                                    const std::string& bucket_key,
                                                    std::uint64_t now_ms) {
    if (!enabled) return std::nullopt;
    auto rule = table_.find(pattern);
    if (rule == table_.end()) return std::nullopt;
    RateLimitDecision d;
    d.bucket = bucket_hash(pattern);
    d.limit = rule->second.limit;
    Window& w = windows_[{user_id, bucket_key}];
    if (w.used == 0 || now_ms >= w.start_ms + rule->second.window_ms) {
        w.start_ms = now_ms;
        w.used = 0;
    }
    d.reset_after_ms = w.start_ms + rule->second.window_ms - now_ms;
    if (w.used >= d.limit) {
        d.allowed = false;
        return d;
    }
    ++w.used;
    d.remaining = d.limit - w.used;
    return d;
}

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
    d.bucket = bucket_hash(key);
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
