#include <adapters/xmpp/component.hpp>

#include <adapters/xmpp/namespaces.hpp>
#include <adapters/xmpp/strophe_element.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <spdlog/spdlog.h>
#include <strophe.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <map>
#include <mutex>

namespace cordgate::adapters::xmpp {
namespace {

// libstrophe logs raw traffic (which can hold a registration token) at debug level, so only
// its warnings and errors reach our log, and never a line that quotes traffic.
void strophe_log(void*, xmpp_log_level_t level, const char* area, const char* msg) {
    if (level < XMPP_LEVEL_WARN) return;
    if (std::strstr(msg, "SENT") || std::strstr(msg, "RECV")) return;
    if (level == XMPP_LEVEL_WARN) {
        spdlog::warn("libstrophe {}: {}", area, msg);
    } else {
        spdlog::error("libstrophe {}: {}", area, msg);
    }
}

xmpp_log_t g_strophe_log{strophe_log, nullptr};

// libstrophe formats every line before any handler of ours can drop it: each buffer it queues
// and sends ("QUEUED: %s", "SENT: %s", up to 64 KiB each, twice) and each chunk it reads. That
// was a tenth of this adapter's CPU in a flood. With no handler at all it skips the formatting,
// so its lines are only taken when our own log is at debug or below; at info and above, the
// link's failures still reach the log through the connection handler (with the stream error).
const xmpp_log_t* strophe_logger() {
    return spdlog::should_log(spdlog::level::debug) ? &g_strophe_log : nullptr;
}

// Each connection's socket, learnt when libstrophe creates it (its API has no getter).
std::map<const xmpp_conn_t*, int>& sockets() {
    static std::map<const xmpp_conn_t*, int> by_conn;
    return by_conn;
}

// Back-to-back small stanzas stall ~40 ms each on Nagle plus the peer's delayed ACK.
int set_nodelay(xmpp_conn_t* conn, void* sock) {
    sockets()[conn] = *static_cast<int*>(sock);
    int one = 1;
    return setsockopt(*static_cast<int*>(sock), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) == 0
               ? 0
               : -1;
}

// libstrophe 0.12 (and master as of 2025-10) never allocates conn->sm_state for a component
// connection, yet dereferences it on every received stanza and on disconnect: a SIGSEGV on the
// first stanza. A client connection does allocate one, even when its connect fails, so a
// throw-away client connection to a port that refuses (bound, never listening) lends us its
// SM state through the public get/set API.
bool install_sm_state(xmpp_ctx_t* ctx, xmpp_conn_t* conn) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof sa;
    if (bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len) != 0) {
        close(fd);
        return false;
    }
    bool done = false;
    xmpp_conn_t* tmp = xmpp_conn_new(ctx);
    xmpp_conn_set_jid(tmp, "sm-workaround@localhost");
    auto on_done = [](xmpp_conn_t*, xmpp_conn_event_t, int, xmpp_stream_error_t*, void* flag) {
        *static_cast<bool*>(flag) = true;
    };
    if (xmpp_connect_client(tmp, "127.0.0.1", ntohs(sa.sin_port), on_done, &done) == XMPP_EOK) {
        for (int i = 0; i < 200 && !done; ++i) xmpp_run_once(ctx, 10);
    }
    close(fd);
    xmpp_sm_state_t* sm = xmpp_conn_get_sm_state(tmp);
    xmpp_conn_release(tmp);
    return sm && xmpp_conn_set_sm_state(conn, sm) == XMPP_EOK;
}

bool mentions_register(const Element& e) {
    for (const auto& c : e.children) {
        if (c.ns == ns::kRegister) return true;
    }
    return false;
}

// The defined condition of a stream error (RFC 6120 §4.9.3), e.g. "not-authorized" for a wrong
// component secret: the first child of <stream:error> that is not <text/>.
const char* stream_error_condition(const xmpp_stream_error_t* error) {
    if (!error->stanza) return nullptr;
    for (xmpp_stanza_t* child = xmpp_stanza_get_children(error->stanza); child;
         child = xmpp_stanza_get_next(child)) {
        const char* name = xmpp_stanza_get_name(child);
        if (name && std::strcmp(name, "text") != 0) return name;
    }
    return nullptr;
}

}  // namespace

struct ComponentTrampolines {
    static void on_event(xmpp_conn_t* conn, xmpp_conn_event_t status, int error,
                         xmpp_stream_error_t* stream_error, void* userdata) {
        auto* self = static_cast<Component*>(userdata);
        if (conn != self->conn_) return;
        if (status == XMPP_CONN_CONNECT) {
            xmpp_handler_add(conn, on_stanza, nullptr, nullptr, nullptr, self);
            self->connected_ = true;
            self->backoff_ = self->options_.reconnect_min;
            ++self->connects_;
            spdlog::info("connected to {}:{} as {}", self->options_.host, self->options_.port,
                         self->options_.jid);
            if (self->callbacks_.on_connected) self->callbacks_.on_connected();
            return;
        }
        const bool was_connected = self->connected_;
        self->connected_ = false;
        self->dead_ = true;
        std::string why;
        if (stream_error) {
            why = "stream error";
            if (const char* condition = stream_error_condition(stream_error)) {
                why += std::string(" <") + condition + "/>";
            }
            if (stream_error->text) why += std::string(": ") + stream_error->text;
        } else if (error) {
            why = std::strerror(error);
        } else {
            why = was_connected ? "the server closed the stream" : "connection failed";
        }
        if (!self->stopping_) self->schedule_retry(why);
        if (was_connected && self->callbacks_.on_disconnected)
            self->callbacks_.on_disconnected(why);
    }

