#include <common/bus_protocol.hpp>
#include <core/projection.hpp>
#include <core/utf8.hpp>
#include <runtime/core_service.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>
#include <vector>

namespace cordgate::runtime {

namespace bus = common::bus;
using Clock = std::chrono::steady_clock;

namespace {
// Durable events after which acknowledgements go out however recent the last ones were.
constexpr std::size_t kAckBacklog = 4096;
// Longest decoder error kept in a refusal; they name a path and an offset, rarely over 100.
constexpr std::size_t kMaxReasonBytes = 300;

// The event that stands in the log for an envelope that does not decode, when its identity can
// be read: without it the adapter would resend the envelope forever, and every later event of
// its origin would wait behind it as a gap.
std::optional<core::Event> refusal(std::string_view bytes, std::string reason) {
    std::optional<core::EventIdentity> id = core::read_event_identity(bytes);
    if (!id) return std::nullopt;
    // The error may quote a key of the refused envelope, bytes that are not UTF-8 included.
    if (reason.size() > kMaxReasonBytes) reason.resize(kMaxReasonBytes);
    core::replace_invalid_utf8(reason);
    core::Event e;
    e.origin = std::move(id->origin);
    e.origin_seq = id->origin_seq;
    e.ts = id->ts;
    e.user = std::move(id->user);
    e.payload = core::EventRefused{std::move(id->type), std::move(reason), bytes.size()};
    return e;
}

}  // namespace

struct CoreService::Outgoing {
    std::map<std::pair<std::string, std::string>, std::uint64_t> acks;  // (peer, origin) -> seq
    std::vector<std::pair<std::string, std::string>> effects;           // (target, bytes)
    std::vector<std::pair<std::string, std::uint64_t>> backlogs;        // (target, after id)
    std::map<std::pair<std::string, std::string>, std::uint64_t> gaps;  // (peer, origin) -> seq
};

CoreService::CoreService(CoreOptions options, metrics::Registry* registry)
    : options_(std::move(options)),
      own_registry_(registry ? nullptr : std::make_unique<metrics::Registry>()),
      metrics_(registry ? *registry : *own_registry_),
      log_(eventlog::Log::open(options_.log)),
      archive_(*log_),
      bus_(options_.bus_endpoint) {
    restore();
    for (std::size_t t = 0; t < core::kTargetCount; ++t) {
        acked_counted_[t] = log_->acked_effect_id(core::target_name(static_cast<core::Target>(t)));
    }
    update_gauges(true);
    started_ms_ = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
    if (!options_.control_endpoint.empty()) {
        control_ = std::make_unique<ControlServer>(options_.control_endpoint);
    }
}

void CoreService::restore() {
    std::uint64_t from = 1;
    if (auto snapshot = log_->latest_snapshot()) {
        state_ = core::decode_state(snapshot->second);
        last_snapshot_ = snapshot->first;
        from = snapshot->first + 1;
    }
    std::uint64_t last = log_->last_position();
    std::uint64_t folded = 0;
    // The effects of these events are in the log already; folding only rebuilds the state.
    if (from < log_->first_position()) {
        throw eventlog::LogError(
            "event log " + options_.log.path + ": events " + std::to_string(from) + " to " +
            std::to_string(log_->first_position() - 1) +
            " were dropped by retention but no snapshot covers them; the log cannot be folded");
    }
    log_->read_events(from, last, [&](std::uint64_t position, std::string_view bytes) {
        core::Event event = core::decode_event(bytes);
        newest_ts_ = event.ts;
        core::apply(state_, archive_, event, position);
        ++folded;
        return true;
    });
    spdlog::info("core: log at position {}, state from snapshot {} plus {} events; {} sessions",
                 last, last_snapshot_, folded, state_.sessions.size());
}

void CoreService::on_hello(const Frame& frame, Outgoing& out) {
    bus::Hello hello = core::decode<bus::Hello>(frame.body);
    if (hello.v != bus::kProtocolVersion || !core::parse_target(hello.target)) {
        std::string reason = "unsupported bus protocol version " + std::to_string(hello.v) +
                             " or target '" + hello.target + "'";
        spdlog::error("bus: refusing '{}': {}", hello.origin, reason);
        bus_.send(frame.peer, bus::kind::refused, core::encode(bus::Refused{reason}));
        return;
    }
    auto previous = peer_by_target_.find(hello.target);
    if (previous == peer_by_target_.end() || previous->second != frame.peer) {
        spdlog::info("bus: adapter '{}' connected for {} effects (received up to {})", hello.origin,
                     hello.target, hello.received_upto);
        if (previous != peer_by_target_.end()) target_by_peer_.erase(previous->second);
    }
    peer_by_target_[hello.target] = frame.peer;
    target_by_peer_[frame.peer] = hello.target;
    bus::Welcome welcome{bus::kProtocolVersion, log_->last_origin_seq(hello.origin),
                         options_.incarnation};
    bus_.send(frame.peer, bus::kind::welcome, core::encode(welcome));
    std::uint64_t after = std::max(log_->acked_effect_id(hello.target), hello.received_upto);
    out.backlogs.emplace_back(hello.target, after);
}

void CoreService::on_events(const Frame& frame, eventlog::Batch& batch, Outgoing& out) {
    bus::for_each_in_batch(
        frame.body, [&](std::string_view bytes) { on_event(frame.peer, bytes, batch, out); });
}

void CoreService::on_event(const std::string& peer, std::string_view bytes, eventlog::Batch& batch,
                           Outgoing& out) {
    core::Event event;
    std::optional<std::string> refused;  // the decoder's error, when `event` stands in
    try {
        event = core::decode_event(bytes);
    } catch (const core::CodecError& e) {
        std::optional<core::Event> substitute = refusal(bytes, e.what());
        if (!substitute) {
            // Nothing says whose it is or where it goes in its origin's order. The envelope is
            // kept in this log line for a person to look at.
            spdlog::error("bus: rejecting an event that does not decode ({}): {:.4000}", e.what(),
                          bytes);
            return;
        }
        event = std::move(*substitute);
        refused = std::get<core::EventRefused>(event.payload).reason;
    }
    std::uint64_t expected = batch.last_origin_seq(event.origin) + 1;
    if (event.origin_seq > expected) {
        // Events before this one were lost on the way (a core that died with them unread).
        // Accepting it would make them look like duplicates when they are resent, so refuse
        // it and tell the adapter where the log stands: it resends from there.
        out.gaps[{peer, event.origin}] = expected - 1;
        return;
    }
    auto& acked = out.acks[{peer, event.origin}];
    acked = std::max(acked, event.origin_seq);
    if (event.origin_seq < expected) {  // a resend of something already in the log
        metrics_.events_duplicate.inc();
        return;
    }
    // The envelope is logged as it came: every producer encodes with core's codec, so its
    // bytes are canonical already, and they decoded above. Encoding them again cost the core
    // ~9% of its time in a flood, and would only drop fields a newer adapter added.
    auto position = refused
                        ? batch.add_event(event.origin, event.origin_seq, core::encode_event(event))
                        : batch.add_event(event.origin, event.origin_seq, bytes);
    if (!position) {
        metrics_.events_duplicate.inc();
        return;
    }
    newest_ts_ = event.ts;
    if (refused) {
        metrics_.events_refused.inc();
        spdlog::error(
            "bus: event {} #{} of type '{}' ({} bytes) does not decode ({}); recorded as {} at "
            "log position {} in its place",
            event.origin, event.origin_seq,
            std::get<core::EventRefused>(event.payload).refused_type, bytes.size(), *refused,
            core::EventRefused::type, *position);
    }
    for (const core::Effect& effect : core::apply(state_, archive_, event, *position)) {
        metrics_.effects_made[static_cast<std::size_t>(effect.target())]->inc();
        std::string target(core::target_name(effect.target()));
        std::string encoded = core::encode_effect(effect);
        batch.add_effect(target, effect.id, encoded);
        out.effects.emplace_back(std::move(target), std::move(encoded));
    }
}

void CoreService::on_effect_ack(const Frame& frame, eventlog::Batch& batch) {
    auto target = target_by_peer_.find(frame.peer);
    if (target == target_by_peer_.end()) {
        spdlog::warn("bus: effect_ack from a peer that has not said hello; ignored");
        return;
    }
    batch.ack_effects(target->second, core::decode<bus::EffectAck>(frame.body).id);
}

std::size_t CoreService::step(int timeout_ms) {
    // A backup in progress is checked on every turn; events it held back go first once it is
    // taken, without waiting.
    if (backup_) timeout_ms = std::min(timeout_ms, 5);
    if (!backup_ && !deferred_.empty()) timeout_ms = 0;
    if (!unsent_acks_.empty()) {
        // Wake in time to send the acknowledgements that are waiting.
        auto due = std::chrono::ceil<std::chrono::milliseconds>(
            last_acks_sent_ + options_.ack_interval - Clock::now());
        timeout_ms = static_cast<int>(std::clamp<std::int64_t>(due.count(), 0, timeout_ms));
    }
    std::vector<Frame> frames =
        bus_.receive(timeout_ms, options_.max_batch, options_.max_batch_bytes);
    if (!backup_ && !deferred_.empty()) {
        frames.insert(frames.begin(), std::make_move_iterator(deferred_.begin()),
                      std::make_move_iterator(deferred_.end()));
        deferred_.clear();
    }
    if (frames.empty()) {
        send_acks_if_due(Clock::now());
        serve_control();
        update_gauges(false);
        return 0;
    }
    eventlog::Batch batch = log_->begin();
    Outgoing out;
    for (Frame& frame : frames) {
        try {
            if (frame.kind == bus::kind::events) {
                if (backup_) {
                    deferred_.push_back(std::move(frame));
                    continue;
                }
                on_events(frame, batch, out);
            } else if (frame.kind == bus::kind::heartbeat) {
                on_heartbeat(frame);
            } else if (frame.kind == bus::kind::hello) {
                on_hello(frame, out);
            } else if (frame.kind == bus::kind::effect_ack) {
                on_effect_ack(frame, batch);
            } else {
                spdlog::warn("bus: dropping a frame of unknown kind '{:.40}'", frame.kind);
            }
        } catch (const core::CodecError& e) {
            spdlog::error("bus: dropping a malformed '{:.40}' frame: {}", frame.kind, e.what());
        }
    }
    const std::size_t batch_events = batch.event_count();
    std::uint64_t position = log_->last_position() + batch_events;
    if (options_.snapshot_every > 0 && position >= last_snapshot_ + options_.snapshot_every) {
        batch.put_snapshot(position, core::encode_state(state_));
        archive_.write_into(batch);  // the archive as of the same position
        last_snapshot_ = position;
        if (options_.retention.bounded()) {
            batch.drop_events_before(
                first_position_to_keep(options_.retention, *log_, position, newest_ts_));
        }
    }
    if (!batch.empty()) {
        const auto began = Clock::now();
        log_->commit(std::move(batch));
        const auto took_us =
            std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - began).count();
        metrics_.commits.inc();
        metrics_.events_appended.inc(batch_events);
        metrics_.commit_seconds.observe(static_cast<std::uint64_t>(took_us));
        if (auto fsync_us = log_->last_fsync_us()) metrics_.fsync_seconds.observe(*fsync_us);
        if (batch_events > 0) {
            last_commit_us_ = took_us;
            last_commit_at_ms_ = std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count();
        }
    }

