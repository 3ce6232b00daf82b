#pragma once
// What cordgate-xmpp counts for /metrics (metrics/registry.hpp), registered once. Stanzas are
// counted by kind only (message, presence, iq, other): never by JID.

#include <metrics/registry.hpp>

#include <array>
#include <cstddef>
#include <string_view>

namespace cordgate::adapters::xmpp {

enum class StanzaKind { message, presence, iq, other };
inline constexpr std::size_t kStanzaKinds = 4;
StanzaKind stanza_kind(std::string_view element_name);
// The kind of a serialised stanza, from its first tag ("<message ...").
StanzaKind stanza_kind_of_text(std::string_view xml);

struct XmppMetrics {
    explicit XmppMetrics(metrics::Registry& registry);

    void stanza_in(StanzaKind kind) { stanzas_in[static_cast<std::size_t>(kind)]->inc(); }
    void stanza_out(StanzaKind kind) { stanzas_out[static_cast<std::size_t>(kind)]->inc(); }

    std::array<metrics::Counter*, kStanzaKinds> stanzas_in;
    std::array<metrics::Counter*, kStanzaKinds> stanzas_out;
    metrics::Counter& events_published;
    metrics::Counter& effects_done;     // carried out (or skipped for good), acknowledged
    metrics::Counter& effects_waiting;  // offered while the server link was down: again later
    metrics::Counter& component_connects;
    metrics::Gauge& component_up;
    metrics::Gauge& bus_unacked_events;  // published, not yet durable at the core
};

}  // namespace cordgate::adapters::xmpp
