#pragma once
// Guild text channels and group DMs as XEP-0045 rooms: which rooms exist, who is in them (with
// roles mapped to affiliations), joining with history, leaving, and what disco says of them.

#include <core/apply_context.hpp>
#include <core/event.hpp>
#include <core/state.hpp>

namespace cordgate::core::rooms {

// Discord's side: the rooms and members a session can see.
void add_guild(ApplyContext& ctx, Session& session, const DiscordGuild& guild);
void add_channel(ApplyContext& ctx, Session& session, const DiscordChannel& channel);
void update_channel(ApplyContext& ctx, Session& session, const DiscordChannel& channel);
void remove_channel(ApplyContext& ctx, Session& session, const DiscordChannel& channel);
void add_thread(Session& session, const DiscordChannel& thread, std::optional<Snowflake> parent);
void update_member(ApplyContext& ctx, Session& session, Snowflake guild_id,
                   const DiscordMember& member);
void remove_member(ApplyContext& ctx, Session& session, Snowflake guild_id,
                   const DiscordUser& user);
// Someone joined or left a group DM (CHANNEL_RECIPIENT_ADD / _REMOVE).
void add_recipient(ApplyContext& ctx, Session& session, Snowflake channel, const DiscordUser& user);
void remove_recipient(ApplyContext& ctx, Session& session, Snowflake channel,
                      const DiscordUser& user);

// rooms_guilds.cpp: a guild left (or hidden by an outage) or changed, its roles, its threads.
void on_guild_delete(ApplyContext& ctx, Session& session, const DiscordGuildDelete& gone);
void on_guild_update(ApplyContext& ctx, Session& session, const DiscordGuildUpdate& update);
void on_role_update(ApplyContext& ctx, Session& session, const DiscordGuildRoleUpdate& update);
// GUILD_EMOJIS_UPDATE: the guild's custom emoji as they are now.
void on_emojis_update(Session& session, const DiscordGuildEmojisUpdate& update);
void on_role_delete(ApplyContext& ctx, Session& session, const DiscordGuildRoleDelete& gone);
void on_thread_update(Session& session, const DiscordThreadUpdate& update);
// THREAD_LIST_SYNC: threads not known yet are taken as THREAD_CREATE takes them.
void on_thread_list_sync(Session& session, const DiscordThreadListSync& sync);
void on_thread_delete(Session& session, const DiscordThreadDelete& gone);

// The room is gone for the user: each joined client gets the room's destruction (XEP-0045
// §10.9), and the room is forgotten.
void destroy_room(ApplyContext& ctx, Session& session, Snowflake room_id, const std::string& why);

// The room's name or description changed: each joined client gets status 104 (XEP-0045 §10.2.1),
// so it fetches disco#info again.
void tell_config_changed(ApplyContext& ctx, const Session& session, const Room& room);

// What the joined clients of a guild's rooms see that roles and overwrites decide: whether the
// user may still see the room, and each occupant's affiliation and role (the user's too).
struct RoomStandings {
    bool visible = true;
    std::map<Snowflake, std::pair<std::string, std::string>> occupants;
};
using Standings = std::map<Snowflake, RoomStandings>;  // by joined room
Standings standings(const Session& session, Snowflake guild_id);
// After a change of roles, overwrites or the user's roles: occupants whose standing differs from
// `before` are shown again (the user's own with 110), and the user's clients leave a room they
// may no longer see (status 321).
void show_changed_standings(ApplyContext& ctx, Session& session, Snowflake guild_id,
                            const Standings& before);

// The occupant nick of a Discord user in a room. Someone the room has not seen yet (user
// accounts get partial member lists) becomes a member, and joined clients see them arrive.
const std::string& occupant_nick(ApplyContext& ctx, Session& session, Room& room,
                                 const DiscordUser& user);

// The XMPP side: joining (occupants, self-presence, then history, then the subject), leaving.
void on_join(ApplyContext& ctx, Session& session, const XmppMucJoin& join);
// Returns false when the presence is not addressed to one of the session's rooms.
bool on_presence(ApplyContext& ctx, Session& session, const XmppPresence& presence);
// Someone among the room's people (the guild's members, or the group DM's recipients), or null.
const RoomMember* member(const Session& session, const Room& room, Snowflake user);

// A Discord presence of someone in the user's guilds or group DMs: their occupants show it.
void on_member_presence(ApplyContext& ctx, Session& session, const DiscordPresenceUpdate& update);
void on_history(ApplyContext& ctx, Session& session, const DiscordChannelHistory& history);
// A message of a fetched history as the room shows it (not yet addressed to a client).
SendXmppMessage history_message(ApplyContext& ctx, Session& session, Room& room,
                                const DiscordMessageCreate& msg);
// Returns true when the failed effect was a history fetch (the join completes without it).
bool on_effect_failed(ApplyContext& ctx, Session& session, const DiscordEffectFailed& failed);

// sidebar.cpp: GUILD_MEMBER_LIST_UPDATE keeps the guild's sidebars; the occupants of each
// joined room showing that list arrive, leave or show their new presence.
void on_member_list_update(ApplyContext& ctx, Session& session,
                           const DiscordMemberListUpdate& update);
// Sidebars no joined room shows any more are dropped, and the members only they listed.
void forget_unfollowed_sidebars(Session& session, Snowflake guild_id);
// Whether `user` is an occupant of `room`: a group DM's recipient; in a guild channel, a member
// known other than by sidebars, or one the room's sidebar lists.
bool is_occupant(const Session& session, const Room& room, Snowflake user);

// Shared by rooms*.cpp and sidebar.cpp.
RoomMember& put_member(std::map<Snowflake, RoomMember>& members, const DiscordUser& user,
                       const std::optional<std::string>& guild_nick,
                       const std::vector<Snowflake>& roles);
// The member's occupant presence (or, leaving, unavailability) to each joined client.
void tell_joined(ApplyContext& ctx, const Session& session, const Room& room,
                 const RoomMember& member, bool leaving);

// disco#info of a room; disco#items of the gateway (every room).
void answer_disco_info(ApplyContext& ctx, const Room& room, const XmppQuery& query);
void answer_room_list(ApplyContext& ctx, const Session& session, const XmppQuery& query);

// Tells the user's clients about a new group DM: an XEP-0402 bookmark with autojoin when their
// server lets the gateway publish to their PEP (XEP-0356 IQ permission), otherwise an XEP-0249
// invitation.
void offer_group_dm(ApplyContext& ctx, const Session& session, const Room& room);

}  // namespace cordgate::core::rooms
