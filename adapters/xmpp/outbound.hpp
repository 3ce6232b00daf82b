#pragma once
// From the core to XMPP: one effect becomes one stanza. Pure: the stanza's id comes from the
// effect (a resend after a crash carries the same id, so clients drop the repeat).

#include <adapters/xmpp/element.hpp>
#include <core/effect.hpp>

#include <optional>
#include <string>

namespace cordgate::adapters::xmpp {

struct OutboundContext {
    std::string gateway;
    // The XEP-0356 namespace the server advertised; privileged stanzas are written in it.
    std::string privilege_ns = "urn:xmpp:privilege:2";
};

// nullopt for an effect that is not for this adapter (the caller logs and acknowledges it).
std::optional<Element> serialise(const core::Effect& effect, const OutboundContext& ctx);

// The stanza for an effect as text, appended to `out` (written where the stream's namespace is
// in scope), and its 'from' in `from` (empty when it has none); false for an effect with no
// stanza form. Chat messages, nearly every effect of a busy session, are written without an
// Element (outbound_message.hpp).
bool write_stanza(const core::Effect& effect, const OutboundContext& ctx, std::string& out,
                  std::string& from);

// The id of a stanza the adapter writes for an effect that has no id of its own (roster sets).
std::string stanza_id_for(const core::Effect& effect);

}  // namespace cordgate::adapters::xmpp
