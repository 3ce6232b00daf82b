// cordgate backup DIR [--config FILE | --control ENDPOINT]
// Asks the running core for a consistent copy of its log in DIR (a RocksDB checkpoint; DIR must
// not exist, and the core must be able to write in its parent). Exit 0 done, 1 the core refused
// or failed, 2 the core did not answer.

#include <runtime/commands.hpp>
#include <runtime/control_client.hpp>
#include <runtime/control_protocol.hpp>

#include <filesystem>
#include <iostream>
#include <memory>

namespace cordgate::runtime {
namespace {

struct BackupArgs {
    ControlTarget target;
    std::string dir;
    double timeout_s = 120;
};

int run_backup(const BackupArgs& args) {
    std::string endpoint = args.target.resolve();
    // The core runs elsewhere (systemd: another working directory).
    std::string dir = std::filesystem::absolute(args.dir).lexically_normal().string();
    auto timeout = std::chrono::milliseconds(static_cast<std::int64_t>(args.timeout_s * 1000));
    std::optional<std::string> reply =
        ask_core(endpoint, core::encode(ControlRequest{ControlCommand::backup, dir}), timeout);
    if (!reply) {
        std::cerr << "backup: the core did not answer at " << endpoint << " within "
                  << args.timeout_s << " s: is cordgate-core running?\n";
        return 2;
    }
    if (reply->find("\"error\":") != std::string::npos) {
        std::cerr << "backup: " << core::decode<ControlError>(*reply).error << "\n";
        return 1;
    }
    BackupReply r = core::decode<BackupReply>(*reply);
    std::cout << "backup: the log up to position " << r.position << " is in " << r.dir << " ("
              << r.drain_ms << " ms waiting for the adapters, " << r.checkpoint_ms
              << " ms copying)\n";
    for (const auto& [target, waiting] : r.unacknowledged) {
        if (waiting > 0) {
            std::cout << "backup: " << waiting << " " << target
                      << " effects in it were not acknowledged; a core restored from it sends "
                         "them\n";
        }
    }
    return 0;
}

}  // namespace

void add_backup_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<BackupArgs>();
    CLI::App* cmd = app.add_subcommand(
        "backup",
        "copy the running core's log into DIR, consistently, without stopping it (a RocksDB "
        "checkpoint; put DIR on the log's file system and it costs hard links). DIR must not "
        "exist; the core (user _cordgate under systemd) writes it");
    cmd->add_option("dir", args->dir, "the new folder, e.g. /var/lib/cordgate/backups/monday")
        ->required();
    args->target.add_options(*cmd);
    cmd->add_option("--timeout", args->timeout_s, "seconds to wait for the core (default 120)");
    cmd->callback([args, &exit_code] {
        try {
            exit_code = run_backup(*args);
        } catch (const std::exception& e) {
            std::cerr << "backup: " << e.what() << "\n";
            exit_code = 2;
        }
    });
}

}  // namespace cordgate::runtime
