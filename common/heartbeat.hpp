#pragma once
// An adapter's heartbeat: that it is alive, and how it is. Each adapter sends one every
// kHeartbeatInterval over the bus, as a frame of kind `heartbeat` (bus_protocol.hpp).
//
// A heartbeat is not an event. Events are the inputs the projection folds, kept in the log so
// that a replay gives the same effects; a heartbeat describes the present (is the component
// link up, which Discord sessions are ready) and no projection may depend on it. The core keeps
// the newest heartbeat of each origin in memory for `cordgate status` and writes none of them.

#include <core/codec.hpp>
#include <core/codec_enum.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cordgate::common::bus {

inline constexpr std::chrono::milliseconds kHeartbeatInterval{1000};

// The codec's DOM reader finds an enum's read_value by argument-dependent lookup, which for an
// enum outside cordgate::core looks in the enum's namespace: this passes on to core's.
template <core::NamedEnum E>
void read_value(const core::JsonValue& j, E& out, const core::detail::Path& p) {
    core::read_value(j, out, p);
}

// A Discord user session as the Discord adapter sees it.
enum class GatewayState {
    waiting,      // logged in to the adapter, asking Discord where the gateway is
    connecting,   // opening the gateway connection, or waiting to reconnect
    identifying,  // IDENTIFY sent, READY not yet here
    resuming,     // RESUME sent after a dropped connection
    ready,        // READY or RESUMED: the session is live
    failed,       // given up (bad token, fatal close code); `reason` says why
};

inline constexpr auto enum_names(GatewayState) {
    using S = GatewayState;
    return std::array<core::EnumName<S>, 6>{{{S::waiting, "waiting"},
                                             {S::connecting, "connecting"},
                                             {S::identifying, "identifying"},
                                             {S::resuming, "resuming"},
                                             {S::ready, "ready"},
                                             {S::failed, "failed"}}};
}

// Times are the sender's wall clock in milliseconds since the Unix epoch: the processes share
// one machine (the bus is local), and the operator reads them as dates.
struct ComponentLink {
    bool up = false;
    std::int64_t since_ms = 0;  // when it last went up or down

    static constexpr auto fields = std::tuple{core::field("up", &ComponentLink::up),
                                              core::field("since_ms", &ComponentLink::since_ms)};
};

struct SessionHealth {
    std::string user;  // bare JID, as the effects name it
    GatewayState state = GatewayState::waiting;
    std::int64_t since_ms = 0;
    std::optional<std::string> reason;  // why it failed

    static constexpr auto fields = std::tuple{core::field("user", &SessionHealth::user),
                                              core::field("state", &SessionHealth::state),
                                              core::field("since_ms", &SessionHealth::since_ms),
                                              core::field("reason", &SessionHealth::reason)};
};

// Discord's invalid-request limit as the adapter counts it (invalid_request_budget.hpp).
struct InvalidRequests {
    std::int64_t count = 0;  // within the window ending now
    std::int64_t limit = 0;
    std::int64_t window_s = 0;

    static constexpr auto fields = std::tuple{core::field("count", &InvalidRequests::count),
                                              core::field("limit", &InvalidRequests::limit),
                                              core::field("window_s", &InvalidRequests::window_s)};
};

struct Heartbeat {
    std::string origin;  // "xmpp", "discord"
    std::int64_t interval_ms = kHeartbeatInterval.count();
    std::int64_t started_ms = 0;  // when the process started
    std::int64_t sent_ms = 0;
    std::optional<ComponentLink> component;              // the XMPP adapter's
    std::optional<std::vector<SessionHealth>> sessions;  // the Discord adapter's
    std::optional<InvalidRequests> invalid_requests;     // the Discord adapter's

    static constexpr auto fields =
        std::tuple{core::field("origin", &Heartbeat::origin),
                   core::field("interval_ms", &Heartbeat::interval_ms),
                   core::field("started_ms", &Heartbeat::started_ms),
                   core::field("sent_ms", &Heartbeat::sent_ms),
                   core::field("component", &Heartbeat::component),
                   core::field("sessions", &Heartbeat::sessions),
                   core::field("invalid_requests", &Heartbeat::invalid_requests)};
};

}  // namespace cordgate::common::bus
