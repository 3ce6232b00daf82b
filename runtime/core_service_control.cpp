// The core's control endpoint: status, and backups taken while it runs. See core_service.hpp
// and control_protocol.hpp.

#include <common/bus_protocol.hpp>
#include <runtime/control_protocol.hpp>
#include <runtime/core_service.hpp>

#include <spdlog/spdlog.h>

#include <filesystem>

namespace cordgate::runtime {

namespace bus = common::bus;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

std::int64_t wall_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::int64_t monotonic_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch())
        .count();
}

std::string error_reply(std::string what) {
    return core::encode(ControlError{std::move(what)});
}

constexpr std::array<core::Target, 2> kTargets{core::Target::xmpp, core::Target::discord};

}  // namespace

void CoreService::on_heartbeat(const Frame& frame) {
    bus::Heartbeat heartbeat = core::decode<bus::Heartbeat>(frame.body);
    if (heartbeat.origin.empty()) return;
    heartbeats_.record(std::move(heartbeat), monotonic_ms());
}

std::vector<TargetLag> CoreService::lag() const {
    std::vector<TargetLag> out;
    for (core::Target t : kTargets) {
        std::string target(core::target_name(t));
        TargetLag lag{target, log_->last_effect_id(target), log_->acked_effect_id(target), 0};
        lag.waiting = lag.last_effect > lag.acknowledged ? lag.last_effect - lag.acknowledged : 0;
        out.push_back(std::move(lag));
    }
    return out;
}

StatusReport CoreService::status() const {
    StatusInputs in;
    in.now_ms = wall_ms();
    in.core_started_ms = started_ms_;
    in.heartbeats = heartbeats_.as_of(monotonic_ms());
    in.log.position = log_->last_position();
    in.log.disk_bytes = log_->disk_bytes();
    in.log.snapshot_at = last_snapshot_;
    in.log.last_commit_us = last_commit_us_;
    in.log.last_commit_at_ms = last_commit_at_ms_;
    if (last_commit_us_)
        in.log.last_commit_synced = options_.log.sync == eventlog::Sync::every_batch;
    in.lag = lag();
    in.state = &state_;
    return compose_status(in);
}

void CoreService::serve_control() {
    if (backup_) finish_backup_when_settled();
    if (!control_) return;
    std::optional<std::string> request = control_->take();
    if (!request) return;
    std::string reply = answer_request(*request);
    if (!reply.empty()) control_->answer(reply);  // empty: a backup answers when it is taken
}

std::string CoreService::answer_request(const std::string& text) {
    ControlRequest request;
    try {
        request = core::decode<ControlRequest>(text);
    } catch (const core::CodecError& e) {
        return error_reply(std::string("not a request: ") + e.what());
    }
    switch (request.command) {
        case ControlCommand::status:
            return core::encode(status());
        case ControlCommand::backup: {
            if (!request.dir) return error_reply("backup: no folder given");
            fs::path dir(*request.dir);
            std::error_code ec;
            if (!dir.is_absolute()) return error_reply("backup: the folder must be absolute");
            if (fs::exists(dir, ec)) {
                return error_reply("backup: " + dir.string() +
                                   " exists already; name a new folder");
            }
            if (!fs::is_directory(dir.parent_path(), ec)) {
                return error_reply("backup: no folder " + dir.parent_path().string() +
                                   " to put it in");
            }
            start_backup(dir.string());
            finish_backup_when_settled();  // at once when nothing is waiting
            return {};
        }
    }
    return error_reply("unknown command");
}

void CoreService::start_backup(const std::string& dir) {
    PendingBackup b{dir, Clock::now(), {}};
    const std::int64_t now = monotonic_ms();
    for (core::Target t : kTargets) {
        std::string target(core::target_name(t));
        std::uint64_t last = log_->last_effect_id(target);
        // Only an adapter that is there can acknowledge; a silent one's effects stay in the
        // backup as not carried out, which they may well not be.
        if (last > log_->acked_effect_id(target) && peer_by_target_.count(target) &&
            heartbeats_.alive(target, now)) {
            b.wait_for[target] = last;
        }
    }
    spdlog::info("control: backup into {} once {} adapter(s) acknowledged what was sent", dir,
                 b.wait_for.size());
    backup_ = std::move(b);
}

void CoreService::finish_backup_when_settled() {
    PendingBackup& b = *backup_;
    bool settled = true;
    for (const auto& [target, id] : b.wait_for) {
        if (log_->acked_effect_id(target) < id) settled = false;
    }
    const auto waited = Clock::now() - b.since;
    if (!settled && waited < options_.backup_drain_limit) return;
    const std::int64_t drain_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(waited).count();
    std::string reply;
    try {
        const auto began = Clock::now();
        log_->checkpoint(b.dir);
        BackupReply r;
        r.dir = b.dir;
        r.position = log_->last_position();
        for (core::Target t : kTargets) {
            std::string target(core::target_name(t));
            std::uint64_t acked = log_->acked_effect_id(target);
            std::uint64_t last = log_->last_effect_id(target);
            r.acknowledged[target] = acked;
            r.unacknowledged[target] = last > acked ? last - acked : 0;
        }
        r.drain_ms = drain_ms;
        r.checkpoint_ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - began).count();
        spdlog::info(
            "control: backup of the log up to position {} in {} ({} ms waiting for "
            "acknowledgements{}, {} ms copying)",
            r.position, r.dir, drain_ms, settled ? "" : ", given up", r.checkpoint_ms);
        reply = core::encode(r);
    } catch (const std::exception& e) {
        spdlog::error("control: backup into {} failed: {}", b.dir, e.what());
        reply = error_reply(e.what());
    }
    backup_.reset();
    if (control_) control_->answer(reply);
}

}  // namespace cordgate::runtime