    for (const auto& [key, seq] : out.acks) {
        auto& unsent = unsent_acks_[key];
        unsent = std::max(unsent, seq);
    }
    events_since_acks_ += batch_events;
    // Effects first: a message's latency is its effect's, while nothing waits on an ack.
    for (const auto& [target, after] : out.backlogs) send_backlog(target, after);
    send_effects(out);
    send_acks_if_due(Clock::now());
    for (const auto& [key, seq] : out.gaps) ask_for_resend(key.first, key.second, seq);
    serve_control();
    metrics_.bus_frames_last_turn.set(static_cast<std::int64_t>(frames.size()));
    update_gauges(true);
    return frames.size();
}

void CoreService::send_effects(const Outgoing& out) {
    // One batch per target and turn, in id order. A batch the peer's queue refuses is not
    // lost: the effects are in the log and go again after the adapter's next hello.
    struct Pending {
        std::string body;
        std::uint64_t effects = 0;
    };
    std::map<std::string, Pending> batches;
    auto send = [&](const std::string& target, Pending& pending) {
        auto peer = peer_by_target_.find(target);
        // No adapter yet: the effects wait in the log and go out after its hello.
        if (peer != peer_by_target_.end() &&
            bus_.send(peer->second, bus::kind::effects, pending.body)) {
            if (auto t = core::parse_target(target)) {
                metrics_.effects_sent[static_cast<std::size_t>(*t)]->inc(pending.effects);
            }
        }
        pending.body.clear();
        pending.effects = 0;
    };
    for (const auto& [target, bytes] : out.effects) {
        Pending& pending = batches[target];
        if (!pending.body.empty() && pending.body.size() + bytes.size() + 1 > bus::kBatchBytes) {
            send(target, pending);
        }
        bus::append_to_batch(pending.body, bytes);
        ++pending.effects;
    }
    for (auto& [target, pending] : batches) {
        if (!pending.body.empty()) send(target, pending);
    }
}

