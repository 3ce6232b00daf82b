#pragma once
// A bare ZeroMQ socket playing one side of the bus in tests: what arrived, frame by frame, so a
// test can count frames and look at their kinds without the real other side's logic.

#include <zmq.hpp>

#include <string>
#include <string_view>
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

}  // namespace cordgate::tests
