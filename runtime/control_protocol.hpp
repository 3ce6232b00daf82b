#pragma once
// The core's control endpoint (a ZeroMQ REP socket; core.control_endpoint): one JSON request,
// one JSON reply, canonical like the bus's frames.
//
//   {"command":"status"}                    -> StatusReport (status_report.hpp)
//   {"command":"backup","dir":"/abs/path"}  -> BackupReply
//   anything else, or a failure             -> ControlError
//
// A reply is one of the three; the tool tells a ControlError by its "error" key.

#include <core/codec.hpp>
#include <core/codec_enum.hpp>
#include <runtime/enum_lookup.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace cordgate::runtime {

enum class ControlCommand { status, backup };
inline constexpr auto enum_names(ControlCommand) {
    return std::array<core::EnumName<ControlCommand>, 2>{
        {{ControlCommand::status, "status"}, {ControlCommand::backup, "backup"}}};
}

struct ControlRequest {
    ControlCommand command = ControlCommand::status;
    std::optional<std::string> dir;  // backup: where the checkpoint goes (must not exist)

    static constexpr auto fields = std::tuple{core::field("command", &ControlRequest::command),
                                              core::field("dir", &ControlRequest::dir)};
};

struct ControlError {
    std::string error;
    static constexpr auto fields = std::tuple{core::field("error", &ControlError::error)};
};

struct BackupReply {
    std::string dir;
    std::uint64_t position = 0;  // the last event in the backup
    // Per target: the last effect the backup counts as carried out, and how many effects after
    // it the backup holds (a restored core sends those).
    std::map<std::string, std::uint64_t> acknowledged;
    std::map<std::string, std::uint64_t> unacknowledged;
    std::int64_t drain_ms = 0;  // how long events waited while adapters acknowledged effects
    std::int64_t checkpoint_ms = 0;

    static constexpr auto fields =
        std::tuple{core::field("dir", &BackupReply::dir),
                   core::field("position", &BackupReply::position),
                   core::field("acknowledged", &BackupReply::acknowledged),
                   core::field("unacknowledged", &BackupReply::unacknowledged),
                   core::field("drain_ms", &BackupReply::drain_ms),
                   core::field("checkpoint_ms", &BackupReply::checkpoint_ms)};
};

}  // namespace cordgate::runtime
