#pragma once
// What cordgate-discord counts for /metrics (metrics/registry.hpp). Label values are bounded:
// REST routes as templates ("POST /channels/:channel/messages", never an id), HTTP status codes,
// gateway session states. Used on the adapter's io_context thread only.

#include <common/heartbeat.hpp>
#include <metrics/registry.hpp>

#include <array>
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace cordgate::adapters::discord {

// The REST answers of every session, by route template and status. The series of a (route,
// status) is registered the first time it is seen; later answers find its handle in a small map
// here, a cost next to the request's own (its URL, headers and JSON are built per call).
class RestMetrics {
  public:
    explicit RestMetrics(metrics::Registry& registry);

    // One answer (status 0: none, a transport error) to a request on `route`
    // (RestRequest::route).
    void answered(std::string_view route, int status);
    void invalid_request() { invalid_requests_.inc(); }

  private:
    metrics::Registry& registry_;
    metrics::Counter& rate_limited_;
    metrics::Counter& invalid_requests_;
    std::map<std::string, std::map<int, metrics::Counter*>, std::less<>> by_route_;
};

// The label a REST route gets: route_template()'s, with any other run of digits as ":id".
std::string route_label(std::string_view route);

enum class GatewayMilestone { connect, reconnect, identify, resume, resumed };

struct DiscordMetrics {
    explicit DiscordMetrics(metrics::Registry& registry);

    void gateway(GatewayMilestone m) { gateway_milestones[static_cast<std::size_t>(m)]->inc(); }
    // The sessions' states and the invalid-request count, from the adapter's heartbeat.
    void sessions(const std::vector<common::bus::SessionHealth>& health);

    metrics::Counter& events_published;
    metrics::Counter& effects_done;       // carried out when offered
    metrics::Counter& effects_underway;   // taken, carried out later (REST, files)
    metrics::Counter& effects_completed;  // of those underway, finished (either way)
    metrics::Counter& files_rehosted;
    metrics::Counter& file_bytes_rehosted;
    std::array<metrics::Counter*, 5> gateway_milestones;
    std::array<metrics::Gauge*, 6> sessions_by_state;  // by common::bus::GatewayState
    metrics::Gauge& invalid_requests_window;
    metrics::Gauge& bus_unacked_events;
    RestMetrics rest;
};

}  // namespace cordgate::adapters::discord
