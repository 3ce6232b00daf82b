#include <metrics/http_answer.hpp>
#include <metrics/text_format.hpp>

namespace cordgate::metrics {
namespace {

std::string response(std::string_view status, std::string_view content_type, std::string_view body,
                     std::string_view extra_header = {}) {
    std::string out;
    out.reserve(body.size() + 160);
    out += "HTTP/1.1 ";
    out += status;
    out += "\r\nContent-Type: ";
    out += content_type;
    out += "\r\nContent-Length: ";
    out += std::to_string(body.size());
    out += "\r\n";
    out += extra_header;
    out += "Connection: close\r\n\r\n";
    out += body;
    return out;
}

}  // namespace

std::string bad_request() {
    return response("400 Bad Request", "text/plain", "bad request\n");
}

std::string answer(std::string_view head, const std::function<std::string()>& metrics) {
    std::string_view line = head.substr(0, head.find("\r\n"));
    auto first = line.find(' ');
    auto last = line.rfind(' ');
    if (first == std::string_view::npos || last == first) return bad_request();
    std::string_view method = line.substr(0, first);
    std::string_view target = line.substr(first + 1, last - first - 1);
    std::string_view version = line.substr(last + 1);
    if (!version.starts_with("HTTP/1.") || target.empty() || target.front() != '/') {
        return bad_request();
    }
    std::string_view path = target.substr(0, target.find('?'));
    if (path != "/metrics") return response("404 Not Found", "text/plain", "not found\n");
    if (method != "GET") {
        return response("405 Method Not Allowed", "text/plain", "only GET\n", "Allow: GET\r\n");
    }
    return response("200 OK", kContentType, metrics());
}

}  // namespace cordgate::metrics
