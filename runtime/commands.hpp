#pragma once
// Subcommands of the `cordgate` command line tool, one file each.

#include <CLI/CLI.hpp>

namespace cordgate::runtime {

// Each registers its subcommand on `app`; the callback runs it and sets `exit_code`.
void add_replay_command(CLI::App& app, int& exit_code);
void add_export_command(CLI::App& app, int& exit_code);
void add_inject_command(CLI::App& app, int& exit_code);
void add_serve_files_command(CLI::App& app, int& exit_code);
void add_check_config_command(CLI::App& app, int& exit_code);
void add_status_command(CLI::App& app, int& exit_code);
void add_backup_command(CLI::App& app, int& exit_code);
void add_restore_command(CLI::App& app, int& exit_code);

}  // namespace cordgate::runtime
