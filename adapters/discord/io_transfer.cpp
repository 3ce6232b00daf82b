// The streaming copy of transfer.hpp: Beast's parser with a buffer body reads the source's
// body into one fixed buffer at a time, and each piece is written to the sink before the next
// is read, so memory stays at one chunk however large the file.

#include <adapters/discord/encodings.hpp>
#include <adapters/discord/file_policy.hpp>
#include <adapters/discord/transfer.hpp>

#include <openssl/evp.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>
#include <stdexcept>
#include <vector>

namespace cordgate::adapters::discord {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr std::size_t kSinkAnswerLimit = 64 * 1024;

struct Refused : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct Conn {
    std::unique_ptr<beast::tcp_stream> plain;
    std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> secure;

    beast::tcp_stream& tcp() { return plain ? *plain : beast::get_lowest_layer(*secure); }
    bool open() const { return plain || secure; }
    void close() {
        beast::error_code ignored;
        if (open()) tcp().socket().close(ignored);
    }
};

// Runs `fn` on whichever stream the connection has.
template <class Fn>
asio::awaitable<void> on_stream(Conn& c, Fn&& fn) {
    if (c.plain)
        co_await fn(*c.plain);
    else
        co_await fn(*c.secure);
}

std::string host_header(const Url& u) {
    const bool default_port = u.port == (u.tls ? "443" : "80");
    const bool v6 = u.host.find(':') != std::string::npos;
    std::string h = v6 ? "[" + u.host + "]" : u.host;
    return default_port ? h : h + ":" + u.port;
}

class Sha256 {
  public:
    Sha256() : ctx_(EVP_MD_CTX_new()) { EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr); }
    ~Sha256() { EVP_MD_CTX_free(ctx_); }
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void update(const char* data, std::size_t n) { EVP_DigestUpdate(ctx_, data, n); }
    std::string base64_digest() {
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned int len = 0;
        EVP_DigestFinal_ex(ctx_, md, &len);
        return base64(std::string_view(reinterpret_cast<const char*>(md), len));
    }

  private:
    EVP_MD_CTX* ctx_;
};

}  // namespace

struct Transfer::Impl : std::enable_shared_from_this<Transfer::Impl> {
    asio::io_context& io;
    asio::ssl::context& tls;
    TransferOptions options;
    std::chrono::steady_clock::time_point deadline;
    Conn source;
    Conn sink;
    beast::flat_buffer source_buffer;
    std::optional<http::response_parser<http::buffer_body>> parser;
    std::uint64_t length = 0;
    bool cancelled = false;

    Impl(asio::io_context& i, asio::ssl::context& t, TransferOptions o)
        : io(i), tls(t), options(o) {}

    asio::awaitable<void> connect(Conn& c, const Url& url, bool check) {
        tcp::resolver resolver(io);
        auto results = co_await resolver.async_resolve(url.host, url.port, asio::use_awaitable);
        std::vector<tcp::endpoint> endpoints;
        for (const auto& r : results) {
            if (check && address_refused(r.endpoint().address().to_string(), options.allow_private))
                continue;
            endpoints.push_back(r.endpoint());
        }
        if (endpoints.empty())
            throw Refused(url.host +
                          " resolves only to private or loopback addresses, which "
                          "the gateway does not fetch from");
        if (url.tls) {
            c.secure = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(io, tls);
            if (!SSL_set_tlsext_host_name(c.secure->native_handle(), url.host.c_str()))
                throw std::runtime_error("cannot set TLS SNI host name");
            c.secure->set_verify_callback(asio::ssl::host_name_verification(url.host));
        } else {
            c.plain = std::make_unique<beast::tcp_stream>(io);
        }
        c.tcp().expires_at(deadline);
        co_await c.tcp().async_connect(endpoints, asio::use_awaitable);
        c.tcp().socket().set_option(tcp::no_delay(true));
        if (c.secure) {
            c.tcp().expires_at(deadline);
            co_await c.secure->async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
        }
    }

