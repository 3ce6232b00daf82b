#pragma once
// The XMPP adapter's heartbeat (common/heartbeat.hpp): alive, and whether the component link to
// the XMPP server is up and since when. Pure: the loop passes the link's state and the time.

#include <cstdint>
#include <optional>
#include <string>

namespace cordgate::adapters::xmpp {

class HealthReport {
  public:
    // started_ms: when the process started (wall clock, ms since the Unix epoch); the link
    // counts as down since then until it first comes up.
    explicit HealthReport(std::int64_t started_ms);

    // Notes the link's state at `now_ms`; returns the encoded heartbeat when one is due (one
    // interval after the last, or at once when the link changed).
    std::optional<std::string> update(bool component_up, std::int64_t now_ms);

  private:
    std::int64_t started_ms_;
    bool up_ = false;
    std::int64_t since_ms_;
    std::optional<std::int64_t> last_sent_ms_;
};

}  // namespace cordgate::adapters::xmpp
