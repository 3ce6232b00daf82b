#pragma once
// cordgate-discord's service: one Discord session per registered user on one io_context, the
// bus to the core, and the glue between the pure parts (gateway machine, translation, REST
// requests, rate limiter) and the network edge (io.hpp).
//
// - discord.login (the effect's `user` names the session) opens the sealed token in memory and
//   starts the session; a session that cannot log in publishes discord.login_failed.
// - Every new gateway dispatch becomes a core::Event for that user, ts from the injected clock.
// - REST effects are taken with BusClient::Outcome::later and completed when Discord answered;
//   a failure is published as discord.effect_failed.
// - After an adapter restart there are no sessions: effects for a user without one fail with
//   "no Discord session" until the core sends discord.login again (see adapters/discord/README).

#include <adapters/discord/asio_fwd.hpp>
#include <adapters/discord/config.hpp>
#include <common/sealed_box.hpp>
#include <metrics/registry.hpp>

#include <cstdint>
#include <functional>
#include <memory>

namespace cordgate::adapters::discord {

class Service {
  public:
    // wall_clock_ms: the time put into events (milliseconds since the Unix epoch). The metrics
    // are registered in `registry`, which must outlive the service.
    Service(boost::asio::io_context& io, Config config, common::KeyPair keys,
            std::function<std::int64_t()> wall_clock_ms, metrics::Registry& registry);
    ~Service();
    Service(const Service&) = delete;
    Service& operator=(const Service&) = delete;

    void start();
    // Runs the io_context until it stops. Events published while handlers run go to the core
    // as one batch once no handler is ready any more: a flood of gateway frames already read
    // becomes one bus frame, not one each.
    void run();
    void stop();
    // Whether a core has answered on the bus since start.
    bool bus_answered() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace cordgate::adapters::discord
