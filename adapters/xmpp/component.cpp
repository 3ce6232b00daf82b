#include <adapters/xmpp/component.hpp>

#include <adapters/xmpp/namespaces.hpp>
#include <adapters/xmpp/xml_writer.hpp>

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/evp.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace cordgate::adapters::xmpp {
namespace {

constexpr const char* kStreams = "http://etherx.jabber.org/streams";
constexpr const char* kStreamErrors = "urn:ietf:params:xml:ns:xmpp-streams";
// A turn reads at most this much, so a flood from the server cannot starve the bus.
constexpr std::size_t kReadPerTurn = 1024 * 1024;
constexpr std::size_t kWriteGather = 64 * 1024;

// XEP-0114 §3: the handshake is the lower-case hex SHA-1 of the stream id and the secret.
std::string handshake_digest(std::string_view stream_id, std::string_view secret) {
    std::string input(stream_id);
    input += secret;
    std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
    unsigned int len = 0;
    if (EVP_Digest(input.data(), input.size(), md.data(), &len, EVP_sha1(), nullptr) != 1) {
        throw std::runtime_error("SHA-1 unavailable");
    }
    OPENSSL_cleanse(input.data(), input.size());
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned int i = 0; i < len; ++i) {
        hex += kHex[md[i] >> 4];
        hex += kHex[md[i] & 0xF];
    }
    return hex;
}

// "stream error <condition/>: text", from a received <stream:error/>.
std::string describe_stream_error(const Element& error) {
    std::string condition, text;
    for (const auto& c : error.children) {
        if (c.name == "text") {
            text = c.text;
        } else if (condition.empty()) {
            condition = c.name;
        }
    }
    std::string why = "stream error";
    if (!condition.empty()) why += " <" + condition + "/>";
    if (!text.empty()) why += ": " + text.substr(0, 512);
    return why;
}

std::string errno_text(int err) {
    return std::strerror(err);
}

}  // namespace

Component::Component(ComponentOptions options, ComponentCallbacks callbacks, Clock clock)
    : options_(std::move(options)),
      callbacks_(std::move(callbacks)),
      clock_(std::move(clock)),
      backoff_(options_.reconnect_min) {
    next_attempt_ = clock_();
}

Component::~Component() {
    if (fd_ >= 0) ::close(fd_);
}

void Component::schedule_retry(std::string_view why) {
    next_attempt_ = clock_() + backoff_;
    spdlog::warn("XMPP server link to {}:{} down ({}); reconnecting in {} ms", options_.host,
                 options_.port, why, backoff_.count());
    backoff_ = std::min(backoff_ * 2, options_.reconnect_max);
}

void Component::attempt() {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const std::string port = std::to_string(options_.port);
    if (int rc = getaddrinfo(options_.host.c_str(), port.c_str(), &hints, &found); rc != 0) {
        schedule_retry(std::string("cannot resolve the host: ") + gai_strerror(rc));
        return;
    }
    std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> addresses(found, freeaddrinfo);
    const addrinfo* a = addresses.get();
    fd_ = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd_ < 0) {
        schedule_retry("socket() failed: " + errno_text(errno));
        return;
    }
    // Back-to-back small stanzas stall ~40 ms each on Nagle plus the peer's delayed ACK.
    int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(fd_, a->ai_addr, a->ai_addrlen) != 0 && errno != EINPROGRESS) {
        const int err = errno;
        ::close(fd_);
        fd_ = -1;
        schedule_retry("connect() failed: " + errno_text(err));
        return;
    }
    state_ = State::connecting;
    socket_full_ = false;
    closed_by_server_ = false;
    stream_error_.clear();
    parser_ = std::make_unique<StreamParser>(
        options_.limits, StreamParser::Handlers{[this](const Element& header) { on_open(header); },
                                                [this](Element& stanza) { on_stanza(stanza); },
                                                [this] { closed_by_server_ = true; }});
    out_.clear();
    out_sent_ = 0;
    out_ += "<?xml version='1.0'?><stream:stream xmlns='";
    out_ += ns::kComponent;
    out_ += "' xmlns:stream='";
    out_ += kStreams;
    out_ += "' to='";
    append_escaped(out_, options_.jid);
    out_ += "'>";
}

void Component::drop(std::string_view why) {
    const bool was_ready = state_ == State::ready;
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    state_ = State::down;
    out_.clear();
    out_sent_ = 0;
    if (!stopping_) schedule_retry(why);
    if (was_ready && callbacks_.on_disconnected) callbacks_.on_disconnected(why);
}

void Component::fail(std::string_view condition, std::string_view text) {
    spdlog::error("XMPP stream from {}:{} refused: <{}/> ({})", options_.host, options_.port,
                  condition, text);
    // Best effort, straight to the socket: what was queued before is abandoned with the stream.
    std::string error = "<stream:error><";
    error += condition;
    error += " xmlns='";
    error += kStreamErrors;
    error += "'/><text xmlns='";
    error += kStreamErrors;
    error += "'>";
    append_escaped(error, text);
    error += "</text></stream:error></stream:stream>";
    if (fd_ >= 0 && state_ != State::connecting) {
        [[maybe_unused]] ssize_t n = ::send(fd_, error.data(), error.size(), MSG_NOSIGNAL);
    }
    drop(std::string("sent stream error <") + std::string(condition) + "/>");
}

