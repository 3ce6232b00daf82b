// cordgate-xmpp: the XMPP side of the gateway. Usage: cordgate-xmpp --config cordgate-xmpp.toml

#include <adapters/xmpp/bus_client_port.hpp>
#include <adapters/xmpp/config.hpp>
#include <adapters/xmpp/gateway.hpp>
#include <adapters/xmpp/health_report.hpp>
#include <adapters/xmpp/stdio_bus.hpp>
#include <common/logging.hpp>
#include <common/malloc_tuning.hpp>
#include <common/sealed_box.hpp>
#include <common/service_notify.hpp>
#include <metrics/serve.hpp>

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <unistd.h>
#include <csignal>
#include <cstdio>
#include <memory>
#include <string>

namespace {

volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) {
    g_stop = 1;
}

std::int64_t now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Ready (for systemd) once either side answers: the XMPP server may start after us or live on
// another host, and the component link reconnects by itself, so waiting for it alone would fail
// a start that is fine; the core is started before us by the units. The status line says which
// sides are up.
class ReadinessReport {
  public:
    void update(cordgate::common::ServiceNotifier& notifier, bool component_up, bool bus_up) {
        if (reported_ && component_up == component_up_ && bus_up == bus_up_) return;
        component_up_ = component_up;
        bus_up_ = bus_up;
        if (!component_up && !bus_up) return;
        reported_ = true;
        std::string text = std::string(component_up ? "component link up" : "component link down") +
                           (bus_up ? ", core answered" : ", waiting for the core");
        notifier.ready(text);
    }

  private:
    bool reported_ = false;
    bool component_up_ = false;
    bool bus_up_ = false;
};

}  // namespace

int main(int argc, char** argv) {
    using namespace cordgate;
    common::keep_freed_memory();
    CLI::App app{
        "cordgate-xmpp: the XMPP side of cordgate, an XEP-0114 component of your XMPP server.\n"
        "Every setting is in the configuration file: [xmpp] (server, component JID, secret),\n"
        "[bus], [discord] public_key_file, [files], [log]"};
    std::string config_path;
    app.add_option("-c,--config", config_path,
                   "TOML configuration file, e.g. /etc/cordgate/cordgate.toml")
        ->required();
    CLI11_PARSE(app, argc, argv);

    // Logs go to stderr: with the stdio bus, stdout carries events.
    common::setup_logging("xmpp", "info");
    try {
        adapters::xmpp::Config config = adapters::xmpp::load_config(config_path);
        common::set_log_level(config::name(config.log_level));
        common::PublicKey key = common::load_public_key(config.discord_public_key_file);

        std::unique_ptr<adapters::xmpp::BusPort> bus;
        if (config.bus_endpoint == "stdio") {
            bus = std::make_unique<adapters::xmpp::StdioBus>(STDIN_FILENO, stdout);
        } else {
            bus = std::make_unique<adapters::xmpp::BusClientPort>(config.bus_endpoint);
        }
        std::signal(SIGINT, on_signal);
        std::signal(SIGTERM, on_signal);
        std::signal(SIGPIPE, SIG_IGN);
        metrics::Registry registry;
        adapters::xmpp::XmppMetrics counted(registry);
        adapters::xmpp::Gateway gateway(config, key, *bus, now_ms, counted);
        auto metrics_server = metrics::serve(config.metrics_address, registry);
        std::uint64_t connects_counted = 0;
        spdlog::info("cordgate-xmpp starting: component {} -> {}:{}", config.component_jid,
                     config.host, config.port);
        // The wait ends as soon as either socket has input; the timeout only paces reconnect
        // attempts and signal checks, so it can be long enough to cost nothing when idle.
        common::ServiceNotifier notifier;
        ReadinessReport report;
        adapters::xmpp::HealthReport health(now_ms());
        while (!g_stop) {
            gateway.run_once(std::chrono::milliseconds(50));
            const bool component_up = gateway.component().connected();
            counted.component_up.set(component_up ? 1 : 0);
            if (auto connects = gateway.component().connects(); connects > connects_counted) {
                counted.component_connects.inc(connects - connects_counted);
                connects_counted = connects;
            }
            counted.bus_unacked_events.set(static_cast<std::int64_t>(bus->unacknowledged_events()));
            report.update(notifier, component_up, bus->answered());
            if (auto heartbeat = health.update(component_up, now_ms())) {
                bus->send_heartbeat(*heartbeat);
            }
            notifier.watchdog_ping();
        }
        notifier.stopping();
        spdlog::info("stopping");
        gateway.stop();
    } catch (const config::ConfigError& e) {
        common::log_config_error("cordgate-xmpp", e);
        return 1;
    } catch (const std::exception& e) {
        spdlog::critical("cordgate-xmpp: {}", e.what());
        return 1;
    }
    return 0;
}
