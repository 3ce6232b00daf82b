#include <runtime/ask_core.hpp>

#include <zmq.hpp>

namespace cordgate::runtime {

std::optional<std::string> ask_core(const std::string& endpoint, const std::string& request,
                                    std::chrono::milliseconds timeout) {
    zmq::context_t context{1};
    zmq::socket_t socket{context, zmq::socket_type::req};
    socket.set(zmq::sockopt::linger, 0);
    socket.connect(endpoint);
    if (!socket.send(zmq::buffer(request), zmq::send_flags::dontwait)) {
        // No connection yet: REQ queues nothing without a peer. Wait for it within the timeout.
        zmq::pollitem_t out{socket.handle(), 0, ZMQ_POLLOUT, 0};
        zmq::poll(&out, 1, timeout);
        if (!(out.revents & ZMQ_POLLOUT)) return std::nullopt;
        if (!socket.send(zmq::buffer(request), zmq::send_flags::dontwait)) return std::nullopt;
    }
    zmq::pollitem_t in{socket.handle(), 0, ZMQ_POLLIN, 0};
    zmq::poll(&in, 1, timeout);
    if (!(in.revents & ZMQ_POLLIN)) return std::nullopt;
    zmq::message_t reply;
    if (!socket.recv(reply, zmq::recv_flags::dontwait)) return std::nullopt;
    return reply.to_string();
}

}  // namespace cordgate::runtime
