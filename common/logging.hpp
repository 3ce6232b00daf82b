#pragma once
// One place that sets up spdlog for a process: level by name, a process tag in every line.
//
// Under systemd with stderr connected to the journal (JOURNAL_STREAM names stderr, see
// systemd.exec(5)), lines carry no timestamp (the journal stamps each one) and start with the
// syslog priority as "<N>" (sd-daemon(3)), so journalctl -p and its colours know the levels.

#include <config/problem.hpp>

#include <spdlog/common.h>

#include <sys/types.h>
#include <string>
#include <string_view>

namespace cordgate::common {

// level: trace, debug, info, warn, error, critical, off. Throws std::invalid_argument on others.
void setup_logging(std::string_view process, std::string_view level);

// Changes the level of the default logger set up above. Same names, same exception.
void set_log_level(std::string_view level);

// The parsed level, or std::invalid_argument naming the known ones.
spdlog::level::level_enum parse_log_level(std::string_view level);

// The sd-daemon prefix for a level: "<7>" for trace and debug, "<6>" info, "<4>" warn, "<3>"
// error, "<2>" critical.
std::string_view syslog_prefix(spdlog::level::level_enum level);

// Whether JOURNAL_STREAM's value ("<device>:<inode>") names the file with this device and inode.
bool journal_stream_names(std::string_view journal_stream, dev_t device, ino_t inode);

// A configuration error, one critical line per problem, so that the journal keeps each one
// with its priority: "cordgate-core: refusing to start: FILE:LINE:COLUMN: KEY: ...".
void log_config_error(std::string_view process, const config::ConfigError& error);

// For log lines that must mention a secret's presence without its value: "<redacted, 59 bytes>".
std::string redacted(std::string_view secret);

}  // namespace cordgate::common
