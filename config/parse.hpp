#pragma once
// The one reader of cordgate.toml. Every section and key is read here with its type, default
// and validation; a problem does not stop the reading, so a file's every problem is reported
// at once (`cordgate check-config`), and each daemon refuses to start on the same list.

#include <config/problem.hpp>
#include <config/sections.hpp>

#include <array>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cordgate::config {

struct Parsed {
    Config config;
    std::vector<Problem> problems;
};

using Processes = std::span<const Process>;
inline constexpr std::array<Process, 3> kEveryProcess{Process::core, Process::xmpp,
                                                      Process::discord};

// Types, ranges, names, URLs, unknown keys and the keys `processes` require; nothing on disk.
// Relative paths are resolved against base_dir (the file's folder), core.data_dir excepted
// (relative to the working directory, as it always was).
Parsed parse(std::string_view text, const std::filesystem::path& base_dir,
             const std::string& source, Processes processes);

// parse() of the file, and what `processes` will touch on disk: key files and their folders,
// the CA file, the log and store folders, each readable or writable as it must be.
Parsed check_file(const std::filesystem::path& path, Processes processes);

// check_file(), throwing ConfigError with every problem: what each daemon starts with.
Config load(const std::filesystem::path& path, Process process);

}  // namespace cordgate::config
