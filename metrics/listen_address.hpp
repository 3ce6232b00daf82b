#pragma once
// Where a process serves /metrics: "HOST:PORT" on loopback only ("127.0.0.1:9464",
// "localhost:9464", "[::1]:9464"). The endpoint is unauthenticated, so it is for this
// machine's Prometheus (or an exporter proxy) only. Pure: used by config checks too.

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace cordgate::metrics {

struct ListenAddress {
    std::string host;  // an IP literal ("127.0.0.1", "::1"); "localhost" becomes 127.0.0.1
    std::uint16_t port = 0;
};

// The address, or what is wrong with the text.
std::variant<ListenAddress, std::string> parse_listen_address(std::string_view text);

}  // namespace cordgate::metrics
