#include <common/logging.hpp>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

#include <sys/stat.h>
#include <unistd.h>
#include <charconv>
#include <cstdlib>
#include <memory>
#include <stdexcept>

namespace cordgate::common {

namespace {

// %* in a pattern: the line's syslog priority as journald reads it from a stream.
class SyslogPrefixFlag final : public spdlog::custom_flag_formatter {
  public:
    void format(const spdlog::details::log_msg& msg, const std::tm&,
                spdlog::memory_buf_t& dest) override {
        std::string_view prefix = syslog_prefix(msg.level);
        dest.append(prefix.data(), prefix.data() + prefix.size());
    }
    std::unique_ptr<custom_flag_formatter> clone() const override {
        return std::make_unique<SyslogPrefixFlag>();
    }
};

bool stderr_is_the_journal() {
    const char* stream = std::getenv("JOURNAL_STREAM");
    struct stat st {};
    if (stream == nullptr || ::fstat(STDERR_FILENO, &st) != 0) return false;
    return journal_stream_names(stream, st.st_dev, st.st_ino);
}

template <typename T>
bool parse_number(std::string_view text, T& out) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

}  // namespace

spdlog::level::level_enum parse_log_level(std::string_view level) {
    auto parsed = spdlog::level::from_str(std::string(level));
    if (parsed == spdlog::level::off && level != "off") {
        throw std::invalid_argument("unknown log level '" + std::string(level) +
                                    "' (trace, debug, info, warn, error, critical, off)");
    }
    return parsed;
}

void setup_logging(std::string_view process, std::string_view level) {
    auto parsed = parse_log_level(level);
    // Logs go to stderr: stdout is kept for machine-readable output (replay effects, READY lines).
    auto logger = spdlog::stderr_color_mt(std::string(process));
    auto formatter = std::make_unique<spdlog::pattern_formatter>();
    if (stderr_is_the_journal()) {
        formatter->add_flag<SyslogPrefixFlag>('*').set_pattern("%*%l [%n] %v");
    } else {
        formatter->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ [%n] %v");
    }
    logger->set_formatter(std::move(formatter));
    logger->set_level(parsed);
    spdlog::set_default_logger(logger);
}

void log_config_error(std::string_view process, const config::ConfigError& error) {
    for (const config::Problem& p : error.problems()) {
        spdlog::critical("{}: refusing to start: {}", process, config::describe(error.source(), p));
    }
}

void set_log_level(std::string_view level) {
    spdlog::set_level(parse_log_level(level));
}

std::string_view syslog_prefix(spdlog::level::level_enum level) {
    switch (level) {
        case spdlog::level::trace:
            return SD_DEBUG;
        case spdlog::level::debug:
            return SD_DEBUG;
        case spdlog::level::info:
            return SD_INFO;
        case spdlog::level::warn:
            return SD_WARNING;
        case spdlog::level::err:
            return SD_ERR;
        case spdlog::level::critical:
            return SD_CRIT;
        case spdlog::level::off:
            return SD_INFO;
        case spdlog::level::n_levels:
            return SD_INFO;
    }
    return SD_INFO;
}

bool journal_stream_names(std::string_view journal_stream, dev_t device, ino_t inode) {
    auto colon = journal_stream.find(':');
    if (colon == std::string_view::npos) return false;
    unsigned long long dev = 0, ino = 0;
    return parse_number(journal_stream.substr(0, colon), dev) &&
           parse_number(journal_stream.substr(colon + 1), ino) && dev == device && ino == inode;
}

std::string redacted(std::string_view secret) {
    return "<redacted, " + std::to_string(secret.size()) + " bytes>";
}

}  // namespace cordgate::common
