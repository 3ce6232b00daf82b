#include <metrics/http_answer.hpp>
#include <metrics/http_server.hpp>

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

#include <array>
#include <stdexcept>
#include <thread>

namespace cordgate::metrics {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

constexpr std::size_t kMaxHeadBytes = 8 * 1024;
constexpr auto kRequestTimeout = std::chrono::seconds(5);

// One request: read the head, write the answer, close.
class Connection : public std::enable_shared_from_this<Connection> {
  public:
    Connection(tcp::socket socket, const std::function<std::string()>& body)
        : socket_(std::move(socket)),
          timer_(socket_.get_executor()),
          buffer_(kMaxHeadBytes),
          body_(body) {}

    void start() {
        timer_.expires_after(kRequestTimeout);
        timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
            if (!ec) self->socket_.close();
        });
        asio::async_read_until(
            socket_, buffer_, "\r\n\r\n",
            [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
                self->on_head(ec, n);
            });
    }

  private:
    void on_head(const boost::system::error_code& ec, std::size_t n) {
        if (ec == asio::error::not_found) {  // over kMaxHeadBytes without a blank line
            reply(bad_request());
        } else if (ec) {
            timer_.cancel();  // closed by the peer or by the timer
        } else {
            std::string head(asio::buffers_begin(buffer_.data()),
                             asio::buffers_begin(buffer_.data()) + static_cast<std::ptrdiff_t>(n));
            reply(answer(head, body_));
        }
    }

    void reply(std::string bytes) {
        out_ = std::move(bytes);
        asio::async_write(
            socket_, asio::buffer(out_),
            [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                boost::system::error_code ignored;
                self->socket_.shutdown(tcp::socket::shutdown_send, ignored);
                if (ec) return self->finish();
                self->drain();
            });
    }

    // Reads what the client still sends until it closes (or the timer ends it): closing with
    // unread bytes would reset the connection, and the client could lose the answer.
    void drain() {
        socket_.async_read_some(
            asio::buffer(discard_),
            [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                if (ec) return self->finish();
                self->drain();
            });
    }

    void finish() {
        boost::system::error_code ignored;
        socket_.close(ignored);
        timer_.cancel();
    }

    tcp::socket socket_;
    asio::steady_timer timer_;
    asio::streambuf buffer_;
    const std::function<std::string()>& body_;
    std::string out_;
    std::array<char, 4096> discard_;
};

}  // namespace

struct HttpServer::Impl {
    asio::io_context io{1};
    tcp::acceptor acceptor{io};
    std::function<std::string()> body;
    std::thread thread;

    void accept() {
        acceptor.async_accept([this](const boost::system::error_code& ec, tcp::socket socket) {
            if (ec == asio::error::operation_aborted) return;
            if (!ec) std::make_shared<Connection>(std::move(socket), body)->start();
            accept();
        });
    }
};

HttpServer::HttpServer(const ListenAddress& address, std::function<std::string()> body)
    : impl_(std::make_unique<Impl>()) {
    impl_->body = std::move(body);
    boost::system::error_code ec;
    auto ip = asio::ip::make_address(address.host, ec);
    tcp::endpoint endpoint(ip, address.port);
    if (!ec) impl_->acceptor.open(endpoint.protocol(), ec);
    if (!ec) impl_->acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) impl_->acceptor.bind(endpoint, ec);
    if (!ec) impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        throw std::runtime_error("metrics: cannot listen on " + address.host + ":" +
                                 std::to_string(address.port) + ": " + ec.message());
    }
    impl_->accept();
    impl_->thread = std::thread([impl = impl_.get()] {
        try {
            impl->io.run();
        } catch (const std::exception& e) {
            spdlog::error("metrics: the endpoint stopped: {}", e.what());
        }
    });
}

HttpServer::~HttpServer() {
    impl_->io.stop();
    if (impl_->thread.joinable()) impl_->thread.join();
}

std::uint16_t HttpServer::port() const {
    return impl_->acceptor.local_endpoint().port();
}

}  // namespace cordgate::metrics
