#pragma once
// The `cordgate` tool's end of the core's control endpoint (control_protocol.hpp).

#include <CLI/CLI.hpp>
#include <runtime/ask_core.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace cordgate::runtime {

// Where to reach the core: --control, else core.control_endpoint (or its default) of --config.
struct ControlTarget {
    std::string config_path = "/etc/cordgate/cordgate.toml";
    std::string endpoint;  // --control: overrides the file

    // The options of every command that asks the core.
    void add_options(CLI::App& cmd);
    // Throws std::runtime_error when the file cannot be read or has problems in [core].
    std::string resolve() const;
};

}  // namespace cordgate::runtime
