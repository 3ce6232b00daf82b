// The XEP-0114 link against a minimal server played by the test itself on loopback: one thread,
// the test alternating between the component's turns and the server's side of the socket.

#include <adapters/xmpp/component.hpp>

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <sstream>
#include <string>

namespace cordgate::adapters::xmpp {
namespace {

using namespace std::chrono_literals;

class FakeServer {
  public:
    FakeServer() {
        listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        sockaddr_in sa{};
        sa.sin_family = AF_INET;
        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof sa;
        if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 ||
            listen(listen_fd_, 1) != 0 ||
            getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&sa), &len) != 0) {
            throw std::runtime_error("cannot listen on loopback");
        }
        port_ = ntohs(sa.sin_port);
    }
    ~FakeServer() {
        if (fd_ >= 0) close(fd_);
        close(listen_fd_);
    }
    std::uint16_t port() const { return port_; }

    bool try_accept() {
        if (fd_ < 0) fd_ = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        return fd_ >= 0;
    }
    // One recv() of whatever is waiting: "" when nothing is.
    std::string read_once() {
        char buf[1 << 16];
        ssize_t n = recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
        return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
    }
    bool readable(int timeout_ms) {
        pollfd p{fd_, POLLIN, 0};
        return poll(&p, 1, timeout_ms) == 1;
    }
    void write(const std::string& text) {
        ASSERT_EQ(::send(fd_, text.data(), text.size(), MSG_NOSIGNAL),
                  static_cast<ssize_t>(text.size()));
    }

  private:
    int listen_fd_ = -1;
    int fd_ = -1;
    std::uint16_t port_ = 0;
};

// Runs the component until `done` or ~5 s.
template <typename Done>
bool turn_until(Component& c, Done done) {
    for (int i = 0; i < 500; ++i) {
        if (done()) return true;
        c.run_once(10ms);
    }
    return done();
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

// Connects a component to the fake server, opens the stream and waits for its <handshake/>.
void open_stream(FakeServer& server, Component& component) {
    ASSERT_TRUE(turn_until(component, [&] { return server.try_accept(); }));
    std::string got;
    ASSERT_TRUE(turn_until(component, [&] {
        got += server.read_once();
        return got.find("<stream:stream") != std::string::npos;
    }));
    server.write(
        "<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept' "
        "xmlns:stream='http://etherx.jabber.org/streams' id='s1' from='gw.localhost'>");
    got.clear();
    ASSERT_TRUE(turn_until(component, [&] {
        got += server.read_once();
        return got.find("</handshake>") != std::string::npos;
    }));
}

// ... and accepts the handshake.
void handshake(FakeServer& server, Component& component) {
    open_stream(server, component);
    server.write("<handshake/>");
    ASSERT_TRUE(turn_until(component, [&] { return component.connected(); }));
}

TEST(Component, StanzasOfOneTurnReachTheServerInOneWrite) {
    FakeServer server;
    Component component({"127.0.0.1", server.port(), "gw.localhost", "secret"}, {});
    handshake(server, component);

    for (int i = 0; i < 100; ++i) {
        Element m("message", "jabber:component:accept");
        m.set("to", "romeo@localhost").set("from", "1@gw.localhost");
        m.add("body", "jabber:component:accept", "flood " + std::to_string(i));
        ASSERT_TRUE(component.send(m));
    }
    // Gathered, not written: a stanza per write() would already be on the wire.
    EXPECT_FALSE(server.readable(50));
    EXPECT_TRUE(component.has_pending_output());

    component.run_once(0ms);
    ASSERT_TRUE(server.readable(1000));
    std::string first = server.read_once();
    EXPECT_EQ(count(first, "<message"), 100u) << first.size() << " bytes in the first read";
    EXPECT_NE(first.find("flood 99<"), std::string::npos);
}

// The default logger of the process, into a string for the test's lifetime.
class CapturedLog {
  public:
    CapturedLog()
        : previous_(spdlog::default_logger()),
          sink_(std::make_shared<spdlog::sinks::ostream_sink_mt>(text_)) {
        spdlog::set_default_logger(std::make_shared<spdlog::logger>("captured", sink_));
    }
    ~CapturedLog() { spdlog::set_default_logger(previous_); }
    std::string text() const { return text_.str(); }

  private:
    std::shared_ptr<spdlog::logger> previous_;
    std::ostringstream text_;
    std::shared_ptr<spdlog::sinks::ostream_sink_mt> sink_;
};

TEST(Component, AStreamErrorDuringTheHandshakeIsLoggedWithItsCondition) {
    // libstrophe's own log lines are off at info level, so our log must say what went wrong.
    CapturedLog log;
    FakeServer server;
    Component component({"127.0.0.1", server.port(), "gw.localhost", "wrong secret"}, {});
    open_stream(server, component);
    server.write(
        "<stream:error><not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
        "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>bad secret</text></stream:error>"
        "</stream:stream>");
    ASSERT_TRUE(turn_until(component, [&] {
        return log.text().find("down (") != std::string::npos;
    })) << log.text();
    EXPECT_NE(log.text().find("stream error <not-authorized/>: bad secret"), std::string::npos)
        << log.text();
    EXPECT_FALSE(component.connected());
}

TEST(Component, SendWithoutAConnectionIsRefused) {
    FakeServer server;
    Component component({"127.0.0.1", server.port(), "gw.localhost", "secret"}, {});
    Element m("message", "jabber:component:accept");
    EXPECT_FALSE(component.send(m));
}

}  // namespace
}  // namespace cordgate::adapters::xmpp