    asio::awaitable<void> run_open(Url url, HeaderList headers,
                                   std::function<void(TransferHead)> on_head) {
        auto self = shared_from_this();
        TransferHead head;
        try {
            co_await connect(source, url, options.check_addresses);
            http::request<http::empty_body> req{http::verb::get, url.target, 11};
            req.set(http::field::host, host_header(url));
            for (const auto& [name, value] : headers) req.set(name, value);
            parser.emplace();
            parser->header_limit(16 * 1024);
            parser->body_limit(std::numeric_limits<std::uint64_t>::max());
            co_await on_stream(source, [&](auto& s) -> asio::awaitable<void> {
                source.tcp().expires_at(deadline);
                co_await http::async_write(s, req, asio::use_awaitable);
                source.tcp().expires_at(deadline);
                co_await http::async_read_header(s, source_buffer, *parser, asio::use_awaitable);
            });
            const auto& res = parser->get();
            head.status = static_cast<int>(res.result_int());
            head.content_type = std::string(res[http::field::content_type]);
            if (auto n = parser->content_length()) head.length = *n;
            if (head.status / 100 == 3) {
                head.location = std::string(res[http::field::location]);
                head.error =
                    "the file's server redirected to " +
                    (head.location.empty() ? std::string("another place") : head.location) +
                    ", and redirects are not followed";
            } else if (head.status / 100 != 2) {
                head.error = "the file's server answered HTTP " + std::to_string(head.status);
            } else if (!head.length) {
                head.error = "the file's server did not say how large the file is";
            } else if (*head.length > options.max_bytes) {
                head.error = "the file is " + std::to_string(*head.length) +
                             " bytes, more than the " + std::to_string(options.max_bytes) +
                             " allowed";
            } else {
                length = *head.length;
            }
        } catch (const Refused& e) {
            head.status = 0;
            head.error = e.what();
        } catch (const boost::system::system_error& e) {
            head.status = 0;
            head.error = e.code() == beast::error::timeout
                             ? std::string("fetching the file timed out")
                             : "fetching the file failed: " + e.code().message();
        } catch (const std::exception& e) {
            head.status = 0;
            head.error = std::string("fetching the file failed: ") + e.what();
        }
        if (!head.error.empty()) source.close();
        if (cancelled) co_return;
        on_head(std::move(head));
    }

    enum class Stage { sink_connect, reading, writing, answer };

    // A network error, told by the side it happened on.
    static void network_failure(TransferResult& r, const boost::system::system_error& e,
                                Stage stage) {
        const bool timeout = e.code() == beast::error::timeout;
        r.outcome = timeout                   ? TransferOutcome::timed_out
                    : stage == Stage::reading ? TransferOutcome::source_failed
                                              : TransferOutcome::sink_failed;
        r.error = timeout                   ? std::string("the file transfer timed out")
                  : stage == Stage::reading ? "reading the file failed: " + e.code().message()
                                            : "storing the file failed: " + e.code().message();
    }

    // Reads the waiting body one chunk at a time and hands each to `write` before reading the
    // next, so one chunk is all that is held. Ends with r.bytes counted; a body longer or
    // shorter than announced sets r.outcome and r.error. Closes the source.
    template <class Write>
    asio::awaitable<void> pump(TransferResult& r, Stage& stage, Sha256& hash, Write write) {
        std::vector<char> chunk(options.chunk);
        while (!parser->is_done()) {
            stage = Stage::reading;
            parser->get().body().data = chunk.data();
            parser->get().body().size = chunk.size();
            co_await on_stream(source, [&](auto& s) -> asio::awaitable<void> {
                source.tcp().expires_at(deadline);
                auto [ec, n] = co_await http::async_read(s, source_buffer, *parser,
                                                         asio::as_tuple(asio::use_awaitable));
                (void)n;
                if (ec == http::error::need_buffer) ec = {};
                if (ec) throw boost::system::system_error(ec);
            });
            const std::size_t got = chunk.size() - parser->get().body().size;
            if (got == 0) continue;
            r.bytes += got;
            if (r.bytes > length) {
                r.outcome = TransferOutcome::too_big;
                r.error = "the file's server sent more bytes than it announced";
                break;
            }
            hash.update(chunk.data(), got);
            stage = Stage::writing;
            co_await write(chunk.data(), got);
        }
        source.close();
        if (r.error.empty() && r.bytes != length) {
            r.outcome = TransferOutcome::source_failed;
            r.error = "the file's server sent " + std::to_string(r.bytes) + " of " +
                      std::to_string(length) + " bytes";
        }
    }

