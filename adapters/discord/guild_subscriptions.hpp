#pragma once
// What a user's gateway session follows in each guild (op 37 GUILD_SUBSCRIPTIONS_BULK), kept
// per account so that every new connection asks again: after READY (a new session follows
// nothing) and after RESUMED (sent again, as discord.py-self's GuildSubscriptions requeues
// everything on a reconnect; Discord answers the channel ranges with a fresh SYNC).
//
// A payload names guilds; for each guild named, the flags and `channels` given replace what was
// asked before (`channels` as a whole: a channel left out is no longer followed). Changes are
// gathered for kDebounceMs (discord.py-self debounces 0.5 s) and merged into as few payloads
// as fit kMaxPayloadBytes (15 KiB, discord.py-self's MAX_PAYLOAD_SIZE, taken from the official
// client), and at most kPayloadsPerWindow go out per kWindowMs on a connection, so with
// heartbeats and op 3 (5 per 20 s) a session stays far below the gateway's 120 payloads per
// 60 s (Discord, and the emulator, close with 4008 beyond it).
//
// Pure: the gateway session feeds it time and connection events.

#include <core/discord_effects.hpp>

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace cordgate::adapters::discord {

using Millis = std::int64_t;

class GuildSubscriptions {
  public:
    static constexpr Millis kDebounceMs = 500;
    static constexpr std::size_t kMaxPayloadBytes = 15 * 1024;
    static constexpr std::size_t kPayloadsPerWindow = 5;
    static constexpr Millis kWindowMs = 20000;

    // The core's wish for one guild; sent on the next due() when it differs from what this
    // connection was last told.
    void set(const core::SubscribeDiscordGuild& wish, Millis now);
    // READY or RESUMED: the whole set goes out at once (the limit allowing).
    void on_session_start();
    // The connection is gone: nothing more is sent until the next session starts, and the
    // payload window starts afresh with it.
    void on_disconnected();

    // When the pending changes may go (nullopt: nothing pending, or no session).
    std::optional<Millis> due() const;
    // The op 37 frames to send now (empty when not due).
    std::vector<std::string> take(Millis now);

    const std::map<core::Snowflake, core::SubscribeDiscordGuild>& wanted() const { return wanted_; }

  private:
    std::map<core::Snowflake, core::SubscribeDiscordGuild> wanted_;
    std::map<core::Snowflake, core::SubscribeDiscordGuild> told_;  // on this connection
    std::set<core::Snowflake> dirty_;
    std::optional<Millis> dirty_since_;  // nullopt with dirty_ set: due at once (new session)
    bool live_ = false;
    std::deque<Millis> sent_;  // send times of the last few payloads on this connection
};

// {"op":37,"d":{"subscriptions":{...}}} for the given guilds' subscriptions.
std::string guild_subscriptions_frame(
    const std::vector<const core::SubscribeDiscordGuild*>& guilds);

}  // namespace cordgate::adapters::discord
