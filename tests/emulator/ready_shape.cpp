#include <tests/emulator/json_out.hpp>
#include <tests/emulator/ready_shape.hpp>

#include <algorithm>
#include <set>

namespace cordgate::tests::emulator {
namespace {

bool online(const World& world, std::uint64_t id) {
    auto it = world.users.find(id);
    return it != world.users.end() && it->second.status != "offline";
}

// Everyone a user shares a DM or group DM with.
std::set<std::uint64_t> dm_partners(const World& world, std::uint64_t user_id) {
    std::set<std::uint64_t> out;
    for (auto cid : world.private_channels_of(user_id))
        for (auto uid : world.channels.at(cid).recipients)
            if (uid != user_id) out.insert(uid);
    return out;
}

// A presence with `user_id` in place of the user object: merged presences are deduplicated
// too (discord.py-self discord/state.py, parse_ready_supplemental, reads `user_id`).
void write_merged_presence(JsonOut& j, const User& u) {
    j.obj().ks("user_id", u.id).kv("status", u.status).key("activities").raw(u.activities_json);
    j.key("client_status").obj();
    if (u.status != "offline") j.kv("desktop", u.status);
    j.end().end();
}

void write_merged_member(JsonOut& j, const Member& m) {
    j.obj().ks("user_id", m.user_id).key("nick").str_or_null(m.nick).key("avatar").null();
    j.key("roles").arr();
    for (auto r : m.roles) j.snow(r);
    j.end_arr().kv("joined_at", m.joined_at).kb("deaf", false).kb("mute", false);
    j.kn("flags", 0).kb("pending", false).key("premium_since").null().end();
}

// A DM or group DM with `recipient_ids` (the others, as `recipients` lists them).
void write_private_channel(JsonOut& j, const Channel& c, std::uint64_t viewer) {
    j.obj().ks("id", c.id).kn("type", c.type);
    j.key("last_message_id").snow_or_null(c.last_message_id).kn("flags", 0);
    j.key("recipient_ids").arr();
    for (auto uid : c.recipients)
        if (uid != viewer) j.snow(uid);
    j.end_arr();
    if (c.type == kGroupDm) {
        j.key("name").str_or_null(c.name).ks("owner_id", c.owner_id).key("icon").null();
    }
    j.end();
}

void write_guild(JsonOut& j, const World& world, const Guild& g, const ReadyShape& shape,
                 std::uint64_t viewer) {
    j.obj().ks("id", g.id);
    if (shape.client_state_v2) {
        // CLIENT_STATE_V2: the guild object's own fields move under `properties`; roles,
        // emojis, stickers and the lists stay beside it (gateway-events.mdx, "Gateway Guild
        // Structure", footnote 5).
        j.key("properties").obj().ks("id", g.id);
        world.write_guild_properties(j, g);
        j.end().kv("data_mode", "full").kn("version", 0);
    } else {
        world.write_guild_properties(j, g);
    }
    world.write_guild_roles(j, g);
    world.write_guild_emojis(j, g);
    // `large`: over large_threshold, 250 for user accounts (gateway-events.mdx, "Identify
    // Structure").
    j.kv("joined_at", "2024-01-01T00:00:00.000000+00:00").kb("large", g.members.size() > 250);
    j.kb("unavailable", false).kn("member_count", static_cast<std::int64_t>(g.members.size()));
    world.write_guild_channels(j, g, viewer);
    // Members are in merged_members, presences in merged_presences; voice states move to
    // READY_SUPPLEMENTAL with PRIORITIZED_READY_PAYLOAD (footnote 4).
    if (!shape.prioritized) j.key("voice_states").arr().end_arr();
    j.key("stage_instances").arr().end_arr().key("guild_scheduled_events").arr().end_arr();
    j.end();
}

// The newest message the user wrote in each channel they see: what they have certainly read
// (Discord acks a channel up to one's own message when one sends it).
void write_read_state_entries(JsonOut& j, const World& world, std::uint64_t user_id) {
    j.arr();
    for (const auto& [cid, messages] : world.messages) {
        auto ch = world.channels.find(cid);
        if (ch == world.channels.end() || !world.can_see(user_id, ch->second)) continue;
        for (auto it = messages.rbegin(); it != messages.rend(); ++it) {
            if (it->second.author_id != user_id) continue;
            j.obj().ks("id", cid).ks("last_message_id", it->first).kn("mention_count", 0);
            j.key("last_pin_timestamp").str("1970-01-01T00:00:00+00:00");
            j.kn("flags", ch->second.guild_id ? 1 : 0).end();
            break;
        }
    }
    j.end_arr();
}

// The user's muted guilds and channels, as the official client's settings hold them
// (user-settings.mdx, "User Guild Settings Structure", "Channel Override Structure").
void write_guild_settings_entries(JsonOut& j, const World& world, std::uint64_t user_id) {
    j.arr();
    if (auto it = world.guild_settings.find(user_id); it != world.guild_settings.end()) {
        for (const GuildSettings& g : it->second) {
            j.obj().ks("guild_id", g.guild_id).kb("muted", g.muted).key("mute_config").null();
            j.kn("message_notifications", 1).kb("suppress_everyone", false);
            j.kb("suppress_roles", false).kb("mobile_push", true).kn("flags", 0);
            j.key("channel_overrides").arr();
            for (std::uint64_t cid : g.muted_channels) {
                j.obj().ks("channel_id", cid).kb("muted", true).key("mute_config").null();
                j.kn("message_notifications", 3).kb("collapsed", false).kn("flags", 0).end();
            }
            j.end_arr().kn("version", 0).end();
        }
    }
    j.end_arr();
}

// A "versioned array" (gateway-events.mdx, "Versioned Structure") or a plain one.
template <class Entries>
void write_maybe_versioned(JsonOut& j, bool versioned, Entries&& entries) {
    if (!versioned) {
        entries();
        return;
    }
    j.obj().key("entries");
    entries();
    j.kb("partial", false).kn("version", 0).end();
}

void write_users(JsonOut& j, const World& world, const User& self) {
    // Every user the payload names, once: those with a relationship and DM partners (the
    // guild members it names are among them).
    std::set<std::uint64_t> ids;
    if (auto rel = world.relationships.find(self.id); rel != world.relationships.end())
        for (const auto& r : rel->second) ids.insert(r.user_id);
    for (auto uid : dm_partners(world, self.id)) ids.insert(uid);
    ids.erase(self.id);
    j.key("users").arr();
    for (auto id : ids)
        if (auto it = world.users.find(id); it != world.users.end())
            world.write_user(j, it->second);
    j.end_arr();
}

}  // namespace

ReadyShape ReadyShape::from_capabilities(std::uint64_t c) {
    ReadyShape s;
    s.dedupe = c & kDedupeUserObjects;
    s.prioritized = s.dedupe && (c & kPrioritizedReadyPayload);
    s.versioned_read_states = c & kVersionedReadStates;
    s.versioned_user_guild_settings = c & kVersionedUserGuildSettings;
    s.settings_proto = c & kUserSettingsProto;
    s.client_state_v2 = c & kClientStateV2;
    return s;
}

std::vector<std::uint64_t> friend_presence_ids(const World& world, std::uint64_t user_id) {
    std::vector<std::uint64_t> out;
    auto rel = world.relationships.find(user_id);
    if (rel == world.relationships.end()) return out;
    for (const auto& r : rel->second)
        if ((r.type == 1 || r.type == 5) && online(world, r.user_id)) out.push_back(r.user_id);
    return out;
}

std::vector<std::uint64_t> guild_presence_ids(const World& world, const Guild& guild,
                                              std::uint64_t user_id) {
    std::set<std::uint64_t> known = dm_partners(world, user_id);
    for (auto id : friend_presence_ids(world, user_id)) known.insert(id);
    std::vector<std::uint64_t> out;
    for (const auto& m : guild.members)
        if (m.user_id != user_id && known.count(m.user_id) && online(world, m.user_id))
            out.push_back(m.user_id);
    return out;
}

namespace {
// `merged_presences`: the friends', then per guild (in READY's order, the seed's extra guilds
// last and empty) the members'.
void write_merged_presences(JsonOut& j, const World& world, const User& user,
                            const std::vector<std::uint64_t>& guild_ids, std::size_t extra_guilds) {
    j.key("merged_presences").obj().key("friends").arr();
    for (auto id : friend_presence_ids(world, user.id))
        write_merged_presence(j, world.users.at(id));
    j.end_arr().key("guilds").arr();
    for (auto gid : guild_ids) {
        j.arr();
        for (auto id : guild_presence_ids(world, world.guilds.at(gid), user.id))
            write_merged_presence(j, world.users.at(id));
        j.end_arr();
    }
    for (std::size_t i = 0; i < extra_guilds; ++i) j.arr().end_arr();
    j.end_arr().end();
}
}  // namespace

std::string deduplicated_ready(const World& world, const User& user, const ReadyShape& shape,
                               const ReadySession& session, const ReadyExtras& extras) {
    const std::vector<std::uint64_t> guild_ids = world.guilds_of(user.id);
    JsonOut j;
    j.obj().kn("v", session.version);
    world.write_user(j.key("user"), user);
    j.kv("session_id", session.session_id).kv("session_type", "normal");
    j.kv("resume_gateway_url", session.resume_gateway_url);
    j.key("guilds").arr();
    for (auto gid : guild_ids) write_guild(j, world, world.guilds.at(gid), shape, user.id);
    for (const auto& g : extras.guilds) j.raw(g);
    j.end_arr();
    // One list per guild, in the order of `guilds`: the user, its friends, implicit
    // relationships and DM partners, never the whole guild (footnote 1 of "Gateway Guild
    // Structure"). With PRIORITIZED_READY_PAYLOAD only the user's own member is here, the
    // others come in READY_SUPPLEMENTAL (footnote 7).
    const std::set<std::uint64_t> affine = world.affine_users(user.id);
    j.key("merged_members").arr();
    for (auto gid : guild_ids) {
        const Guild& g = world.guilds.at(gid);
        j.arr();
        for (const auto& m : g.members)
            if (m.user_id == user.id || (!shape.prioritized && affine.count(m.user_id)))
                write_merged_member(j, m);
        j.end_arr();
    }
    for (std::size_t i = 0; i < extras.guilds.size(); ++i) j.arr().end_arr();
    j.end_arr();
    if (!shape.prioritized) {
        // Without READY_SUPPLEMENTAL the presences stay in READY, merged (footnote 6).
        write_merged_presences(j, world, user, guild_ids, extras.guilds.size());
    }
    write_users(j, world, user);
    j.key("application").obj().ks("id", world.application_id).kn("flags", 0).end();
    j.key("_trace").arr().str("cordgate-emulator").end_arr();
    j.key("private_channels").arr();
    for (auto cid : world.private_channels_of(user.id))
        write_private_channel(j, world.channels.at(cid), user.id);
    for (const auto& c : extras.private_channels) j.raw(c);
    j.end_arr();
    j.key("relationships").arr();
    if (auto rel = world.relationships.find(user.id); rel != world.relationships.end()) {
        for (const auto& r : rel->second) {
            j.obj().ks("id", r.user_id).kn("type", r.type).key("nickname").str_or_null(r.nickname);
            j.ks("user_id", r.user_id).end();
        }
    }
    for (const auto& r : extras.relationships) j.raw(r);
    j.end_arr();
    j.key("read_state");
    write_maybe_versioned(j, shape.versioned_read_states,
                          [&] { write_read_state_entries(j, world, user.id); });
    j.key("user_guild_settings");
    write_maybe_versioned(j, shape.versioned_user_guild_settings,
                          [&] { write_guild_settings_entries(j, world, user.id); });
    if (!shape.settings_proto)
        j.key("user_settings").obj().kv("status", user.status).kv("locale", "en-US").end();
    j.key("sessions").arr().end_arr().kv("country_code", "US");
    j.key("guild_join_requests").arr().end_arr().key("connected_accounts").arr().end_arr();
    j.kv("auth_session_id_hash", "emulator").kn("api_code_version", 0);
    // Present only while Discord wants the user to verify the account in the official app.
    if (!session.required_action.empty()) j.kv("required_action", session.required_action);
    j.end();
    return j.take();
}

std::string ready_supplemental(const World& world, const User& user, const ReadyExtras& extras) {
    const std::vector<std::uint64_t> guild_ids = world.guilds_of(user.id);
    JsonOut j;
    j.obj().key("guilds").arr();
    for (auto gid : guild_ids) {
        j.obj().ks("id", gid).key("voice_states").arr().end_arr();
        j.key("activity_instances").arr().end_arr().end();
    }
    j.end_arr();
    // The members READY left out (the affine users but not the user), per guild in READY's
    // order.
    const std::set<std::uint64_t> affine = world.affine_users(user.id);
    j.key("merged_members").arr();
    for (auto gid : guild_ids) {
        j.arr();
        for (const auto& m : world.guilds.at(gid).members)
            if (m.user_id != user.id && affine.count(m.user_id)) write_merged_member(j, m);
        j.end_arr();
    }
    for (std::size_t i = 0; i < extras.guilds.size(); ++i) j.arr().end_arr();
    j.end_arr();
    write_merged_presences(j, world, user, guild_ids, extras.guilds.size());
    // Every DM is already in READY (no client cache is claimed in IDENTIFY's client_state).
    j.key("lazy_private_channels").arr().end_arr();
    j.key("disclose").arr().end_arr().key("game_invites").arr().end_arr();
    j.end();
    return j.take();
}

}  // namespace cordgate::tests::emulator
