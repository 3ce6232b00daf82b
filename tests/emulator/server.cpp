#include <tests/emulator/server.hpp>

#include <tests/emulator/cdn.hpp>
#include <tests/emulator/coalescing_stream.hpp>
#include <tests/emulator/control_api.hpp>
#include <tests/emulator/gateway.hpp>
#include <tests/emulator/operations.hpp>
#include <tests/emulator/rest_router.hpp>

#include <spdlog/spdlog.h>
#include <zlib.h>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/core/detect_ssl.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <algorithm>
#include <chrono>

namespace cordgate::tests::emulator {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using PlainStream = beast::tcp_stream;
// asio's own ssl::stream: Boost 1.81's beast::ssl_stream rejects a buffered async_handshake
// handler (its concept check names the wrong signature).
using TlsStream = asio::ssl::stream<beast::tcp_stream>;

constexpr std::size_t kBodyLimit = 64 * 1024 * 1024;

HttpRequest to_request(const http::request<http::string_body>& req) {
    HttpRequest out;
    out.method = std::string(req.method_string());
    const std::string_view target = req.target();
    const std::size_t q = target.find('?');
    out.path = std::string(target.substr(0, q));
    if (q != std::string_view::npos) {
        out.query_string = std::string(target.substr(q + 1));
        out.query = parse_query(out.query_string);
    }
    for (const auto& f : req) {
        std::string name(f.name_string());
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        out.headers[name] = std::string(f.value());
    }
    out.body = req.body();
    return out;
}

// One gateway websocket. Beast reads, accepts and closes; the frames the gateway sends are
// framed by the CoalescingStream under it, so a burst of them leaves in a few socket writes.
// With zlib-stream every frame goes through the connection's single deflate context and is
// sent binary.
template <class Stream>
class WsSession : public Connection, public std::enable_shared_from_this<WsSession<Stream>> {
  public:
    WsSession(Stream stream, Gateway& gateway, bool zlib, int version)
        : ws_(std::move(stream)), gateway_(gateway), zlib_(zlib), version_(version) {
        if (zlib_) {
            z_ = {};
            deflateInit(&z_, Z_DEFAULT_COMPRESSION);
        }
    }
    ~WsSession() override {
        if (zlib_) deflateEnd(&z_);
    }

    void start(http::request<http::string_body> req) {
        out().keep_alive_with(this->weak_from_this());
        ws_.read_message_max(kBodyLimit);
        // The frames written by CoalescingStream are uncompressed: permessage-deflate stays off.
        ws_.set_option(websocket::permessage_deflate{});
        ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& res) {
            res.set(http::field::server, "cordgate-discord-emulator");
        }));
        // Called from within this session's own read, which holds it alive.
        ws_.control_callback([this](websocket::frame_type kind, beast::string_view payload) {
            if (kind == websocket::frame_type::pong) gateway_.on_pong(conn_id_, payload);
        });
        SocketHeaders socket{std::string(req[http::field::user_agent]),
                             std::string(req[http::field::origin])};
        ws_.async_accept(req, [self = this->shared_from_this(),
                               socket = std::move(socket)](beast::error_code ec) mutable {
            if (ec) return;
            self->conn_id_ =
                self->gateway_.on_open(*self, self->version_, self->zlib_, std::move(socket));
            self->read();
        });
    }

    void send(std::string_view frame) override {
        if (closing_) return;
        if (!zlib_) {
            out().write_message(false, frame);
            return;
        }
        deflated_.clear();
        z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(frame.data()));
        z_.avail_in = static_cast<uInt>(frame.size());
        char chunk[16384];
        do {
            z_.next_out = reinterpret_cast<Bytef*>(chunk);
            z_.avail_out = sizeof chunk;
            deflate(&z_, Z_SYNC_FLUSH);
            deflated_.append(chunk, sizeof chunk - z_.avail_out);
        } while (z_.avail_out == 0);
        out().write_message(true, deflated_);
    }

    void close(std::uint16_t code, std::string reason) override {
        closing_ = true;
        if (close_sent_) return;
        close_sent_ = true;
        // Beast's close frame goes into the same output, after every frame sent before it.
        websocket::close_reason cr(static_cast<websocket::close_code>(code), reason);
        ws_.async_close(cr, [self = this->shared_from_this()](beast::error_code) {});
    }

    void drop() override {
        closing_ = true;
        beast::error_code ec;
        auto& sock = beast::get_lowest_layer(ws_).socket();
        sock.shutdown(tcp::socket::shutdown_both, ec);
        sock.close(ec);
    }

    void ping(std::string_view payload) override {
        if (closing_) return;
        const std::string_view cut = payload.substr(0, 125);  // a control frame's limit
        const websocket::ping_data data(cut.data(), cut.size());
        ws_.async_ping(data, [self = this->shared_from_this()](beast::error_code) {});
    }

    std::size_t unsent() const override { return ws_.next_layer().unsent(); }
    void when_unsent_at_most(std::size_t bytes, std::function<void()> fn) override {
        out().when_unsent_at_most(bytes, std::move(fn));
    }

  private:
    CoalescingStream<Stream>& out() { return ws_.next_layer(); }

    void read() {
        ws_.async_read(buffer_,
                       [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                           if (ec) {
                               std::uint16_t code = 0;
                               if (ec == websocket::error::closed)
                                   code = static_cast<std::uint16_t>(self->ws_.reason().code);
                               self->finish(code);
                               return;
                           }
                           const std::string text = beast::buffers_to_string(self->buffer_.data());
                           self->buffer_.consume(self->buffer_.size());
                           self->gateway_.on_text(self->conn_id_, text);
                           self->read();
                       });
    }

    void finish(std::uint16_t code) {
        if (finished_) return;
        finished_ = true;
        gateway_.on_close(conn_id_, code);
    }

    websocket::stream<CoalescingStream<Stream>> ws_;
    beast::flat_buffer buffer_;
    Gateway& gateway_;
    bool zlib_;
    int version_;
    z_stream z_{};
    std::string deflated_;  // send()'s buffer for zlib-stream, reused
    std::uint64_t conn_id_ = 0;
    bool closing_ = false;
    bool close_sent_ = false;
    bool finished_ = false;
};

}  // namespace

