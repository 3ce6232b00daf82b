#pragma once
// What `cordgate status` shows, as data: the core composes it from what it knows (its log, the
// adapters' heartbeats, the sessions of its state) and sends it as JSON over the control
// endpoint; the tool prints it as it came (--json) or as text, and exits with exit_code().
// Everything here is pure: times are arguments.

#include <common/heartbeat.hpp>
#include <core/codec.hpp>
#include <core/codec_enum.hpp>
#include <core/state.hpp>
#include <runtime/enum_lookup.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cordgate::runtime {

// An adapter is down once its newest heartbeat is older than this many of its intervals.
inline constexpr std::int64_t kMissedHeartbeats = 3;

enum class Liveness { up, down };
inline constexpr auto enum_names(Liveness) {
    return std::array<core::EnumName<Liveness>, 2>{
        {{Liveness::up, "up"}, {Liveness::down, "down"}}};
}

// The component link as the XMPP adapter last told it; unknown while that adapter is down.
enum class LinkState { up, down, unknown };
inline constexpr auto enum_names(LinkState) {
    return std::array<core::EnumName<LinkState>, 3>{
        {{LinkState::up, "up"}, {LinkState::down, "down"}, {LinkState::unknown, "unknown"}}};
}

// Times: milliseconds since the Unix epoch.
struct ProcessStatus {
    std::string name;  // core, xmpp, discord
    Liveness state = Liveness::down;
    // Up: when the process started. Down: when it was last heard of, or when the core started
    // if never.
    std::int64_t since_ms = 0;
    std::optional<std::int64_t> heartbeat_age_ms;  // absent: never heard of

    static constexpr auto fields = std::tuple{
        core::field("name", &ProcessStatus::name), core::field("state", &ProcessStatus::state),
        core::field("since_ms", &ProcessStatus::since_ms),
        core::field("heartbeat_age_ms", &ProcessStatus::heartbeat_age_ms)};
};

struct LinkStatus {
    LinkState state = LinkState::unknown;
    std::optional<std::int64_t> since_ms;

    static constexpr auto fields = std::tuple{core::field("state", &LinkStatus::state),
                                              core::field("since_ms", &LinkStatus::since_ms)};
};

struct LogStatus {
    std::uint64_t position = 0;     // the last event's
    std::uint64_t disk_bytes = 0;   // the log folder's files
    std::uint64_t snapshot_at = 0;  // the newest snapshot's position
    // The last commit that wrote events: how long RocksDB's write (with its fsync, when
    // `synced`) took, and when it ended.
    std::optional<std::int64_t> last_commit_us;
    std::optional<std::int64_t> last_commit_at_ms;
    std::optional<bool> last_commit_synced;

    static constexpr auto fields =
        std::tuple{core::field("position", &LogStatus::position),
                   core::field("disk_bytes", &LogStatus::disk_bytes),
                   core::field("snapshot_at", &LogStatus::snapshot_at),
                   core::field("last_commit_us", &LogStatus::last_commit_us),
                   core::field("last_commit_at_ms", &LogStatus::last_commit_at_ms),
                   core::field("last_commit_synced", &LogStatus::last_commit_synced)};
};

// Effects the log holds for a target that its adapter has not acknowledged yet.
struct TargetLag {
    std::string target;
    std::uint64_t last_effect = 0;
    std::uint64_t acknowledged = 0;
    std::uint64_t waiting = 0;

    static constexpr auto fields = std::tuple{core::field("target", &TargetLag::target),
                                              core::field("last_effect", &TargetLag::last_effect),
                                              core::field("acknowledged", &TargetLag::acknowledged),
                                              core::field("waiting", &TargetLag::waiting)};
};

// One registered user: the core's view (from its state) and the Discord adapter's (from its
// heartbeat). No token, sealed or not.
struct UserStatus {
    std::string jid;
    std::string login_state;                           // the core's: logging_in, ready, failed, ...
    std::optional<std::string> failure;                // why the last login failed
    std::optional<std::string> verification;           // Discord's required_action, while pending
    std::uint64_t captcha_kept = 0;                    // messages held back by a captcha
    std::optional<common::bus::GatewayState> gateway;  // the adapter's; absent: no session
    std::optional<std::int64_t> gateway_since_ms;
    std::optional<std::string> gateway_reason;

    static constexpr auto fields =
        std::tuple{core::field("jid", &UserStatus::jid),
                   core::field("login_state", &UserStatus::login_state),
                   core::field("failure", &UserStatus::failure),
                   core::field("verification", &UserStatus::verification),
                   core::field("captcha_kept", &UserStatus::captcha_kept),
                   core::field("gateway", &UserStatus::gateway),
                   core::field("gateway_since_ms", &UserStatus::gateway_since_ms),
                   core::field("gateway_reason", &UserStatus::gateway_reason)};
};

struct StatusReport {
    std::int64_t at_ms = 0;
    std::vector<ProcessStatus> processes;
    LinkStatus component;
    LogStatus log;
    std::vector<TargetLag> lag;
    std::vector<UserStatus> users;
    std::optional<common::bus::InvalidRequests> invalid_requests;
    // What is wrong, one sentence each; empty when all is well.
    std::vector<std::string> problems;

    static constexpr auto fields =
        std::tuple{core::field("at_ms", &StatusReport::at_ms),
                   core::field("processes", &StatusReport::processes),
                   core::field("component", &StatusReport::component),
                   core::field("log", &StatusReport::log),
                   core::field("lag", &StatusReport::lag),
                   core::field("users", &StatusReport::users),
                   core::field("invalid_requests", &StatusReport::invalid_requests),
                   core::field("problems", &StatusReport::problems)};
};

// The newest heartbeat of an adapter, and how long ago (by the core's monotonic clock) it came.
struct HeardFrom {
    common::bus::Heartbeat last;
    std::int64_t age_ms = 0;
};

struct StatusInputs {
    std::int64_t now_ms = 0;  // wall clock
    std::int64_t core_started_ms = 0;
    std::map<std::string, HeardFrom> heartbeats;  // by origin
    LogStatus log;
    std::vector<TargetLag> lag;
    const core::State* state = nullptr;
};

// Whether a heartbeat this old still says its sender is alive.
bool fresh(std::int64_t age_ms, std::int64_t interval_ms);

StatusReport compose_status(const StatusInputs& in);

// What is wrong in a report: an adapter down, the component link down.
std::vector<std::string> find_problems(const StatusReport& report);

// For monitoring: 0 all well, 1 something is wrong. (2, the core unreachable, is the tool's.)
int exit_code(const StatusReport& report);

// The report for a person to read.
std::string render_text(const StatusReport& report);

// "2026-12-07 18:40:12 UTC"
std::string utc_time(std::int64_t ms);

}  // namespace cordgate::runtime