    asio::awaitable<void> run_store(std::filesystem::path path,
                                    std::function<void(TransferResult)> done) {
        auto self = shared_from_this();
        TransferResult r;
        Stage stage = Stage::writing;
        std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(nullptr, &std::fclose);
        try {
            if (!parser || !source.open()) throw std::logic_error("no source body is waiting");
            file.reset(std::fopen(path.c_str(), "wbx"));
            if (!file) throw std::runtime_error(path.string() + ": " + std::strerror(errno));
            Sha256 hash;
            // A local write of one chunk is short next to the network's wait: done in place.
            co_await pump(r, stage, hash,
                          [&](const char* data, std::size_t n) -> asio::awaitable<void> {
                              if (std::fwrite(data, 1, n, file.get()) != n)
                                  throw std::runtime_error(std::string("writing failed: ") +
                                                           std::strerror(errno));
                              co_return;
                          });
            if (r.error.empty()) {
                if (std::fflush(file.get()) != 0 || ::fsync(fileno(file.get())) != 0)
                    throw std::runtime_error(std::string("writing failed: ") +
                                             std::strerror(errno));
                r.outcome = TransferOutcome::copied;
                r.sha256_base64 = hash.base64_digest();
            }
        } catch (const boost::system::system_error& e) {
            network_failure(r, e, stage);
        } catch (const std::exception& e) {
            r.outcome = TransferOutcome::sink_failed;
            r.error = std::string("storing the file failed: ") + e.what();
        }
        file.reset();
        source.close();
        parser.reset();
        if (cancelled) co_return;
        done(std::move(r));
    }

    asio::awaitable<void> run_send(Url url, HeaderList headers,
                                   std::function<void(TransferResult)> done) {
        auto self = shared_from_this();
        TransferResult r;
        Stage stage = Stage::sink_connect;
        try {
            if (!parser || !source.open()) throw std::logic_error("no source body is waiting");
            co_await connect(sink, url, false);
            http::request<http::empty_body> req{http::verb::put, url.target, 11};
            req.set(http::field::host, host_header(url));
            for (const auto& [name, value] : headers) req.set(name, value);
            req.content_length(length);
            http::request_serializer<http::empty_body> sr{req};
            co_await on_stream(sink, [&](auto& s) -> asio::awaitable<void> {
                sink.tcp().expires_at(deadline);
                co_await http::async_write_header(s, sr, asio::use_awaitable);
            });
            Sha256 hash;
            co_await pump(
                r, stage, hash, [&](const char* data, std::size_t n) -> asio::awaitable<void> {
                    co_await on_stream(sink, [&](auto& s) -> asio::awaitable<void> {
                        sink.tcp().expires_at(deadline);
                        co_await asio::async_write(s, asio::buffer(data, n), asio::use_awaitable);
                    });
                });
            if (r.error.empty()) {
                stage = Stage::answer;
                beast::flat_buffer buffer;
                http::response_parser<http::string_body> answer;
                answer.body_limit(kSinkAnswerLimit);
                co_await on_stream(sink, [&](auto& s) -> asio::awaitable<void> {
                    sink.tcp().expires_at(deadline);
                    co_await http::async_read(s, buffer, answer, asio::use_awaitable);
                });
                r.sink_status = static_cast<int>(answer.get().result_int());
                r.sink_body = answer.get().body().substr(0, 512);
                if (r.sink_status / 100 == 2) {
                    r.outcome = TransferOutcome::copied;
                    r.sha256_base64 = hash.base64_digest();
                } else {
                    r.outcome = TransferOutcome::sink_failed;
                    r.error = "storing the file failed: HTTP " + std::to_string(r.sink_status);
                }
            }
        } catch (const boost::system::system_error& e) {
            network_failure(r, e, stage);
        } catch (const std::exception& e) {
            r.outcome = TransferOutcome::sink_failed;
            r.error = std::string("storing the file failed: ") + e.what();
        }
        source.close();
        sink.close();
        parser.reset();
        if (cancelled) co_return;
        done(std::move(r));
    }

