#pragma once
// One place that sets up spdlog for a process: level by name, a process tag in every line.

#include <string>
#include <string_view>

namespace cordgate::common {

// level: trace, debug, info, warn, error, critical, off. Throws std::invalid_argument on others.
void setup_logging(std::string_view process, std::string_view level);

// For log lines that must mention a secret's presence without its value: "<redacted, 59 bytes>".
std::string redacted(std::string_view secret);

}  // namespace cordgate::common
