// REST effects per second through cordgate-discord against the emulator: a stand-in core
// (the live tests' harness, on the real bus) logs alice in, pushes N discord.send_message
// effects at once and measures until every effect is acknowledged and the emulator holds all
// N messages. A progress line goes to stderr every second.
//
//   bench_discord_rest [N=2000] [--limit L --window-ms W] [--forced-429 K --retry-after S]
//
// Without --limit the emulator's rate limits are off (its default): the figure is the
// adapter's REST pipeline (one keep-alive connection per session, requests in order). With
// --limit the emulator enforces L requests per W ms per bucket and answers 429 beyond that;
// the adapter must queue and retry, and the figure shows what that costs. With --forced-429
// the emulator answers the next K message POSTs with 429 (retry_after S seconds, no rate-limit
// headers beforehand): the adapter can only learn of the limit from the 429 itself.

#include "../tests/discord/live_harness.hpp"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

using namespace cordgate;
using namespace cordgate::tests::discord;
using namespace std::chrono_literals;

namespace {

int count_messages(Live& live) {
    auto doc = live.control("GET", std::string("/_emulator/messages?channel_id=") + kDm);
    int n = 0;
    for (const auto& m : doc.GetArray())
        if (std::strncmp(m["content"].GetString(), "bench ", 6) == 0) ++n;
    return n;
}

int count_status(Live& live, int status) {
    auto log = live.requests();
    int n = 0;
    for (const auto& r : log["requests"].GetArray())
        if (r["status"].GetInt() == status) ++n;
    return n;
}

}  // namespace

int main(int argc, char** argv) {
    int n = 2000;
    int limit = 0;
    int window_ms = 1000;
    int forced_429 = 0;
    double retry_after = 0.1;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--limit" && i + 1 < argc) {
            limit = std::stoi(argv[++i]);
        } else if (a == "--window-ms" && i + 1 < argc) {
            window_ms = std::stoi(argv[++i]);
        } else if (a == "--forced-429" && i + 1 < argc) {
            forced_429 = std::stoi(argv[++i]);
        } else if (a == "--retry-after" && i + 1 < argc) {
            retry_after = std::stod(argv[++i]);
        } else {
            n = std::stoi(a);
        }
    }
    Live live;
    live.start_adapter({"--log-level", "warn"});
    live.send_effect(kUser, core::LoginDiscord{live.seal("alice-token")});
    if (!live.wait([&] { return !live.events_of<core::DiscordReady>().empty(); }, 20s)) {
        std::fprintf(stderr, "login failed:\n%s\n", live.adapter_log().c_str());
        return 1;
    }
    if (limit > 0) {
        live.control("POST", "/_emulator/ratelimits",
                     R"({"enabled":true,"limit":)" + std::to_string(limit) + R"(,"window_ms":)" +
                         std::to_string(window_ms) + "}");
    }
    if (forced_429 > 0) {
        live.control("POST", "/_emulator/fault/rest",
                     R"({"count":)" + std::to_string(forced_429) +
                         R"(,"status":429,"prefix":"/channels/)" + kDm +
                         R"(/messages","retry_after":)" + std::to_string(retry_after) + "}");
    }
    const auto channel = *core::Snowflake::parse(kDm);
    const auto start = std::chrono::steady_clock::now();
    std::uint64_t last = 0;
    for (int i = 0; i < n; ++i) {
        last = live.send_effect(
            kUser, core::SendDiscordMessage{channel, std::nullopt, "bench " + std::to_string(i),
                                            "b-" + std::to_string(i)});
    }
    auto next_report = start + 1s;
    const auto deadline = start + std::chrono::seconds(std::max(60, n / 5));
    std::uint64_t first_id = last - static_cast<std::uint64_t>(n) + 1;
    while (live.acked_effect() < last) {
        live.pump(50ms);
        const auto now = std::chrono::steady_clock::now();
        if (now >= next_report) {
            const double s = std::chrono::duration<double>(now - start).count();
            const auto done =
                live.acked_effect() >= first_id ? live.acked_effect() - first_id + 1 : 0;
            std::fprintf(stderr, "[%5.1f s] %llu/%d effects acknowledged (%.0f/s)\n", s,
                         static_cast<unsigned long long>(done), n, static_cast<double>(done) / s);
            next_report += 1s;
        }
        if (now > deadline) {
            std::fprintf(stderr, "timed out\n%s\n", live.adapter_log().c_str());
            return 1;
        }
    }
    // Acknowledged means Discord answered; the emulator's own count closes the loop.
    int stored = 0;
    while ((stored = count_messages(live)) < n) {
        if (std::chrono::steady_clock::now() > deadline) break;
        live.pump(10ms);
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const int failed = static_cast<int>(live.events_of<core::DiscordEffectFailed>().size());
    std::printf(
        "effects=%d seconds=%.3f effects_per_second=%.1f stored=%d failed=%d "
        "http_429=%d rate_limit=%s\n",
        n, seconds, n / seconds, stored, failed, count_status(live, 429),
        limit > 0 ? (std::to_string(limit) + "/" + std::to_string(window_ms) + "ms").c_str()
                  : "off");
    return stored == n && failed == 0 ? 0 : 1;
}
