#pragma once
// What the /metrics endpoint answers to one request head, as bytes to write. Pure: the server
// (http_server.hpp) reads the head, this decides, so every answer is tested without a socket.
//
//   GET /metrics            200, the text format (the body comes from `metrics`)
//   another path            404
//   another method          405 (Allow: GET)
//   not an HTTP/1.x request 400
//
// Every answer closes the connection: a scrape is one request every few seconds.

#include <functional>
#include <string>
#include <string_view>

namespace cordgate::metrics {

// `head`: the request line and headers up to and including the blank line.
std::string answer(std::string_view head, const std::function<std::string()>& metrics);

// The 400 for a head that never ended (too long, or the client gave up).
std::string bad_request();

}  // namespace cordgate::metrics
