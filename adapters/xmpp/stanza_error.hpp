#pragma once
// RFC 6120 §8.3 stanza error replies. The reply never echoes the offending payload: it may be
// huge or hostile, and an error is no place to reflect it back through the server.

#include <adapters/xmpp/element.hpp>

#include <string_view>

namespace cordgate::adapters::xmpp {

// Error conditions the gateway uses (RFC 6120 §8.3.3) with their usual error types.
struct StanzaErrorKind {
    std::string_view type;
    std::string_view condition;
};
inline constexpr StanzaErrorKind kBadRequest{"modify", "bad-request"};
inline constexpr StanzaErrorKind kForbidden{"auth", "forbidden"};
inline constexpr StanzaErrorKind kFeatureNotImplemented{"cancel", "feature-not-implemented"};
inline constexpr StanzaErrorKind kJidMalformed{"modify", "jid-malformed"};
inline constexpr StanzaErrorKind kNotAcceptable{"modify", "not-acceptable"};
inline constexpr StanzaErrorKind kNotAllowed{"cancel", "not-allowed"};
inline constexpr StanzaErrorKind kPolicyViolation{"modify", "policy-violation"};
inline constexpr StanzaErrorKind kItemNotFound{"cancel", "item-not-found"};
inline constexpr StanzaErrorKind kServiceUnavailable{"cancel", "service-unavailable"};

// <name type='error' from=request.to to=request.from id=request.id><error/></name>
Element error_reply(const Element& request, StanzaErrorKind kind, std::string_view text = {});

// Error element on its own, for effects that carry a condition chosen by the core.
Element error_element(std::string_view type, std::string_view condition, std::string_view text);

}  // namespace cordgate::adapters::xmpp
