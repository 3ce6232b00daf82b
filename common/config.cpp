#include <common/config.hpp>
#include <common/toml_reader.hpp>

#include <toml++/toml.h>

namespace cordgate::common {

CommonConfig load_common_config(const std::string& path) {
    CommonConfig config;
    if (path.empty()) return config;
    toml::table table;
    try {
        table = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        throw ConfigError("config: cannot read " + path + ": " + std::string(e.description()));
    }
    TomlReader r(table, path);
    config.bus.endpoint = r.str("bus.endpoint", config.bus.endpoint);
    config.core.data_dir = r.str("core.data_dir", config.core.data_dir);
    config.core.sync = r.str("core.sync", config.core.sync);
    config.core.snapshot_every = static_cast<std::uint64_t>(
        r.integer("core.snapshot_every", static_cast<std::int64_t>(config.core.snapshot_every), 0,
                  INT64_MAX));
    config.core.wal_spare_mib = static_cast<std::uint64_t>(r.integer(
        "core.wal_spare_mib", static_cast<std::int64_t>(config.core.wal_spare_mib), 0, 4096));
    config.log.level = r.str("log.level", config.log.level);
    return config;
}

}  // namespace cordgate::common
