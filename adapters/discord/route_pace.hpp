#pragma once
// What to assume of a route's rate limit before Discord said anything about it. A user token
// mostly gets no X-RateLimit-* headers on success (discord-userdoccers topics/rate-limits: the
// headers are "optional"; discord.py-self starts every bucket at one request,
// `default_ratelimit_limit=1`, and learns from 429s), so a client that waits for headers to
// learn a bucket meets its first 429 on every channel. These are the limits Discord has long
// answered for these routes where it did send headers (5 messages per 5 s per channel, one
// reaction per 250 ms per channel); a 429 teaches a lower one (RateLimiter).

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cordgate::adapters::discord {

using Millis = std::int64_t;

struct RoutePace {
    int limit = 1;      // requests ...
    Millis window = 1;  // ... per this many milliseconds
    bool operator==(const RoutePace&) const = default;
};

// Added to a window before the next request goes: Discord counts a request when it arrives,
// and a request that left on time but arrives sooner after the window's first one than that
// one did (latency varies) would be the window's one too many. A tenth of the window covers
// the jitter of a loaded link; measured by bench/citizen (6 x 429 in 1,000 DMs without it).
inline Millis pace_margin(const RoutePace& pace) { return std::max<Millis>(25, pace.window / 10); }

// The route with its channel/guild id replaced: "POST /channels/42/messages" ->
// "POST /channels/:channel/messages".
std::string route_template(std::string_view route);

// The assumed pace of a rate-limit route (RestRequest::route); nullopt: not paced ahead.
std::optional<RoutePace> default_pace(std::string_view route);

}  // namespace cordgate::adapters::discord
