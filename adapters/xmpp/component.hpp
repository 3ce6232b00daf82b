#pragma once
// The XEP-0114 link to the XMPP server, on libstrophe. Owns the only state the adapter has:
// the connection. Reconnects by itself with exponential backoff whenever the server goes away,
// and hands every received stanza to the caller as an Element.

#include <adapters/xmpp/element.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

struct _xmpp_ctx_t;
struct _xmpp_conn_t;

namespace cordgate::adapters::xmpp {

struct ComponentOptions {
    std::string host;
    std::uint16_t port = 5347;
    std::string jid;
    std::string secret;
    std::chrono::milliseconds reconnect_min{100};
    std::chrono::milliseconds reconnect_max{30000};
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
    bool connected() const { return connected_; }
    // The server link's socket while there is one (to sleep on with other sockets), else -1.
    int socket_fd() const;
    // Stanzas libstrophe has queued but not yet written (the server reads slower than we send).
    bool has_pending_output() const;
    // false when there is no live connection (the stanza is not queued). Stanzas sent in one
    // turn go to the server together at the end of the turn (or once 64 KiB are waiting): one
    // write instead of one per stanza, and one read for the server. A flood cost one send() per
    // stanza before, the adapter's largest system-call count.
    bool send(const Element& stanza);
    bool send_raw(std::string_view xml);
    // Closes the stream politely and stops reconnecting; returns once closed or after 2 s.
    void stop();

    std::uint64_t connects() const { return connects_; }  // successful handshakes so far

  private:
    friend struct ComponentTrampolines;  // libstrophe's C callbacks
    void attempt();
    void schedule_retry(std::string_view why);
    // Hands what send() gathered to libstrophe; run_once() and stop() call it.
    void flush();

    ComponentOptions options_;
    ComponentCallbacks callbacks_;
    Clock clock_;
    _xmpp_ctx_t* ctx_ = nullptr;
    _xmpp_conn_t* conn_ = nullptr;
    bool connected_ = false;
    bool dead_ = false;  // conn_ disconnected; released on the next run_once, outside its handler
    bool stopping_ = false;
    std::chrono::milliseconds backoff_;
    std::chrono::steady_clock::time_point next_attempt_{};
    std::uint64_t connects_ = 0;
    std::string outgoing_;  // stanzas of this turn, not yet handed to libstrophe
};

}  // namespace cordgate::adapters::xmpp
