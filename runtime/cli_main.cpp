// cordgate: the command line tool (replay, export, inject, serve-files, check-config, status,
// backup, restore).

#include <runtime/commands.hpp>

#include <common/logging.hpp>

int main(int argc, char** argv) {
    CLI::App app{"cordgate: an XMPP gateway for Discord, built around an event log"};
    app.require_subcommand(1);
    int exit_code = 0;
    cordgate::runtime::add_replay_command(app, exit_code);
    cordgate::runtime::add_export_command(app, exit_code);
    cordgate::runtime::add_inject_command(app, exit_code);
    cordgate::runtime::add_serve_files_command(app, exit_code);
    cordgate::runtime::add_check_config_command(app, exit_code);
    cordgate::runtime::add_status_command(app, exit_code);
    cordgate::runtime::add_backup_command(app, exit_code);
    cordgate::runtime::add_restore_command(app, exit_code);
    cordgate::common::setup_logging("cli", "info");
    CLI11_PARSE(app, argc, argv);
    return exit_code;
}
