#pragma once
// A process's /metrics endpoint from its config key: nothing when the address is empty,
// otherwise an HttpServer serving the registry, with one log line saying where.

#include <metrics/http_server.hpp>
#include <metrics/registry.hpp>

#include <memory>
#include <string>

namespace cordgate::metrics {

// `address` as checked by config (metrics/listen_address.hpp); throws std::runtime_error when
// it is not one or cannot be bound. The registry must outlive the server.
std::unique_ptr<HttpServer> serve(const std::string& address, const Registry& registry);

}  // namespace cordgate::metrics
