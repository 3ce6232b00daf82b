#pragma once
// From Discord to the core: one gateway dispatch (op 0, its `t` and `d`) becomes at most one
// event payload. Pure: no logging, no clock; the caller logs what was skipped and why.

#include <adapters/discord/json_read.hpp>
#include <core/event.hpp>

#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cordgate::adapters::discord {

struct Translation {
    enum class Kind {
        event,      // payload is set
        ignored,    // a dispatch the core has no use for (unknown or deliberately skipped)
        malformed,  // a known dispatch that lacks what we need; error says what
    };
    Kind kind = Kind::ignored;
    std::optional<core::EventPayload> payload;
    std::string error;
    // Entries of a list dispatch (READY) left out of the event, each with its index and why.
    std::vector<std::string> skipped;
};

Translation translate_dispatch(std::string_view name, const rapidjson::Value& d);

// One message object (a MESSAGE_CREATE's d, or an item of GET /channels/{id}/messages).
// Throws MalformedPayload naming the path of what is wrong.
core::DiscordMessageCreate translate_message(const rapidjson::Value& message);

// The answer to GET /channels/{id}/messages (newest first) as discord.channel_history, oldest
// first. A malformed message is left out and named in `skipped` (index in Discord's array and
// why) so one bad message does not lose the rest. Throws MalformedPayload when the body is not
// a JSON array at all.
struct HistoryTranslation {
    core::DiscordChannelHistory history;
    std::vector<std::string> skipped;
};
HistoryTranslation translate_history(core::Snowflake channel_id, std::string_view body);

// The dispatch names translate_dispatch() turns into events (for logs and tests).
bool is_translated(std::string_view name);

}  // namespace cordgate::adapters::discord
