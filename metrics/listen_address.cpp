#include <metrics/listen_address.hpp>

#include <arpa/inet.h>

#include <charconv>

namespace cordgate::metrics {
namespace {

// 127.0.0.0/8, written as four decimal octets.
bool is_ipv4_loopback(const std::string& host) {
    in_addr a{};
    if (::inet_pton(AF_INET, host.c_str(), &a) != 1) return false;
    return (ntohl(a.s_addr) >> 24) == 127;
}

bool is_ipv6_loopback(const std::string& host) {
    in6_addr a{};
    if (::inet_pton(AF_INET6, host.c_str(), &a) != 1) return false;
    return IN6_IS_ADDR_LOOPBACK(&a);
}

}  // namespace

std::variant<ListenAddress, std::string> parse_listen_address(std::string_view text) {
    const std::string_view expected = "expected HOST:PORT on loopback, e.g. 127.0.0.1:9464";
    auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return std::string(expected);
    std::string_view host = text.substr(0, colon);
    std::string_view port_text = text.substr(colon + 1);
    bool bracketed = host.size() >= 2 && host.front() == '[' && host.back() == ']';
    if (bracketed) host = host.substr(1, host.size() - 2);
    if (host.empty()) return std::string(expected);

    unsigned port = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (port_text.empty() || ec != std::errc{} || end != port_text.data() + port_text.size()) {
        return "port '" + std::string(port_text) + "' is not a number";
    }
    if (port < 1 || port > 65535) {
        return "port " + std::string(port_text) + " is not between 1 and 65535";
    }

    ListenAddress out;
    out.port = static_cast<std::uint16_t>(port);
    std::string h(host);
    if (!bracketed && h == "localhost") {
        out.host = "127.0.0.1";
    } else if (!bracketed && is_ipv4_loopback(h)) {
        out.host = h;
    } else if (bracketed && is_ipv6_loopback(h)) {
        out.host = h;
    } else if (!bracketed && h.find(':') != std::string::npos) {
        return "an IPv6 address goes in brackets: [::1]:PORT";
    } else {
        return "'" + h +
               "' is not a loopback address (127.0.0.1, localhost or [::1]): the endpoint has "
               "no authentication";
    }
    return out;
}

}  // namespace cordgate::metrics
