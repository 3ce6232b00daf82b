#pragma once
// The dispatches that make up nearly all of a busy session's gateway traffic (MESSAGE_CREATE,
// TYPING_START, PRESENCE_UPDATE), read straight from the frame's text into their event, without
// a RapidJSON DOM in between. Pure, like translate.hpp.
//
// A fast path only: it gives the same payload translate_dispatch() would give from the DOM, or
// nothing, and then the adapter parses the frame with the DOM as before. Nothing covers every
// frame, malformed and unusual ones included, except the DOM path; this one declines anything
// it is not sure of (json_cursor.hpp), so the DOM path stays the one that names what is wrong.

#include <core/event.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace cordgate::adapters::discord {

struct HotDispatch {
    std::optional<std::int64_t> seq;  // the frame's `s`
    std::string_view name;            // its `t`, a view into the frame
    core::EventPayload payload;
};

// A dispatch (op 0) of one of the hot names whose frame this reader is sure of; nullopt for any
// other frame.
std::optional<HotDispatch> read_hot_dispatch(std::string_view frame);

}  // namespace cordgate::adapters::discord
