#pragma once
// Whether a configured base URL is one the adapters can use: http(s) or ws(s) with a host,
// and plain text only to a loopback host (the emulator, a test rig).

#include <optional>
#include <string>
#include <string_view>

namespace cordgate::config {

// What is wrong with the URL, or nothing.
std::optional<std::string> url_problem(std::string_view url);

// Whether "host" or "host:port" (no scheme, no path) is well formed.
bool is_host_and_port(std::string_view text);

}  // namespace cordgate::config
