// cordgate replay CAPTURE.jsonl [--expect EFFECTS.jsonl] [--check-snapshot-at N]
// Prints the effects as JSON Lines, or the first difference against the expectation.

#include <replay/progress.hpp>
#include <replay/runner.hpp>
#include <runtime/commands.hpp>

#include <fstream>
#include <iostream>
#include <memory>

namespace cordgate::runtime {
namespace {

struct ReplayArgs {
    std::string capture;
    std::string expect;
    long check_snapshot_at = -1;
};

std::ifstream open_or_throw(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw replay::CaptureError("cannot open " + path);
    return in;
}

int run_replay(const ReplayArgs& args) {
    std::ifstream capture_file = open_or_throw(args.capture);
    auto events = replay::read_capture(capture_file, args.capture);
    replay::ProgressBar bar("replay");
    auto result = replay::replay(
        events, {}, 0, 1, [&](std::size_t done, std::size_t total) { bar.update(done, total); });
    if (args.check_snapshot_at >= 0) {
        if (auto problem = replay::check_snapshot_equivalence(
                events, static_cast<std::size_t>(args.check_snapshot_at))) {
            std::cerr << "snapshot check failed: " << *problem << "\n";
            return 1;
        }
        std::cerr << "snapshot at " << args.check_snapshot_at << " + tail == straight replay ("
                  << events.size() << " events)\n";
    }
    if (args.expect.empty()) {
        for (const auto& effect : result.effects) std::cout << effect << '\n';
        return 0;
    }
    std::ifstream expect_file = open_or_throw(args.expect);
    auto expected = replay::read_effect_lines(expect_file, args.expect);
    if (auto diff = replay::first_difference(expected, result.effects)) {
        std::cout << "first difference at effect #" << diff->effect_index + 1 << " (event #"
                  << diff->event_position << ")\n"
                  << "expected: " << (diff->expected.empty() ? "(nothing)" : diff->expected) << "\n"
                  << "got:      " << (diff->got.empty() ? "(nothing)" : diff->got) << "\n";
        return 1;
    }
    std::cerr << args.capture << ": " << events.size() << " events, " << result.effects.size()
              << " effects, as expected\n";
    return 0;
}

}  // namespace

void add_replay_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<ReplayArgs>();
    CLI::App* cmd = app.add_subcommand("replay", "fold a capture through the core");
    cmd->add_option("capture", args->capture, "capture (JSON Lines of events)")->required();
    cmd->add_option("--expect", args->expect, "expected effects (JSON Lines)");
    cmd->add_option("--check-snapshot-at", args->check_snapshot_at,
                    "also check that a snapshot after N events plus the tail equals the "
                    "straight replay");
    cmd->callback([args, &exit_code] {
        try {
            exit_code = run_replay(*args);
        } catch (const std::exception& e) {
            std::cerr << "replay: " << e.what() << "\n";
            exit_code = 2;
        }
    });
}

}  // namespace cordgate::runtime
