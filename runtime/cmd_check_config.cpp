// cordgate check-config FILE [--for core,xmpp,discord]
// Every problem of the file, one a line ("FILE:LINE:COLUMN: KEY: what is wrong"), exit 1; or a
// one-line "ok" summary, exit 0. The daemons run the same checks at start (config::load), and
// the systemd units run this before them (ExecStartPre).

#include <config/parse.hpp>
#include <runtime/commands.hpp>

#include <iostream>
#include <memory>
#include <vector>

namespace cordgate::runtime {
namespace {

struct CheckArgs {
    std::string file;
    std::vector<std::string> processes;
};

std::string listed(const std::vector<config::Process>& processes) {
    std::string text;
    for (std::size_t i = 0; i < processes.size(); ++i) {
        if (i > 0) text += i + 1 == processes.size() ? " and " : ", ";
        text += config::name(processes[i]);
    }
    return text;
}

std::string summary(const config::Config& c, const std::vector<config::Process>& processes) {
    std::string text = "ok for " + listed(processes) + ": bus " + c.bus.endpoint;
    for (config::Process p : processes) {
        switch (p) {
            case config::Process::core:
                text += ", log in " + c.core.data_dir + ", control on " +
                        config::control_endpoint(c.core);
                break;
            case config::Process::xmpp:
                text += ", component " + c.xmpp.component_jid + " at " + c.xmpp.host + ":" +
                        std::to_string(c.xmpp.port);
                break;
            case config::Process::discord:
                text += ", Discord at " + c.discord.api_base;
                break;
        }
    }
    return text + ", log level " + std::string(config::name(c.log.level));
}

int run_check_config(const CheckArgs& args) {
    std::vector<config::Process> processes;
    for (const std::string& p : args.processes) {
        if (p == "core")
            processes.push_back(config::Process::core);
        else if (p == "xmpp")
            processes.push_back(config::Process::xmpp);
        else if (p == "discord")
            processes.push_back(config::Process::discord);
    }
    if (processes.empty())
        processes.assign(config::kEveryProcess.begin(), config::kEveryProcess.end());
    config::Parsed parsed = config::check_file(args.file, processes);
    if (parsed.problems.empty()) {
        std::cout << args.file << ": " << summary(parsed.config, processes) << "\n";
        return 0;
    }
    for (const config::Problem& p : parsed.problems) {
        std::cerr << config::describe(args.file, p) << "\n";
    }
    std::size_t n = parsed.problems.size();
    std::cerr << args.file << ": " << n << (n == 1 ? " problem" : " problems") << "\n";
    return 1;
}

}  // namespace

void add_check_config_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<CheckArgs>();
    CLI::App* cmd = app.add_subcommand(
        "check-config", "check cordgate.toml: every section and key, and the files it names");
    cmd->add_option("file", args->file, "the configuration file, e.g. /etc/cordgate/cordgate.toml")
        ->required();
    cmd->add_option("--for", args->processes,
                    "the processes that will read it (default: all three); their required keys "
                    "and files are checked")
        ->delimiter(',')
        ->check(CLI::IsMember({"core", "xmpp", "discord"}));
    cmd->callback([args, &exit_code] { exit_code = run_check_config(*args); });
}

}  // namespace cordgate::runtime
