#pragma once
// The network side: one asio thread serving plain HTTP (REST and the control API) and the
// gateway websocket on one loopback port. Beast stays inside server.cpp to keep builds light.

#include <tests/emulator/world.hpp>

#include <cstdint>
#include <memory>
#include <string>

namespace cordgate::tests::emulator {

struct ServerOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;  // 0 = let the kernel pick
    std::uint64_t heartbeat_interval_ms = 41250;
};

class EmulatorServer {
  public:
    // Binds at once, so port() is known before run().
    EmulatorServer(World world, ServerOptions options);
    ~EmulatorServer();
    std::uint16_t port() const;
    // Serves until SIGINT/SIGTERM.
    void run();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace cordgate::tests::emulator
