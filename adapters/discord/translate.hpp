#pragma once
// From Discord to the core: one gateway dispatch (op 0, its `t` and `d`) becomes at most one
// event payload. Pure: no logging, no clock; the caller logs what was skipped and why.

#include <core/event.hpp>

#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>

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
};

Translation translate_dispatch(std::string_view name, const rapidjson::Value& d);

// The dispatch names translate_dispatch() turns into events (for logs and tests).
bool is_translated(std::string_view name);

}  // namespace cordgate::adapters::discord
