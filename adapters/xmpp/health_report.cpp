#include <adapters/xmpp/health_report.hpp>
#include <common/heartbeat.hpp>

namespace cordgate::adapters::xmpp {

namespace bus = common::bus;

HealthReport::HealthReport(std::int64_t started_ms)
    : started_ms_(started_ms), since_ms_(started_ms) {}

std::optional<std::string> HealthReport::update(bool component_up, std::int64_t now_ms) {
    const bool changed = component_up != up_;
    if (changed) {
        up_ = component_up;
        since_ms_ = now_ms;
    }
    if (!changed && last_sent_ms_ && now_ms - *last_sent_ms_ < bus::kHeartbeatInterval.count()) {
        return std::nullopt;
    }
    last_sent_ms_ = now_ms;
    bus::Heartbeat h;
    h.origin = "xmpp";
    h.started_ms = started_ms_;
    h.sent_ms = now_ms;
    h.component = bus::ComponentLink{up_, since_ms_};
    return core::encode(h);
}

}  // namespace cordgate::adapters::xmpp
