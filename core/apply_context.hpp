#pragma once
// What every event handler gets: the state, the event's position, and a way to emit effects
// with ids assigned deterministically. Internal to core/.

#include <core/archive/store.hpp>
#include <core/effect.hpp>
#include <core/nonce.hpp>
#include <core/state.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace cordgate::core {

class ApplyContext {
  public:
    ApplyContext(State& state, archive::Store& archive, std::uint64_t position, std::int64_t ts,
                 const std::string& user, std::vector<Effect>& out)
        : state_(state), archive_(archive), position_(position), ts_(ts), user_(user), out_(out) {}
    // A copy would share the id counter of a context that may be gone.
    ApplyContext(const ApplyContext&) = delete;
    ApplyContext& operator=(const ApplyContext&) = delete;

    // Returns the effect's id, by which a discord.effect_failed names it.
    std::uint64_t emit(EffectPayload payload) { return emit_for(user_, std::move(payload)); }

    // For events that concern every session (an adapter restart), not the event's own user.
    std::uint64_t emit_for(const std::string& user, EffectPayload payload) {
        std::uint64_t& last = target_of(payload) == Target::xmpp ? state_.last_xmpp_effect
                                                                 : state_.last_discord_effect;
        out_.push_back(Effect{kEffectVersion, ++last, position_, user, std::move(payload)});
        return last;
    }

    // The nonce of part `part` of a message this event sends (nonce.hpp).
    std::string nonce(std::size_t part = 0) const { return message_nonce(ts_, position_, part); }

    // Unique per log position and per call while applying that event; the same on every
    // replay, so a resend carries the same id.
    std::string derived_id() {
        std::string id = "cg";
        id += std::to_string(position_);
        id += '-';
        id += std::to_string((*ids_handed_out_)++);
        return id;
    }

    std::uint64_t position() const { return position_; }
    // The same event applied on behalf of another user (an administrator's command acting on a
    // user's session): effects go to `user`, and derived ids go on counting from this
    // context's, so they stay unique within the event. `user` must outlive the result.
    ApplyContext for_user(const std::string& user) { return ApplyContext(*this, user); }

    // The event's time on its adapter's clock: data of the event, the same on every replay.
    std::int64_t ts() const { return ts_; }
    const std::string& user() const { return user_; }
    State& state() { return state_; }
    // The rooms' archives, a projection of the log kept beside the state (core/archive/).
    archive::Store& archive() { return archive_; }

  private:
    ApplyContext(ApplyContext& parent, const std::string& user)
        : state_(parent.state_),
          archive_(parent.archive_),
          position_(parent.position_),
          ts_(parent.ts_),
          user_(user),
          out_(parent.out_),
          ids_handed_out_(parent.ids_handed_out_) {}

    State& state_;
    archive::Store& archive_;
    std::uint64_t position_;
    std::int64_t ts_;
    const std::string& user_;
    std::vector<Effect>& out_;
    std::uint64_t own_ids_ = 0;
    std::uint64_t* ids_handed_out_ = &own_ids_;  // the outermost context's counter
};

}  // namespace cordgate::core
