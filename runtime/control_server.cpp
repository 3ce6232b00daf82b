#include <runtime/control_server.hpp>

#include <spdlog/spdlog.h>
#include <zmq.hpp>

#include <filesystem>
#include <stdexcept>

namespace cordgate::runtime {

namespace {
// Requests are a line of JSON; anything larger is not ours.
constexpr std::int64_t kMaxRequestBytes = 64 * 1024;
}  // namespace

struct ControlServer::Impl {
    zmq::context_t context{1};
    zmq::socket_t socket{context, zmq::socket_type::rep};
    bool answering = false;  // a request was taken and not answered yet
};

ControlServer::ControlServer(const std::string& endpoint) : impl_(std::make_unique<Impl>()) {
    auto& s = impl_->socket;
    s.set(zmq::sockopt::linger, 0);
    s.set(zmq::sockopt::maxmsgsize, kMaxRequestBytes);
    if (endpoint.starts_with("ipc://")) {
        std::filesystem::path path(endpoint.substr(6));
        if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
    }
    try {
        s.bind(endpoint);
    } catch (const zmq::error_t& e) {
        throw std::runtime_error("cannot bind the control endpoint at " + endpoint + ": " +
                                 e.what());
    }
}

ControlServer::~ControlServer() = default;

std::optional<std::string> ControlServer::take() {
    if (impl_->answering) return std::nullopt;
    zmq::message_t request;
    try {
        if (!impl_->socket.recv(request, zmq::recv_flags::dontwait)) return std::nullopt;
    } catch (const zmq::error_t& e) {
        if (e.num() != EINTR) spdlog::warn("control: receiving failed: {}", e.what());
        return std::nullopt;
    }
    impl_->answering = true;
    return request.to_string();
}

void ControlServer::answer(const std::string& reply) {
    if (!impl_->answering) return;
    impl_->answering = false;
    try {
        impl_->socket.send(zmq::buffer(reply), zmq::send_flags::dontwait);
    } catch (const zmq::error_t& e) {
        spdlog::warn("control: answering failed: {}", e.what());
    }
}

}  // namespace cordgate::runtime
