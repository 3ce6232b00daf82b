#pragma once
// The /metrics endpoint: plain asio on a thread of its own, so a scrape never waits for a
// process's loop and the loop never waits for a scrape. One connection at a time is read (a
// scrape every few seconds needs no more); a request head over 8 KiB or not complete within
// 5 s is answered 400 and closed, and a client that vanishes mid-way changes nothing.

#include <metrics/listen_address.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace cordgate::metrics {

class HttpServer {
  public:
    // Binds at once (throws std::runtime_error naming the address when it cannot) and serves
    // until destroyed. `body` runs on the server's thread for every GET /metrics.
    HttpServer(const ListenAddress& address, std::function<std::string()> body);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    std::uint16_t port() const;  // the bound port

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace cordgate::metrics
