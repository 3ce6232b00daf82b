// cordgate export --data-dir DIR [--from N] [--to M] > capture.jsonl
// Writes the log's events as a capture. Run it while cordgate-core is stopped: the core is the
// only process that opens the log.

#include <eventlog/log.hpp>
#include <runtime/commands.hpp>

#include <iostream>
#include <memory>

namespace cordgate::runtime {
namespace {

struct ExportArgs {
    std::string data_dir;
    std::uint64_t from = 1;
    std::uint64_t to = UINT64_MAX;
};

int run_export(const ExportArgs& args) {
    auto log = eventlog::Log::open(eventlog::Options{args.data_dir, eventlog::Sync::never});
    std::uint64_t written = 0;
    log->read_events(args.from, std::min(args.to, log->last_position()),
                     [&](std::uint64_t, std::string_view bytes) {
                         std::cout << bytes << '\n';
                         ++written;
                         return true;
                     });
    std::cerr << "export: " << written << " events from " << args.data_dir << "\n";
    return 0;
}

}  // namespace

void add_export_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<ExportArgs>();
    CLI::App* cmd = app.add_subcommand("export", "write a capture from a log");
    cmd->add_option("--data-dir", args->data_dir, "the core's log folder")->required();
    cmd->add_option("--from", args->from, "first position (default 1)");
    cmd->add_option("--to", args->to, "last position (default: the end)");
    cmd->callback([args, &exit_code] {
        try {
            exit_code = run_export(*args);
        } catch (const std::exception& e) {
            std::cerr << "export: " << e.what() << "\n";
            exit_code = 2;
        }
    });
}

}  // namespace cordgate::runtime