void CoreService::send_acks_if_due(Clock::time_point now) {
    if (unsent_acks_.empty()) return;
    if (events_since_acks_ < kAckBacklog && now - last_acks_sent_ < options_.ack_interval) return;
    for (const auto& [key, seq] : unsent_acks_) {
        bus_.send(key.first, bus::kind::ack, core::encode(bus::Ack{seq}));
    }
    unsent_acks_.clear();
    events_since_acks_ = 0;
    last_acks_sent_ = now;
}

void CoreService::ask_for_resend(const std::string& peer, const std::string& origin,
                                 std::uint64_t durable_upto) {
    // At most one request per origin every 250 ms: the resend itself takes a moment to arrive,
    // and frames already in flight behind the gap would otherwise each trigger another one.
    auto now = std::chrono::steady_clock::now();
    auto& last = last_resend_request_[origin];
    if (now - last < std::chrono::milliseconds(250)) return;
    last = now;
    spdlog::info("bus: events of '{}' after seq {} went missing; asking for a resend", origin,
                 durable_upto);
    bus::Welcome welcome{bus::kProtocolVersion, durable_upto, options_.incarnation};
    bus_.send(peer, bus::kind::welcome, core::encode(welcome));
}

void CoreService::send_backlog(const std::string& target, std::uint64_t after) {
    auto peer = peer_by_target_.find(target);
    if (peer == peer_by_target_.end()) return;
    std::uint64_t sent = 0, in_body = 0;
    std::string body;
    bool refused = false;
    auto send = [&] {
        if (!bus_.send(peer->second, bus::kind::effects, body)) refused = true;
        if (!refused) sent += in_body;
        body.clear();
        in_body = 0;
    };
    log_->read_effects(target, after, [&](std::uint64_t, std::string_view bytes) {
        if (!body.empty() && body.size() + bytes.size() + 1 > bus::kBatchBytes) send();
        if (refused) return false;
        bus::append_to_batch(body, bytes);
        ++in_body;
        return true;
    });
    if (!body.empty() && !refused) send();
    if (auto t = core::parse_target(target)) {
        metrics_.effects_sent[static_cast<std::size_t>(*t)]->inc(sent);
    }
    if (sent) spdlog::info("bus: resent {} {} effects after id {}", sent, target, after);
}

