#include <common/logging.hpp>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <stdexcept>

namespace cordgate::common {

void setup_logging(std::string_view process, std::string_view level) {
    auto parsed = spdlog::level::from_str(std::string(level));
    if (parsed == spdlog::level::off && level != "off") {
        throw std::invalid_argument("unknown log level '" + std::string(level) +
                                    "' (trace, debug, info, warn, error, critical, off)");
    }
    // Logs go to stderr: stdout is kept for machine-readable output (replay effects, READY lines).
    auto logger = spdlog::stderr_color_mt(std::string(process));
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ [%n] %v");
    logger->set_level(parsed);
    spdlog::set_default_logger(logger);
}

std::string redacted(std::string_view secret) {
    return "<redacted, " + std::to_string(secret.size()) + " bytes>";
}

}  // namespace cordgate::common
