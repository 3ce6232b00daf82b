// Building a group commit. Nothing here reads the database: dedup and numbering are answered
// from the batch's own changes and the log's in-memory mirror of its meta family.

#include <eventlog/effects.hpp>
#include <eventlog/keys.hpp>
#include <eventlog/log.hpp>
#include <eventlog/state.hpp>

namespace cordgate::eventlog {
namespace {

// The batch's pending value for `name` if it changed one, else the durable one.
std::uint64_t current(const SeqMap& pending, const SeqMap& durable, std::string_view name) {
    auto it = pending.find(name);
    return it != pending.end() ? it->second : lookup(durable, name);
}

void set(SeqMap& pending, std::string_view name, std::uint64_t value) {
    auto it = pending.find(name);
    if (it != pending.end()) {
        it->second = value;
    } else {
        pending.emplace(std::string(name), value);
    }
}

// A 0x00 in a target name would make its effect keys ambiguous with another target's.
void check_target(std::string_view target, const std::string& path) {
    if (target.empty() || target.find('\0') != std::string_view::npos) {
        throw LogError("event log " + path + ": invalid effect target name");
    }
}

}  // namespace

Batch::Batch(Log& log) : impl_(std::make_shared<Impl>()) {
    impl_->log = &log;
    impl_->generation = log.impl_->generation;
    impl_->next_position = log.impl_->last_position + 1;
    impl_->writes = std::move(log.impl_->spare_writes);
    if (!impl_->writes) impl_->writes = std::make_unique<rocksdb::WriteBatch>();
    impl_->events = std::move(log.impl_->spare_events);
    if (!impl_->events) impl_->events = std::make_unique<segment::Builder>();
}

std::optional<std::uint64_t> Batch::add_event(std::string_view origin, std::uint64_t origin_seq,
                                              std::string_view bytes) {
    if (!impl_) throw LogError("event log: batch already committed");
    Log::Impl& log = *impl_->log->impl_;
    if (origin_seq <= current(impl_->origin_seq, log.origin_seq, origin)) return std::nullopt;

    std::uint64_t position = impl_->next_position;
    impl_->events->add(bytes);
    set(impl_->origin_seq, origin, origin_seq);
    ++impl_->next_position;
    ++impl_->event_count;
    return position;
}

void Batch::add_effect(std::string_view target, std::uint64_t id, std::string_view bytes) {
    if (!impl_) throw LogError("event log: batch already committed");
    Log::Impl& log = *impl_->log->impl_;
    check_target(target, log.path);
    // Ids only grow: an id at or below the last one would overwrite an effect, or bring back
    // one that was acknowledged and deleted.
    std::uint64_t last = effects::last_id(log, *impl_, target);
    if (id <= last) {
        throw LogError("event log " + log.path + ": effect id " + std::to_string(id) + " for " +
                       std::string(target) + " is not above the last one, " + std::to_string(last));
    }
    effects::add(log, *impl_, target, id, bytes);
}

void Batch::ack_effects(std::string_view target, std::uint64_t id) {
    if (!impl_) throw LogError("event log: batch already committed");
    Log::Impl& log = *impl_->log->impl_;
    check_target(target, log.path);
    // Acks may arrive late or twice after an adapter reconnects; only an advance matters.
    // The deletion of the acknowledged runs is added by commit(), once per target, so that
    // many acks in one batch leave one range tombstone rather than one each.
    if (id > current(impl_->acked_id, log.acked_id, target)) set(impl_->acked_id, target, id);
}

void Batch::put_snapshot(std::uint64_t position, std::string_view bytes) {
    if (!impl_) throw LogError("event log: batch already committed");
    Log::Impl& log = *impl_->log->impl_;
    keys::U64Key key = keys::be64(position);
    check(impl_->writes->Put(log.snapshots, rocksdb::Slice(key.data(), key.size()), bytes),
          log.path, "adding a snapshot");
}

void Batch::put_archive(std::string_view key, std::string_view value) {
    if (!impl_) throw LogError("event log: batch already committed");
    Log::Impl& log = *impl_->log->impl_;
    check(impl_->writes->Put(log.archive, rocksdb::Slice(key.data(), key.size()), value), log.path,
          "adding to the archive");
}

void Batch::erase_archive(std::string_view key) {
    if (!impl_) throw LogError("event log: batch already committed");
    Log::Impl& log = *impl_->log->impl_;
    check(impl_->writes->Delete(log.archive, rocksdb::Slice(key.data(), key.size())), log.path,
          "removing from the archive");
}

std::uint64_t Batch::last_origin_seq(std::string_view origin) const {
    if (!impl_) throw LogError("event log: batch already committed");
    return current(impl_->origin_seq, impl_->log->impl_->origin_seq, origin);
}

std::size_t Batch::event_count() const {
    return impl_ ? impl_->event_count : 0;
}

bool Batch::empty() const {
    return !impl_ || impl_->nothing_to_write();
}

}  // namespace cordgate::eventlog
