#pragma once
// A bare ZeroMQ socket playing one side of the bus in tests: what arrived, frame by frame, so a
// test can count frames and look at their kinds without the real other side's logic.

#include <core/effect.hpp>
#include <core/event.hpp>
#include <runtime/core_service.hpp>

#include <zmq.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace cordgate::tests {

struct Received {
    std::string kind;
    std::string body;
};

// Every frame waiting on a socket; a ROUTER's first part (the routing id) is kept in `peer`.
inline std::vector<Received> drain(zmq::socket_t& socket, std::string* peer = nullptr) {
    std::vector<Received> frames;
    std::vector<zmq::message_t> parts;
    zmq::message_t part;
    while (socket.recv(part, zmq::recv_flags::dontwait)) {
        bool more = part.more();
        parts.push_back(std::move(part));
        if (more) continue;
        std::size_t kind_at = parts.size() == 3 ? 1 : 0;
        if (peer && kind_at == 1) *peer = parts[0].to_string();
        frames.push_back({parts[kind_at].to_string(), parts[kind_at + 1].to_string()});
        parts.clear();
    }
    return frames;
}

inline std::vector<Received> of_kind(const std::vector<Received>& frames, std::string_view kind) {
    std::vector<Received> out;
    for (const auto& f : frames) {
        if (f.kind == kind) out.push_back(f);
    }
    return out;
}

// A DEALER playing an adapter against a real core: sends frames, keeps what comes back.
class RawAdapter {
  public:
    RawAdapter(zmq::context_t& context, const std::string& endpoint)
        : socket(context, zmq::socket_type::dealer) {
        socket.set(zmq::sockopt::linger, 0);
        socket.connect(endpoint);
    }
    void send(std::string_view kind, const std::string& body) {
        socket.send(zmq::buffer(kind), zmq::send_flags::sndmore);
        socket.send(zmq::buffer(body), zmq::send_flags::none);
    }
    // What the core sent, once its answers had a moment to arrive.
    std::vector<Received> frames_after(std::chrono::milliseconds settle) {
        std::this_thread::sleep_for(settle);
        return drain(socket);
    }

    zmq::socket_t socket;
};

// user<n>@localhost registers (seq n of origin "xmpp"): every registration asks the Discord
// adapter for a login, so it makes effects for both targets.
inline core::Event registration(std::uint64_t n, std::string token = "token") {
    core::Event e;
    e.origin = "xmpp";
    e.origin_seq = n;
    e.ts = 1;
    e.user = "user" + std::to_string(n) + "@localhost";
    e.payload = core::XmppRegister{"discord.localhost", std::move(token)};
    return e;
}

// A chat message for the XMPP adapter, effect `id`.
inline core::Effect stanza_effect(std::uint64_t id) {
    core::Effect effect;
    effect.id = id;
    effect.cause = id;
    effect.user = "romeo@localhost";
    effect.payload = core::SendXmppMessage{"1@discord.localhost", "romeo@localhost", "chat",
                                           "m" + std::to_string(id), "hello"};
    return effect;
}

// Turns the core until a turn saw a frame, for up to ~1 s.
inline void step_until_busy(runtime::CoreService& core) {
    for (int i = 0; i < 100 && core.step(10) == 0; ++i) {
    }
}

}  // namespace cordgate::tests
