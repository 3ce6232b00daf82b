#pragma once
// Frames of the bus between the core and the adapters. Every frame is a multipart message
// [kind][body]; bodies are canonical JSON like the envelopes they carry, and `events` and
// `effects` carry a batch of envelopes (see below). The protocol version travels in hello and
// welcome; a peer that speaks another version is refused by name.

#include <core/codec.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cordgate::common::bus {

// 2: events and effects travel in batches (one frame per turn of the sender, not one each).
inline constexpr int kProtocolVersion = 2;

namespace kind {
inline constexpr std::string_view hello = "hello";
inline constexpr std::string_view welcome = "welcome";
inline constexpr std::string_view events = "events";
inline constexpr std::string_view ack = "ack";
inline constexpr std::string_view effects = "effects";
inline constexpr std::string_view effect_ack = "effect_ack";
inline constexpr std::string_view refused = "refused";
// adapter -> core: how the adapter is (common/heartbeat.hpp). Kept in memory, never logged.
inline constexpr std::string_view heartbeat = "heartbeat";
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

// A batch is a frame body of one or more envelopes joined by '\n'. One ZeroMQ message per
// envelope cost every hop a wake-up of ZeroMQ's I/O thread and a pipe round per message; a
// batch costs that once per sender's turn. Canonical JSON holds no raw newline (the codec writes
// no whitespace and escapes control characters), so splitting needs no parsing, and the core
// logs each envelope's bytes exactly as they came.
//
// A batch goes out once appending would take it past this size (and at the end of the turn).
inline constexpr std::size_t kBatchBytes = 256 * 1024;

// Appends an envelope to a batch body. An envelope with a raw newline is not canonical JSON and
// would be split in two on arrival, so it is refused here, by the sender.
inline void append_to_batch(std::string& body, std::string_view envelope) {
    if (envelope.find('\n') != std::string_view::npos) {
        throw std::invalid_argument("bus: an envelope with a raw newline cannot be batched");
    }
    if (!body.empty()) body.push_back('\n');
    body.append(envelope);
}

// Calls f(envelope) for each envelope of a batch body, in order. Empty pieces (a stray
// newline) are skipped rather than handed on as envelopes that cannot decode.
template <class F>
void for_each_in_batch(std::string_view body, F&& f) {
    while (!body.empty()) {
        std::size_t end = body.find('\n');
        std::string_view envelope = body.substr(0, end);
        if (!envelope.empty()) f(envelope);
        if (end == std::string_view::npos) break;
        body.remove_prefix(end + 1);
    }
}

}  // namespace cordgate::common::bus
