#pragma once
// The adapter's end of the bus (ZeroMQ DEALER). Non-blocking: an adapter calls poll() from its
// own event loop with a zero or small timeout, so the bus never stalls the network it serves.
//
// Protocol (multipart [kind][json body]; see docs/ARCHITECTURE.md, "The bus"):
//   adapter -> core  hello {v, origin, target, received_upto}   at start, and after a silence
//   core -> adapter  welcome {v, last_origin_seq, incarnation}   answers every hello
//   adapter -> core  events <event envelopes>                    origin_seq assigned here
//   core -> adapter  ack {origin_seq}                            all <= origin_seq are durable
//   core -> adapter  effects <effect envelopes>
//   adapter -> core  effect_ack {id}                             executed everything <= id
//   adapter -> core  heartbeat {origin, ...}                     how it is (heartbeat.hpp)
//
// Events are batched: publish() queues, and the batch goes out with flush(), which poll() and
// wait() call, so an adapter that publishes from its own loop sends one frame per turn. They
// stay in memory until acknowledged and are resent after a welcome; the core drops duplicates.
// Effects with an id at or below the last one executed are skipped, so a resend after a core
// restart is harmless.

#include <core/effect.hpp>
#include <core/event.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>

namespace cordgate::common {

struct BusClientOptions {
    std::string endpoint;  // e.g. ipc:///run/cordgate/core.sock or tcp://127.0.0.1:5701
    std::string origin;    // idempotency namespace of this adapter's events: "xmpp", "discord"
    core::Target target;   // which effects this adapter carries out
    std::chrono::milliseconds silence_before_hello{1000};
    // Effect acknowledgements only let the core trim its log, so they go out at most this often
    // (or once kEffectAckBacklog effects are waiting): one per effect cost the core a turn and a
    // log write per message at steady rates. What a crash then re-executes is at most this
    // window of effects, which an adapter that survived skips anyway (received_upto).
    std::chrono::milliseconds effect_ack_interval{25};
};

class BusClient {
  public:
    enum class Outcome {
        done,   // carried out: acknowledged with the next poll
        later,  // taken; the adapter calls complete(id) once it has been carried out
        retry,  // not taken now: offered again (with everything after it) on the next poll
    };
    // Called once per new effect, in id order.
    using EffectHandler = std::function<Outcome(const core::Effect&)>;

    explicit BusClient(BusClientOptions options);
    ~BusClient();
    BusClient(const BusClient&) = delete;
    BusClient& operator=(const BusClient&) = delete;

    // Queues an event for the next batch; origin_seq is assigned here, ts must already be set
    // by the caller. The batch goes out with flush(), or at once when it has grown full.
    void publish(core::Event event);

    // Sends the events published since the last flush, as one frame.
    void flush();

    // Flushes, handles whatever arrived (acks, effects), sends what is due, waits at most
    // `timeout`, and flushes what the effect handler published.
    void poll(std::chrono::milliseconds timeout, const EffectHandler& on_effect);

    // Flushes, then sleeps until a frame from the core is waiting, `other_fd` (-1: none) is
    // readable (or writable, with `other_writable`), or `timeout` has passed; handles nothing.
    // Lets an adapter with its own socket sleep on both.
    void wait(std::chrono::milliseconds timeout, int other_fd = -1, bool other_writable = false);

    // Sends a heartbeat (common/heartbeat.hpp, encoded) now. Not queued or resent: the next one
    // replaces it, and one lost to a full queue or an absent core says nothing wrong.
    void send_heartbeat(std::string_view body);

    // For effects answered with Outcome::later. Acknowledgements stay contiguous: an id is
    // acknowledged once it and every id before it are complete.
    void complete(std::uint64_t effect_id);

    // The socket's file descriptor (ZMQ_FD) for adapters that wait on their own poller.
    int fd() const;
    // Whether a frame from the core is waiting now. ZMQ_FD signals edges, and a send may take
    // one (it processes the socket's commands), so a loop that sent checks this before sleeping.
    bool readable() const;

    std::size_t unacknowledged_events() const;
    std::uint64_t last_executed_effect() const;
    bool welcomed() const;  // a core has answered since start

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace cordgate::common
