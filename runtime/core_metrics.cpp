#include <runtime/core_metrics.hpp>

#include <string>

namespace cordgate::runtime {
namespace {

template <class Handle, class Make>
std::array<Handle*, core::kTargetCount> per_target(Make make) {
    std::array<Handle*, core::kTargetCount> out{};
    for (std::size_t i = 0; i < core::kTargetCount; ++i) {
        std::string target(core::target_name(static_cast<core::Target>(i)));
        out[i] = &make(metrics::Labels{{"target", target}});
    }
    return out;
}

metrics::Gauge& sessions(metrics::Registry& r, const char* state) {
    return r.gauge("cordgate_core_sessions", "Registered users by the core's login state",
                   {{"state", state}});
}

}  // namespace

CoreMetrics::CoreMetrics(metrics::Registry& r)
    : events_appended(
          r.counter("cordgate_core_events_appended_total", "Events appended to the log (durable)")),
      events_duplicate(r.counter("cordgate_core_events_duplicate_total",
                                 "Events an adapter sent again that the log already had")),
      events_refused(r.counter("cordgate_core_events_refused_total",
                               "Events that did not decode, kept as event.refused")),
      effects_made(per_target<metrics::Counter>([&](metrics::Labels l) -> metrics::Counter& {
          return r.counter("cordgate_core_effects_made_total",
                           "Effects the projection made, durable with their event", l);
      })),
      effects_sent(per_target<metrics::Counter>([&](metrics::Labels l) -> metrics::Counter& {
          return r.counter("cordgate_core_effects_sent_total",
                           "Effects handed to the adapter's bus queue, resends included", l);
      })),
      effects_acked(per_target<metrics::Counter>([&](metrics::Labels l) -> metrics::Counter& {
          return r.counter("cordgate_core_effects_acked_total",
                           "Effects the adapter acknowledged as carried out", l);
      })),
      effects_unacked(per_target<metrics::Gauge>([&](metrics::Labels l) -> metrics::Gauge& {
          return r.gauge("cordgate_core_effects_unacked",
                         "Effects made and not yet acknowledged by the adapter (its lag)", l);
      })),
      commits(r.counter("cordgate_core_commits_total", "Group commits written to the log")),
      commit_seconds(r.histogram("cordgate_core_commit_seconds",
                                 "Time one group commit took, fsync included",
                                 metrics::latency_bounds_us(), 1e6)),
      fsync_seconds(r.histogram("cordgate_core_fsync_seconds",
                                "Time a group commit spent in fsync of the WAL",
                                metrics::latency_bounds_us(), 1e6)),
      bus_frames_last_turn(r.gauge("cordgate_core_bus_frames_last_turn",
                                   "Frames taken from the bus in the last turn that had any")),
      log_position(r.gauge("cordgate_core_log_position", "Position of the last event in the log")),
      log_disk_bytes(r.gauge("cordgate_core_log_disk_bytes",
                             "Bytes of the log's folder on disk (SST, WAL, its spare)")),
      sessions_logging_in(sessions(r, "logging_in")),
      sessions_ready(sessions(r, "ready")),
      sessions_failed(sessions(r, "failed")),
      sessions_logged_out(sessions(r, "logged_out")) {}

}  // namespace cordgate::runtime
