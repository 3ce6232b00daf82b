// What happens to guilds, their roles and threads, and group DM recipients after READY, as
// Discord announces it (discord-api-docs docs/topics/Gateway_Events.md; user-account events:
// discord-userdoccers).

#include <tests/emulator/operations.hpp>

#include <algorithm>

namespace cordgate::tests::emulator {
namespace {

Guild& guild_in(World& world, std::uint64_t guild_id) {
    auto it = world.guilds.find(guild_id);
    if (it == world.guilds.end()) throw ApiError(404, 10004, "Unknown Guild");
    return it->second;
}

void write_role(JsonOut& j, const Role& r) {
    j.obj().ks("id", r.id).kv("name", r.name).kn("color", 0).kb("hoist", r.hoist);
    j.kn("position", r.position).kv("permissions", r.permissions).kb("managed", false);
    j.kb("mentionable", false).kn("flags", 0).end();
}

Channel& group_dm_in(World& world, std::uint64_t channel_id) {
    auto it = world.channels.find(channel_id);
    if (it == world.channels.end()) throw ApiError(404, 10003, "Unknown Channel");
    if (it->second.type != kGroupDm) throw ApiError(400, 50003, "Not a group DM");
    return it->second;
}

}  // namespace

void Operations::guild_outage(std::uint64_t guild_id) {
    const Guild& g = guild_in(world_, guild_id);
    JsonOut j;
    j.obj().ks("id", g.id).kb("unavailable", true).end();
    gateway_.dispatch_guild(g, "GUILD_DELETE", j.take());
}

const Guild& Operations::rename_guild(std::uint64_t guild_id, const std::string& name) {
    Guild& g = guild_in(world_, guild_id);
    g.name = name;
    // The guild without its channels, members, threads and presences (those have events of
    // their own); @everyone has the guild's id.
    JsonOut j;
    j.obj().ks("id", g.id).kv("name", g.name).key("icon").null().ks("owner_id", g.owner_id);
    j.key("features").arr().end_arr().kv("preferred_locale", "en-US");
    j.key("roles").arr();
    write_role(j, Role{g.id, "@everyone", "2248473465835073", 0});
    for (const auto& r : g.roles) write_role(j, r);
    j.end_arr();
    world_.write_guild_emojis(j, g);
    j.end();
    gateway_.dispatch_guild(g, "GUILD_UPDATE", j.take());
    return g;
}

const Role& Operations::set_role(std::uint64_t guild_id, std::uint64_t role_id,
                                 const std::optional<std::string>& name,
                                 const std::optional<std::string>& permissions,
                                 std::optional<bool> hoist) {
    Guild& g = guild_in(world_, guild_id);
    auto it = std::find_if(g.roles.begin(), g.roles.end(),
                           [&](const Role& r) { return r.id == role_id; });
    const bool created = it == g.roles.end();
    if (created) {
        if (role_id) throw ApiError(404, 10011, "Unknown Role");
        Role r;
        r.id = world_.ids.next();
        r.name = "new role";
        r.position = static_cast<int>(g.roles.size()) + 1;
        it = g.roles.insert(g.roles.end(), r);
    }
    if (name) it->name = *name;
    if (permissions) it->permissions = *permissions;
    if (hoist) it->hoist = *hoist;
    JsonOut j;
    j.obj().ks("guild_id", g.id).key("role");
    write_role(j, *it);
    j.end();
    gateway_.dispatch_guild(g, created ? "GUILD_ROLE_CREATE" : "GUILD_ROLE_UPDATE", j.take());
    gateway_.refresh_member_lists(g);
    return *it;
}

void Operations::remove_role(std::uint64_t guild_id, std::uint64_t role_id) {
    Guild& g = guild_in(world_, guild_id);
    auto it = std::find_if(g.roles.begin(), g.roles.end(),
                           [&](const Role& r) { return r.id == role_id; });
    if (it == g.roles.end()) throw ApiError(404, 10011, "Unknown Role");
    g.roles.erase(it);
    for (auto& m : g.members) std::erase(m.roles, role_id);
    JsonOut j;
    j.obj().ks("guild_id", g.id).ks("role_id", role_id).end();
    gateway_.dispatch_guild(g, "GUILD_ROLE_DELETE", j.take());
    gateway_.refresh_member_lists(g);
}

void Operations::add_recipient(std::uint64_t channel_id, std::uint64_t user_id) {
    Channel& ch = group_dm_in(world_, channel_id);
    const User* u = world_.user(user_id);
    if (!u) throw ApiError(404, 10013, "Unknown User");
    if (std::find(ch.recipients.begin(), ch.recipients.end(), user_id) != ch.recipients.end())
        return;
    JsonOut j;
    j.obj().ks("channel_id", ch.id);
    world_.write_user(j.key("user"), *u);
    j.key("nick").null().end();
    const std::string d = j.take();
    for (auto r : ch.recipients) gateway_.dispatch_user(r, "CHANNEL_RECIPIENT_ADD", d);
    ch.recipients.push_back(user_id);
    // The newcomer gets the whole channel, as for any channel they can now see.
    gateway_.dispatch_user(user_id, "CHANNEL_CREATE", world_.channel_json(ch, user_id));
}

void Operations::remove_recipient(std::uint64_t channel_id, std::uint64_t user_id) {
    Channel& ch = group_dm_in(world_, channel_id);
    auto it = std::find(ch.recipients.begin(), ch.recipients.end(), user_id);
    if (it == ch.recipients.end()) throw ApiError(404, 10013, "Unknown User");
    const std::string gone = world_.channel_json(ch, user_id);
    ch.recipients.erase(it);
    JsonOut j;
    j.obj().ks("channel_id", ch.id);
    if (const User* u = world_.user(user_id)) world_.write_user(j.key("user"), *u);
    j.end();
    const std::string d = j.take();
    for (auto r : ch.recipients) gateway_.dispatch_user(r, "CHANNEL_RECIPIENT_REMOVE", d);
    // The one who left no longer sees the channel at all.
    gateway_.dispatch_user(user_id, "CHANNEL_DELETE", gone);
}

void Operations::update_thread(std::uint64_t thread_id, const std::optional<std::string>& name,
                               bool remove) {
    auto it = world_.channels.find(thread_id);
    if (it == world_.channels.end() || !is_thread(it->second.type))
        throw ApiError(404, 10003, "Unknown Channel");
    Guild& g = guild_in(world_, it->second.guild_id);
    if (!remove) {
        if (name) it->second.name = *name;
        gateway_.dispatch_guild(g, "THREAD_UPDATE", world_.channel_json(it->second, 0));
        return;
    }
    JsonOut j;
    j.obj().ks("id", thread_id).ks("guild_id", g.id).ks("parent_id", it->second.parent_id);
    j.kn("type", it->second.type).end();
    std::erase(g.thread_ids, thread_id);
    world_.channels.erase(it);
    gateway_.dispatch_guild(g, "THREAD_DELETE", j.take());
}

}  // namespace cordgate::tests::emulator
