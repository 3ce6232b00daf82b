// cordgate: the command line tool (replay, export, inject).

#include <runtime/commands.hpp>

#include <spdlog/spdlog.h>

int main(int argc, char** argv) {
    CLI::App app{"cordgate: an XMPP gateway for Discord, built around an event log"};
    app.require_subcommand(1);
    int exit_code = 0;
    cordgate::runtime::add_replay_command(app, exit_code);
    cordgate::runtime::add_export_command(app, exit_code);
    cordgate::runtime::add_inject_command(app, exit_code);
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ [cli] %v");
    spdlog::set_default_logger(spdlog::stderr_logger_mt("cli"));
    CLI11_PARSE(app, argc, argv);
    return exit_code;
}
