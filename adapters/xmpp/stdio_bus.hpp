#pragma once
// The bus over stdio: each event is written to `out` as one canonical JSON line (origin_seq
// numbered here, 1, 2, 3...), each line read from `in_fd` is decoded as an effect envelope.
// A line that does not decode is logged and dropped, like a malformed bus frame. An effect id
// at or below one already received is a resend and skipped, as common::BusClient does.

#include <adapters/xmpp/bus_port.hpp>

#include <cstdint>
#include <cstdio>
#include <deque>
#include <string>

namespace cordgate::adapters::xmpp {

class StdioBus final : public BusPort {
  public:
    StdioBus(int in_fd, std::FILE* out) : in_fd_(in_fd), out_(out) {}

    void publish(core::Event event) override;
    void poll(std::chrono::milliseconds timeout, const EffectHandler& on_effect) override;
    void wait(std::chrono::milliseconds timeout, int other_fd, bool other_writable) override;
    bool input_closed() const { return closed_; }

  private:
    int in_fd_;
    std::FILE* out_;
    std::uint64_t next_seq_ = 1;
    std::string buffer_;
    std::deque<core::Effect> pending_;
    std::uint64_t highest_received_ = 0;  // ids come in order; anything at or below is a resend
    bool closed_ = false;
};

}  // namespace cordgate::adapters::xmpp
