#pragma once
// cordgate.toml, parsed once into typed structs. Each process reads the sections it needs;
// a missing file section means defaults, a wrong type is a ConfigError naming the key.
//
//   [bus]     endpoint = "ipc:///tmp/cordgate/bus.sock"
//   [core]    data_dir = "cordgate-data", sync = "every_batch" | "never", snapshot_every = 10000,
//             wal_spare_mib = 64
//   [log]     level = "info"

#include <cstdint>
#include <stdexcept>
#include <string>

namespace cordgate::common {

class ConfigError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct BusConfig {
    std::string endpoint = "ipc:///tmp/cordgate/bus.sock";
};

struct CoreConfig {
    std::string data_dir = "cordgate-data";
    std::string sync = "every_batch";
    std::uint64_t snapshot_every = 10000;
    // Zeros each WAL file is written over, so that a commit's fsync skips the journal
    // (eventlog/wal_spare.hpp); 0 turns it off. A message one at a time takes ~650 bytes of
    // WAL (19 MB for a 30,000-message bench stack), so 64 MiB lasts ~100,000 of them; past
    // that the WAL goes on as a plain append until RocksDB starts the next one.
    std::uint64_t wal_spare_mib = 64;
};

struct LogConfig {
    std::string level = "info";
};

struct CommonConfig {
    BusConfig bus;
    CoreConfig core;
    LogConfig log;
};

// An empty path gives the defaults. Throws ConfigError (unreadable file, bad TOML, bad type).
CommonConfig load_common_config(const std::string& path);

}  // namespace cordgate::common
