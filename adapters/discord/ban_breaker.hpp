#pragma once
// A circuit breaker for Cloudflare's ban of this deployment's address. Discord's own 429s are
// JSON with retry_after; a 429 with an HTML body, or without Retry-After, comes from Cloudflare
// in front of the API and means the address is restricted (discord.py-self discord/http.py
// raises "Cloudflare ban" for it and does not retry). Every further request during a ban is one
// more invalid request for every user behind the address, so the breaker stops all REST of the
// deployment for a cool-down, then lets exactly one request through as a probe: an answer that
// is not a ban closes the breaker, another ban opens it again for twice as long (capped).
// Time is passed in.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace cordgate::adapters::discord {

using Millis = std::int64_t;

class BanBreaker {
  public:
    enum class State { closed, open, probing };
    struct Options {
        Millis first_cooldown = 60 * 1000;
        Millis max_cooldown = 60 * 60 * 1000;
    };

    BanBreaker() : BanBreaker(Options{}) {}
    explicit BanBreaker(Options options) : options_(options) {}

    // A response that is Cloudflare's ban rather than Discord's rate limit.
    static bool is_ban(int status, std::string_view content_type, bool has_retry_after);

    // May a request go now? In `open` past the cool-down this takes the one probe (the state
    // becomes `probing` and further calls say no until the probe is answered).
    bool try_send(Millis now);
    void on_ban(Millis now);
    // Any answer that is not a ban (a 2xx, a 404, a JSON 429 ...): Discord is reachable.
    void on_answer();
    // A probe that got no answer at all (transport error): the next one may go.
    void on_probe_lost();

    State state() const { return state_; }
    // When a request may next be tried (nullopt when closed).
    std::optional<Millis> open_until() const;
    int bans() const { return bans_; }

  private:
    Options options_;
    State state_ = State::closed;
    Millis until_ = 0;
    Millis cooldown_ = 0;
    int bans_ = 0;
};

}  // namespace cordgate::adapters::discord
