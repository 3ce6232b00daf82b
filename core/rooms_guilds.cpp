// A guild's life after READY: left (or hidden by an outage), renamed, its roles changed, its
// threads changed or gone.

#include <core/custom_emoji.hpp>
#include <core/rooms.hpp>

#include <vector>

namespace cordgate::core::rooms {

void on_guild_delete(ApplyContext& ctx, Session& session, const DiscordGuildDelete& gone) {
    // An outage: the guild comes back with a GUILD_CREATE, and its rooms must still be there.
    if (gone.unavailable) return;
    auto guild = session.guilds.find(gone.id);
    std::vector<Snowflake> rooms;
    for (const auto& [id, room] : session.rooms) {
        if (room.guild_id == gone.id) rooms.push_back(id);
    }
    const std::string why = guild == session.guilds.end()
                                ? "You are no longer in this guild on Discord."
                                : "You are no longer in " + guild->second.name + " on Discord.";
    for (Snowflake id : rooms) destroy_room(ctx, session, id, why);
    if (guild != session.guilds.end()) session.guilds.erase(guild);
}

void on_guild_update(ApplyContext& ctx, Session& session, const DiscordGuildUpdate& update) {
    auto found = session.guilds.find(update.id);
    if (found == session.guilds.end()) return;
    Guild& guild = found->second;
    const Standings before = standings(session, guild.id);
    // Room names start with the guild's name (Guild/Category/#channel).
    const std::string old_prefix = guild.name + "/";
    for (auto& [id, room] : session.rooms) {
        if (room.guild_id == guild.id && room.name.starts_with(old_prefix) &&
            update.name != guild.name) {
            room.name = update.name + "/" + room.name.substr(old_prefix.size());
            tell_config_changed(ctx, session, room);
        }
    }
    guild.name = update.name;
    if (update.owner_id) guild.owner_id = update.owner_id;
    if (update.roles) {
        guild.roles.clear();
        for (const auto& role : *update.roles) guild.roles[role.id] = role;
    }
    show_changed_standings(ctx, session, guild.id, before);
}

void on_emojis_update(Session& session, const DiscordGuildEmojisUpdate& update) {
    auto guild = session.guilds.find(update.guild_id);
    if (guild != session.guilds.end()) keep_emojis(guild->second, update.emojis);
}

void on_role_update(ApplyContext& ctx, Session& session, const DiscordGuildRoleUpdate& update) {
    auto guild = session.guilds.find(update.guild_id);
    if (guild == session.guilds.end()) return;
    const Standings before = standings(session, update.guild_id);
    guild->second.roles[update.role.id] = update.role;
    show_changed_standings(ctx, session, update.guild_id, before);
}

void on_role_delete(ApplyContext& ctx, Session& session, const DiscordGuildRoleDelete& gone) {
    auto guild = session.guilds.find(gone.guild_id);
    if (guild == session.guilds.end()) return;
    const Standings before = standings(session, gone.guild_id);
    guild->second.roles.erase(gone.role_id);
    show_changed_standings(ctx, session, gone.guild_id, before);
}

// Threads are not rooms and their names are not shown (XEP-0201 carries the thread's id), so
// what matters is which room a thread's messages go to. A user account's READY lists only the
// threads the user joined; an update of another one is how the session learns of it.
void on_thread_update(Session& session, const DiscordThreadUpdate& update) {
    add_thread(session, update.thread, update.thread.parent_id);
}

void on_thread_list_sync(Session& session, const DiscordThreadListSync& sync) {
    for (const auto& thread : sync.threads) {
        if (!session.thread_parent.count(thread.id)) add_thread(session, thread, thread.parent_id);
    }
}

void on_thread_delete(Session& session, const DiscordThreadDelete& gone) {
    session.thread_parent.erase(gone.thread.id);
}

}  // namespace cordgate::core::rooms
