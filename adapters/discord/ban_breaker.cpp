#include <adapters/discord/ban_breaker.hpp>

#include <algorithm>

namespace cordgate::adapters::discord {

bool BanBreaker::is_ban(int status, std::string_view content_type, bool has_retry_after) {
    if (status != 429) return false;
    const bool json = content_type.find("json") != std::string_view::npos;
    return !json || !has_retry_after;
}

bool BanBreaker::try_send(Millis now) {
    switch (state_) {
        case State::closed:
            return true;
        case State::probing:
            return false;
        case State::open:
            if (now < until_) return false;
            state_ = State::probing;
            return true;
    }
    return false;
}

void BanBreaker::on_ban(Millis now) {
    // Requests that were in flight when the ban began come back banned too: one ban.
    if (state_ == State::open && now < until_) return;
    cooldown_ = state_ == State::closed
                    ? options_.first_cooldown
                    : std::min(options_.max_cooldown, std::max(cooldown_, Millis{1}) * 2);
    until_ = now + cooldown_;
    state_ = State::open;
    ++bans_;
}

void BanBreaker::on_answer() {
    state_ = State::closed;
    cooldown_ = 0;
}

void BanBreaker::on_probe_lost() {
    if (state_ == State::probing) state_ = State::open;  // until_ has passed: try again
}

std::optional<Millis> BanBreaker::open_until() const {
    if (state_ == State::closed) return std::nullopt;
    return until_;
}

}  // namespace cordgate::adapters::discord
