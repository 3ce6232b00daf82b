#pragma once
// READY, in either of its shapes, into the events the core knows: one discord.ready, then a
// discord.presence_update per presence Discord gave at login.
//
// With capabilities 0, READY is whole and legacy. With the official client's capabilities,
// READY is deduplicated (users named by id, guild members in `merged_members`) and, with
// PRIORITIZED_READY_PAYLOAD, incomplete: the other members and every presence come in
// READY_SUPPLEMENTAL right after (discord-userdoccers pages/gateway/gateway-events.mdx, "Ready"
// footnotes 6 and 7, "Ready Supplemental", "Merged Presences Structure"). discord.py-self waits
// for READY_SUPPLEMENTAL before it builds its state (discord/state.py, parse_ready and
// parse_ready_supplemental); so does this, so the core sees one discord.ready with every member,
// as with the legacy shape, and friends' presences from the first second.
//
// Pure: no logging, no clock. One per gateway session; a new READY replaces a held one.

#include <adapters/discord/json_read.hpp>
#include <adapters/discord/ready_source.hpp>
#include <core/event.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cordgate::adapters::discord {

// READY's guilds, relationships and DMs in either shape, members from the guilds' `members`
// and READY's `merged_members`. Throws MalformedPayload when READY itself does not read (no
// user); a bad entry is left out and named in `skipped`.
core::DiscordReady read_ready(const Json& d, Skipped& skipped);

// A merged_presences object ({friends: [...], guilds: [[...] per guild]}) as presence events,
// each handed to `emit`; `guild_ids` are READY's guilds in READY's order. A presence that does
// not read is skipped.
void merged_presences(const Json& merged, const std::vector<core::Snowflake>& guild_ids,
                      Skipped& skipped, const std::function<void(core::EventPayload)>& emit);

class ReadyAssembly {
  public:
    // `supplemental_follows`: the IDENTIFY asked for DEDUPE_USER_OBJECTS and
    // PRIORITIZED_READY_PAYLOAD, so every READY is followed by READY_SUPPLEMENTAL.
    explicit ReadyAssembly(bool supplemental_follows)
        : supplemental_follows_(supplemental_follows) {}

    static bool supplemental_follows(std::int64_t capabilities);

    // The events to publish, one at a time as they are read, discord.ready first: a heavy
    // account's are megabytes, and the caller encodes each before the next is made.
    using Emit = std::function<void(core::EventPayload)>;

    // READY: nothing while READY_SUPPLEMENTAL is awaited.
    void on_ready(const ReadySource& d, Skipped& skipped, const Emit& emit);
    // READY_SUPPLEMENTAL: the held READY completed, then the presences. Nothing when no READY
    // is held (a repeat, or one that came without asking).
    void on_supplemental(const ReadySource& d, Skipped& skipped, const Emit& emit);

    // The same, gathered (for tests).
    std::vector<core::EventPayload> on_ready(const ReadySource& d, Skipped& skipped);
    std::vector<core::EventPayload> on_supplemental(const ReadySource& d, Skipped& skipped);

    bool holding() const { return held_.has_value(); }

  private:
    bool supplemental_follows_;
    std::optional<core::DiscordReady> held_;
    UserTable users_;
    std::vector<core::Snowflake> guild_ids_;  // READY's guilds in READY's order, read or not
};

}  // namespace cordgate::adapters::discord
