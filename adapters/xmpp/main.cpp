// cordgate-xmpp: the XMPP side of the gateway. Usage: cordgate-xmpp --config cordgate-xmpp.toml

#include <adapters/xmpp/bus_client_port.hpp>
#include <adapters/xmpp/config.hpp>
#include <adapters/xmpp/gateway.hpp>
#include <adapters/xmpp/stdio_bus.hpp>
#include <common/malloc_tuning.hpp>
#include <common/sealed_box.hpp>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <unistd.h>
#include <csignal>
#include <cstdio>
#include <memory>

namespace {

volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) {
    g_stop = 1;
}

std::int64_t now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

int main(int argc, char** argv) {
    using namespace cordgate;
    common::keep_freed_memory();
    CLI::App app{"cordgate XMPP adapter (XEP-0114 component)"};
    std::string config_path;
    app.add_option("-c,--config", config_path, "TOML configuration file")->required();
    CLI11_PARSE(app, argc, argv);

    // Logs go to stderr: with the stdio bus, stdout carries events.
    spdlog::set_default_logger(spdlog::stderr_color_mt("xmpp"));
    try {
        adapters::xmpp::Config config = adapters::xmpp::load_config(config_path);
        spdlog::set_level(spdlog::level::from_str(config.log_level));
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
        adapters::xmpp::Gateway gateway(config, key, *bus, now_ms);
        spdlog::info("cordgate-xmpp starting: component {} -> {}:{}", config.component_jid,
                     config.host, config.port);
        // The wait ends as soon as either socket has input; the timeout only paces reconnect
        // attempts and signal checks, so it can be long enough to cost nothing when idle.
        while (!g_stop) gateway.run_once(std::chrono::milliseconds(50));
        spdlog::info("stopping");
        gateway.stop();
    } catch (const std::exception& e) {
        spdlog::critical("cordgate-xmpp: {}", e.what());
        return 1;
    }
    return 0;
}
