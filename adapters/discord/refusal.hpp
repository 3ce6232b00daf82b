#pragma once
// What a Discord REST error answer means for the user, read from its status and JSON body: the
// kind the core acts on (core::Refusal) and a sentence naming Discord's reason. Pure: the REST
// pipeline calls it on every answer it gives up on.
//
// Recognised (discord-userdoccers, topics/captcha-handling and topics/opcodes-and-status-codes):
// - 400 with `captcha_key` (and captcha_sitekey/captcha_service): a captcha challenge. The
//   array's texts are not to be relied on; the key's presence is what counts.
// - JSON error code 40002: the account must verify itself (email or phone).
// - 50035 (invalid form body) whose errors concern `content` with a length error, or any
//   BASE_TYPE_MAX_LENGTH: the text is over the limit.
// - 50001 (missing access), 50013 (missing permissions), and any other 403: forbidden.
// - 10003 (unknown channel), 10008 (unknown message), and any other 404: not found.
// - 429: rate limited (the pipeline gave up waiting); 5xx: Discord's own trouble.
// - status 0: no HTTP answer (the transport failed).

#include <core/refusal.hpp>

#include <string>
#include <string_view>

namespace cordgate::adapters::discord {

struct RefusalInfo {
    core::Refusal kind = core::Refusal::other;
    std::string reason;  // for the user: Discord's message when it gave one
};

RefusalInfo classify_refusal(int http_status, std::string_view body);

}  // namespace cordgate::adapters::discord
