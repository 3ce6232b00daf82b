// Websocket client on a plain or TLS socket: Beast's HTTP for the upgrade, our own framing
// (websocket_frames.hpp says why) for everything after it. One coroutine per connection reads;
// writes are serialised by a second coroutine that drains the outbox.

#include <adapters/discord/gateway_reader.hpp>
#include <adapters/discord/io.hpp>
#include <adapters/discord/websocket_frames.hpp>

#include <sodium.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <deque>

namespace cordgate::adapters::discord {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using TlsSocket = asio::ssl::stream<tcp::socket>;

namespace {

// Bytes asked of each socket read: a flood's frames are ~1 KiB, so one read takes dozens.
constexpr std::size_t kReadChunk = 64 * 1024;
constexpr auto kHandshakeTimeout = std::chrono::seconds(30);
// How long a close we send may wait for its write before the socket is closed anyway.
constexpr auto kCloseTimeout = std::chrono::seconds(5);

std::uint32_t mask_key() {
    std::uint32_t key;
    randombytes_buf(&key, sizeof key);
    return key;
}

}  // namespace

struct WebSocket::Impl : std::enable_shared_from_this<WebSocket::Impl> {
    asio::io_context& io;
    asio::ssl::context& tls;
    Handlers handlers;
    HeaderList headers;  // of the upgrade request
    std::unique_ptr<tcp::socket> plain;
    std::unique_ptr<TlsSocket> secure;
    std::deque<std::string> outbox;  // encoded frames
    bool writing = false;
    bool open = false;
    bool closed = false;     // no more handlers
    bool finishing = false;  // a close frame is queued: close the socket once it is written
    bool timed_out = false;
    std::unique_ptr<GatewayReader> reader;  // made by connect(), which knows the bound
    asio::steady_timer deadline;

    Impl(asio::io_context& i, asio::ssl::context& t, Handlers h)
        : io(i), tls(t), handlers(std::move(h)), deadline(i) {}

    tcp::socket& socket() { return plain ? *plain : secure->next_layer(); }
    bool started() const { return plain || secure; }

    void fail(std::optional<int> code, std::string why) {
        if (closed) return;
        closed = true;
        if (handlers.on_closed) handlers.on_closed(code, std::move(why));
    }

