#pragma once
// Transport-free HTTP request and response, so the REST router and the control API can be
// tested and compiled without Beast.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cordgate::tests::emulator {

struct HttpRequest {
    std::string method;
    std::string path;  // still percent-encoded, without the query
    std::string query_string;
    std::map<std::string, std::string> query;    // decoded
    std::map<std::string, std::string> headers;  // lower-case names
    std::string body;
    // The client's IP address as the server saw it ("" in unit tests): what Discord's
    // invalid-request limit counts by.
    std::string remote_address;

    std::string header(const std::string& name) const {
        auto it = headers.find(name);
        return it == headers.end() ? std::string{} : it->second;
    }
};

// A body made piece by piece while it is written (a large CDN file), never held whole.
struct StreamedBody {
    std::uint64_t size = 0;
    // Writes bytes [offset, offset + n) of the body to `out`.
    std::function<void(std::uint64_t offset, char* out, std::size_t n)> fill;
};

struct HttpResponse {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    // When set, the body (`body` is then empty); a HEAD request gets only its length.
    std::optional<StreamedBody> streamed;

    // Every JSON reply carries Content-Type: both discord.js and discord.py break without it.
    static HttpResponse json(int status, std::string body) {
        HttpResponse r;
        r.status = status;
        r.body = std::move(body);
        r.headers.emplace_back("Content-Type", "application/json");
        return r;
    }
    static HttpResponse no_content() {
        HttpResponse r;
        r.status = 204;
        return r;
    }
};

std::string percent_decode(std::string_view s);
// Splits `a=1&b=2` into decoded pairs.
std::map<std::string, std::string> parse_query(std::string_view qs);

}  // namespace cordgate::tests::emulator
