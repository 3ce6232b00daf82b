#pragma once
// One request to the core's control endpoint (control_protocol.hpp), for the `cordgate` tool and
// for the XMPP adapter's administrators' status command.

#include <chrono>
#include <optional>
#include <string>

namespace cordgate::runtime {

// Sends one request and waits up to `timeout` for the reply; nullopt when none came (the core
// is not running, or not answering). Blocks: the XMPP adapter calls it off its loop's thread.
std::optional<std::string> ask_core(const std::string& endpoint, const std::string& request,
                                    std::chrono::milliseconds timeout);

}  // namespace cordgate::runtime