    asio::awaitable<void> run_read_all(std::function<void(TransferResult, std::string)> done) {
        auto self = shared_from_this();
        TransferResult r;
        std::string bytes;
        try {
            if (!parser || !source.open()) throw std::logic_error("no source body is waiting");
            bytes.resize(static_cast<std::size_t>(length));
            while (!parser->is_done() && r.bytes < length) {
                parser->get().body().data = bytes.data() + r.bytes;
                parser->get().body().size = static_cast<std::size_t>(length - r.bytes);
                co_await on_stream(source, [&](auto& s) -> asio::awaitable<void> {
                    source.tcp().expires_at(deadline);
                    auto [ec, n] = co_await http::async_read(s, source_buffer, *parser,
                                                             asio::as_tuple(asio::use_awaitable));
                    (void)n;
                    if (ec == http::error::need_buffer) ec = {};
                    if (ec) throw boost::system::system_error(ec);
                });
                r.bytes = length - parser->get().body().size;
            }
            if (r.bytes == length && parser->is_done()) {
                r.outcome = TransferOutcome::copied;
            } else {
                r.error = "the file's server sent more or fewer bytes than it announced";
            }
        } catch (const boost::system::system_error& e) {
            const bool timeout = e.code() == beast::error::timeout;
            r.outcome = timeout ? TransferOutcome::timed_out : TransferOutcome::source_failed;
            r.error = timeout ? std::string("the file transfer timed out")
                              : "reading the file failed: " + e.code().message();
        } catch (const std::exception& e) {
            r.error = std::string("reading the file failed: ") + e.what();
        }
        source.close();
        parser.reset();
        if (cancelled) co_return;
        if (r.outcome != TransferOutcome::copied) bytes.clear();
        done(std::move(r), std::move(bytes));
    }
};

Transfer::Transfer(asio::io_context& io, asio::ssl::context& tls, TransferOptions options)
    : impl_(std::make_shared<Impl>(io, tls, options)) {}

Transfer::~Transfer() {
    cancel();
}

void Transfer::open(const Url& source, HeaderList headers,
                    std::function<void(TransferHead)> on_head) {
    impl_->deadline = std::chrono::steady_clock::now() + impl_->options.timeout;
    asio::co_spawn(impl_->io, impl_->run_open(source, std::move(headers), std::move(on_head)),
                   asio::detached);
}

void Transfer::send_to(const Url& sink, HeaderList headers,
                       std::function<void(TransferResult)> done) {
    asio::co_spawn(impl_->io, impl_->run_send(sink, std::move(headers), std::move(done)),
                   asio::detached);
}

void Transfer::store_to(const std::filesystem::path& path,
                        std::function<void(TransferResult)> done) {
    asio::co_spawn(impl_->io, impl_->run_store(path, std::move(done)), asio::detached);
}

void Transfer::read_all(std::function<void(TransferResult, std::string)> done) {
    asio::co_spawn(impl_->io, impl_->run_read_all(std::move(done)), asio::detached);
}

void Transfer::cancel() {
    impl_->cancelled = true;
    impl_->source.close();
    impl_->sink.close();
}

}  // namespace cordgate::adapters::discord
