#pragma once
// The XEP-0114 link to the XMPP server. Owns the only state the adapter has: the connection.
// Reconnects by itself with exponential backoff whenever the server goes away or the stream
// breaks, and hands every received stanza to the caller as an Element.
//
// The stream is read by StreamParser (bounded in size and depth, restricted XML refused) and
// written as text the caller gives; a broken stream is answered with the stream error that
// names why (RFC 6120 §4.9), logged, closed, and connected again.

#include <adapters/xmpp/element.hpp>
#include <adapters/xmpp/stream_parser.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace cordgate::adapters::xmpp {

struct ComponentOptions {
    std::string host;
    std::uint16_t port = 5347;
    std::string jid;
    std::string secret;
    std::chrono::milliseconds reconnect_min{100};
    std::chrono::milliseconds reconnect_max{30000};
    StreamLimits limits{};
};

struct ComponentCallbacks {
    std::function<void()> on_connected;
    std::function<void(std::string_view why)> on_disconnected;
    std::function<void(Element& stanza)> on_stanza;
};

class Component {
  public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    Component(
        ComponentOptions options, ComponentCallbacks callbacks,
        Clock clock = [] { return std::chrono::steady_clock::now(); });
    ~Component();
    Component(const Component&) = delete;
    Component& operator=(const Component&) = delete;

    // Drives the socket and the reconnect timer; waits at most `timeout` for traffic.
    void run_once(std::chrono::milliseconds timeout);
    bool connected() const { return state_ == State::ready; }
    // The server link's socket while there is one (to sleep on with other sockets), else -1.
    int socket_fd() const { return fd_; }
    // Bytes not yet written (the server reads slower than we send, or the connect is pending).
    bool has_pending_output() const { return fd_ >= 0 && out_sent_ < out_.size(); }
    // false when there is no live connection (the stanza is not queued). Stanzas sent in one
    // turn go to the server together at the end of the turn (or once 64 KiB are waiting): one
    // write instead of one per stanza, and one read for the server.
    bool send(const Element& stanza);
    bool send_raw(std::string_view xml);
    // Closes the stream politely and stops reconnecting; returns once closed or after 2 s.
    void stop();

    std::uint64_t connects() const { return connects_; }  // successful handshakes so far

  private:
    enum class State : std::uint8_t {
        down,         // no socket; the next attempt is at next_attempt_
        connecting,   // non-blocking connect() in progress
        opening,      // our stream header sent, waiting for the server's
        handshaking,  // <handshake/> sent, waiting for the server's answer
        ready,        // stanzas flow
    };

    void attempt();
    // Ends the connection: `why` is logged, and reported when the link had been ready.
    void drop(std::string_view why);
    // Sends a stream error with `condition` (and `text`) and ends the connection.
    void fail(std::string_view condition, std::string_view text);
    void schedule_retry(std::string_view why);
    void on_connect_done();
    void read_available();
    void write_pending();
    void on_open(const Element& header);
    void on_stanza(Element& stanza);

    ComponentOptions options_;
    ComponentCallbacks callbacks_;
    Clock clock_;
    State state_ = State::down;
    int fd_ = -1;
    std::unique_ptr<StreamParser> parser_;
    bool closed_by_server_ = false;  // set inside the parser's callbacks, acted on after it
    std::string stream_error_;       // likewise: the server's <stream:error/>, as text
    bool stopping_ = false;
    std::chrono::milliseconds backoff_;
    std::chrono::steady_clock::time_point next_attempt_{};
    std::uint64_t connects_ = 0;
    std::string out_;  // bytes to write; out_sent_ of them are written
    std::size_t out_sent_ = 0;
    bool socket_full_ = false;  // the last send() would have blocked; poll() clears it
};

}  // namespace cordgate::adapters::xmpp
