#include <runtime/retention.hpp>

#include <core/event.hpp>

#include <algorithm>

namespace cordgate::runtime {
namespace {

// The first kept position under the age bound: the first event, from the log's oldest on,
// whose time is at or after the cut. An event that cannot be read counts as young: it stays.
std::uint64_t first_young(const eventlog::Log& log, std::int64_t cut_ts) {
    std::uint64_t found = log.last_position() + 1;
    log.read_events(log.first_position(), log.last_position(),
                    [&](std::uint64_t position, std::string_view bytes) {
                        auto identity = core::read_event_identity(bytes);
                        if (!identity || identity->ts >= cut_ts) {
                            found = position;
                            return false;
                        }
                        return true;
                    });
    return found;
}

}  // namespace

std::uint64_t first_position_to_keep(const RetentionPolicy& policy, const eventlog::Log& log,
                                     std::uint64_t snapshot, std::int64_t newest_ts) {
    std::uint64_t keep_from = log.first_position();
    if (policy.keep_events > 0 && snapshot >= policy.keep_events) {
        keep_from = std::max(keep_from, snapshot - policy.keep_events + 1);
    }
    if (policy.keep_ms > 0 && newest_ts > policy.keep_ms) {
        keep_from = std::max(keep_from, first_young(log, newest_ts - policy.keep_ms));
    }
    return std::min(keep_from, snapshot + 1);
}

}  // namespace cordgate::runtime
