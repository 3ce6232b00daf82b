#pragma once
// The network side: one asio thread serving HTTP (REST, the CDN and the control API) and the
// gateway websocket on one loopback port. Beast stays inside server.cpp to keep builds light.
// With a certificate, each connection is sniffed: a TLS ClientHello gets https/wss, anything
// else plain http/ws, so tests keep a plain control API on the same port.

#include <tests/emulator/gateway.hpp>
#include <tests/emulator/world.hpp>

#include <cstdint>
#include <memory>
#include <string>

namespace cordgate::tests::emulator {

struct ServerOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;  // 0 = let the kernel pick
    std::uint64_t heartbeat_interval_ms = 41250;
    std::string tls_cert;  // PEM certificate chain; empty = plain only
    std::string tls_key;   // PEM private key
    SessionPolicy sessions;
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
