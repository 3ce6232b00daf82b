#pragma once
// When the next avatar may be fetched from the CDN: a token bucket (a steady rate with a small
// burst) and a cap on fetches underway. The CDN counts no API rate limit, but a login with a
// thousand friends should not be a thousand requests at once from one address. Pure: time is
// an argument, so tests drive it.

#include <cstdint>

namespace cordgate::adapters::discord {

using Millis = std::int64_t;

class AvatarPacer {
  public:
    struct Options {
        int per_second = 10;  // tokens added per second
        int burst = 5;        // tokens the bucket holds
        int concurrent = 3;   // fetches underway at once
    };

    AvatarPacer(Options options, Millis now);

    // Takes a token and a slot when both are free: the caller starts one fetch.
    bool try_start(Millis now);
    // A fetch ended (answered or failed): its slot is free again.
    void finished();
    // How long until a token is there (0: now), whatever the slots.
    Millis wait(Millis now);
    int underway() const { return underway_; }

  private:
    void refill(Millis now);

    Options options_;
    // Tokens in thousandths, so a rate that does not divide 1000 ms loses nothing.
    std::int64_t milli_tokens_;
    Millis last_;
    int underway_ = 0;
};

}  // namespace cordgate::adapters::discord
