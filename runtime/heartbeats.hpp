#pragma once
// The adapters' newest heartbeats (common/heartbeat.hpp), kept by the core in memory only.
// Times are the core's monotonic milliseconds, passed in.

#include <common/heartbeat.hpp>
#include <runtime/status_report.hpp>

#include <cstdint>
#include <map>
#include <string>

namespace cordgate::runtime {

class Heartbeats {
  public:
    void record(common::bus::Heartbeat heartbeat, std::int64_t now_ms) {
        std::string origin = heartbeat.origin;
        heard_[origin] = Entry{std::move(heartbeat), now_ms};
    }

    // Each origin's newest heartbeat with its age at `now_ms`.
    std::map<std::string, HeardFrom> as_of(std::int64_t now_ms) const {
        std::map<std::string, HeardFrom> out;
        for (const auto& [origin, entry] : heard_) {
            out[origin] = HeardFrom{entry.heartbeat, now_ms - entry.received_ms};
        }
        return out;
    }

    // Whether `origin` has sent a heartbeat recently enough to count as up.
    bool alive(const std::string& origin, std::int64_t now_ms) const {
        auto it = heard_.find(origin);
        return it != heard_.end() &&
               fresh(now_ms - it->second.received_ms, it->second.heartbeat.interval_ms);
    }

  private:
    struct Entry {
        common::bus::Heartbeat heartbeat;
        std::int64_t received_ms = 0;
    };
    std::map<std::string, Entry> heard_;
};

}  // namespace cordgate::runtime