    // Closes the socket when the deadline passes; the pending operation then fails.
    void arm_deadline(std::chrono::seconds after) {
        deadline.expires_after(after);
        deadline.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
            auto self = weak.lock();
            if (ec || !self) return;
            self->timed_out = true;
            boost::system::error_code ignored;
            self->socket().close(ignored);
        });
    }

    template <class Stream>
    asio::awaitable<void> upgrade(Stream& s, const Url& url, beast::flat_buffer& buffer) {
        unsigned char nonce[16];
        randombytes_buf(nonce, sizeof nonce);
        const std::string key = websocket::key_from_nonce(nonce);
        http::request<http::empty_body> req{http::verb::get, url.target, 11};
        req.set(http::field::host, url.host + ":" + url.port);
        req.set(http::field::upgrade, "websocket");
        req.set(http::field::connection, "Upgrade");
        req.set(http::field::sec_websocket_key, key);
        req.set(http::field::sec_websocket_version, "13");
        for (const auto& [name, value] : headers) req.set(name, value);
        co_await http::async_write(s, req, asio::use_awaitable);
        // The parser stops at the end of the response; a frame the server sent right behind it
        // stays in `buffer` for the frame reader.
        http::response_parser<http::string_body> parser;
        parser.body_limit(64 * 1024);
        co_await http::async_read(s, buffer, parser, asio::use_awaitable);
        const auto& res = parser.get();
        const std::string refusal = websocket::upgrade_refusal(
            {static_cast<int>(res.result_int()), res[http::field::upgrade],
             res[http::field::connection], res[http::field::sec_websocket_accept],
             res[http::field::sec_websocket_extensions]},
            key);
        if (!refusal.empty()) throw std::runtime_error(refusal);
    }

    template <class Stream>
    asio::awaitable<void> run(Stream& s, Url url) {
        auto self = shared_from_this();
        try {
            tcp::resolver resolver(io);
            auto endpoints =
                co_await resolver.async_resolve(url.host, url.port, asio::use_awaitable);
            if (closed) co_return;
            arm_deadline(kHandshakeTimeout);
            co_await asio::async_connect(socket(), endpoints, asio::use_awaitable);
            // Heartbeats and presence updates are small frames: no Nagle wait behind them.
            socket().set_option(tcp::no_delay(true));
            if constexpr (std::is_same_v<Stream, TlsSocket>) {
                if (!SSL_set_tlsext_host_name(s.native_handle(), url.host.c_str())) {
                    throw std::runtime_error("cannot set TLS SNI host name");
                }
                s.set_verify_callback(asio::ssl::host_name_verification(url.host));
                co_await s.async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
            }
            beast::flat_buffer buffer;
            co_await upgrade(s, url, buffer);
            deadline.cancel();
            if (closed) co_return;
            open = true;
            if (handlers.on_open) handlers.on_open();
            flush();
            for (;;) {
                std::string_view unread(static_cast<const char*>(buffer.data().data()),
                                        buffer.size());
                if (!deliver(unread)) co_return;
                buffer.consume(buffer.size() - unread.size());
                // A frame of a megabyte (READY) grew the buffer to hold it whole: give that
                // back once it is read, not keep it for the connection's life.
                if (buffer.capacity() > 4 * kReadChunk && buffer.size() < kReadChunk) {
                    buffer.shrink_to_fit();
                }
                const std::size_t wanted = reader->bytes_wanted();
                const std::size_t room =
                    std::max(kReadChunk, wanted > buffer.size() ? wanted - buffer.size() : 0);
                buffer.commit(
                    co_await s.async_read_some(buffer.prepare(room), asio::use_awaitable));
            }
        } catch (const boost::system::system_error& e) {
            fail(std::nullopt,
                 timed_out ? "the connection or its handshake timed out" : e.code().message());
        } catch (const std::exception& e) {
            fail(std::nullopt, e.what());
        }
    }

    // Hands on every complete message in `unread`; false once the connection is done with.
    bool deliver(std::string_view& unread) {
        for (;;) {
            const GatewayRead r = reader->next(unread);
            switch (r.kind) {
                case GatewayRead::Kind::need_more:
                    return true;
                case GatewayRead::Kind::message:
                    if (handlers.on_message) handlers.on_message(r.text);
                    if (closed) return false;
                    break;
                case GatewayRead::Kind::ping:
                    queue(websocket::Opcode::pong, r.text);
                    break;
                case GatewayRead::Kind::close: {
                    // Echo the code (none for none), as RFC 6455 section 5.5.1 asks.
                    finish(r.code == 1005 ? std::string() : websocket::close_payload(r.code));
                    std::string why = "closed by the server";
                    if (!r.text.empty()) why += ": " + std::string(r.text);
                    fail(static_cast<int>(r.code), std::move(why));
                    return false;
                }
                case GatewayRead::Kind::error: {
                    finish(websocket::close_payload(r.code));
                    fail(std::nullopt, "websocket protocol error: " + std::string(r.text));
                    return false;
                }
                case GatewayRead::Kind::too_big: {
                    finish(websocket::close_payload(r.code));
                    if (!closed) {
                        closed = true;
                        if (handlers.on_too_big)
                            handlers.on_too_big(r.bytes, reader->max_message_bytes());
                    }
                    return false;
                }
            }
        }
    }

    void queue(websocket::Opcode opcode, std::string_view payload) {
        if (finishing) return;
        outbox.push_back(websocket::encode_client_frame(opcode, payload, mask_key()));
        flush();
    }

    // Sends a close frame with `payload`, then closes the socket.
    void finish(const std::string& payload) {
        if (finishing || !started()) return;
        if (!open) {
            boost::system::error_code ignored;
            socket().close(ignored);
            return;
        }
        queue(websocket::Opcode::close, payload);
        finishing = true;
        arm_deadline(kCloseTimeout);
        flush();
    }

    template <class Stream>
    asio::awaitable<void> drain(Stream& s) {
        auto self = shared_from_this();
        writing = true;
        try {
            while (!outbox.empty()) {
                std::string frame = std::move(outbox.front());
                outbox.pop_front();
                co_await asio::async_write(s, asio::buffer(frame), asio::use_awaitable);
            }
        } catch (const std::exception&) {
            // The read loop sees the same failure and reports it once.
        }
        writing = false;
        if (finishing) {
            deadline.cancel();
            boost::system::error_code ignored;
            socket().close(ignored);
        }
    }

    void flush() {
        if (!open || writing || outbox.empty()) return;
        if (plain) asio::co_spawn(io, drain(*plain), asio::detached);
        if (secure) asio::co_spawn(io, drain(*secure), asio::detached);
    }
};

WebSocket::WebSocket(asio::io_context& io, asio::ssl::context& tls, Handlers handlers)
    : impl_(std::make_shared<Impl>(io, tls, std::move(handlers))) {}

WebSocket::~WebSocket() {
    if (!impl_->closed) close(1000);
}

void WebSocket::connect(const Url& url, bool zlib_stream, std::size_t max_message_bytes,
                        HeaderList headers) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
    impl_->headers = std::move(headers);
    impl_->reader = std::make_unique<GatewayReader>(max_message_bytes, zlib_stream);
    if (url.tls) {
        impl_->secure = std::make_unique<TlsSocket>(impl_->io, impl_->tls);
        asio::co_spawn(impl_->io, impl_->run(*impl_->secure, url), asio::detached);
    } else {
        impl_->plain = std::make_unique<tcp::socket>(impl_->io);
        asio::co_spawn(impl_->io, impl_->run(*impl_->plain, url), asio::detached);
    }
}

void WebSocket::send(std::string text) {
    impl_->queue(websocket::Opcode::text, text);
}

void WebSocket::close(int code) {
    // Handlers stay in place (one of them may be running right now); `closed` silences them.
    if (impl_->closed) return;
    impl_->closed = true;
    impl_->finish(websocket::close_payload(static_cast<std::uint16_t>(code)));
}

}  // namespace cordgate::adapters::discord
