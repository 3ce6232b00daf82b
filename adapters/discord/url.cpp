#include <adapters/discord/url.hpp>

#include <stdexcept>

namespace cordgate::adapters::discord {

std::optional<Url> parse_url(std::string_view text) {
    Url url;
    auto scheme_end = text.find("://");
    if (scheme_end == std::string_view::npos) return std::nullopt;
    std::string_view scheme = text.substr(0, scheme_end);
    if (scheme == "https" || scheme == "wss") {
        url.tls = true;
    } else if (scheme == "http" || scheme == "ws") {
        url.tls = false;
    } else {
        return std::nullopt;
    }
    std::string_view rest = text.substr(scheme_end + 3);
    auto path_start = rest.find_first_of("/?");
    std::string_view authority = rest.substr(0, path_start);
    url.target = path_start == std::string_view::npos ? "/" : std::string(rest.substr(path_start));
    if (url.target.front() == '?') url.target.insert(0, "/");
    if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;
    std::string_view host = authority;
    std::string_view port;
    if (authority.front() == '[') {
        auto close = authority.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        host = authority.substr(1, close - 1);
        if (close + 1 < authority.size()) {
            if (authority[close + 1] != ':') return std::nullopt;
            port = authority.substr(close + 2);
        }
    } else if (auto colon = authority.rfind(':'); colon != std::string_view::npos) {
        host = authority.substr(0, colon);
        port = authority.substr(colon + 1);
    }
    if (host.empty()) return std::nullopt;
    for (char c : port)
        if (c < '0' || c > '9') return std::nullopt;
    url.host = std::string(host);
    url.port = port.empty() ? (url.tls ? "443" : "80") : std::string(port);
    return url;
}

bool is_loopback(std::string_view host) {
    return host == "localhost" || host == "::1" || host.starts_with("127.");
}

Url require_url(std::string_view text, std::string_view what) {
    auto url = parse_url(text);
    if (!url) {
        throw std::invalid_argument(std::string(what) + " '" + std::string(text) +
                                    "' is not an http(s) or ws(s) URL with a host");
    }
    if (!url->tls && !is_loopback(url->host)) {
        throw std::invalid_argument(
            std::string(what) + " '" + std::string(text) +
            "' is plain text to a host that is not loopback: use https/wss");
    }
    return *url;
}

}  // namespace cordgate::adapters::discord
