#include <config/parse.hpp>
#include <runtime/control_client.hpp>

#include <zmq.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace cordgate::runtime {

void ControlTarget::add_options(CLI::App& cmd) {
    cmd.add_option("-c,--config", config_path,
                   "the configuration file whose [core] names the control endpoint (default "
                   "/etc/cordgate/cordgate.toml)");
    cmd.add_option("--control", endpoint,
                   "the core's control endpoint, e.g. ipc:///var/lib/cordgate/control.sock "
                   "(overrides --config)");
}

std::string ControlTarget::resolve() const {
    if (!endpoint.empty()) return endpoint;
    std::ifstream in(config_path);
    if (!in)
        throw std::runtime_error("cannot read " + config_path + " (give --config or --control)");
    std::ostringstream text;
    text << in.rdbuf();
    std::filesystem::path path(config_path);
    const std::array<config::Process, 1> core{config::Process::core};
    config::Parsed parsed = config::parse(text.str(), path.parent_path(), config_path, core);
    for (const config::Problem& p : parsed.problems) {
        if (p.key.empty() || p.key.starts_with("core.")) {
            throw std::runtime_error(config::describe(config_path, p));
        }
    }
    return config::control_endpoint(parsed.config.core);
}

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
