#include <config/url_check.hpp>

#include <algorithm>
#include <array>
#include <cctype>

namespace cordgate::config {
namespace {

bool is_loopback(std::string_view host) {
    return host == "localhost" || host == "::1" || host == "[::1]" || host.starts_with("127.");
}

bool all_digits(std::string_view s) {
    return !s.empty() && s.size() <= 5 &&
           std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

// The host of "host", "host:port", "[v6]" or "[v6]:port"; empty when malformed.
std::string_view host_of(std::string_view authority) {
    if (authority.starts_with('[')) {
        auto close = authority.find(']');
        if (close == std::string_view::npos) return {};
        std::string_view rest = authority.substr(close + 1);
        if (!rest.empty() && !(rest.starts_with(':') && all_digits(rest.substr(1)))) return {};
        return authority.substr(0, close + 1);
    }
    auto colon = authority.find(':');
    if (colon != std::string_view::npos && !all_digits(authority.substr(colon + 1))) return {};
    std::string_view host = authority.substr(0, colon);
    bool clean = std::all_of(host.begin(), host.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '.' || c == '-' || c == '_';
    });
    return clean ? host : std::string_view{};
}

}  // namespace

bool is_host_and_port(std::string_view text) {
    return !host_of(text).empty();
}

std::optional<std::string> url_problem(std::string_view url) {
    struct Scheme {
        std::string_view prefix;
        bool tls;
    };
    constexpr std::array<Scheme, 4> schemes{
        {{"https://", true}, {"wss://", true}, {"http://", false}, {"ws://", false}}};
    for (const Scheme& s : schemes) {
        if (!url.starts_with(s.prefix)) continue;
        std::string_view rest = url.substr(s.prefix.size());
        std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
        std::string_view host = host_of(authority);
        if (host.empty()) return "'" + std::string(url) + "' has no valid host";
        if (!s.tls && !is_loopback(host)) {
            return "'" + std::string(url) +
                   "' is plain text to a host that is not loopback: " + "use https/wss";
        }
        return std::nullopt;
    }
    return "'" + std::string(url) + "' is not an http(s) or ws(s) URL";
}

}  // namespace cordgate::config
