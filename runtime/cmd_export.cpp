// cordgate export --data-dir DIR [--from N] [--to M] [--since T] [--until T] > capture.jsonl
// Writes the log's events as a capture. Only cordgate-core opens a live log: export a running
// core's events from a copy made by `cordgate backup`. With retention on, this is how events
// are kept before the core drops them.

#include <core/archive/time_bounds.hpp>
#include <core/event.hpp>
#include <eventlog/log.hpp>
#include <runtime/commands.hpp>

#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>

namespace cordgate::runtime {
namespace {

struct ExportArgs {
    std::string data_dir;
    std::uint64_t from = 1;
    std::uint64_t to = UINT64_MAX;
    std::string since;  // XEP-0082 time or a date; events at or after it
    std::string until;  // events before it
};

// A date alone means its midnight, UTC.
std::optional<std::int64_t> read_time(const std::string& text, const char* option) {
    if (text.empty()) return std::nullopt;
    std::string full = text.size() == 10 ? text + "T00:00:00Z" : text;
    if (auto ms = core::archive::parse_datetime_ms(full)) return ms;
    throw std::invalid_argument(std::string(option) + " '" + text +
                                "' is not a date (2026-12-07) or a time (2026-12-07T10:00:00Z)");
}

int run_export(const ExportArgs& args) {
    const std::optional<std::int64_t> since = read_time(args.since, "--since");
    const std::optional<std::int64_t> until = read_time(args.until, "--until");
    auto log = eventlog::Log::open(eventlog::Options{args.data_dir, eventlog::Sync::never});
    if (args.from < log->first_position()) {
        std::cerr << "export: events before " << log->first_position()
                  << " were dropped by retention; starting there\n";
    }
    std::uint64_t written = 0;
    log->read_events(std::max(args.from, log->first_position()),
                     std::min(args.to, log->last_position()),
                     [&](std::uint64_t, std::string_view bytes) {
                         if (since || until) {
                             auto identity = core::read_event_identity(bytes);
                             std::int64_t ts = identity ? identity->ts : 0;
                             if ((since && ts < *since) || (until && ts >= *until)) return true;
                         }
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
    cmd->add_option("--from", args->from, "first position (default: the oldest kept)");
    cmd->add_option("--to", args->to, "last position (default: the end)");
    cmd->add_option("--since", args->since, "only events at or after this UTC date or time");
    cmd->add_option("--until", args->until, "only events before this UTC date or time");
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
