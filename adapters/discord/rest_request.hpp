#pragma once
// From the core to Discord: effects as REST request descriptions (method, path, rate-limit
// route, body). Pure, so every call the adapter can make is unit-tested without a socket.
//
// Routes (for rate limiting) keep the major parameter (the channel) and replace the other ids
// with placeholders, as Discord buckets them: "PATCH /channels/42/messages/:id".

#include <core/effect.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace cordgate::adapters::discord {

struct RestRequest {
    std::string method;
    std::string path;   // under the API base (".../api/v10"), starting with '/'
    std::string route;  // rate-limit route: method + path with minor ids as placeholders
    std::string body;   // empty: no body
    std::string content_type;
    // X-Context-Properties: where in the official client the action was taken (base64 JSON);
    // empty: not sent. Discord expects it on relationship changes.
    std::string context_properties{};

    bool operator==(const RestRequest&) const = default;
};

// The REST calls that are not effects.
RestRequest get_gateway();
// The official clients open a DM with {"recipients":["<id>"]} (the body that also makes group
// DMs); bots use {"recipient_id":"<id>"}.
enum class DmBody { recipients, recipient_id };
RestRequest open_dm(core::Snowflake recipient_id, DmBody shape = DmBody::recipient_id);

// discord.send_message and discord.upload_attachment may name only a recipient: the DM channel
// has to be opened (or looked up) first. Returns that recipient when the channel is unknown.
std::optional<core::Snowflake> dm_needed(const core::EffectPayload& effect);

// The request for a Discord effect, with `channel` standing in for a missing channel_id.
// nullopt for effects that are no REST call (discord.login) or of the other target.
// Throws std::invalid_argument when the effect cannot be sent (bad base64 in an upload, no
// channel at all).
std::optional<RestRequest> request_for(const core::EffectPayload& effect,
                                       std::optional<core::Snowflake> channel = std::nullopt,
                                       std::string_view multipart_boundary = "cordgate-boundary");

// The CDN path of a user's avatar as a 128-pixel PNG (animated "a_" hashes too: the CDN
// converts; discord-userdoccers reference.mdx, "CDN Formatting": `?size=` any power of two
// from 16 to 4096). 128 is what XEP-0153 and XEP-0084 clients show at most, in a few KiB.
// Throws std::invalid_argument for a hash with characters a hash never has.
std::string avatar_path(core::Snowflake user_id, std::string_view hash);

// Percent-encodes an emoji for a URL path; the ':' of a custom emoji's name:id stays.
std::string encode_emoji(std::string_view emoji);

// Parses {"id": "..."} (the answer to open_dm) into the channel id; nullopt when absent.
std::optional<core::Snowflake> channel_id_of(std::string_view response_body);

}  // namespace cordgate::adapters::discord
