#pragma once
// The network edge, kept behind callbacks so that only io_*.cpp include Beast and asio's SSL.
// Everything runs on one io_context (one thread); no callback is called after close() /
// shutdown(), so an owner may destroy itself right after calling them.

#include <adapters/discord/asio_fwd.hpp>
#include <adapters/discord/header_list.hpp>
#include <adapters/discord/url.hpp>

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace cordgate::adapters::discord {

// A client websocket (ws, or wss with certificate and host name checks), optionally with
// zlib-stream transport compression.
class WebSocket {
  public:
    struct Handlers {
        std::function<void()> on_open;
        // A view of the received bytes, valid during the call.
        std::function<void(std::string_view text)> on_message;
        // The server closed (its close code) or the connection failed/dropped (nullopt).
        std::function<void(std::optional<int> code, std::string why)> on_closed;
        // A message over the bound (at least `bytes`, inflated); the socket is closed with
        // 1009 and no other handler follows (on_closed neither).
        std::function<void(std::size_t bytes, std::size_t limit)> on_too_big;
    };

    WebSocket(boost::asio::io_context& io, boost::asio::ssl::context& tls, Handlers handlers);
    ~WebSocket();
    WebSocket(const WebSocket&) = delete;
    WebSocket& operator=(const WebSocket&) = delete;

    // `headers` go with the upgrade request (User-Agent, Origin, ...). A message is at most
    // `max_message_bytes` (inflated, with zlib-stream).
    void connect(const Url& url, bool zlib_stream, std::size_t max_message_bytes,
                 HeaderList headers);
    void send(std::string text);
    // Sends a close frame with `code` and stops calling handlers.
    void close(int code);

    struct Impl;  // named by helpers in the .cpp

  private:
    std::shared_ptr<Impl> impl_;
};

struct HttpResponse {
    int status = 0;                              // 0: no response (error says why)
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;
    std::string error;
    // No answer, and asking again will not get one: the server's TLS certificate was refused.
    bool permanent = false;
};

// HTTP/1.1 with keep-alive to one origin; requests go one after another on one connection.
class HttpClient {
  public:
    using Callback = std::function<void(HttpResponse)>;

    // `authorization` is the Authorization header value; it is never logged. `headers` go with
    // every request (the client profile's).
    HttpClient(boost::asio::io_context& io, boost::asio::ssl::context& tls, Url origin,
               std::string authorization, HeaderList headers);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // `extra` goes with this request only (after the client's own headers).
    void request(std::string method, std::string target, std::string body, std::string content_type,
                 Callback done, HeaderList extra = {});
    void shutdown();

    struct Impl;  // named by helpers in the .cpp

  private:
    std::shared_ptr<Impl> impl_;
};

}  // namespace cordgate::adapters::discord
