#include <core/archive/room_history.hpp>
#include <core/channel_permissions.hpp>
#include <core/contacts.hpp>
#include <core/content.hpp>
#include <core/conversation.hpp>
#include <core/custom_emoji.hpp>
#include <core/puppets.hpp>
#include <core/relationships.hpp>
#include <core/rich_content.hpp>
#include <core/rooms.hpp>
#include <core/subscriptions.hpp>

#include <algorithm>

namespace cordgate::core::rooms {
namespace {

std::map<Snowflake, RoomMember>& members_of(Session& session, Room& room) {
    if (room.guild_id) {
        auto guild = session.guilds.find(*room.guild_id);
        if (guild != session.guilds.end()) return guild->second.members;
    }
    return room.members;
}

// A nick nobody else in `members` has: the guild nick or display name, then the username
// appended, then the id. XMPP resourceparts cannot be empty.
std::string unique_nick(const std::map<Snowflake, RoomMember>& members, const DiscordUser& user,
                        const std::optional<std::string>& guild_nick) {
    std::string base = guild_nick && !guild_nick->empty() ? *guild_nick : user.display_name();
    if (base.empty()) base = user.id.str();
    auto taken = [&](const std::string& nick) {
        return std::any_of(members.begin(), members.end(), [&](const auto& m) {
            return m.first != user.id && m.second.nick == nick;
        });
    };
    if (!taken(base)) return base;
    std::string with_name = base + " (" + user.username + ")";
    if (!taken(with_name)) return with_name;
    return base + " (" + user.id.str() + ")";
}

}  // namespace

RoomMember& put_member(std::map<Snowflake, RoomMember>& members, const DiscordUser& user,
                       const std::optional<std::string>& guild_nick,
                       const std::vector<Snowflake>& roles) {
    auto it = members.find(user.id);
    if (it != members.end()) {
        it->second.user = user;
        it->second.roles = roles;
        return it->second;
    }
    std::string nick = unique_nick(members, user, guild_nick);
    return members.emplace(user.id, RoomMember{user, std::move(nick), roles}).first->second;
}

namespace {

struct Standing {
    const char* affiliation;
    const char* role;
};

Standing standing_of(const Session& session, const Room& room, Snowflake user) {
    std::optional<Snowflake> owner = room.owner_id;
    const Guild* guild = nullptr;
    if (room.guild_id) {
        auto g = session.guilds.find(*room.guild_id);
        if (g != session.guilds.end()) {
            guild = &g->second;
            owner = guild->owner_id;
        }
    }
    if (owner && *owner == user) return {"owner", "moderator"};
    if (!guild) return {"member", "participant"};
    namespace perm = permissions;
    // Unknown channel permissions: the guild-wide ones, and nobody is a visitor.
    const std::optional<std::uint64_t> known = perm::of(session, room, user);
    std::uint64_t perms = 0;
    if (known) {
        perms = *known;
    } else {
        auto m = guild->members.find(user);
        perms = perm::base(*guild, user,
                           m == guild->members.end() ? std::vector<Snowflake>{} : m->second.roles);
    }
    // After slidge's Discord plugin (slidcord group.py, fill_participants): who may kick or ban
    // is an admin, who may not write a visitor. slidcord makes MANAGE_MESSAGES admin too; here
    // it is a moderator only, as deleting others' messages is what XEP-0045 gives moderators,
    // while an admin's powers (affiliations, bans) match kicking and banning.
    if (perms & (perm::kAdministrator | perm::kKickMembers | perm::kBanMembers)) {
        return {"admin", "moderator"};
    }
    if (perms & perm::kManageMessages) return {"member", "moderator"};
    if (known && !(perms & perm::kSendMessages)) return {"member", "visitor"};
    return {"member", "participant"};
}

// The user's own occupant, to one of their joined clients (110: this is you).
SendXmppMucPresence self_presence(ApplyContext& ctx, const Session& session, const Room& room,
                                  const std::string& client, const std::string& nick) {
    SendXmppMucPresence self;
    self.from = room_jid(session, room.id) + "/" + nick;
    self.to = client;
    self.id = ctx.derived_id();
    Standing s = session.self ? standing_of(session, room, session.self->id)
                              : Standing{"member", "participant"};
    self.affiliation = s.affiliation;
    self.role = s.role;
    self.jid = client;
    self.status_codes = {110};
    return self;
}

SendXmppMucPresence occupant_presence(ApplyContext& ctx, const Session& session, const Room& room,
                                      const RoomMember& member, const std::string& to) {
    SendXmppMucPresence p;
    p.from = room_jid(session, room.id) + "/" + member.nick;
    p.to = to;
    p.id = ctx.derived_id();
    Standing s = standing_of(session, room, member.user.id);
    p.affiliation = s.affiliation;
    p.role = s.role;
    p.jid = puppet_jid(session, member.user.id);
    std::optional<std::string> status = member.status;
    p.status = member.status_text;
    if (auto c = session.contacts.find(member.user.id); c != session.contacts.end()) {
        if (!status) {
            status = c->second.status;
            p.status = c->second.status_text;
        }
        p.avatar_hash = c->second.avatar_sha1;
    }
    if (status == "idle") p.show = "away";
    if (status == "dnd") p.show = "dnd";
    return p;
}

}  // namespace

void tell_joined(ApplyContext& ctx, const Session& session, const Room& room,
                 const RoomMember& member, bool leaving) {
    for (const auto& [client, nick] : room.joined) {
        auto p = occupant_presence(ctx, session, room, member, client);
        if (leaving) {
            p.presence_type = "unavailable";
            p.role = "none";
        }
        ctx.emit(std::move(p));
    }
}

namespace {

std::string own_nick(const Session& session, const Room& room) {
    if (!session.self) return "me";
    if (room.guild_id) {
        if (const RoomMember* m = member(session, room, session.self->id)) return m->nick;
    }
    return session.self->display_name();
}

void send_subject(ApplyContext& ctx, const Session& session, const Room& room,
                  const std::string& client) {
    ctx.emit(SendXmppSubject{room_jid(session, room.id), client, ctx.derived_id(),
                             room.topic.value_or("")});
}

// A join's history (XEP-0045 §7.2.15), oldest first, then the subject that ends it.
void send_history(ApplyContext& ctx, const Session& session, const Room& room,
                  const std::string& client, const std::vector<archive::Entry>& entries) {
    for (const auto& entry : entries) {
        if (entry.message.retracted.value_or(false)) continue;
        SendXmppMessage m = entry.message.message;
        m.to = client;
        ctx.emit(std::move(m));
    }
    send_subject(ctx, session, room, client);
}

// More than a client's usual ask (20), less than a flood: the archive serves the rest (MAM).
constexpr int kMaxJoinHistory = 100;

std::string guild_room_name(const Guild& guild, const DiscordChannel& channel) {
    std::string name = guild.name + "/";
    if (channel.parent_id) {
        auto category = guild.categories.find(*channel.parent_id);
        if (category != guild.categories.end()) name += category->second + "/";
    }
    return name + "#" + channel.name.value_or(channel.id.str());
}

std::string group_dm_name(const DiscordChannel& channel) {
    if (channel.name && !channel.name->empty()) return *channel.name;
    std::string name;
    for (const auto& r : channel.recipients) {
        if (!name.empty()) name += ", ";
        name += r.display_name();
    }
    return name.empty() ? channel.id.str() : name;
}

void upsert_group_dm(ApplyContext& ctx, Session& session, const DiscordChannel& channel,
                     bool announce) {
    bool is_new = !session.rooms.count(channel.id);
    Room& room = session.rooms[channel.id];
    room.id = channel.id;
    room.name = group_dm_name(channel);
    room.owner_id = channel.owner_id;
    for (const auto& r : channel.recipients) {
        bool arriving = !room.members.count(r.id);
        const RoomMember& m = put_member(room.members, r, std::nullopt, {});
        if (arriving && !is_new) tell_joined(ctx, session, room, m, false);
    }
    if (session.self) put_member(room.members, *session.self, std::nullopt, {});
    if (is_new && announce) offer_group_dm(ctx, session, room);
}

void upsert_guild_channel(Session& session, const Guild& guild, const DiscordChannel& channel) {
    Room& room = session.rooms[channel.id];
    room.id = channel.id;
    room.guild_id = guild.id;
    room.name = guild_room_name(guild, channel);
    room.topic = channel.topic;
    if (channel.member_list_id) room.member_list_id = channel.member_list_id;
    if (channel.permission_overwrites) room.overwrites = channel.permission_overwrites;
}

}  // namespace

void add_guild(ApplyContext& ctx, Session& session, const DiscordGuild& g) {
    // A guild back after an outage may come with other roles or overwrites.
    const Standings before = standings(session, g.id);
    Guild& guild = session.guilds[g.id];
    guild.id = g.id;
    guild.name = g.name;
    guild.owner_id = g.owner_id;
    if (g.roles) {
        guild.roles.clear();
        for (const auto& role : *g.roles) guild.roles[role.id] = role;
    }
    for (const auto& channel : g.channels) {
        if (channel.type == DiscordChannel::kCategory) {
            guild.categories[channel.id] = channel.name.value_or(channel.id.str());
        }
    }
    if (g.members) {
        for (const auto& m : *g.members) put_member(guild.members, m.user, m.nick, m.roles);
    }
    for (const auto& channel : g.channels) {
        if (channel.is_text_room()) upsert_guild_channel(session, guild, channel);
    }
    if (g.threads) {
        for (const auto& thread : *g.threads) add_thread(session, thread, thread.parent_id);
    }
    if (g.emojis) keep_emojis(guild, *g.emojis);
    show_changed_standings(ctx, session, g.id, before);
}

void add_channel(ApplyContext& ctx, Session& session, const DiscordChannel& channel) {
    if (channel.type == DiscordChannel::kGroupDm) {
        upsert_group_dm(ctx, session, channel, true);
    } else if (channel.guild_id && channel.type == DiscordChannel::kCategory) {
        auto g = session.guilds.find(*channel.guild_id);
        if (g != session.guilds.end()) {
            g->second.categories[channel.id] = channel.name.value_or(channel.id.str());
        }
    } else if (channel.guild_id && channel.is_text_room()) {
        auto g = session.guilds.find(*channel.guild_id);
        if (g != session.guilds.end()) upsert_guild_channel(session, g->second, channel);
    } else if (channel.is_thread()) {
        add_thread(session, channel, channel.parent_id);
    }
}

void update_channel(ApplyContext& ctx, Session& session, const DiscordChannel& channel) {
    // New overwrites may hide the room, or change who may write in it.
    const std::optional<Snowflake> guild = channel.guild_id;
    const Standings before = guild ? standings(session, *guild) : Standings{};
    auto existing = session.rooms.find(channel.id);
    std::optional<std::string> old_topic;
    std::string old_name;
    if (existing != session.rooms.end()) {
        old_topic = existing->second.topic;
        old_name = existing->second.name;
    }
    add_channel(ctx, session, channel);
    if (guild && session.guilds.count(*guild)) show_changed_standings(ctx, session, *guild, before);
    auto room = session.rooms.find(channel.id);
    if (room == session.rooms.end() || existing == session.rooms.end()) return;
    const bool new_topic = room->second.topic != old_topic;
    if (new_topic) {
        for (const auto& [client, nick] : room->second.joined) {
            send_subject(ctx, session, room->second, client);
        }
    }
    if (new_topic || room->second.name != old_name) tell_config_changed(ctx, session, room->second);
}

void tell_config_changed(ApplyContext& ctx, const Session& session, const Room& room) {
    for (const auto& [client, nick] : room.joined) {
        ctx.emit(SendXmppRoomStatus{room_jid(session, room.id), client, ctx.derived_id(), {104}});
    }
}

void remove_channel(ApplyContext& ctx, Session& session, const DiscordChannel& channel) {
    destroy_room(ctx, session, channel.id, "The channel was deleted on Discord.");
}

void destroy_room(ApplyContext& ctx, Session& session, Snowflake room_id, const std::string& why) {
    auto room = session.rooms.find(room_id);
    if (room == session.rooms.end()) return;
    // A destroy rather than a kick (307): Discord does not say whether the user left or was
    // removed, and a destroyed room is one clients stop rejoining (and drop from autojoin).
    for (const auto& [client, nick] : room->second.joined) {
        SendXmppMucPresence p;
        p.from = room_jid(session, room->first) + "/" + nick;
        p.to = client;
        p.id = ctx.derived_id();
        p.presence_type = "unavailable";
        p.affiliation = "none";
        p.role = "none";
        p.status_codes = {110};
        p.destroy_reason = why;
        ctx.emit(std::move(p));
    }
    for (auto it = session.thread_parent.begin(); it != session.thread_parent.end();) {
        it = it->second == room_id ? session.thread_parent.erase(it) : std::next(it);
    }
    session.rooms.erase(room);
}

void add_thread(Session& session, const DiscordChannel& thread, std::optional<Snowflake> parent) {
    if (!parent) parent = thread.parent_id;
    if (parent) session.thread_parent[thread.id] = *parent;
}

void update_member(ApplyContext& ctx, Session& session, Snowflake guild_id,
                   const DiscordMember& member) {
    auto g = session.guilds.find(guild_id);
    if (g == session.guilds.end()) return;
    bool arriving = !g->second.members.count(member.user.id);
    const Standings before = arriving ? Standings{} : standings(session, guild_id);
    const RoomMember& m = put_member(g->second.members, member.user, member.nick, member.roles);
    // Someone already there shows again only when new roles changed their affiliation or role.
    if (!arriving) {
        show_changed_standings(ctx, session, guild_id, before);
        return;
    }
    for (const auto& [id, room] : session.rooms) {
        if (room.guild_id == guild_id) tell_joined(ctx, session, room, m, false);
    }
}

void remove_member(ApplyContext& ctx, Session& session, Snowflake guild_id,
                   const DiscordUser& user) {
    auto g = session.guilds.find(guild_id);
    if (g == session.guilds.end()) return;
    // The user themself: GUILD_DELETE follows and destroys the rooms; their own occupant
    // leaving without status 110 first would read as someone else with their nick.
    if (session.self && session.self->id == user.id) return;
    auto m = g->second.members.find(user.id);
    if (m == g->second.members.end()) return;
    for (const auto& [id, room] : session.rooms) {
        if (room.guild_id == guild_id && is_occupant(session, room, user.id)) {
            tell_joined(ctx, session, room, m->second, true);
        }
    }
    g->second.members.erase(m);
}

void add_recipient(ApplyContext& ctx, Session& session, Snowflake channel,
                   const DiscordUser& user) {
    auto room = session.rooms.find(channel);
    if (room == session.rooms.end() || room->second.guild_id) return;
    bool arriving = !room->second.members.count(user.id);
    const RoomMember& m = put_member(room->second.members, user, std::nullopt, {});
    if (arriving) tell_joined(ctx, session, room->second, m, false);
}

void remove_recipient(ApplyContext& ctx, Session& session, Snowflake channel,
                      const DiscordUser& user) {
    auto room = session.rooms.find(channel);
    if (room == session.rooms.end() || room->second.guild_id) return;
    // The user leaving (or removed from) the group DM: the room is gone for them.
    if (session.self && session.self->id == user.id) {
        destroy_room(ctx, session, channel, "You are no longer in this group DM on Discord.");
        return;
    }
    auto m = room->second.members.find(user.id);
    if (m == room->second.members.end()) return;
    tell_joined(ctx, session, room->second, m->second, true);
    room->second.members.erase(m);
}

Standings standings(const Session& session, Snowflake guild_id) {
    Standings out;
    auto g = session.guilds.find(guild_id);
    if (g == session.guilds.end()) return out;
    for (const auto& [room_id, room] : session.rooms) {
        if (room.guild_id != guild_id || room.joined.empty()) continue;
        RoomStandings& r = out[room_id];
        r.visible = permissions::user_can(session, room, permissions::kViewChannel);
        for (const auto& [id, m] : g->second.members) {
            if (!is_occupant(session, room, id)) continue;
            Standing s = standing_of(session, room, id);
            r.occupants[id] = {s.affiliation, s.role};
        }
    }
    return out;
}

namespace {

// The user may no longer see a room they are in: each joined client is removed as XEP-0045
// §9.4 removes a member whose affiliation became none in a members-only room (status 321, "an
// affiliation change"). Not a destroy: the channel is still there, and a role given back at
// Discord shows it again, so clients should not forget it.
void remove_user(ApplyContext& ctx, Session& session, Room& room) {
    for (const auto& [client, nick] : room.joined) {
        SendXmppMucPresence p;
        p.from = room_jid(session, room.id) + "/" + nick;
        p.to = client;
        p.id = ctx.derived_id();
        p.presence_type = "unavailable";
        p.affiliation = "none";
        p.role = "none";
        p.jid = client;
        p.status_codes = {110, 321};
        ctx.emit(std::move(p));
    }
    std::vector<Snowflake> followed_before = subscriptions::followed(session, *room.guild_id);
    room.joined.clear();
    room.awaiting_history.clear();
    subscriptions::update(ctx, session, *room.guild_id, followed_before);
    forget_unfollowed_sidebars(session, *room.guild_id);
}

}  // namespace

void show_changed_standings(ApplyContext& ctx, Session& session, Snowflake guild_id,
                            const Standings& before) {
    const Standings after = standings(session, guild_id);
    for (const auto& [room_id, was] : before) {
        auto room = session.rooms.find(room_id);
        auto now = after.find(room_id);
        if (room == session.rooms.end() || now == after.end()) continue;
        if (was.visible && !now->second.visible) {
            remove_user(ctx, session, room->second);
            continue;
        }
        for (const auto& [id, standing] : now->second.occupants) {
            auto old = was.occupants.find(id);
            if (old != was.occupants.end() && old->second == standing) continue;
            if (session.self && session.self->id == id) {
                for (const auto& [client, nick] : room->second.joined) {
                    ctx.emit(self_presence(ctx, session, room->second, client, nick));
                }
                continue;
            }
            if (const RoomMember* m = member(session, room->second, id)) {
                tell_joined(ctx, session, room->second, *m, false);
            }
        }
    }
}

const std::string& occupant_nick(ApplyContext& ctx, Session& session, Room& room,
                                 const DiscordUser& user) {
    auto& members = members_of(session, room);
    auto it = members.find(user.id);
    if (it != members.end() && !is_occupant(session, room, user.id)) {
        // Listed by another sidebar than this room's (or this room's is not followed): a
        // message from a nick the room does not show would confuse clients, so they are
        // known from their message now, an occupant of every room until a sidebar lists them.
        std::vector<const Room*> newly;
        for (const auto& [id, other] : session.rooms) {
            if (other.guild_id == room.guild_id && !is_occupant(session, other, user.id)) {
                newly.push_back(&other);
            }
        }
        it->second.source = MemberSource::spoke;
        for (const Room* other : newly) tell_joined(ctx, session, *other, it->second, false);
    }
    if (it != members.end()) return it->second.nick;
    RoomMember& m = put_member(members, user, std::nullopt, {});
    if (room.guild_id) m.source = MemberSource::spoke;
    if (!session.self || session.self->id != user.id) tell_joined(ctx, session, room, m, false);
    return m.nick;
}

void on_join(ApplyContext& ctx, Session& session, const XmppMucJoin& join) {
    if (bare_jid(join.from) != session.jid) return;
    auto occupant = Jid::parse(join.to);
    if (!occupant) return;
    Room* room = room_of_jid(session, occupant->bare());
    if (!room || !permissions::user_can(session, *room, permissions::kViewChannel)) {
        // Not a channel this session can see (or not a channel at all, or one whose permissions
        // hide it from the user, as Discord's own client does): a client waits for an answer
        // to its join, and rooms cannot be created here (XEP-0045 §7.2, §10.1.1).
        SendXmppMucPresence refused;
        refused.from = join.to;
        refused.to = join.from;
        refused.id = ctx.derived_id();
        refused.presence_type = "error";
        refused.affiliation = "none";
        refused.role = "none";
        refused.error_condition = "item-not-found";
        ctx.emit(std::move(refused));
        return;
    }
    std::string nick = own_nick(session, *room);
    std::vector<Snowflake> followed_before;
    if (room->guild_id) followed_before = subscriptions::followed(session, *room->guild_id);
    room->joined[join.from] = nick;
    // The first client in a guild room: the session follows the guild (typing, presences) and
    // the room's sidebar, whose SYNC then brings the occupants Discord lists.
    if (room->guild_id) subscriptions::update(ctx, session, *room->guild_id, followed_before);
    for (const auto& [id, member] : members_of(session, *room)) {
        if (session.self && id == session.self->id) continue;
        if (!is_occupant(session, *room, id)) continue;
        ctx.emit(occupant_presence(ctx, session, *room, member, join.from));
    }
    SendXmppMucPresence self = self_presence(ctx, session, *room, join.from, nick);
    // 110: this is you; 100: occupants' real JIDs are visible; 210: the room set your nick.
    self.status_codes = {100, 110};
    if (occupant->resource != nick) self.status_codes.push_back(210);
    ctx.emit(std::move(self));

    int limit = std::clamp(join.history_max.value_or(20), 0, kMaxJoinHistory);
    // Without READ_MESSAGE_HISTORY Discord returns no messages (userdoccers message.mdx, "Get
    // Messages"): no fetch, the join ends with the subject.
    const bool may_read = permissions::user_can(session, *room, permissions::kReadMessageHistory);
    if (limit == 0 || !may_read) {
        send_subject(ctx, session, *room, join.from);
        return;
    }
    // The archive serves the join when it holds enough; otherwise Discord is asked, and what
    // it answers is kept.
    if (auto kept = archive::recent(ctx, session, room->id, static_cast<std::size_t>(limit))) {
        send_history(ctx, session, *room, join.from, *kept);
        return;
    }
    if (session.login_state != "ready") {
        send_subject(ctx, session, *room, join.from);
        return;
    }
    bool fetching = !room->awaiting_history.empty();
    room->awaiting_history.insert(join.from);
    if (fetching) return;  // the fetch on its way serves this client too
    ctx.emit(FetchDiscordHistory{room->id, limit});
    session.history_by_effect[ctx.state().last_discord_effect] = room->id;
}

bool on_presence(ApplyContext& ctx, Session& session, const XmppPresence& presence) {
    auto occupant = Jid::parse(presence.to);
    if (!occupant || occupant->resource.empty()) return false;
    Room* room = room_of_jid(session, occupant->bare());
    if (!room) return false;
    if (presence.presence_type != "unavailable") return true;  // status changes stay local
    auto joined = room->joined.find(presence.from);
    if (joined == room->joined.end()) return true;
    SendXmppMucPresence self;
    self.from = room_jid(session, room->id) + "/" + joined->second;
    self.to = presence.from;
    self.id = ctx.derived_id();
    self.presence_type = "unavailable";
    self.role = "none";
    self.status_codes = {110};
    ctx.emit(std::move(self));
    std::vector<Snowflake> followed_before;
    if (room->guild_id) followed_before = subscriptions::followed(session, *room->guild_id);
    room->joined.erase(joined);
    room->awaiting_history.erase(presence.from);
    if (room->guild_id) {
        // The last client left: its sidebar is no longer followed (or kept).
        subscriptions::update(ctx, session, *room->guild_id, followed_before);
        forget_unfollowed_sidebars(session, *room->guild_id);
    }
    return true;
}

SendXmppMessage history_message(ApplyContext& ctx, Session& session, Room& room,
                                const DiscordMessageCreate& msg) {
    SendXmppMessage m;
    const std::string* known = session.messages.xmpp_id(msg.id);
    m.id = known ? *known : msg.id.str();
    if (!known) session.messages.link(msg.id, m.id);
    m.from = room_jid(session, room.id) + "/" + occupant_nick(ctx, session, room, msg.author);
    m.message_type = "groupchat";
    m.stanza_id = msg.id.str();
    RenderedMessage rendered = render_message(session, msg.guild_id, parts_of(msg));
    m.body = std::move(rendered.body);
    m.oob_url = std::move(rendered.oob_url);
    if (rendered.spoiler) m.spoiler = true;
    m.delay_stamp = msg.timestamp;
    return m;
}

void on_history(ApplyContext& ctx, Session& session, const DiscordChannelHistory& history) {
    for (auto it = session.history_by_effect.begin(); it != session.history_by_effect.end();) {
        it = it->second == history.channel_id ? session.history_by_effect.erase(it) : ++it;
    }
    auto found = session.rooms.find(history.channel_id);
    if (found == session.rooms.end()) return;
    Room& room = found->second;
    std::set<std::string> clients = std::move(room.awaiting_history);
    room.awaiting_history.clear();
    std::vector<archive::Entry> shown;
    for (const auto& msg : history.messages) {
        if (relationships::is_blocked(session, msg.author.id)) continue;
        SendXmppMessage m = history_message(ctx, session, room, msg);
        archive::keep(ctx, session, room, msg, m);
        shown.push_back(
            archive::Entry{msg.id, archive::ArchivedMessage{std::move(m), msg.author.id}});
    }
    for (const auto& client : clients) {
        if (room.joined.count(client)) send_history(ctx, session, room, client, shown);
    }
}

bool on_effect_failed(ApplyContext& ctx, Session& session, const DiscordEffectFailed& failed) {
    auto it = session.history_by_effect.find(failed.effect_id);
    if (it == session.history_by_effect.end()) return false;
    DiscordChannelHistory none{it->second, {}};
    on_history(ctx, session, none);  // no history, but the join completes with the subject
    return true;
}

void answer_disco_info(ApplyContext& ctx, const Room& room, const XmppQuery& query) {
    std::vector<std::string> features{
        "http://jabber.org/protocol/disco#info",
        "http://jabber.org/protocol/muc",
        "muc_nonanonymous",
        "muc_persistent",
        "muc_unmoderated",
        room.guild_id ? "muc_open" : "muc_membersonly",
        "urn:xmpp:mam:2",
        "urn:xmpp:mam:2#extended",
        "urn:xmpp:message-correct:0",
        "urn:xmpp:message-moderate:1",
        "urn:xmpp:message-retract:1",
        "urn:xmpp:reactions:0",
        "urn:xmpp:receipts",
        "urn:xmpp:sid:0",
    };
    std::sort(features.begin(), features.end());
    ctx.emit(SendXmppDiscoInfo{query.to,
                               query.from,
                               query.iq_id,
                               query.node,
                               {DiscoIdentity{"conference", "text", room.name}},
                               std::move(features)});
}

void answer_room_list(ApplyContext& ctx, const Session& session, const XmppQuery& query) {
    SendXmppDiscoItems items{query.to, query.from, query.iq_id, query.node, {}};
    for (const auto& [id, room] : session.rooms) {
        if (!permissions::user_can(session, room, permissions::kViewChannel)) continue;
        items.items.push_back(DiscoItem{room_jid(session, id), room.name, std::nullopt});
    }
    ctx.emit(std::move(items));
}

void offer_group_dm(ApplyContext& ctx, const Session& session, const Room& room) {
    if (privileges_for(ctx.state(), session).can_publish_pep()) {
        std::optional<std::string> nick;
        if (session.self) nick = session.self->display_name();
        ctx.emit(SetXmppBookmark{session.jid, ctx.derived_id(), room_jid(session, room.id),
                                 room.name, true, std::move(nick)});
        return;
    }
    ctx.emit(SendXmppInvite{session.gateway, session.jid, ctx.derived_id(),
                            room_jid(session, room.id), room.name});
}

void on_member_presence(ApplyContext& ctx, Session& session, const DiscordPresenceUpdate& update) {
    // The same person may sit in several guilds and group DMs: each copy learns the presence,
    // and every joined room they are in shows it once.
    auto learn = [&](std::map<Snowflake, RoomMember>& members) {
        auto m = members.find(update.user_id);
        if (m == members.end()) return false;
        bool changed =
            m->second.status != update.status || m->second.status_text != update.custom_status;
        m->second.status = update.status;
        m->second.status_text = update.custom_status;
        return changed;
    };
    std::set<Snowflake> changed_guilds;
    for (auto& [id, guild] : session.guilds) {
        if (learn(guild.members)) changed_guilds.insert(id);
    }
    for (auto& [id, room] : session.rooms) {
        bool changed =
            room.guild_id ? changed_guilds.contains(*room.guild_id) : learn(room.members);
        if (!changed || room.joined.empty()) continue;
        if (!is_occupant(session, room, update.user_id)) continue;
        const auto& members = members_of(session, room);
        tell_joined(ctx, session, room, members.at(update.user_id), false);
    }
}

const RoomMember* member(const Session& session, const Room& room, Snowflake user) {
    const std::map<Snowflake, RoomMember>* members = &room.members;
    if (room.guild_id) {
        auto guild = session.guilds.find(*room.guild_id);
        if (guild == session.guilds.end()) return nullptr;
        members = &guild->second.members;
    }
    auto m = members->find(user);
    return m == members->end() ? nullptr : &m->second;
}

}  // namespace cordgate::core::rooms
