#pragma once
// What cordgate-core counts for /metrics (metrics/registry.hpp), as handles registered once.
// Every series is registered here, so the names and label values of the core are in one place.

#include <core/effect.hpp>
#include <metrics/registry.hpp>

#include <array>

namespace cordgate::runtime {

struct CoreMetrics {
    explicit CoreMetrics(metrics::Registry& registry);

    metrics::Counter& events_appended;   // new events made durable
    metrics::Counter& events_duplicate;  // resends of events already in the log, dropped
    metrics::Counter& events_refused;    // envelopes that did not decode
    // Per core::Target, indexed by its value.
    std::array<metrics::Counter*, core::kTargetCount> effects_made;
    std::array<metrics::Counter*, core::kTargetCount> effects_sent;  // bus sends, resends too
    std::array<metrics::Counter*, core::kTargetCount>
        effects_acked;  // carried out, per the adapter
    std::array<metrics::Gauge*, core::kTargetCount> effects_unacked;  // made, not yet acknowledged
    metrics::Counter& commits;
    metrics::Histogram& commit_seconds;
    metrics::Histogram& fsync_seconds;
    metrics::Gauge& bus_frames_last_turn;  // frames taken from the bus in the last busy turn
    metrics::Gauge& log_position;
    metrics::Gauge& log_disk_bytes;
    metrics::Gauge& sessions_logging_in;
    metrics::Gauge& sessions_ready;
    metrics::Gauge& sessions_failed;
    metrics::Gauge& sessions_logged_out;
};

}  // namespace cordgate::runtime
