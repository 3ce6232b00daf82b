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
#include <vector>

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
    // Writes what the socket takes now; the number of bytes written (a peer that stopped reading
    // takes less).
    std::size_t write_some(std::string_view text) {
        ssize_t n = ::send(fd_, text.data(), text.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        return n > 0 ? static_cast<std::size_t>(n) : 0;
    }
    // True once the component closed its end (a read returns end of file).
    bool closed_by_peer() {
        char buf[1 << 16];
        for (;;) {
            ssize_t n = recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
            if (n == 0) return true;
            if (n < 0) return false;
            received_.append(buf, static_cast<std::size_t>(n));
        }
    }
    // Everything read by closed_by_peer().
    const std::string& received() const { return received_; }
    // Forgets the connection, so the next try_accept() takes the component's next one.
    void hang_up() {
        if (fd_ >= 0) close(fd_);
        fd_ = -1;
        received_.clear();
    }

  private:
    int listen_fd_ = -1;
    int fd_ = -1;
    std::uint16_t port_ = 0;
    std::string received_;
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
    // The log must say what went wrong: the server only tells the stream.
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

// The server's stream breaks in the way `bad` makes it: the component answers with the stream
// error `condition`, closes, logs why, and connects again by itself.
void expect_stream_refused(const std::string& bad, const std::string& condition) {
    CapturedLog log;
    FakeServer server;
    int stanzas = 0;
    Component component({"127.0.0.1", server.port(), "gw.localhost", "secret", 1ms, 1ms},
                        {nullptr, nullptr, [&](Element&) { ++stanzas; }});
    handshake(server, component);
    std::size_t at = 0;
    ASSERT_TRUE(turn_until(component,
                           [&] {
                               if (at < bad.size())
                                   at += server.write_some(std::string_view(bad).substr(at));
                               return server.closed_by_peer();
                           }))
        << "the component never closed; " << at << " of " << bad.size() << " bytes written";
    EXPECT_NE(server.received().find("<stream:error><" + condition +
                                     " xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"),
              std::string::npos)
        << server.received();
    EXPECT_NE(server.received().find("</stream:stream>"), std::string::npos);
    EXPECT_FALSE(component.connected());
    EXPECT_NE(log.text().find("refused: <" + condition + "/>"), std::string::npos) << log.text();
    EXPECT_EQ(stanzas, 0);
    // A new connection, a new stream, and stanzas flow again.
    server.hang_up();
    handshake(server, component);
    server.write("<message from='romeo@localhost/a' to='gw.localhost'><body>hi</body></message>");
    EXPECT_TRUE(turn_until(component, [&] { return stanzas == 1; }));
    EXPECT_EQ(component.connects(), 2u);
}

TEST(Component, AStanzaAMillionDeepIsRefusedWithoutCrashingAndTheLinkComesBack) {
    std::string deep = "<message from='mallory@localhost/x' to='gw.localhost'>";
    for (int i = 0; i < 1'000'000; ++i) deep += "<a>";
    expect_stream_refused(deep, "policy-violation");
}

TEST(Component, AStartTagOfMegabytesIsRefusedBeforeItIsWhole) {
    std::string big = "<message from='mallory@localhost/x' to='";
    big += std::string(3 * 1024 * 1024, 'x');
    expect_stream_refused(big, "policy-violation");
}

TEST(Component, AnOversizedStanzaArrivesMarkedAndTheLinkStays) {
    FakeServer server;
    std::vector<Element> got;
    Component component({"127.0.0.1", server.port(), "gw.localhost", "secret"},
                        {nullptr, nullptr, [&](Element& e) { got.push_back(std::move(e)); }});
    handshake(server, component);
    const std::string big = "<message id='big' from='romeo@localhost/x' to='gw.localhost'><body>" +
                            std::string(3 * 1024 * 1024, 'x') + "</body></message><presence/>";
    std::size_t at = 0;
    ASSERT_TRUE(turn_until(component, [&] {
        if (at < big.size()) at += server.write_some(std::string_view(big).substr(at));
        return got.size() == 2;
    }));
    EXPECT_TRUE(got[0].oversized);
    EXPECT_EQ(got[0].attr_or("id"), "big");
    EXPECT_TRUE(got[0].children.empty());
    EXPECT_FALSE(got[1].oversized);
    EXPECT_TRUE(component.connected());
    EXPECT_EQ(component.connects(), 1u);
}

TEST(Component, AParseErrorIsAnsweredClosedAndReconnected) {
    expect_stream_refused("<message><body>x</presence>", "not-well-formed");
}

TEST(Component, RestrictedXmlIsAnsweredClosedAndReconnected) {
    expect_stream_refused("<!-- hello -->", "restricted-xml");
}

TEST(Component, TheServersStreamCloseIsAnsweredAndTheLinkComesBack) {
    FakeServer server;
    Component component({"127.0.0.1", server.port(), "gw.localhost", "secret", 1ms, 1ms}, {});
    handshake(server, component);
    server.write("</stream:stream>");
    ASSERT_TRUE(turn_until(component, [&] { return server.closed_by_peer(); }));
    EXPECT_NE(server.received().find("</stream:stream>"), std::string::npos);
    server.hang_up();
    handshake(server, component);
    EXPECT_EQ(component.connects(), 2u);
}

}  // namespace
}  // namespace cordgate::adapters::xmpp
