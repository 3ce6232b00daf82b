#pragma once
// Parsing one gateway frame, shared by the adapter and bench_discord_translate.

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cordgate::adapters::discord {

// Parses `text` into `doc` in place: the DOM's strings are decoded inside `text`, which must
// outlive `doc`, instead of being copied into the DOM's pool. This is also the parse that RapidJSON
// scans 16 bytes at a time with SSE2 (Parse(data, size) reads through a stream it has no SSE2 path
// for, byte by byte). False when the frame is not a JSON object, also when it holds a raw NUL: the
// in-place parse would end there, and a raw NUL is never valid JSON.
// RapidJSON 1.1.0's SSE2 scan lets raw 0x1A-0x1F through inside 16-byte blocks (it compares
// with 0x19), where the byte-wise path refuses them. Discord escapes control characters, so
// such a frame is invalid anyway; taken in, their text is escaped again on the bus (JsonOut).
// Lone surrogate escapes become \ufffd first (json_escapes.hpp): RapidJSON would refuse the frame
// or decode them into bytes that are not UTF-8.
bool parse_gateway_frame(std::string& text, rapidjson::Document& doc);

// The members every frame has, each only when of the right type: op -1 when it has none.
struct FrameHeader {
    int op = -1;
    std::optional<std::int64_t> seq;  // `s`
    std::string_view name;            // `t`, a view into the DOM
    const rapidjson::Value* d = nullptr;
};
FrameHeader read_frame_header(const rapidjson::Document& doc);

}  // namespace cordgate::adapters::discord
