#pragma once
// The cordgate-core process: the bus server, the log and the projection, in one loop.
//
// Each turn of the loop is one group commit: take every frame that is waiting (up to max_batch
// frames or max_batch_bytes), fold the events through the projection, write events, their
// effects, effect acknowledgements and a due snapshot in one batch, and only then acknowledge
// the events and send the effects. An event is never acknowledged before it is durable, and an
// effect is never sent before the event that caused it is.

#include <core/state.hpp>
#include <eventlog/log.hpp>
#include <runtime/bus_server.hpp>
#include <runtime/control_server.hpp>
#include <runtime/core_metrics.hpp>
#include <runtime/heartbeats.hpp>
#include <runtime/log_archive.hpp>
#include <runtime/retention.hpp>
#include <runtime/status_report.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cordgate::runtime {

struct CoreOptions {
    std::string bus_endpoint;
    eventlog::Options log;
    std::uint64_t snapshot_every = 10000;  // events between state snapshots
    std::size_t max_batch = 16384;         // frames per group commit (bench: 16,384 beats 4,096)
    // Bytes of frames per group commit. A flood otherwise piled 50-100 MiB into one commit, and
    // buffers that large are mmap'd and unmapped by malloc each time (over its 32 MiB
    // threshold, common/malloc_tuning.hpp): every page of every commit faulted in afresh.
    std::size_t max_batch_bytes = 4 * 1024 * 1024;
    std::uint64_t incarnation = 0;  // told to adapters; changes with every start
    // Event acknowledgements only free the adapter's resend queue, so they go out at most this
    // often (or after kAckBacklog events): one per turn woke the adapter once per message at
    // steady rates. Nothing waits on them: effects leave as soon as their events are durable.
    std::chrono::milliseconds ack_interval{25};
    // The control endpoint (control_protocol.hpp) for `cordgate status` and `cordgate backup`;
    // empty: none.
    std::string control_endpoint;
    // Longest a backup holds events back while the adapters acknowledge the effects already
    // sent (see CoreService::start_backup).
    std::chrono::milliseconds backup_drain_limit{2000};
    // How much of the log to keep; applied with each snapshot (runtime/retention.hpp).
    RetentionPolicy retention;
};

class CoreService {
  public:
    // `registry`: where the metrics are registered (the /metrics endpoint reads it); nullptr:
    // a registry of the service's own, counted and never read.
    explicit CoreService(CoreOptions options, metrics::Registry* registry = nullptr);

    // One turn: wait up to timeout_ms for frames, then commit and answer. Returns frames seen.
    std::size_t step(int timeout_ms);
    void run(const std::atomic<bool>& stop);

    const core::State& state() const { return state_; }
    eventlog::Log& log() { return *log_; }

    // What `cordgate status` shows, as of now.
    StatusReport status() const;

  private:
    struct Outgoing;
    void restore();
    void on_hello(const Frame& frame, Outgoing& out);
    void on_events(const Frame& frame, eventlog::Batch& batch, Outgoing& out);
    void on_event(const std::string& peer, std::string_view bytes, eventlog::Batch& batch,
                  Outgoing& out);
    void on_effect_ack(const Frame& frame, eventlog::Batch& batch);
    void send_acks_if_due(std::chrono::steady_clock::time_point now);
    void send_backlog(const std::string& target, std::uint64_t after);
    void send_effects(const Outgoing& out);
    void ask_for_resend(const std::string& peer, const std::string& origin,
                        std::uint64_t durable_upto);
    // The control endpoint (core_service_control.cpp).
    void serve_control();
    std::string answer_request(const std::string& request);
    void start_backup(const std::string& dir);
    void finish_backup_when_settled();
    void on_heartbeat(const Frame& frame);
    std::vector<TargetLag> lag() const;
    // The metrics that are read off the log and the state rather than counted as they happen.
    void update_gauges(bool busy);

    CoreOptions options_;
    std::unique_ptr<metrics::Registry> own_registry_;
    CoreMetrics metrics_;
    std::array<std::uint64_t, core::kTargetCount> acked_counted_{};  // effects_acked so far
    std::chrono::steady_clock::time_point next_slow_gauges_{};
    std::unique_ptr<eventlog::Log> log_;
    LogArchive archive_;
    BusServer bus_;
    core::State state_;
    std::uint64_t last_snapshot_ = 0;
    std::int64_t newest_ts_ = 0;  // the newest event's time, for the retention's age bound
    // Which peer carries out each target's effects, and which target each peer serves.
    std::map<std::string, std::string> peer_by_target_;
    std::map<std::string, std::string> target_by_peer_;
    std::map<std::string, std::chrono::steady_clock::time_point> last_resend_request_;
    // Durable events not yet acknowledged to their adapter: (peer, origin) -> origin_seq.
    std::map<std::pair<std::string, std::string>, std::uint64_t> unsent_acks_;
    std::size_t events_since_acks_ = 0;
    std::chrono::steady_clock::time_point last_acks_sent_{};

    std::unique_ptr<ControlServer> control_;
    std::int64_t started_ms_ = 0;  // wall clock
    Heartbeats heartbeats_;        // the adapters', by origin; never logged
    // The last commit that wrote events.
    std::optional<std::int64_t> last_commit_us_;
    std::optional<std::int64_t> last_commit_at_ms_;
    // A backup waiting for the adapters to acknowledge every effect sent before it was asked
    // for, so that the copy counts them as carried out and a core restored from it does not
    // send them again. Meanwhile events wait in `deferred_` (no new effects are made), and the
    // backup is taken once the acknowledgements are in, or after backup_drain_limit.
    struct PendingBackup {
        std::string dir;
        std::chrono::steady_clock::time_point since;
        std::map<std::string, std::uint64_t> wait_for;  // target -> last effect id sent
    };
    std::optional<PendingBackup> backup_;
    std::vector<Frame> deferred_;
};

}  // namespace cordgate::runtime
