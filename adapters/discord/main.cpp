// cordgate-discord: the Discord side of the gateway.
// Usage: cordgate-discord --config cordgate.toml [--api-base URL] [--gateway-url URL]
//        [--bus ENDPOINT] [--key-file PATH] [--bot] [--log-level LEVEL]

#include <adapters/discord/config.hpp>
#include <adapters/discord/service.hpp>
#include <common/logging.hpp>
#include <common/malloc_tuning.hpp>
#include <common/sealed_box.hpp>
#include <common/service_notify.hpp>
#include <metrics/serve.hpp>

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <csignal>

namespace {

std::int64_t wall_clock_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Tells systemd the adapter is ready once a core has answered on the bus, and pings the watchdog
// from a timer on the adapter's own io_context: a stuck loop stops the pings.
class SystemdTimer {
  public:
    SystemdTimer(boost::asio::io_context& io, cordgate::common::ServiceNotifier& notifier,
                 const cordgate::adapters::discord::Service& service)
        : timer_(io), notifier_(notifier), service_(service) {
        if (auto period = notifier.watchdog_period()) period_ = std::min(period_, *period / 2);
    }

    void start() {
        if (!notifier_.active()) return;
        tick();
    }
    void cancel() { timer_.cancel(); }

  private:
    void tick() {
        if (!notifier_.ready_sent() && service_.bus_answered()) notifier_.ready("core answered");
        notifier_.watchdog_ping();
        timer_.expires_after(period_);
        timer_.async_wait([this](const boost::system::error_code& ec) {
            if (!ec) tick();
        });
    }

    boost::asio::steady_timer timer_;
    cordgate::common::ServiceNotifier& notifier_;
    const cordgate::adapters::discord::Service& service_;
    std::chrono::microseconds period_{std::chrono::milliseconds(250)};
};

}  // namespace

int main(int argc, char** argv) {
    using namespace cordgate;
    common::keep_freed_memory(256 * 1024,
                              128 * 1024);  // a gateway frame is a few KiB; a login's, megabytes
    CLI::App app{
        "cordgate-discord: the Discord side of cordgate, one Discord session (gateway and REST)\n"
        "per registered user. Settings come from the configuration file ([discord], [bus],\n"
        "[files], [log]); the options below override them"};
    std::string config_path, api_base, gateway_url, bus, key_file, log_level;
    bool bot = false;
    app.add_option("-c,--config", config_path,
                   "TOML configuration file, e.g. /etc/cordgate/cordgate.toml");
    app.add_option("--api-base", api_base,
                   "REST base URL with version, overrides discord.api_base");
    app.add_option("--gateway-url", gateway_url, "gateway URL, overrides discord.gateway_url");
    app.add_option("--bus", bus, "bus endpoint, overrides bus.endpoint");
    app.add_option("--key-file", key_file, "sealed_box key pair, overrides discord.key_file");
    app.add_flag("--bot", bot, "tokens are bot tokens");
    app.add_option("--log-level", log_level, "trace, debug, info, warn, error, critical, off");
    CLI11_PARSE(app, argc, argv);

    common::setup_logging("discord", "info");
    try {
        adapters::discord::Config config = config_path.empty()
                                               ? adapters::discord::parse_config("", ".")
                                               : adapters::discord::load_config(config_path);
        if (!api_base.empty()) config.api_base = api_base;
        if (!gateway_url.empty()) config.gateway_url = gateway_url;
        if (!bus.empty()) config.bus_endpoint = bus;
        if (!key_file.empty()) config.key_file = key_file;
        if (bot) config.bot = true;
        common::set_log_level(log_level.empty() ? config::name(config.log_level) : log_level);
        common::KeyPair keys = common::load_or_create_key_pair(config.key_file);
        std::signal(SIGPIPE, SIG_IGN);

        boost::asio::io_context io(1);
        metrics::Registry registry;
        adapters::discord::Service service(io, config, keys, wall_clock_ms, registry);
        auto metrics_server = metrics::serve(config.metrics_address, registry);
        boost::asio::signal_set signals(io, SIGINT, SIGTERM);
        common::ServiceNotifier notifier;
        SystemdTimer systemd(io, notifier, service);
        signals.async_wait([&](const boost::system::error_code&, int) {
            spdlog::info("stopping");
            notifier.stopping();
            systemd.cancel();
            service.stop();
            io.stop();
        });
        spdlog::info("cordgate-discord starting: REST {}, gateway {}, bus {}", config.api_base,
                     config.gateway_url.empty() ? "from GET /gateway" : config.gateway_url,
                     config.bus_endpoint);
        service.start();
        systemd.start();
        service.run();
    } catch (const config::ConfigError& e) {
        common::log_config_error("cordgate-discord", e);
        return 1;
    } catch (const std::exception& e) {
        spdlog::critical("cordgate-discord: {}", e.what());
        return 1;
    }
    return 0;
}
