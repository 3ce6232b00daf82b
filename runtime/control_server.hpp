#pragma once
// The core's end of the control endpoint (control_protocol.hpp): a ZeroMQ REP socket the core's
// loop polls without waiting. A request is taken, and answered later if need be (a backup waits
// for the adapters' acknowledgements over a few turns of the loop); REP takes no next request
// until the last one is answered.

#include <memory>
#include <optional>
#include <string>

namespace cordgate::runtime {

class ControlServer {
  public:
    // Binds `endpoint`; an ipc:// socket's folder is created if missing.
    explicit ControlServer(const std::string& endpoint);
    ~ControlServer();

    // The next request when one is waiting and the last one was answered; never blocks.
    std::optional<std::string> take();
    void answer(const std::string& reply);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace cordgate::runtime
