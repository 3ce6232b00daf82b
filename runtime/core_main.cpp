// cordgate-core: owns the event log and runs the projection. See core_service.hpp.

#include <common/logging.hpp>
#include <common/malloc_tuning.hpp>
#include <common/service_notify.hpp>
#include <config/parse.hpp>
#include <metrics/serve.hpp>
#include <runtime/core_service.hpp>

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <optional>

namespace {
std::atomic<bool> g_stop{false};
void on_signal(int) {
    g_stop = true;
}
}  // namespace

int main(int argc, char** argv) {
    using namespace cordgate;
    common::keep_freed_memory();
    CLI::App app{
        "cordgate-core: the event log and the pure projection of cordgate. The adapters send it\n"
        "events over the bus; it makes them durable and sends back the effects. Settings come\n"
        "from the configuration file ([bus], [core], [log]); the options below override them"};
    std::string config_path, data_dir, endpoint, sync, level;
    std::uint64_t snapshot_every = 0;
    std::optional<std::uint64_t> wal_spare_mib;
    app.add_option("-c,--config", config_path,
                   "TOML configuration file, e.g. /etc/cordgate/cordgate.toml");
    app.add_option("--data-dir", data_dir, "log folder (overrides core.data_dir)");
    app.add_option("--bus", endpoint, "bus endpoint to bind (overrides bus.endpoint)");
    app.add_option("--sync", sync, "every_batch | never (overrides core.sync)");
    app.add_option("--snapshot-every", snapshot_every, "events between snapshots");
    app.add_option(
        "--wal-spare-mib", wal_spare_mib,
        "MiB of zeros each WAL is written over, 0 for none (overrides core.wal_spare_mib)");
    app.add_option("--log-level", level, "trace, debug, info, warn, error, critical, off");
    CLI11_PARSE(app, argc, argv);

    common::setup_logging("core", "info");
    try {
        config::Config config = config_path.empty()
                                    ? config::Config{}
                                    : config::load(config_path, config::Process::core);
        if (!data_dir.empty()) config.core.data_dir = data_dir;
        if (!endpoint.empty()) config.bus.endpoint = endpoint;
        if (!sync.empty()) {
            auto parsed = config::parse_sync(sync);
            if (!parsed) throw std::invalid_argument("--sync must be every_batch or never");
            config.core.sync = *parsed;
        }
        if (snapshot_every) config.core.snapshot_every = snapshot_every;
        if (wal_spare_mib) config.core.wal_spare_mib = *wal_spare_mib;
        common::set_log_level(level.empty() ? config::name(config.log.level) : level);

        runtime::CoreOptions options;
        options.bus_endpoint = config.bus.endpoint;
        options.log.path = config.core.data_dir;
        switch (config.core.sync) {
            case config::Sync::every_batch:
                options.log.sync = eventlog::Sync::every_batch;
                break;
            case config::Sync::never:
                options.log.sync = eventlog::Sync::never;
                break;
        }
        options.log.wal_spare_bytes = config.core.wal_spare_mib * 1024 * 1024;
        options.snapshot_every = config.core.snapshot_every;
        options.retention.keep_events = config.core.retain_events;
        options.retention.keep_ms = static_cast<std::int64_t>(config.core.retain_days) * 86'400'000;
        options.control_endpoint = config::control_endpoint(config.core);
        options.incarnation =
            static_cast<std::uint64_t>(std::chrono::system_clock::now().time_since_epoch().count());
        if (config.bus.endpoint.starts_with("ipc://")) {
            std::filesystem::path socket(config.bus.endpoint.substr(6));
            if (socket.has_parent_path()) std::filesystem::create_directories(socket.parent_path());
        }

        metrics::Registry registry;
        runtime::CoreService service(options, &registry);
        auto metrics_server = metrics::serve(config.core.metrics_address, registry);
        std::signal(SIGINT, on_signal);
        std::signal(SIGTERM, on_signal);
        // Ready once the log is open and the bus bound: the constructor did both.
        common::ServiceNotifier notifier;
        notifier.ready("serving on " + options.bus_endpoint);
        spdlog::info("core: ready on {} with the log in {}; control on {}", options.bus_endpoint,
                     options.log.path, options.control_endpoint);
        while (!g_stop.load(std::memory_order_relaxed)) {
            service.step(100);
            notifier.watchdog_ping();
        }
        notifier.stopping();
        spdlog::info("core: stopped");
        return 0;
    } catch (const config::ConfigError& e) {
        common::log_config_error("cordgate-core", e);
        return 1;
    } catch (const std::exception& e) {
        spdlog::critical("core: {}", e.what());
        return 1;
    }
}
