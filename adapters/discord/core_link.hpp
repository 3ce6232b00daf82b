#pragma once
// How the parts of cordgate-discord talk back to the core: events to publish and effects that
// are done. The service implements it over the bus; tests can implement it with a vector.

#include <core/effect.hpp>
#include <core/event.hpp>
#include <core/refusal.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace cordgate::adapters::discord {

class CoreLink {
  public:
    virtual ~CoreLink() = default;
    // An event about `user` ("" for the adapter itself), stamped with the wall clock.
    virtual void publish(const std::string& user, core::EventPayload payload) = 0;
    // An effect taken as `later` is carried out (or reported failed): the bus may forget it.
    virtual void complete(std::uint64_t effect_id) = 0;

    // Logs the failure and publishes discord.effect_failed.
    void effect_failed(const core::Effect& effect, std::string reason,
                       std::optional<int> http_status = std::nullopt,
                       std::optional<core::Refusal> refusal = std::nullopt);
};

}  // namespace cordgate::adapters::discord
