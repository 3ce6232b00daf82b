#include <common/bus_protocol.hpp>
#include <runtime/bus_server.hpp>

#include <spdlog/spdlog.h>
#include <zmq.hpp>

namespace cordgate::runtime {

struct BusServer::Impl {
    zmq::context_t context{1};
    zmq::socket_t socket{context, zmq::socket_type::router};
    std::string endpoint;
};

BusServer::BusServer(const std::string& endpoint) : impl_(std::make_unique<Impl>()) {
    impl_->endpoint = endpoint;
    auto& s = impl_->socket;
    s.set(zmq::sockopt::linger, 0);
    s.set(zmq::sockopt::router_mandatory, 1);
    s.set(zmq::sockopt::sndhwm, 200000);
    s.set(zmq::sockopt::rcvhwm, 200000);
    s.set(zmq::sockopt::maxmsgsize, common::bus::kMaxFrameBytes);
    // A restarted adapter connects with a new routing id; the same id taking over is also fine.
    s.set(zmq::sockopt::router_handover, 1);
    try {
        s.bind(endpoint);
    } catch (const zmq::error_t& e) {
        throw std::runtime_error("cannot bind the bus at " + endpoint + ": " + e.what());
    }
}

BusServer::~BusServer() = default;

std::vector<Frame> BusServer::receive(int timeout_ms, std::size_t max_frames,
                                      std::size_t max_bytes) {
    std::vector<Frame> frames;
    zmq::pollitem_t item{impl_->socket.handle(), 0, ZMQ_POLLIN, 0};
    try {
        zmq::poll(&item, 1, std::chrono::milliseconds(timeout_ms));
    } catch (const zmq::error_t& e) {
        if (e.num() != EINTR) throw;
        return frames;  // a signal: the caller checks whether to stop
    }
    std::size_t bytes = 0;
    while (frames.size() < max_frames && bytes < max_bytes) {
        std::vector<zmq::message_t> parts;
        zmq::message_t part;
        if (!impl_->socket.recv(part, zmq::recv_flags::dontwait)) break;
        bool more = part.more();
        parts.push_back(std::move(part));
        while (more) {
            zmq::message_t next;
            (void)impl_->socket.recv(next, zmq::recv_flags::none);
            more = next.more();
            parts.push_back(std::move(next));
        }
        if (parts.size() != 3) {
            spdlog::warn("bus: dropping a frame with {} parts (expected routing id, kind, body)",
                         parts.size());
            continue;
        }
        bytes += parts[2].size();
        frames.push_back(Frame{parts[0].to_string(), parts[1].to_string(), parts[2].to_string()});
    }
    return frames;
}

bool BusServer::send(const std::string& peer, std::string_view kind, std::string_view body) {
    try {
        auto& s = impl_->socket;
        if (!s.send(zmq::buffer(peer), zmq::send_flags::sndmore | zmq::send_flags::dontwait)) {
            return false;
        }
        s.send(zmq::buffer(kind), zmq::send_flags::sndmore);
        s.send(zmq::buffer(body), zmq::send_flags::none);
        return true;
    } catch (const zmq::error_t& e) {
        if (e.num() != EHOSTUNREACH) spdlog::warn("bus: send to a peer failed: {}", e.what());
        return false;
    }
}

}  // namespace cordgate::runtime