struct EmulatorServer::Impl {
    asio::io_context ioc{1};
    tcp::acceptor acceptor{ioc};
    std::unique_ptr<asio::ssl::context> tls;  // set with --tls-cert/--tls-key
    World world;
    Clock clock;
    Scheduler scheduler;
    std::unique_ptr<Gateway> gateway;
    std::unique_ptr<Operations> ops;
    std::unique_ptr<RestRouter> rest;
    std::unique_ptr<ControlApi> control;
    CdnLog cdn_log;

    HttpResponse route(const HttpRequest& req) {
        if (req.path.rfind("/api/", 0) == 0 || req.path == "/api") {
            if (req.path.size() < 4) return api_error(404, 0, "404: Not Found");
            return rest->handle(req);
        }
        if (req.path.rfind("/_emulator/", 0) == 0) return control->handle(req);
        if (auto cdn = cdn_route(world, req, &cdn_log, clock.steady_ms())) return std::move(*cdn);
        return api_error(404, 0, "404: Not Found");
    }

    void accept() {
        acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
            // Like Discord's edge: no Nagle. With it, a gateway event written while the one
            // before is unacknowledged waits for the client's delayed ACK (40 ms bursts).
            beast::error_code ignored;
            if (!ec) socket.set_option(tcp::no_delay(true), ignored);
            if (!ec) serve(std::make_shared<PlainStream>(std::move(socket)));
            accept();
        });
    }

    void serve(std::shared_ptr<PlainStream> stream) {
        auto buffer = std::make_shared<beast::flat_buffer>();
        if (!tls) {
            serve_more(std::move(stream), std::move(buffer));
            return;
        }
        // The first bytes tell a TLS ClientHello from plain HTTP; they stay in `buffer`.
        beast::async_detect_ssl(
            *stream, *buffer, [this, stream, buffer](beast::error_code ec, bool is_tls) {
                if (ec) return;
                if (!is_tls) {
                    serve_more(stream, buffer);
                    return;
                }
                auto secure = std::make_shared<TlsStream>(std::move(*stream), *tls);
                secure->async_handshake(
                    asio::ssl::stream_base::server, buffer->data(),
                    [this, secure, buffer](beast::error_code hec, std::size_t used) {
                        if (hec) {
                            spdlog::info("tls handshake failed: {}", hec.message());
                            return;
                        }
                        buffer->consume(used);
                        serve_more(secure, buffer);
                    });
            });
    }

    static tcp::socket& socket_of(PlainStream& s) { return s.socket(); }
    static tcp::socket& socket_of(TlsStream& s) { return beast::get_lowest_layer(s).socket(); }

    // discord.js-selfbot-v13 pins its REST client to https://discord.com and can only be
    // redirected through a proxy; answering CONNECT by serving plain HTTP on the same socket
    // makes the emulator its own proxy, whatever host the client asked for.
    template <class Stream>
    void tunnel_to_self(std::shared_ptr<Stream> stream,
                        std::shared_ptr<beast::flat_buffer> buffer) {
        static const std::string established = "HTTP/1.1 200 Connection Established\r\n\r\n";
        asio::async_write(*stream, asio::buffer(established),
                          [this, stream, buffer](beast::error_code ec, std::size_t) {
                              if (!ec) serve_more(stream, buffer);
                          });
    }

    template <class Stream>
    void upgrade(std::shared_ptr<Stream> stream, http::request<http::string_body> req) {
        const HttpRequest r = to_request(req);
        // discord.js uses /gateway, selfbots append a slash, discord.py may use "/".
        if (r.path != "/gateway" && r.path != "/gateway/" && r.path != "/") {
            beast::error_code ec;
            socket_of(*stream).close(ec);
            return;
        }
        int version = 10;
        if (auto it = r.query.find("v"); it != r.query.end())
            version = std::atoi(it->second.c_str());
        const bool zlib = r.query.count("compress") && r.query.at("compress") == "zlib-stream";
        auto ws = std::make_shared<WsSession<Stream>>(std::move(*stream), *gateway, zlib, version);
        ws->start(std::move(req));
    }

    template <class Stream>
    void respond(std::shared_ptr<Stream> stream, std::shared_ptr<beast::flat_buffer> buffer,
                 http::request<http::string_body> req) {
        HttpRequest in = to_request(req);
        beast::error_code ec;
        const auto peer = socket_of(*stream).remote_endpoint(ec);
        if (!ec) in.remote_address = peer.address().to_string();
        HttpResponse r = route(in);
        if (r.streamed) {
            respond_streamed(stream, buffer, req, std::move(r));
            return;
        }
        auto res = std::make_shared<http::response<http::string_body>>(
            static_cast<http::status>(r.status), req.version());
        res->set(http::field::server, "cordgate-discord-emulator");
        for (const auto& [k, v] : r.headers) res->set(k, v);
        res->body() = r.body;
        res->keep_alive(req.keep_alive());
        res->prepare_payload();
        http::async_write(*stream, *res,
                          [this, stream, buffer, res](beast::error_code ec, std::size_t) {
                              if (ec || !res->keep_alive()) {
                                  beast::error_code ignored;
                                  socket_of(*stream).shutdown(tcp::socket::shutdown_send, ignored);
                                  return;
                              }
                              serve_more(stream, buffer);
                          });
    }

    // A large body (a CDN file) goes out in pieces of kStreamChunk made as the socket takes
    // them: the header with Content-Length first, then the bytes, so no copy of the whole
    // file is ever held.
    template <class Stream>
    void respond_streamed(std::shared_ptr<Stream> stream,
                          std::shared_ptr<beast::flat_buffer> buffer,
                          const http::request<http::string_body>& req, HttpResponse r) {
        auto res = std::make_shared<http::response<http::empty_body>>(
            static_cast<http::status>(r.status), req.version());
        res->set(http::field::server, "cordgate-discord-emulator");
        for (const auto& [k, v] : r.headers) res->set(k, v);
        res->content_length(r.streamed->size);
        res->keep_alive(req.keep_alive());
        auto sr = std::make_shared<http::response_serializer<http::empty_body>>(*res);
        const bool head = req.method() == http::verb::head;
        auto body = std::make_shared<StreamedBody>(std::move(*r.streamed));
        http::async_write_header(
            *stream, *sr,
            [this, stream, buffer, res, sr, body, head](beast::error_code ec, std::size_t) {
                if (ec) return;
                if (head || body->size == 0) {
                    finish_response(stream, buffer, res->keep_alive());
                    return;
                }
                write_piece(stream, buffer, body, std::make_shared<std::string>(), 0,
                            res->keep_alive());
            });
    }

    static constexpr std::size_t kStreamChunk = 64 * 1024;

    template <class Stream>
    void write_piece(std::shared_ptr<Stream> stream, std::shared_ptr<beast::flat_buffer> buffer,
                     std::shared_ptr<StreamedBody> body, std::shared_ptr<std::string> piece,
                     std::uint64_t offset, bool keep_alive) {
        const auto n =
            static_cast<std::size_t>(std::min<std::uint64_t>(kStreamChunk, body->size - offset));
        piece->resize(n);
        body->fill(offset, piece->data(), n);
        asio::async_write(*stream, asio::buffer(*piece),
                          [this, stream, buffer, body, piece, offset, n, keep_alive](
                              beast::error_code ec, std::size_t) {
                              if (ec) return;
                              const std::uint64_t next = offset + n;
                              if (next < body->size) {
                                  write_piece(stream, buffer, body, piece, next, keep_alive);
                                  return;
                              }
                              finish_response(stream, buffer, keep_alive);
                          });
    }

    template <class Stream>
    void finish_response(std::shared_ptr<Stream> stream, std::shared_ptr<beast::flat_buffer> buffer,
                         bool keep_alive) {
        if (!keep_alive) {
            beast::error_code ignored;
            socket_of(*stream).shutdown(tcp::socket::shutdown_send, ignored);
            return;
        }
        serve_more(stream, buffer);
    }

    // Keep-alive: the next request on the same socket, reusing leftover bytes in `buffer`.
    template <class Stream>
    void serve_more(std::shared_ptr<Stream> stream, std::shared_ptr<beast::flat_buffer> buffer) {
        auto parser = std::make_shared<http::request_parser<http::string_body>>();
        parser->body_limit(kBodyLimit);
        http::async_read(*stream, *buffer, *parser,
                         [this, stream, buffer, parser](beast::error_code ec, std::size_t) {
                             if (ec) return;
                             auto req = parser->release();
                             if (websocket::is_upgrade(req)) {
                                 upgrade(stream, std::move(req));
                                 return;
                             }
                             if (req.method() == http::verb::connect) {
                                 tunnel_to_self(stream, buffer);
                                 return;
                             }
                             respond(stream, buffer, std::move(req));
                         });
    }
};

