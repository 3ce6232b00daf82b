#pragma once
// URLs the adapter connects to (REST base, gateway, resume_gateway_url). TLS is required
// except on loopback, where the emulator speaks plain ws/http.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cordgate::adapters::discord {

struct Url {
    bool tls = true;     // https / wss
    std::string host;    // without brackets for IPv6
    std::string port;    // always set: the scheme's default when the URL has none
    std::string target;  // path and query, at least "/"
};

// Accepts http, https, ws, wss. nullopt for anything else or a URL without a host.
std::optional<Url> parse_url(std::string_view text);

bool is_loopback(std::string_view host);

// Throws std::invalid_argument naming the URL when it is unusable or plain text off loopback.
Url require_url(std::string_view text, std::string_view what);

}  // namespace cordgate::adapters::discord