void CoreService::update_gauges(bool busy) {
    if (busy) {
        for (std::size_t t = 0; t < core::kTargetCount; ++t) {
            const auto name = core::target_name(static_cast<core::Target>(t));
            const std::uint64_t acked = log_->acked_effect_id(name);
            if (acked > acked_counted_[t]) {
                metrics_.effects_acked[t]->inc(acked - acked_counted_[t]);
                acked_counted_[t] = acked;
            }
            const std::uint64_t last = log_->last_effect_id(name);
            metrics_.effects_unacked[t]->set(
                static_cast<std::int64_t>(last > acked ? last - acked : 0));
        }
        metrics_.log_position.set(static_cast<std::int64_t>(log_->last_position()));
    }
    // Reading the folder and walking the sessions cost more than a turn should: once a second.
    const auto now = Clock::now();
    if (now < next_slow_gauges_) return;
    next_slow_gauges_ = now + std::chrono::seconds(1);
    metrics_.log_disk_bytes.set(static_cast<std::int64_t>(log_->disk_bytes()));
    std::int64_t logging_in = 0, ready = 0, failed = 0, logged_out = 0;
    for (const auto& [jid, session] : state_.sessions) {
        if (session.login_state == "ready") {
            ++ready;
        } else if (session.login_state == "failed") {
            ++failed;
        } else if (session.login_state == "logged_out") {
            ++logged_out;
        } else {
            ++logging_in;
        }
    }
    metrics_.sessions_logging_in.set(logging_in);
    metrics_.sessions_ready.set(ready);
    metrics_.sessions_failed.set(failed);
    metrics_.sessions_logged_out.set(logged_out);
}

void CoreService::run(const std::atomic<bool>& stop) {
    while (!stop.load(std::memory_order_relaxed)) step(100);
}

}  // namespace cordgate::runtime