    static int on_stanza(xmpp_conn_t*, xmpp_stanza_t* stanza, void* userdata) {
        auto* self = static_cast<Component*>(userdata);
        // A handler must never let an exception cross libstrophe's C frames.
        try {
            Element e = to_element(stanza, ns::kComponent);
            const bool secret = mentions_register(e);
            if (self->callbacks_.on_stanza) self->callbacks_.on_stanza(e);
            if (secret) wipe_text(stanza);
        } catch (const std::exception& ex) {
            spdlog::error("handling a received <{}/> failed: {}",
                          xmpp_stanza_get_name(stanza) ? xmpp_stanza_get_name(stanza) : "?",
                          ex.what());
        }
        return 1;  // keep the handler installed
    }
};

Component::Component(ComponentOptions options, ComponentCallbacks callbacks, Clock clock)
    : options_(std::move(options)),
      callbacks_(std::move(callbacks)),
      clock_(std::move(clock)),
      backoff_(options_.reconnect_min) {
    static std::once_flag init;
    std::call_once(init, [] { xmpp_initialize(); });
    ctx_ = xmpp_ctx_new(nullptr, strophe_logger());
    next_attempt_ = clock_();
}

Component::~Component() {
    if (conn_) {
        sockets().erase(conn_);
        xmpp_conn_release(conn_);
    }
    xmpp_ctx_free(ctx_);
}

void Component::schedule_retry(std::string_view why) {
    next_attempt_ = clock_() + backoff_;
    spdlog::warn("XMPP server link to {}:{} down ({}); reconnecting in {} ms", options_.host,
                 options_.port, why, backoff_.count());
    backoff_ = std::min(backoff_ * 2, options_.reconnect_max);
}

void Component::attempt() {
    conn_ = xmpp_conn_new(ctx_);
    dead_ = false;
    xmpp_conn_set_jid(conn_, options_.jid.c_str());
    xmpp_conn_set_pass(conn_, options_.secret.c_str());
    xmpp_conn_set_sockopt_callback(conn_, set_nodelay);
    if (!install_sm_state(ctx_, conn_)) {
        // Without it the first stanza would crash the process; better to stay down and retry.
        sockets().erase(conn_);
        xmpp_conn_release(conn_);
        conn_ = nullptr;
        schedule_retry("could not install the libstrophe SM-state workaround");
        return;
    }
    if (xmpp_connect_component(conn_, options_.host.c_str(), options_.port,
                               ComponentTrampolines::on_event, this) != XMPP_EOK) {
        sockets().erase(conn_);
        xmpp_conn_release(conn_);
        conn_ = nullptr;
        schedule_retry("connect() failed at once");
    }
}

void Component::run_once(std::chrono::milliseconds timeout) {
    if (conn_ && dead_) {
        sockets().erase(conn_);
        xmpp_conn_release(conn_);
        conn_ = nullptr;
    }
    if (!conn_ && !stopping_ && clock_() >= next_attempt_) attempt();
    flush();
    xmpp_run_once(ctx_, static_cast<unsigned long>(timeout.count()));
    // Answers the handlers just queued are written now, not after the caller's next wait.
    if (!outgoing_.empty()) {
        flush();
        xmpp_run_once(ctx_, 0);
    }
}

void Component::flush() {
    if (outgoing_.empty()) return;
    if (connected_ && conn_ && !dead_) xmpp_send_raw(conn_, outgoing_.data(), outgoing_.size());
    outgoing_.clear();
}

bool Component::has_pending_output() const {
    return conn_ && !dead_ && (!outgoing_.empty() || xmpp_conn_send_queue_len(conn_) > 0);
}

int Component::socket_fd() const {
    if (!conn_ || dead_) return -1;
    auto it = sockets().find(conn_);
    return it == sockets().end() ? -1 : it->second;
}

bool Component::send_raw(std::string_view xml) {
    if (!connected_ || !conn_) return false;
    outgoing_.append(xml);
    if (outgoing_.size() >= 64 * 1024) flush();
    return true;
}

bool Component::send(const Element& stanza) {
    if (!connected_ || !conn_) return false;
    stanza.append_to(outgoing_, ns::kComponent);
    if (outgoing_.size() >= 64 * 1024) flush();
    return true;
}

void Component::stop() {
    stopping_ = true;
    flush();
    if (conn_ && connected_) {
        xmpp_disconnect(conn_);
        auto deadline = clock_() + std::chrono::seconds(2);
        while (connected_ && clock_() < deadline) xmpp_run_once(ctx_, 20);
    }
}

}  // namespace cordgate::adapters::xmpp
