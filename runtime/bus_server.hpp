#pragma once
// The core's end of the bus (ZeroMQ ROUTER): receives frames from any adapter and sends to a
// peer by routing id. It knows nothing of events or the log; core_service decides.

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cordgate::runtime {

struct Frame {
    std::string peer;  // ZeroMQ routing id of the sender
    std::string kind;
    std::string body;
};

class BusServer {
  public:
    explicit BusServer(const std::string& endpoint);
    ~BusServer();

    // Waits up to timeout_ms for the first frame, then takes whatever else is queued, up to
    // `max_frames` frames or until their bodies reach `max_bytes` (the frame that crosses it is
    // taken). Malformed frames (wrong part count) are logged and skipped.
    std::vector<Frame> receive(int timeout_ms, std::size_t max_frames,
                               std::size_t max_bytes = std::numeric_limits<std::size_t>::max());

    // False when the peer is gone or its queue is full; the caller resends after its next hello.
    bool send(const std::string& peer, std::string_view kind, std::string_view body);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace cordgate::runtime
