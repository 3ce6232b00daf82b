#pragma once
// The room archive in the fold: what keeps messages (live, fetched, edited, deleted), and the
// XEP-0313 queries it answers.

#include <core/apply_context.hpp>
#include <core/archive/room_archive.hpp>
#include <core/event.hpp>
#include <core/state.hpp>

namespace cordgate::core::archive {

// Keeps a room message as the room shows it (`shown`: not yet addressed to a client; `from`
// and the type are set here, the stanza-id is the snowflake).
void keep(ApplyContext& ctx, Session& session, Room& room, const DiscordMessageCreate& msg,
          SendXmppMessage shown);
void keep_correction(ApplyContext& ctx, const Session& session, Snowflake room, Snowflake id,
                     const std::string& body);
void keep_retraction(ApplyContext& ctx, const Session& session, Snowflake room, Snowflake id);

// The newest `max` kept messages of a room when the archive can serve them (it holds that many,
// or the room's whole history), oldest first; nullopt when Discord must be asked.
std::optional<std::vector<Entry>> recent(ApplyContext& ctx, const Session& session, Snowflake room,
                                         std::size_t max);

void on_query(ApplyContext& ctx, Session& session, const XmppArchiveQuery& query);
// A history some archive queries waited for: kept, and the queries answered. False when none
// waited for this channel.
bool on_history(ApplyContext& ctx, Session& session, const DiscordChannelHistory& history);
// The fetch failed: the queries are answered with what the archive has.
bool on_effect_failed(ApplyContext& ctx, Session& session, const DiscordEffectFailed& failed);

}  // namespace cordgate::core::archive
