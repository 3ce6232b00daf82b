#pragma once
// Frames of the bus between the core and the adapters. Every frame is a multipart message
// [kind][body]; bodies are canonical JSON like the envelopes they carry. The protocol version
// travels in hello and welcome; a peer that speaks another version is refused by name.

#include <core/codec.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace cordgate::common::bus {

inline constexpr int kProtocolVersion = 1;

namespace kind {
inline constexpr std::string_view hello = "hello";
inline constexpr std::string_view welcome = "welcome";
inline constexpr std::string_view event = "event";
inline constexpr std::string_view ack = "ack";
inline constexpr std::string_view effect = "effect";
inline constexpr std::string_view effect_ack = "effect_ack";
inline constexpr std::string_view refused = "refused";
}  // namespace kind

struct Hello {
    int v = kProtocolVersion;
    std::string origin;
    std::string target;
    std::uint64_t received_upto = 0;  // highest effect id this adapter has received

    static constexpr auto fields = std::tuple{
        core::field("v", &Hello::v), core::field("origin", &Hello::origin),
        core::field("target", &Hello::target), core::field("received_upto", &Hello::received_upto)};
};

struct Welcome {
    int v = kProtocolVersion;
    std::uint64_t last_origin_seq = 0;  // highest origin_seq of this origin in the log
    std::uint64_t incarnation = 0;      // changes when the core restarts

    static constexpr auto fields = std::tuple{
        core::field("v", &Welcome::v), core::field("last_origin_seq", &Welcome::last_origin_seq),
        core::field("incarnation", &Welcome::incarnation)};
};

struct Ack {
    std::uint64_t origin_seq = 0;  // every event of the origin up to this one is durable
    static constexpr auto fields = std::tuple{core::field("origin_seq", &Ack::origin_seq)};
};

struct EffectAck {
    std::uint64_t id = 0;  // every effect up to this one has been carried out
    static constexpr auto fields = std::tuple{core::field("id", &EffectAck::id)};
};

struct Refused {
    std::string reason;
    static constexpr auto fields = std::tuple{core::field("reason", &Refused::reason)};
};

// Largest frame either side accepts; ZMQ_MAXMSGSIZE enforces it before allocation.
inline constexpr std::int64_t kMaxFrameBytes = 16 * 1024 * 1024;

}  // namespace cordgate::common::bus
