#include <config/parse.hpp>
#include <runtime/control_client.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace cordgate::runtime {

void ControlTarget::add_options(CLI::App& cmd) {
    cmd.add_option("-c,--config", config_path,
                   "the configuration file whose [core] names the control endpoint (default "
                   "/etc/cordgate/cordgate.toml)");
    cmd.add_option("--control", endpoint,
                   "the core's control endpoint, e.g. ipc:///var/lib/cordgate/control.sock "
                   "(overrides --config)");
}

std::string ControlTarget::resolve() const {
    if (!endpoint.empty()) return endpoint;
    std::ifstream in(config_path);
    if (!in)
        throw std::runtime_error("cannot read " + config_path + " (give --config or --control)");
    std::ostringstream text;
    text << in.rdbuf();
    std::filesystem::path path(config_path);
    const std::array<config::Process, 1> core{config::Process::core};
    config::Parsed parsed = config::parse(text.str(), path.parent_path(), config_path, core);
    for (const config::Problem& p : parsed.problems) {
        if (p.key.empty() || p.key.starts_with("core.")) {
            throw std::runtime_error(config::describe(config_path, p));
        }
    }
    return config::control_endpoint(parsed.config.core);
}

}  // namespace cordgate::runtime
