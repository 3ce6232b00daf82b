#include <adapters/discord/avatar_pacer.hpp>

#include <algorithm>

namespace cordgate::adapters::discord {

AvatarPacer::AvatarPacer(Options options, Millis now)
    : options_(options), milli_tokens_(std::int64_t{options.burst} * 1000), last_(now) {}

void AvatarPacer::refill(Millis now) {
    if (now <= last_) return;  // a clock that went back adds nothing
    const std::int64_t cap = std::int64_t{options_.burst} * 1000;
    milli_tokens_ = std::min(cap, milli_tokens_ + (now - last_) * options_.per_second);
    last_ = now;
}

bool AvatarPacer::try_start(Millis now) {
    refill(now);
    if (underway_ >= options_.concurrent || milli_tokens_ < 1000) return false;
    milli_tokens_ -= 1000;
    ++underway_;
    return true;
}

void AvatarPacer::finished() {
    if (underway_ > 0) --underway_;
}

Millis AvatarPacer::wait(Millis now) {
    refill(now);
    if (milli_tokens_ >= 1000) return 0;
    if (options_.per_second <= 0) return 1000;
    const std::int64_t missing = 1000 - milli_tokens_;
    return (missing + options_.per_second - 1) / options_.per_second;
}

}  // namespace cordgate::adapters::discord
