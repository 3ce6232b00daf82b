// cordgate serve-files --dir DIR [--listen 127.0.0.1:5480] [--prefix /files]
// A small HTTP server for cordgate's own file store ([files] store_dir): GET and HEAD of the
// stored files, streamed from disk, nothing else. Put it behind the web server that holds the
// TLS certificate of [files] store_base_url, or use that web server instead.

#include <runtime/commands.hpp>
#include <runtime/file_route.hpp>

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <csignal>
#include <filesystem>
#include <iostream>
#include <memory>

namespace cordgate::runtime {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct ServeArgs {
    std::string dir;
    std::string listen = "127.0.0.1:5480";
    std::string prefix;
};

constexpr auto kIdle = std::chrono::seconds(30);

template <class Body>
void common_headers(http::response<Body>& res) {
    res.set(http::field::server, "cordgate");
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Content-Security-Policy", "default-src 'none'; sandbox");
}

asio::awaitable<void> serve_connection(tcp::socket socket, std::filesystem::path dir,
                                       std::string prefix) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    for (;;) {
        http::request_parser<http::empty_body> parser;
        parser.header_limit(8 * 1024);
        parser.body_limit(0);
        stream.expires_after(kIdle);
        auto [ec, n] =
            co_await http::async_read(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
        (void)n;
        if (ec) break;  // closed, idle, or not HTTP: nothing to answer
        const auto& req = parser.get();
        const FileRoute route = route_file_request(req.method_string(), req.target(), prefix);
        const bool keep_alive = req.keep_alive();
        http::file_body::value_type file;
        if (route.answer == FileAnswer::serve) {
            beast::error_code open_ec;
            file.open((dir / route.name).c_str(), beast::file_mode::scan, open_ec);
            if (open_ec) {
                http::response<http::string_body> res{http::status::not_found, req.version()};
                common_headers(res);
                res.keep_alive(keep_alive);
                res.prepare_payload();
                stream.expires_after(kIdle);
                co_await http::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
                if (!keep_alive) break;
                continue;
            }
            const auto size = file.size();
            http::response<http::file_body> res{http::status::ok, req.version()};
            common_headers(res);
            res.set(http::field::content_type, route.content_type);
            res.set(http::field::content_disposition,
                    route.inline_display ? "inline" : "attachment");
            // A stored file never changes under its name: cache it for as long as it may live.
            res.set(http::field::cache_control, "public, max-age=2592000, immutable");
            res.keep_alive(keep_alive);
            if (req.method() == http::verb::head) {
                http::response<http::empty_body> head{http::status::ok, req.version()};
                head.base() = res.base();
                head.content_length(size);
                stream.expires_after(kIdle);
                auto [wec, wn] =
                    co_await http::async_write(stream, head, asio::as_tuple(asio::use_awaitable));
                (void)wn;
                if (wec || !keep_alive) break;
                continue;
            }
            res.body() = std::move(file);
            res.prepare_payload();
            stream.expires_never();  // a large file to a slow client: the socket's own pace
            auto [wec, wn] =
                co_await http::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
            spdlog::debug("serve-files: {} {} bytes", route.name, wn);
            if (wec || !keep_alive) break;
            continue;
        }
        const bool not_allowed = route.answer == FileAnswer::method_not_allowed;
        http::response<http::string_body> res{
            not_allowed ? http::status::method_not_allowed : http::status::not_found,
            req.version()};
        common_headers(res);
        if (not_allowed) res.set(http::field::allow, "GET, HEAD");
        res.keep_alive(keep_alive);
        res.prepare_payload();
        stream.expires_after(kIdle);
        auto [wec, wn] =
            co_await http::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
        (void)wn;
        if (wec || !keep_alive) break;
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, std::filesystem::path dir,
                                  std::string prefix) {
    for (;;) {
        auto [ec, socket] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
        if (ec) {
            if (ec == asio::error::operation_aborted) co_return;
            spdlog::warn("serve-files: accept failed: {}", ec.message());
            continue;
        }
        asio::co_spawn(acceptor.get_executor(), serve_connection(std::move(socket), dir, prefix),
                       asio::detached);
    }
}

int run_serve_files(const ServeArgs& args) {
    const std::filesystem::path dir = args.dir;
    if (!std::filesystem::is_directory(dir)) {
        std::cerr << "serve-files: " << args.dir << " is not a directory\n";
        return 2;
    }
    std::string prefix = args.prefix;
    while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
    if (!prefix.empty() && prefix.front() != '/') prefix.insert(prefix.begin(), '/');
    const auto colon = args.listen.rfind(':');
    if (colon == std::string::npos) {
        std::cerr << "serve-files: --listen takes HOST:PORT, not " << args.listen << "\n";
        return 2;
    }
    std::string host = args.listen.substr(0, colon);
    if (host.size() > 1 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    asio::io_context io(1);
    tcp::acceptor acceptor(io);
    try {
        const tcp::endpoint at(
            asio::ip::make_address(host),
            static_cast<unsigned short>(std::stoi(args.listen.substr(colon + 1))));
        acceptor.open(at.protocol());
        acceptor.set_option(tcp::acceptor::reuse_address(true));
        acceptor.bind(at);
        acceptor.listen();
    } catch (const std::exception& e) {
        std::cerr << "serve-files: cannot listen on " << args.listen << ": " << e.what() << "\n";
        return 2;
    }
    // The port, for whoever started this with port 0 (the tests).
    std::cout << "LISTENING " << acceptor.local_endpoint().port() << "\n" << std::flush;
    spdlog::info("serve-files: {} under {}/ on {}", dir.string(), prefix,
                 acceptor.local_endpoint().port());
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const beast::error_code&, int) { io.stop(); });
    asio::co_spawn(io, accept_loop(acceptor, dir, prefix), asio::detached);
    io.run();
    return 0;
}

}  // namespace

void add_serve_files_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<ServeArgs>();
    CLI::App* cmd =
        app.add_subcommand("serve-files", "serve cordgate's own file store ([files] store_dir)");
    cmd->add_option("--dir", args->dir, "the store's directory")->required();
    cmd->add_option("--listen", args->listen, "HOST:PORT to listen on (port 0: any)");
    cmd->add_option("--prefix", args->prefix, "the URL path the files are under, e.g. /files");
    cmd->callback([args, &exit_code] {
        try {
            exit_code = run_serve_files(*args);
        } catch (const std::exception& e) {
            std::cerr << "serve-files: " << e.what() << "\n";
            exit_code = 2;
        }
    });
}

}  // namespace cordgate::runtime
