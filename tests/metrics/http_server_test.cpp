// The /metrics endpoint: the answers as bytes (pure), then a real server on loopback that
// serves a registry, refuses what is not GET /metrics, and keeps serving after bad requests.

#include <metrics/http_answer.hpp>
#include <metrics/http_server.hpp>
#include <metrics/registry.hpp>

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

namespace {

using namespace cordgate::metrics;

std::string body() {
    return "x 1\n";
}

TEST(HttpAnswer, GetMetricsIsTheTextFormat) {
    EXPECT_EQ(answer("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", body),
              "HTTP/1.1 200 OK\r\n"
              "Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n"
              "Content-Length: 4\r\n"
              "Connection: close\r\n\r\n"
              "x 1\n");
    EXPECT_TRUE(answer("GET /metrics?x=1 HTTP/1.0\r\n\r\n", body).starts_with("HTTP/1.1 200"));
}

TEST(HttpAnswer, OtherPathsMethodsAndGarbage) {
    EXPECT_TRUE(answer("GET / HTTP/1.1\r\n\r\n", body).starts_with("HTTP/1.1 404 Not Found"));
    EXPECT_TRUE(answer("GET /metricsx HTTP/1.1\r\n\r\n", body).starts_with("HTTP/1.1 404"));
    std::string post = answer("POST /metrics HTTP/1.1\r\n\r\n", body);
    EXPECT_TRUE(post.starts_with("HTTP/1.1 405"));
    EXPECT_NE(post.find("Allow: GET\r\n"), std::string::npos);
    EXPECT_TRUE(answer("hello\r\n\r\n", body).starts_with("HTTP/1.1 400"));
    EXPECT_TRUE(answer("GET metrics HTTP/1.1\r\n\r\n", body).starts_with("HTTP/1.1 400"));
    EXPECT_TRUE(answer("GET /metrics SPDY/3\r\n\r\n", body).starts_with("HTTP/1.1 400"));
}

// Sends `request` (then half-closes when asked) and reads until the server closes.
std::string exchange(std::uint16_t port, const std::string& request, bool half_close = false) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    std::size_t sent = 0;
    while (sent < request.size()) {
        ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;  // the server may answer and close before a long request is in
        sent += static_cast<std::size_t>(n);
    }
    if (half_close) ::shutdown(fd, SHUT_WR);
    std::string out;
    char buffer[4096];
    ssize_t n;
    while ((n = ::recv(fd, buffer, sizeof buffer, 0)) > 0) out.append(buffer, buffer + n);
    ::close(fd);
    return out;
}

TEST(HttpServer, ServesTheRegistryAndSurvivesBadRequests) {
    Registry registry;
    Counter& c = registry.counter("cordgate_test_total", "T", {{"kind", "message"}});
    HttpServer server(ListenAddress{"127.0.0.1", 0}, [&] { return registry.text(); });
    ASSERT_NE(server.port(), 0);

    c.inc(3);
    std::string first = exchange(server.port(), "GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n");
    EXPECT_TRUE(first.starts_with("HTTP/1.1 200 OK\r\n")) << first;
    EXPECT_NE(first.find("\r\n\r\n# HELP cordgate_test_total T\n"), std::string::npos) << first;
    EXPECT_NE(first.find("cordgate_test_total{kind=\"message\"} 3\n"), std::string::npos);

    EXPECT_TRUE(exchange(server.port(), "GET /other HTTP/1.1\r\n\r\n").starts_with("HTTP/1.1 404"));
    EXPECT_TRUE(exchange(server.port(), "nonsense\r\n\r\n").starts_with("HTTP/1.1 400"));
    // A head that never ends within 8 KiB.
    EXPECT_TRUE(exchange(server.port(), std::string(9000, 'A')).starts_with("HTTP/1.1 400"));
    // A client that goes away before finishing its head: no answer, nothing broken.
    EXPECT_EQ(exchange(server.port(), "GET /metr", true), "");

    c.inc();
    std::string again = exchange(server.port(), "GET /metrics HTTP/1.0\r\n\r\n");
    EXPECT_NE(again.find("cordgate_test_total{kind=\"message\"} 4\n"), std::string::npos) << again;
}

TEST(HttpServer, AnAddressInUseIsAnErrorNamingIt) {
    Registry registry;
    HttpServer first(ListenAddress{"127.0.0.1", 0}, [&] { return registry.text(); });
    try {
        HttpServer second(ListenAddress{"127.0.0.1", first.port()}, [] { return std::string(); });
        FAIL() << "bound twice";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("127.0.0.1:" + std::to_string(first.port())),
                  std::string::npos)
            << e.what();
    }
}

}  // namespace
