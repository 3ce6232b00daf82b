// discord-emulator: a loopback Discord (Gateway v9/v10 + REST) for cordgate's tests, benchmarks
// and demo. Prints `LISTENING <port>` on stdout once it accepts connections.

#include <common/malloc_tuning.hpp>
#include <tests/emulator/seed.hpp>
#include <tests/emulator/server.hpp>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>

int main(int argc, char** argv) {
    using namespace cordgate::tests::emulator;
    cordgate::common::keep_freed_memory();  // a load generator for the benches: see why there
    CLI::App app{"Discord API emulator for cordgate tests"};
    ServerOptions opts;
    std::string seed;
    std::string log_level = "info";
    app.add_option("--port,-p", opts.port, "TCP port on 127.0.0.1 (0 = pick a free one)");
    app.add_option("--seed,-s", seed, "JSON seed file with users, guilds, channels, messages")
        ->check(CLI::ExistingFile);
    app.add_option("--heartbeat-interval", opts.heartbeat_interval_ms,
                   "HELLO heartbeat_interval in ms");
    app.add_option("--log-level", log_level, "trace|debug|info|warn|error|off");
    app.add_option("--tls-cert", opts.tls_cert,
                   "PEM certificate: TLS clients get https/wss on the same port")
        ->check(CLI::ExistingFile);
    app.add_option("--tls-key", opts.tls_key, "PEM private key of --tls-cert")
        ->check(CLI::ExistingFile);
    app.add_option("--resume-window-ms", opts.sessions.resume_window_ms,
                   "how long a dropped session stays resumable (Discord: a few minutes)");
    app.add_option("--max-sessions", opts.sessions.max_sessions,
                   "live gateway sessions per user account; one more closes with 4015");
    std::optional<std::uint64_t> fixed_clock_ms;
    app.add_option("--fixed-clock-ms", fixed_clock_ms,
                   "fix the clock: new ids start after this unix time in ms and advance 1 ms per "
                   "id (deterministic); default: the real clock, or the seed's fixed_clock_ms");
    bool fixed_clock = false;
    app.add_flag("--fixed-clock", fixed_clock, "--fixed-clock-ms 1704067200000 (2024-01-01)");
    CLI11_PARSE(app, argc, argv);
    if (opts.tls_cert.empty() != opts.tls_key.empty()) {
        std::cerr << "discord-emulator: --tls-cert and --tls-key go together\n";
        return 2;
    }

    // Logs go to stderr: stdout carries only the machine-readable LISTENING line.
    auto logger = spdlog::stderr_color_mt("emulator");
    spdlog::set_default_logger(logger);
    spdlog::set_level(spdlog::level::from_str(log_level));

    World world;
    // The real clock unless the seed or the command line fixes it (the command line wins).
    world.ids.use_clock([] {
        return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                              std::chrono::system_clock::now().time_since_epoch())
                                              .count());
    });
    if (fixed_clock && !fixed_clock_ms) fixed_clock_ms = kFixedClockStartMs;
    if (fixed_clock_ms) world.ids.fix_clock(*fixed_clock_ms);
    try {
        if (!seed.empty()) load_seed_file(world, seed);
    } catch (const SeedError& e) {
        std::cerr << "discord-emulator: bad seed: " << e.what() << "\n";
        return 2;
    }
    try {
        EmulatorServer server(std::move(world), opts);
        std::cout << "LISTENING " << server.port() << std::endl;
        spdlog::info("discord emulator on http://127.0.0.1:{} (gateway ws://127.0.0.1:{}/gateway)",
                     server.port(), server.port());
        server.run();
    } catch (const std::exception& e) {
        std::cerr << "discord-emulator: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
