#pragma once
// What the adapter needs from the bus: publish events, receive effects. common::BusClient has
// this shape; StdioBus (stdio_bus.hpp) is the same over stdin/stdout, for running the adapter
// without a core (tests, debugging).

#include <core/effect.hpp>
#include <core/event.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <string_view>

namespace cordgate::adapters::xmpp {

class BusPort {
  public:
    // Return true once the effect has been carried out; false to be offered it again later.
    using EffectHandler = std::function<bool(const core::Effect&)>;

    virtual ~BusPort() = default;
    virtual void publish(core::Event event) = 0;
    virtual void poll(std::chrono::milliseconds timeout, const EffectHandler& on_effect) = 0;
    // Sleeps until the bus has something, `other_fd` (-1: none) is readable (or writable, with
    // `other_writable`), or `timeout`.
    virtual void wait(std::chrono::milliseconds timeout, int other_fd, bool other_writable) = 0;
    // Whether the other end has answered: a core's welcome on the ZeroMQ bus. A pipe has no
    // handshake, so it counts as answered from the start.
    virtual bool answered() const { return true; }
    // An encoded heartbeat for the core (common/heartbeat.hpp). A pipe has no core to tell.
    virtual void send_heartbeat(std::string_view /*body*/) {}
    // Events published and not yet acknowledged by the core (kept for resending).
    virtual std::size_t unacknowledged_events() const { return 0; }
};

}  // namespace cordgate::adapters::xmpp
