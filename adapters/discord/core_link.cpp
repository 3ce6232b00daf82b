#include <adapters/discord/core_link.hpp>

#include <spdlog/spdlog.h>

namespace cordgate::adapters::discord {

void CoreLink::effect_failed(const core::Effect& effect, std::string reason,
                             std::optional<int> http_status,
                             std::optional<core::Refusal> refusal) {
    spdlog::warn("discord[{}]: effect {} ({}) failed: {}", effect.user, effect.id, effect.type(),
                 reason);
    publish(effect.user, core::DiscordEffectFailed{effect.id, std::move(reason), http_status, refusal});
}

}  // namespace cordgate::adapters::discord
