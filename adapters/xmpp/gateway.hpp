#pragma once
// Wires the pieces: stanzas from the component go through translate() to the bus (and replies
// straight back), effects from the bus go through serialise() to the component. Holds nothing
// but the connection and what the server told this connection (the privilege namespace).

#include <adapters/xmpp/admin_status.hpp>
#include <adapters/xmpp/bus_port.hpp>
#include <adapters/xmpp/component.hpp>
#include <adapters/xmpp/config.hpp>
#include <adapters/xmpp/http_upload.hpp>
#include <adapters/xmpp/inbound.hpp>
#include <adapters/xmpp/outbound.hpp>
#include <adapters/xmpp/sender_check.hpp>
#include <adapters/xmpp/xmpp_metrics.hpp>

#include <cstdint>
#include <functional>
#include <string>

namespace cordgate::adapters::xmpp {

class Gateway {
  public:
    using WallClock = std::function<std::int64_t()>;  // ms since the Unix epoch, for event ts

    Gateway(const Config& config, const common::PublicKey& discord_key, BusPort& bus,
            WallClock wall_clock, XmppMetrics& metrics);

    // One turn of the loop: bus, then network, then a sleep of at most `timeout` on both.
    void run_once(std::chrono::milliseconds timeout);
    void stop() { component_.stop(); }
    const Component& component() const { return component_; }

  private:
    void on_stanza(Element& stanza);
    bool on_effect(const core::Effect& effect);
    bool carry_out(const core::Effect& effect);
    void publish(std::string user, core::EventPayload payload);
    void carry_out(UploadOut out);
    // Every stanza leaves through these two, counted by kind.
    void send(const Element& stanza);
    void send_raw(std::string_view xml);

    InboundContext inbound_;
    OutboundContext outbound_;
    SenderCheck senders_;
    BusPort& bus_;
    XmppMetrics& metrics_;
    std::size_t max_stanza_bytes_;  // the server's limit on what the component sends
    WallClock wall_clock_;
    HttpUpload uploads_;
    AdminStatus status_;
    Component component_;
    // The stanza being written and its sender, reused to keep their capacity.
    std::string text_;
    std::string from_;
};

}  // namespace cordgate::adapters::xmpp
