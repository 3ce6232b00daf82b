#include <common/config.hpp>

#include <toml++/toml.h>

namespace cordgate::common {
namespace {

template <class T>
void read(const toml::table& table, const char* section, const char* key, T& out) {
    const toml::node* node = table.at_path(std::string(section) + "." + key).node();
    if (!node) return;
    auto value = node->value<T>();
    if (!value) {
        throw ConfigError(std::string("config: ") + section + "." + key + " has the wrong type");
    }
    out = *value;
}

}  // namespace

CommonConfig load_common_config(const std::string& path) {
    CommonConfig config;
    if (path.empty()) return config;
    toml::table table;
    try {
        table = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        throw ConfigError("config: cannot read " + path + ": " + std::string(e.description()));
    }
    read(table, "bus", "endpoint", config.bus.endpoint);
    read(table, "core", "data_dir", config.core.data_dir);
    read(table, "core", "sync", config.core.sync);
    std::int64_t snapshot_every = static_cast<std::int64_t>(config.core.snapshot_every);
    read(table, "core", "snapshot_every", snapshot_every);
    if (snapshot_every < 0) throw ConfigError("config: core.snapshot_every must be >= 0");
    config.core.snapshot_every = static_cast<std::uint64_t>(snapshot_every);
    read(table, "log", "level", config.log.level);
    return config;
}

}  // namespace cordgate::common