EmulatorServer::EmulatorServer(World world, ServerOptions options)
    : impl_(std::make_unique<Impl>()) {
    Impl& im = *impl_;
    im.world = std::move(world);
    const tcp::endpoint ep(asio::ip::make_address(options.host), options.port);
    im.acceptor.open(ep.protocol());
    im.acceptor.set_option(asio::socket_base::reuse_address(true));
    im.acceptor.bind(ep);
    im.acceptor.listen();
    if (!options.tls_cert.empty()) {
        im.tls = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
        im.tls->use_certificate_chain_file(options.tls_cert);
        im.tls->use_private_key_file(options.tls_key, asio::ssl::context::pem);
    }
    // With TLS, clients are told wss:// (GET /gateway, resume_gateway_url).
    const std::string base = std::string(im.tls ? "wss://" : "ws://") + options.host + ":" +
                             std::to_string(port()) + "/gateway";
    im.clock.steady_ms = [] {
        return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                              std::chrono::steady_clock::now().time_since_epoch())
                                              .count());
    };
    im.clock.unix_ms = [] {
        return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                              std::chrono::system_clock::now().time_since_epoch())
                                              .count());
    };
    im.clock.unix_ns = [] {
        return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                              std::chrono::system_clock::now().time_since_epoch())
                                              .count());
    };
    im.scheduler = [&ioc = im.ioc](std::uint64_t ms, std::function<void()> fn) {
        if (ms == 0) {
            asio::post(ioc, std::move(fn));
            return;
        }
        auto timer = std::make_shared<asio::steady_timer>(ioc, std::chrono::milliseconds(ms));
        timer->async_wait([timer, fn = std::move(fn)](beast::error_code ec) {
            if (!ec) fn();
        });
    };
    im.gateway =
        std::make_unique<Gateway>(im.world, im.scheduler, base, options.heartbeat_interval_ms);
    im.gateway->set_session_policy(options.sessions);
    im.ops = std::make_unique<Operations>(im.world, *im.gateway);
    im.rest = std::make_unique<RestRouter>(im.world, *im.ops, im.clock, base);
    im.control = std::make_unique<ControlApi>(im.world, *im.ops, *im.gateway, *im.rest, im.cdn_log,
                                              im.scheduler, im.clock);
}

EmulatorServer::~EmulatorServer() = default;

std::uint16_t EmulatorServer::port() const {
    return impl_->acceptor.local_endpoint().port();
}

void EmulatorServer::run() {
    asio::signal_set signals(impl_->ioc, SIGINT, SIGTERM);
    signals.async_wait([this](beast::error_code, int) { impl_->ioc.stop(); });
    impl_->accept();
    impl_->ioc.run();
}

}  // namespace cordgate::tests::emulator
