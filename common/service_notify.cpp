#include <common/service_notify.hpp>

#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

#include <cstdlib>
#include <cstring>
#include <string>

namespace cordgate::common {

ServiceNotifier::ServiceNotifier() {
    const char* socket = std::getenv("NOTIFY_SOCKET");
    active_ = socket != nullptr && *socket != '\0';
    std::uint64_t usec = 0;
    // > 0 only when WATCHDOG_USEC is set and WATCHDOG_PID, if set, names this process.
    if (active_ && sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
        watchdog_.emplace(std::chrono::microseconds(usec));
        spdlog::debug(
            "systemd: watchdog every {} ms",
            std::chrono::duration_cast<std::chrono::milliseconds>(watchdog_->period()).count());
    }
}

void ServiceNotifier::send(const char* message) const {
    if (!active_) return;
    int r = sd_notify(0, message);
    if (r < 0) spdlog::warn("systemd: sd_notify failed: {}", std::strerror(-r));
}

void ServiceNotifier::ready(std::string_view status_text) {
    if (!active_) return;
    std::string message = ready_sent_ ? "" : "READY=1\n";
    if (!status_text.empty()) message += "STATUS=" + std::string(status_text) + "\n";
    if (message.empty()) return;
    send(message.c_str());
    ready_sent_ = true;
}

void ServiceNotifier::status(std::string_view text) {
    if (!active_) return;
    send(("STATUS=" + std::string(text)).c_str());
}

void ServiceNotifier::stopping() {
    send("STOPPING=1");
}

void ServiceNotifier::watchdog_ping(WatchdogPacer::Clock::time_point now) {
    if (!watchdog_ || !watchdog_->due(now)) return;
    send("WATCHDOG=1");
    watchdog_->pinged(now);
}

std::optional<std::chrono::microseconds> ServiceNotifier::watchdog_period() const {
    if (!watchdog_) return std::nullopt;
    return watchdog_->period();
}

}  // namespace cordgate::common
