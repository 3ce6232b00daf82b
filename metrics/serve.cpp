#include <metrics/serve.hpp>

#include <spdlog/spdlog.h>

#include <stdexcept>
#include <variant>

namespace cordgate::metrics {

std::unique_ptr<HttpServer> serve(const std::string& address, const Registry& registry) {
    if (address.empty()) return nullptr;
    auto parsed = parse_listen_address(address);
    if (const auto* why = std::get_if<std::string>(&parsed)) {
        throw std::runtime_error("metrics address " + address + ": " + *why);
    }
    auto server = std::make_unique<HttpServer>(std::get<ListenAddress>(parsed),
                                               [&registry] { return registry.text(); });
    spdlog::info("metrics: serving http://{}/metrics", address);
    return server;
}

}  // namespace cordgate::metrics
