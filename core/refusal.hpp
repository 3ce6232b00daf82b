#pragma once
// Why Discord did not carry out an effect, as the core needs to know it: each kind answers the
// user's original stanza with its own XMPP error condition, and some change the session (a
// captcha keeps the message for a resend; verification_required stops further actions).
// The adapter classifies (adapters/discord/refusal.hpp); the core only reads the kind.

#include <core/codec_enum.hpp>

#include <array>

namespace cordgate::core {

enum class Refusal {
    other,                  // anything else, and every failure logged before kinds existed
    captcha,                // 400 with captcha_key: Discord wants a captcha solved
    verification_required,  // code 40002: the account must verify its email or phone
    too_long,               // code 50035 on content: over Discord's length limit
    forbidden,              // 403, codes 50001/50013: missing access or permissions
    not_found,              // 404, codes 10003/10008: unknown channel or message
    rate_limited,           // 429 that the adapter gave up waiting for
    server_error,           // 5xx after the adapter's retries
    transport,              // no HTTP answer at all (connection reset, timeout, TLS)
    session_gone,           // the user's Discord session is not logged in
};

inline constexpr auto enum_names(Refusal) {
    using R = Refusal;
    return std::array<EnumName<R>, 10>{{{R::other, "other"},
                                        {R::captcha, "captcha"},
                                        {R::verification_required, "verification_required"},
                                        {R::too_long, "too_long"},
                                        {R::forbidden, "forbidden"},
                                        {R::not_found, "not_found"},
                                        {R::rate_limited, "rate_limited"},
                                        {R::server_error, "server_error"},
                                        {R::transport, "transport"},
                                        {R::session_gone, "session_gone"}}};
}

}  // namespace cordgate::core
