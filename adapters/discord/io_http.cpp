// Beast HTTP/1.1 client with keep-alive: a coroutine takes queued requests one by one over a
// persistent connection, reconnecting when the server closed it.

#include <adapters/discord/io.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <algorithm>
#include <cctype>
#include <deque>

namespace cordgate::adapters::discord {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

struct Pending {
    std::string method;
    std::string target;
    std::string body;
    std::string content_type;
    HttpClient::Callback done;
    HeaderList extra;
};

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

}  // namespace

struct HttpClient::Impl : std::enable_shared_from_this<HttpClient::Impl> {
    asio::io_context& io;
    asio::ssl::context& tls;
    Url origin;
    std::string authorization;
    HeaderList headers;
    std::deque<Pending> queue;
    bool running = false;
    bool stopped = false;
    std::unique_ptr<beast::tcp_stream> plain;
    std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> secure;

    Impl(asio::io_context& i, asio::ssl::context& t, Url o, std::string auth, HeaderList h)
        : io(i),
          tls(t),
          origin(std::move(o)),
          authorization(std::move(auth)),
          headers(std::move(h)) {}

    bool connected() const { return plain || secure; }

    void disconnect() {
        beast::error_code ignored;
        if (plain) plain->socket().close(ignored);
        if (secure) beast::get_lowest_layer(*secure).socket().close(ignored);
        plain.reset();
        secure.reset();
    }

    asio::awaitable<void> connect() {
        tcp::resolver resolver(io);
        auto endpoints =
            co_await resolver.async_resolve(origin.host, origin.port, asio::use_awaitable);
        if (origin.tls) {
            secure = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(io, tls);
            if (!SSL_set_tlsext_host_name(secure->native_handle(), origin.host.c_str())) {
                throw std::runtime_error("cannot set TLS SNI host name");
            }
            secure->set_verify_callback(asio::ssl::host_name_verification(origin.host));
            beast::get_lowest_layer(*secure).expires_after(std::chrono::seconds(30));
            co_await beast::get_lowest_layer(*secure).async_connect(endpoints, asio::use_awaitable);
            beast::get_lowest_layer(*secure).socket().set_option(tcp::no_delay(true));
            co_await secure->async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
        } else {
            plain = std::make_unique<beast::tcp_stream>(io);
            plain->expires_after(std::chrono::seconds(30));
            co_await plain->async_connect(endpoints, asio::use_awaitable);
            // A request written while the previous one's last segment is unacknowledged would
            // otherwise wait for the server's delayed ACK.
            plain->socket().set_option(tcp::no_delay(true));
        }
    }

    template <class Stream>
    asio::awaitable<HttpResponse> exchange(Stream& s, const Pending& p) {
        http::request<http::string_body> req;
        req.method_string(p.method);
        req.target(p.target);
        req.version(11);
        // With the port when it is not the scheme's (RFC 9110 7.2): a server that builds URLs
        // from Host (the emulator's upload URLs) needs it.
        const bool default_port = origin.port == (origin.tls ? "443" : "80");
        req.set(http::field::host, default_port ? origin.host : origin.host + ":" + origin.port);
        for (const auto& [name, value] : headers) req.set(name, value);
        for (const auto& [name, value] : p.extra) req.set(name, value);
        // The CDN client has none: the token goes to the API origin only.
        if (!authorization.empty()) req.set(http::field::authorization, authorization);
        req.keep_alive(true);
        if (!p.content_type.empty()) req.set(http::field::content_type, p.content_type);
        req.body() = p.body;
        req.prepare_payload();
        beast::get_lowest_layer(s).expires_after(std::chrono::seconds(30));
        co_await http::async_write(s, req, asio::use_awaitable);
        beast::flat_buffer buffer;
        http::response_parser<http::string_body> parser;
        parser.body_limit(64 * 1024 * 1024);
        co_await http::async_read(s, buffer, parser, asio::use_awaitable);
        auto& res = parser.get();
        HttpResponse out;
        out.status = static_cast<int>(res.result_int());
        for (const auto& field : res) out.headers[lower(field.name_string())] = field.value();
        out.body = std::move(res.body());
        if (!res.keep_alive()) disconnect();
        co_return out;
    }

    static HttpResponse failure(const Pending& p, std::string_view what, bool permanent) {
        HttpResponse failed;
        failed.error = std::string("HTTP ") + p.method + " failed: " + std::string(what);
        failed.permanent = permanent;
        return failed;
    }

    asio::awaitable<HttpResponse> send_one(const Pending& p) {
        // A kept-alive connection may have been closed by the server meanwhile: one retry on a
        // fresh connection. Message creation is safe to repeat (nonce + enforce_nonce).
        for (int attempt = 0; attempt < 2; ++attempt) {
            const bool reused = connected();
            try {
                if (!connected()) co_await connect();
                if (plain) co_return co_await exchange(*plain, p);
                co_return co_await exchange(*secure, p);
            } catch (const boost::system::system_error& e) {
                disconnect();
                // OpenSSL's own errors (an untrusted certificate, no common protocol) are
                // settings, not weather: retrying cannot help.
                const bool tls = e.code().category() == asio::error::get_ssl_category();
                if (tls || !reused || attempt == 1) co_return failure(p, e.what(), tls);
            } catch (const std::exception& e) {
                disconnect();
                if (!reused || attempt == 1) co_return failure(p, e.what(), false);
            }
        }
        co_return HttpResponse{};
    }

    asio::awaitable<void> run() {
        auto self = shared_from_this();
        while (!queue.empty() && !stopped) {
            Pending p = std::move(queue.front());
            queue.pop_front();
            HttpResponse res = co_await send_one(p);
            if (stopped) break;
            if (p.done) p.done(std::move(res));
        }
        running = false;
    }
};

HttpClient::HttpClient(asio::io_context& io, asio::ssl::context& tls, Url origin,
                       std::string authorization, HeaderList headers)
    : impl_(std::make_shared<Impl>(io, tls, std::move(origin), std::move(authorization),
                                   std::move(headers))) {}

HttpClient::~HttpClient() {
    shutdown();
}

void HttpClient::request(std::string method, std::string target, std::string body,
                         std::string content_type, Callback done, HeaderList extra) {
    if (impl_->stopped) return;
    impl_->queue.push_back(Pending{std::move(method), std::move(target), std::move(body),
                                   std::move(content_type), std::move(done), std::move(extra)});
    if (!impl_->running) {
        impl_->running = true;  // before the coroutine starts: a second request must not spawn
        asio::co_spawn(impl_->io, impl_->run(), asio::detached);
    }
}

void HttpClient::shutdown() {
    impl_->stopped = true;
    impl_->queue.clear();
    // Only close: a request in flight still owns the stream and fails out of its coroutine.
    beast::error_code ignored;
    if (impl_->plain) impl_->plain->socket().close(ignored);
    if (impl_->secure) beast::get_lowest_layer(*impl_->secure).socket().close(ignored);
}

}  // namespace cordgate::adapters::discord
