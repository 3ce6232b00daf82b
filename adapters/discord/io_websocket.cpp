// Beast websocket client. One coroutine per connection reads; writes are serialised by a
// second coroutine that drains the outbox.

#include <adapters/discord/io.hpp>
#include <adapters/discord/zlib_stream.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <deque>
#include <variant>

namespace cordgate::adapters::discord {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace ws = beast::websocket;
using tcp = asio::ip::tcp;

using PlainWs = ws::stream<beast::tcp_stream>;
using TlsWs = ws::stream<beast::ssl_stream<beast::tcp_stream>>;

struct WebSocket::Impl : std::enable_shared_from_this<WebSocket::Impl> {
    asio::io_context& io;
    asio::ssl::context& tls;
    Handlers handlers;
    std::unique_ptr<PlainWs> plain;
    std::unique_ptr<TlsWs> secure;
    std::deque<std::string> outbox;
    bool writing = false;
    bool open = false;
    bool closed = false;  // by us: no more handlers
    std::unique_ptr<ZlibStream> zlib;

    Impl(asio::io_context& i, asio::ssl::context& t, Handlers h)
        : io(i), tls(t), handlers(std::move(h)) {}

    void fail(std::optional<int> code, std::string why) {
        if (closed) return;
        closed = true;
        if (handlers.on_closed) handlers.on_closed(code, std::move(why));
    }

    template <class Ws>
    asio::awaitable<void> run(Ws& s, Url url) {
        auto self = shared_from_this();
        try {
            tcp::resolver resolver(io);
            auto endpoints =
                co_await resolver.async_resolve(url.host, url.port, asio::use_awaitable);
            beast::get_lowest_layer(s).expires_after(std::chrono::seconds(30));
            co_await beast::get_lowest_layer(s).async_connect(endpoints, asio::use_awaitable);
            if constexpr (std::is_same_v<Ws, TlsWs>) {
                if (!SSL_set_tlsext_host_name(s.next_layer().native_handle(), url.host.c_str())) {
                    throw std::runtime_error("cannot set TLS SNI host name");
                }
                s.next_layer().set_verify_callback(asio::ssl::host_name_verification(url.host));
                co_await s.next_layer().async_handshake(asio::ssl::stream_base::client,
                                                        asio::use_awaitable);
            }
            beast::get_lowest_layer(s).expires_never();
            // Heartbeats and presence updates are small frames: no Nagle wait behind them.
            beast::get_lowest_layer(s).socket().set_option(tcp::no_delay(true));
            s.set_option(ws::stream_base::timeout::suggested(beast::role_type::client));
            s.read_message_max(64 * 1024 * 1024);
            co_await s.async_handshake(url.host + ":" + url.port, url.target, asio::use_awaitable);
            if (closed) co_return;
            open = true;
            if (handlers.on_open) handlers.on_open();
            flush();
            beast::flat_buffer buffer;
            for (;;) {
                co_await s.async_read(buffer, asio::use_awaitable);
                if (closed) co_return;
                std::string data = beast::buffers_to_string(buffer.data());
                buffer.consume(buffer.size());
                if (zlib && !s.got_text()) {
                    auto message = zlib->feed(data);
                    if (!message) continue;
                    data = std::move(*message);
                }
                if (handlers.on_message) handlers.on_message(std::move(data));
                if (closed) co_return;
            }
        } catch (const boost::system::system_error& e) {
            std::optional<int> code;
            if (e.code() == ws::error::closed) code = static_cast<int>(s.reason().code);
            fail(code, e.code().message());
        } catch (const std::exception& e) {
            fail(std::nullopt, e.what());
        }
    }

    template <class Ws>
    asio::awaitable<void> drain(Ws& s) {
        auto self = shared_from_this();
        writing = true;
        try {
            while (!outbox.empty() && !closed) {
                std::string frame = std::move(outbox.front());
                outbox.pop_front();
                s.text(true);
                co_await s.async_write(asio::buffer(frame), asio::use_awaitable);
            }
        } catch (const std::exception&) {
            // The read loop sees the same failure and reports it once.
        }
        writing = false;
    }

    void flush() {
        if (!open || writing || outbox.empty() || closed) return;
        if (plain) asio::co_spawn(io, drain(*plain), asio::detached);
        if (secure) asio::co_spawn(io, drain(*secure), asio::detached);
    }
};

namespace {

// A free coroutine: a lambda's captures would not outlive its first suspension.
template <class Ws>
asio::awaitable<void> close_stream(std::shared_ptr<WebSocket::Impl> impl, Ws& s, int code) {
    try {
        if (impl->open) {
            co_await s.async_close(ws::close_reason(static_cast<std::uint16_t>(code)),
                                   asio::use_awaitable);
        }
    } catch (const std::exception&) {
    }
    beast::error_code ignored;
    beast::get_lowest_layer(s).socket().close(ignored);
}

}  // namespace

WebSocket::WebSocket(asio::io_context& io, asio::ssl::context& tls, Handlers handlers)
    : impl_(std::make_shared<Impl>(io, tls, std::move(handlers))) {}

WebSocket::~WebSocket() {
    if (!impl_->closed) close(1000);
}

void WebSocket::connect(const Url& url, bool zlib_stream) {
    if (zlib_stream) impl_->zlib = std::make_unique<ZlibStream>();
    if (url.tls) {
        impl_->secure = std::make_unique<TlsWs>(impl_->io, impl_->tls);
        asio::co_spawn(impl_->io, impl_->run(*impl_->secure, url), asio::detached);
    } else {
        impl_->plain = std::make_unique<PlainWs>(impl_->io);
        asio::co_spawn(impl_->io, impl_->run(*impl_->plain, url), asio::detached);
    }
}

void WebSocket::send(std::string text) {
    impl_->outbox.push_back(std::move(text));
    impl_->flush();
}

void WebSocket::close(int code) {
    auto impl = impl_;
    if (impl->closed) return;
    // Handlers stay in place (one of them may be running right now); `closed` silences them.
    impl->closed = true;
    if (impl->plain)
        asio::co_spawn(impl->io, close_stream(impl, *impl->plain, code), asio::detached);
    if (impl->secure) {
        asio::co_spawn(impl->io, close_stream(impl, *impl->secure, code), asio::detached);
    }
}

}  // namespace cordgate::adapters::discord