void Component::on_open(const Element& header) {
    if (header.name != "stream" || header.ns != kStreams) {
        fail("invalid-namespace", "the stream's root is not <stream:stream/>");
        return;
    }
    const std::string* id = header.attr("id");
    if (!id || id->empty()) {
        stream_error_ = "the server's stream header has no id";
        return;
    }
    std::string digest = handshake_digest(*id, options_.secret);
    out_ += "<handshake>" + digest + "</handshake>";
    state_ = State::handshaking;
}

void Component::on_stanza(Element& stanza) {
    if (stanza.name == "error" && stanza.ns == kStreams) {
        stream_error_ = describe_stream_error(stanza);
        return;
    }
    if (state_ == State::handshaking) {
        if (stanza.name != "handshake") {
            spdlog::warn("<{}/> before the handshake's answer; ignored", stanza.name.substr(0, 32));
            return;
        }
        state_ = State::ready;
        backoff_ = options_.reconnect_min;
        ++connects_;
        spdlog::info("connected to {}:{} as {}", options_.host, options_.port, options_.jid);
        if (callbacks_.on_connected) callbacks_.on_connected();
        return;
    }
    if (state_ != State::ready) return;
    // A handler must never let an exception end the read loop: the next stanza is unrelated.
    try {
        if (callbacks_.on_stanza) callbacks_.on_stanza(stanza);
    } catch (const std::exception& ex) {
        spdlog::error("handling a received <{}/> failed: {}", stanza.name.substr(0, 32), ex.what());
    }
}

void Component::read_available() {
    std::array<char, 64 * 1024> buf;
    std::size_t total = 0;
    while (fd_ >= 0 && total < kReadPerTurn) {
        const ssize_t n = ::recv(fd_, buf.data(), buf.size(), 0);
        if (n == 0) {
            drop(closed_by_server_ ? "the server closed the stream"
                                   : "the server closed the connection");
            return;
        }
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK) drop(errno_text(errno));
            return;
        }
        total += static_cast<std::size_t>(n);
        const bool ok = parser_->feed(std::string_view(buf.data(), static_cast<std::size_t>(n)));
        // What was read may hold a registration token; the Element's copy is wiped by its reader.
        explicit_bzero(buf.data(), static_cast<std::size_t>(n));
        if (!ok) {
            fail(condition_name(parser_->fault()), parser_->fault_text());
            return;
        }
        if (!stream_error_.empty()) {
            drop(stream_error_);
            return;
        }
        if (closed_by_server_) {
            // RFC 6120 §4.4: answer the close with ours, then the connection ends.
            [[maybe_unused]] ssize_t w =
                ::send(fd_, "</stream:stream>", 16, MSG_NOSIGNAL | MSG_DONTWAIT);
            drop("the server closed the stream");
            return;
        }
    }
}

void Component::write_pending() {
    while (fd_ >= 0 && out_sent_ < out_.size()) {
        const ssize_t n =
            ::send(fd_, out_.data() + out_sent_, out_.size() - out_sent_, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                // Until poll() says the socket takes more: behind a slow server, trying again
                // on every stanza cost a failed send() each.
                socket_full_ = true;
            } else {
                drop(errno_text(errno));
            }
            break;
        }
        out_sent_ += static_cast<std::size_t>(n);
    }
    if (out_sent_ == out_.size()) {
        out_.clear();
        out_sent_ = 0;
    } else if (out_sent_ >= kWriteGather && out_sent_ >= out_.size() / 2) {
        // What was written goes, or a server that never quite catches up would keep it all.
        out_.erase(0, out_sent_);
        out_sent_ = 0;
    }
}

void Component::on_connect_done() {
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
    if (err != 0) {
        drop("connect() failed: " + errno_text(err));
        return;
    }
    state_ = State::opening;
}

void Component::run_once(std::chrono::milliseconds timeout) {
    if (fd_ < 0 && !stopping_ && clock_() >= next_attempt_) attempt();
    if (fd_ < 0) return;
    pollfd p{fd_, static_cast<short>(POLLIN | (has_pending_output() ? POLLOUT : 0)), 0};
    if (::poll(&p, 1, static_cast<int>(timeout.count())) < 0 && errno != EINTR) return;
    if (state_ == State::connecting) {
        if (p.revents == 0) return;
        on_connect_done();
        if (fd_ < 0) return;
    }
    if (p.revents & POLLOUT) socket_full_ = false;
    if (p.revents & (POLLIN | POLLHUP | POLLERR)) read_available();
    if (!socket_full_) write_pending();
}

bool Component::send_raw(std::string_view xml) {
    if (state_ != State::ready) return false;
    out_.append(xml);
    if (!socket_full_ && out_.size() - out_sent_ >= kWriteGather) write_pending();
    return true;
}

bool Component::send(const Element& stanza) {
    if (state_ != State::ready) return false;
    stanza.append_to(out_, ns::kComponent);
    if (!socket_full_ && out_.size() - out_sent_ >= kWriteGather) write_pending();
    return true;
}

void Component::stop() {
    stopping_ = true;
    if (fd_ < 0) return;
    if (state_ == State::ready) {
        out_ += "</stream:stream>";
        const auto deadline = clock_() + std::chrono::seconds(2);
        // Until our close is written and the server answers with its own (or 2 s).
        while (fd_ >= 0 && !closed_by_server_ && clock_() < deadline)
            run_once(std::chrono::milliseconds(20));
    }
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    state_ = State::down;
}

}  // namespace cordgate::adapters::xmpp
