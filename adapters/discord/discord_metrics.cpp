#include <adapters/discord/discord_metrics.hpp>
#include <adapters/discord/route_pace.hpp>

namespace cordgate::adapters::discord {
namespace {

// Past this many route labels every new route is "other": a route that carried an id would
// otherwise make a series per id.
constexpr std::size_t kMaxRoutes = 200;

}  // namespace

std::string route_label(std::string_view route) {
    const std::string templated = route_template(route);
    std::string out;
    out.reserve(templated.size());
    for (std::size_t i = 0; i < templated.size();) {
        if (templated[i] >= '0' && templated[i] <= '9') {
            std::size_t end = i;
            while (end < templated.size() && templated[end] >= '0' && templated[end] <= '9') ++end;
            out += ":id";
            i = end;
        } else {
            out += templated[i++];
        }
    }
    return out;
}

RestMetrics::RestMetrics(metrics::Registry& registry)
    : registry_(registry),
      rate_limited_(registry.counter("cordgate_discord_rest_rate_limited_total",
                                     "REST answers 429 (rate limits and Cloudflare bans)")),
      invalid_requests_(registry.counter(
          "cordgate_discord_invalid_requests_total",
          "REST answers Discord counts against this address (401, 403, 429 but shared)")) {}

void RestMetrics::answered(std::string_view route, int status) {
    if (status == 429) rate_limited_.inc();
    std::string label = route_label(route);
    auto found = by_route_.find(label);
    if (found == by_route_.end()) {
        if (by_route_.size() >= kMaxRoutes) label = "other";
        found = by_route_.try_emplace(label).first;
    }
    metrics::Counter*& counter = found->second[status];
    if (!counter) {
        counter = &registry_.counter(
            "cordgate_discord_rest_requests_total",
            "REST answers by route template and HTTP status (0: no answer), retries included",
            {{"route", found->first}, {"status", std::to_string(status)}});
    }
    counter->inc();
}

DiscordMetrics::DiscordMetrics(metrics::Registry& r)
    : events_published(
          r.counter("cordgate_discord_events_published_total", "Events published to the core")),
      effects_done(
          r.counter("cordgate_discord_effects_done_total", "Effects carried out when offered")),
      effects_underway(r.counter("cordgate_discord_effects_underway_total",
                                 "Effects taken to be carried out later (REST calls, files)")),
      effects_completed(r.counter("cordgate_discord_effects_completed_total",
                                  "Effects taken for later that finished, either way")),
      files_rehosted(r.counter("cordgate_discord_files_rehosted_total",
                               "Discord files copied to an XMPP upload slot or the store")),
      file_bytes_rehosted(
          r.counter("cordgate_discord_rehosted_bytes_total", "Bytes of the Discord files copied")),
      gateway_milestones([&] {
          std::array<metrics::Counter*, 5> out{};
          const char* help =
              "Gateway connections: connects, reconnects, IDENTIFYs, RESUMEs sent "
              "and RESUMED received";
          const std::array<const char*, 5> names{"connect", "reconnect", "identify", "resume",
                                                 "resumed"};
          for (std::size_t i = 0; i < out.size(); ++i) {
              out[i] = &r.counter("cordgate_discord_gateway_total", help, {{"step", names[i]}});
          }
          return out;
      }()),
      sessions_by_state([&] {
          std::array<metrics::Gauge*, 6> out{};
          for (const auto& [state, name] : common::bus::enum_names(common::bus::GatewayState{})) {
              out[static_cast<std::size_t>(state)] =
                  &r.gauge("cordgate_discord_sessions", "Discord sessions by gateway state",
                           {{"state", std::string(name)}});
          }
          return out;
      }()),
      invalid_requests_window(
          r.gauge("cordgate_discord_invalid_requests_window",
                  "Invalid requests in Discord's window (10,000 in 10 minutes restrict the IP)")),
      bus_unacked_events(r.gauge("cordgate_discord_bus_unacked_events",
                                 "Events published and not yet acknowledged by the core")),
      rest(r) {}

void DiscordMetrics::sessions(const std::vector<common::bus::SessionHealth>& health) {
    std::array<std::int64_t, 6> counts{};
    for (const auto& s : health) ++counts[static_cast<std::size_t>(s.state)];
    for (std::size_t i = 0; i < counts.size(); ++i) sessions_by_state[i]->set(counts[i]);
}

}  // namespace cordgate::adapters::discord
