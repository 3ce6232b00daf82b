#include <adapters/xmpp/xmpp_metrics.hpp>

#include <string>

namespace cordgate::adapters::xmpp {
namespace {

constexpr std::array<std::string_view, kStanzaKinds> kKindNames{"message", "presence", "iq",
                                                                "other"};

std::array<metrics::Counter*, kStanzaKinds> per_kind(metrics::Registry& r, std::string_view name,
                                                     std::string_view help) {
    std::array<metrics::Counter*, kStanzaKinds> out{};
    for (std::size_t i = 0; i < kStanzaKinds; ++i) {
        out[i] = &r.counter(name, help, {{"kind", std::string(kKindNames[i])}});
    }
    return out;
}

}  // namespace

StanzaKind stanza_kind(std::string_view element_name) {
    if (element_name == "message") return StanzaKind::message;
    if (element_name == "presence") return StanzaKind::presence;
    if (element_name == "iq") return StanzaKind::iq;
    return StanzaKind::other;
}

StanzaKind stanza_kind_of_text(std::string_view xml) {
    if (xml.starts_with("<message")) return StanzaKind::message;
    if (xml.starts_with("<presence")) return StanzaKind::presence;
    if (xml.starts_with("<iq")) return StanzaKind::iq;
    return StanzaKind::other;
}

XmppMetrics::XmppMetrics(metrics::Registry& r)
    : stanzas_in(per_kind(r, "cordgate_xmpp_stanzas_in_total",
                          "Stanzas received from the XMPP server, by kind")),
      stanzas_out(per_kind(r, "cordgate_xmpp_stanzas_out_total",
                           "Stanzas sent to the XMPP server, by kind")),
      events_published(
          r.counter("cordgate_xmpp_events_published_total", "Events published to the core")),
      effects_done(r.counter("cordgate_xmpp_effects_done_total",
                             "Effects carried out (or skipped for good) and acknowledged")),
      effects_waiting(r.counter("cordgate_xmpp_effects_deferred_total",
                                "Effects offered while the server link was down, kept for later")),
      component_connects(r.counter("cordgate_xmpp_component_connects_total",
                                   "Successful XEP-0114 handshakes with the XMPP server")),
      component_up(r.gauge("cordgate_xmpp_component_up",
                           "1 while the component link to the XMPP server is up")),
      bus_unacked_events(r.gauge("cordgate_xmpp_bus_unacked_events",
                                 "Events published and not yet acknowledged by the core")) {}

}  // namespace cordgate::adapters::xmpp
