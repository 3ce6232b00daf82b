// cordgate status [--json] [--config FILE | --control ENDPOINT]
// Asks the running core how everything is (status_report.hpp) and prints it. Exit 0 all well,
// 1 something is wrong (an adapter down, the component link down), 2 the core did not answer.

#include <runtime/commands.hpp>
#include <runtime/control_client.hpp>
#include <runtime/control_protocol.hpp>
#include <runtime/status_report.hpp>

#include <iostream>
#include <memory>

namespace cordgate::runtime {
namespace {

constexpr int kUnreachable = 2;

struct StatusArgs {
    ControlTarget target;
    bool json = false;
    double timeout_s = 5;
};

int run_status(const StatusArgs& args) {
    std::string endpoint = args.target.resolve();
    auto timeout = std::chrono::milliseconds(static_cast<std::int64_t>(args.timeout_s * 1000));
    std::optional<std::string> reply = ask_core(
        endpoint, core::encode(ControlRequest{ControlCommand::status, std::nullopt}), timeout);
    if (!reply) {
        std::cerr << "status: the core did not answer at " << endpoint << " within "
                  << args.timeout_s << " s: is cordgate-core running?\n";
        if (args.json) std::cout << "{\"error\":\"the core did not answer\"}\n";
        return kUnreachable;
    }
    StatusReport report;
    try {
        report = core::decode<StatusReport>(*reply);
    } catch (const core::CodecError& e) {
        std::cerr << "status: the core answered something else: " << *reply << "\n";
        return kUnreachable;
    }
    if (args.json) {
        std::cout << *reply << "\n";
    } else {
        std::cout << render_text(report);
    }
    return exit_code(report);
}

}  // namespace

void add_status_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<StatusArgs>();
    CLI::App* cmd = app.add_subcommand(
        "status",
        "ask the running core how the gateway is: processes, the XMPP component link, each "
        "user's Discord session, the log, the effects not yet carried out, Discord's invalid "
        "request budget. Exit 0 when all is well, 1 when a process or the component link is "
        "down, 2 when the core does not answer");
    args->target.add_options(*cmd);
    cmd->add_flag("--json", args->json, "print the report as JSON");
    cmd->add_option("--timeout", args->timeout_s, "seconds to wait for the core (default 5)");
    cmd->callback([args, &exit_code] {
        try {
            exit_code = run_status(*args);
        } catch (const std::exception& e) {
            std::cerr << "status: " << e.what() << "\n";
            exit_code = kUnreachable;
        }
    });
}

}  // namespace cordgate::runtime
