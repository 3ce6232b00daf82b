#pragma once
// BusPort over the ZeroMQ bus client: the production wiring. The client keeps unacknowledged
// events for resending and skips effect ids already carried out.

#include <adapters/xmpp/bus_port.hpp>
#include <common/bus_client.hpp>

namespace cordgate::adapters::xmpp {

class BusClientPort final : public BusPort {
  public:
    explicit BusClientPort(const std::string& endpoint)
        : client_(common::BusClientOptions{endpoint, "xmpp", core::Target::xmpp}) {}

    void publish(core::Event event) override { client_.publish(std::move(event)); }

    void poll(std::chrono::milliseconds timeout, const EffectHandler& on_effect) override {
        client_.poll(timeout, [&](const core::Effect& effect) {
            return on_effect(effect) ? common::BusClient::Outcome::done
                                     : common::BusClient::Outcome::retry;
        });
    }

    void wait(std::chrono::milliseconds timeout, int other_fd, bool other_writable) override {
        client_.wait(timeout, other_fd, other_writable);
    }

    bool answered() const override { return client_.welcomed(); }

    void send_heartbeat(std::string_view body) override { client_.send_heartbeat(body); }

    std::size_t unacknowledged_events() const override { return client_.unacknowledged_events(); }

  private:
    common::BusClient client_;
};

}  // namespace cordgate::adapters::xmpp
