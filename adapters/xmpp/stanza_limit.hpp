#pragma once
// What the component writes stays within the server's stanza limit. prosody closes a
// component's whole stream on one stanza over its limit (512 KiB by default,
// component_stanza_size_limit), which would drop the link for every user and lose the stanza.
// Discord text is at most 4,000 characters, but nothing but this check stops a hostile or broken
// Discord server from sending megabytes.

#include <adapters/xmpp/outbound.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

namespace cordgate::adapters::xmpp {

enum class Fit : std::uint8_t {
    whole,      // written as it is
    cut,        // a message written with its body cut to fit, and a note saying so
    no_stanza,  // the effect has no stanza form: nothing written
    too_big,    // over the limit with nothing that can be cut: `out` is not to be sent
};

// write_stanza() within `limit` bytes: `out` is replaced, `from` set as write_stanza() does. On
// too_big `out` holds the stanza that did not fit (for its size).
Fit write_stanza_within(const core::Effect& effect, const OutboundContext& ctx, std::size_t limit,
                        std::string& out, std::string& from);

// The stanza that tells `to` an effect of theirs was over the limit and not delivered.
std::string too_big_notice(const core::Effect& effect, const OutboundContext& ctx, std::size_t size,
                           std::size_t limit);

}  // namespace cordgate::adapters::xmpp
