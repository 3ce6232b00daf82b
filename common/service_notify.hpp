#pragma once
// The service manager's side channel (sd_notify(3)): readiness, the watchdog, stopping and a
// status line. Every call is a no-op when NOTIFY_SOCKET is unset, so a process started by hand,
// by the tests or by the demo behaves exactly as it would without systemd.
//
// Each process pings the watchdog from its own loop (or a timer on its own io_context), never
// from a thread of its own: a loop that hangs stops pinging, and systemd restarts the process.

#include <chrono>
#include <optional>
#include <string_view>

namespace cordgate::common {

// When the next watchdog ping is due: every half of the interval systemd gave (WATCHDOG_USEC),
// as sd_watchdog_enabled(3) recommends, so one late turn of the loop is not yet a kill.
class WatchdogPacer {
  public:
    using Clock = std::chrono::steady_clock;

    explicit WatchdogPacer(std::chrono::microseconds interval) : period_(interval / 2) {}

    bool due(Clock::time_point now) const { return !last_ || now - *last_ >= period_; }
    void pinged(Clock::time_point now) { last_ = now; }
    std::chrono::microseconds period() const { return period_; }

  private:
    std::chrono::microseconds period_;
    std::optional<Clock::time_point> last_;
};

class ServiceNotifier {
  public:
    // Reads NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID once.
    ServiceNotifier();

    // Whether a service manager listens (NOTIFY_SOCKET is set).
    bool active() const { return active_; }

    // READY=1, with the status line when one is given. Sent once; later calls only update status.
    void ready(std::string_view status = {});
    void status(std::string_view text);
    // STOPPING=1: the process has begun to shut down.
    void stopping();
    // WATCHDOG=1 when the watchdog is on and half its interval has passed since the last ping.
    // Call it on every turn of the process's loop.
    void watchdog_ping(WatchdogPacer::Clock::time_point now = WatchdogPacer::Clock::now());
    // Half the watchdog interval, when the watchdog is on: how often a timer-driven loop must
    // call watchdog_ping() at the least.
    std::optional<std::chrono::microseconds> watchdog_period() const;

    bool ready_sent() const { return ready_sent_; }

  private:
    void send(const char* message) const;

    bool active_ = false;
    bool ready_sent_ = false;
    std::optional<WatchdogPacer> watchdog_;
};

}  // namespace cordgate::common
