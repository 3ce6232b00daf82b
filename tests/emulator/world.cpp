#include <tests/emulator/world.hpp>

#include <algorithm>

namespace cordgate::tests::emulator {

User* World::user_by_token(std::string_view authorization) {
    for (std::string_view prefix : {"Bot ", "Bearer "}) {
        if (authorization.substr(0, prefix.size()) == prefix) {
            authorization.remove_prefix(prefix.size());
            break;
        }
    }
    if (authorization.empty()) return nullptr;
    for (auto& [id, u] : users)
        if (u.token == authorization) return &u;
    return nullptr;
}

User* World::user(std::uint64_t id) {
    auto it = users.find(id);
    return it == users.end() ? nullptr : &it->second;
}

Channel* World::channel(std::uint64_t id) {
    auto it = channels.find(id);
    return it == channels.end() ? nullptr : &it->second;
}

Message* World::message(std::uint64_t channel_id, std::uint64_t message_id) {
    auto ch = messages.find(channel_id);
    if (ch == messages.end()) return nullptr;
    auto it = ch->second.find(message_id);
    return it == ch->second.end() ? nullptr : &it->second;
}

const Member* World::member(std::uint64_t guild_id, std::uint64_t user_id) const {
    auto g = guilds.find(guild_id);
    if (g == guilds.end()) return nullptr;
    for (const auto& m : g->second.members)
        if (m.user_id == user_id) return &m;
    return nullptr;
}

bool World::can_see(std::uint64_t user_id, const Channel& ch) const {
    if (!ch.guild_id)
        return std::find(ch.recipients.begin(), ch.recipients.end(), user_id) !=
               ch.recipients.end();
    // Every message's fan-out asks this of every session: without overwrites, @everyone's
    // VIEW_CHANNEL decides for each member (roles only add), so no role is looked at.
    const Channel* rules = &ch;
    if (is_thread(ch.type))
        if (auto parent = channels.find(ch.parent_id); parent != channels.end())
            rules = &parent->second;
    if (rules->permission_overwrites.empty()) {
        auto g = guilds.find(ch.guild_id);
        if (g != guilds.end() && (g->second.everyone_permissions & permission::kViewChannel))
            return member(ch.guild_id, user_id) != nullptr;
    }
    return (permissions(user_id, ch) & permission::kViewChannel) != 0;
}

std::uint64_t World::permissions(std::uint64_t user_id, const Channel& ch) const {
    if (!ch.guild_id)
        return std::find(ch.recipients.begin(), ch.recipients.end(), user_id) != ch.recipients.end()
                   ? permission::kAll
                   : 0;
    auto g = guilds.find(ch.guild_id);
    const Member* m = member(ch.guild_id, user_id);
    if (g == guilds.end() || !m) return 0;
    const Channel* rules = &ch;
    if (is_thread(ch.type))
        if (auto parent = channels.find(ch.parent_id); parent != channels.end())
            rules = &parent->second;
    return apply_overwrites(base_permissions(g->second, *m), g->second, *m,
                            rules->permission_overwrites);
}

std::set<std::uint64_t> World::affine_users(std::uint64_t user_id) const {
    std::set<std::uint64_t> out;
    if (auto rel = relationships.find(user_id); rel != relationships.end())
        for (const auto& r : rel->second)
            if (r.type == 1 || r.type == 5) out.insert(r.user_id);
    for (auto cid : private_channels_of(user_id))
        for (auto uid : channels.at(cid).recipients)
            if (uid != user_id) out.insert(uid);
    return out;
}

bool World::joined_thread(std::uint64_t user_id, const Channel& thread) const {
    return thread.owner_id == user_id ||
           std::find(thread.thread_members.begin(), thread.thread_members.end(), user_id) !=
               thread.thread_members.end();
}

std::vector<std::uint64_t> World::guilds_of(std::uint64_t user_id) const {
    std::vector<std::uint64_t> out;
    for (const auto& [id, g] : guilds)
        if (member(id, user_id)) out.push_back(id);
    return out;
}

std::vector<std::uint64_t> World::private_channels_of(std::uint64_t user_id) const {
    std::vector<std::uint64_t> out;
    for (const auto& [id, c] : channels)
        if (!c.guild_id && can_see(user_id, c)) out.push_back(id);
    return out;
}

Channel& World::open_dm(std::uint64_t a, std::uint64_t b) {
    for (auto& [id, c] : channels) {
        if (c.type != kDm) continue;
        const auto& r = c.recipients;
        if (std::find(r.begin(), r.end(), a) != r.end() &&
            std::find(r.begin(), r.end(), b) != r.end())
            return c;
    }
    Channel c;
    c.id = ids.next();
    c.type = kDm;
    c.recipients = {a, b};
    return channels[c.id] = c;
}

void World::append_user(JsonText& t, const User& u) const {
    t.raw("{\"id\":").snow(u.id).raw(",\"username\":").str(u.username);
    t.raw(",\"global_name\":").str_or_null(u.global_name);
    t.raw(",\"discriminator\":\"0\",\"avatar\":").str_or_null(u.avatar);
    t.raw(",\"bot\":").boolean(u.bot);
    t.raw(",\"public_flags\":0,\"flags\":0,\"banner\":null,\"accent_color\":null}");
}

void World::write_user(JsonOut& j, const User& u) const {
    j.raw(user_json(u));
}

void World::append_member(JsonText& t, const Member& m, bool with_user) const {
    t.raw("{");
    if (with_user) {
        auto it = users.find(m.user_id);
        if (it != users.end()) {
            t.raw("\"user\":");
            append_user(t, it->second);
            t.raw(",");
        }
    }
    t.raw("\"nick\":").str_or_null(m.nick).raw(",\"avatar\":null,\"roles\":[");
    for (std::size_t i = 0; i < m.roles.size(); ++i) {
        if (i) t.raw(",");
        t.snow(m.roles[i]);
    }
    t.raw("],\"joined_at\":").str(m.joined_at);
    t.raw(",\"deaf\":false,\"mute\":false,\"flags\":0,\"pending\":false,");
    t.raw("\"premium_since\":null}");
}

void World::write_member(JsonOut& j, const Guild& g, const Member& m, bool with_user) const {
    (void)g;
    std::string text;
    JsonText t(text);
    append_member(t, m, with_user);
    j.raw(text);
}

void World::write_channel(JsonOut& j, const Channel& c, std::uint64_t viewer) const {
    j.obj().ks("id", c.id).kn("type", c.type);
    j.key("last_message_id").snow_or_null(c.last_message_id).kn("flags", 0);
    if (c.guild_id && is_thread(c.type)) {
        // discord.py reads thread_metadata and owner_id unconditionally.
        j.ks("guild_id", c.guild_id).kv("name", c.name).ks("parent_id", c.parent_id);
        j.ks("owner_id", c.owner_id).kn("rate_limit_per_user", 0).kn("message_count", 0);
        j.kn("member_count", 1).kn("total_message_sent", 0);
        j.key("thread_metadata").obj().kb("archived", false).kn("auto_archive_duration", 1440);
        j.kv("archive_timestamp", "2024-01-01T00:00:00.000000+00:00").kb("locked", false);
        if (c.type == kPrivateThread) j.kb("invitable", true);
        j.end();
    } else if (c.guild_id) {
        j.ks("guild_id", c.guild_id).kv("name", c.name).kn("position", c.position);
        j.key("parent_id").snow_or_null(c.parent_id);
        j.key("topic").str_or_null(c.topic).kb("nsfw", false).kn("rate_limit_per_user", 0);
        j.key("permission_overwrites").arr();
        for (const auto& o : c.permission_overwrites) {
            j.obj().ks("id", o.id).kn("type", static_cast<int>(o.type));
            j.kv("allow", std::to_string(o.allow)).kv("deny", std::to_string(o.deny)).end();
        }
        j.end_arr();
    } else {
        // Discord lists the other participants, not the viewer.
        j.key("recipients").arr();
        for (auto uid : c.recipients) {
            if (uid == viewer) continue;
            auto it = users.find(uid);
            if (it != users.end()) write_user(j, it->second);
        }
        j.end_arr();
        if (c.type == kGroupDm) {
            j.key("name").str_or_null(c.name).ks("owner_id", c.owner_id);
            j.key("icon").null();
        }
    }
    j.end();
}

void World::write_guild_properties(JsonOut& j, const Guild& g) const {
    j.kv("name", g.name).key("icon").null().ks("owner_id", g.owner_id);
    j.key("splash").null().key("discovery_splash").null().key("banner").null();
    j.key("description").null().kn("verification_level", 0);
    j.kn("default_message_notifications", 0).kn("explicit_content_filter", 0).kn("mfa_level", 0);
    j.kn("premium_tier", 0).kn("nsfw_level", 0).kn("afk_timeout", 300);
    j.key("afk_channel_id").null().key("system_channel_id").null().kn("system_channel_flags", 0);
    j.key("features").arr().end_arr().kv("preferred_locale", "en-US");
}

void World::write_guild_roles(JsonOut& j, const Guild& g) const {
    j.key("roles").arr();
    // @everyone has the guild's id.
    j.obj().ks("id", g.id).kv("name", "@everyone").kn("color", 0).kb("hoist", false);
    j.kn("position", 0).kv("permissions", std::to_string(g.everyone_permissions));
    j.kb("managed", false);
    j.kb("mentionable", false).kn("flags", 0).end();
    for (const auto& r : g.roles) {
        j.obj().ks("id", r.id).kv("name", r.name).kn("color", 0).kb("hoist", r.hoist);
        j.kn("position", r.position).kv("permissions", r.permissions).kb("managed", false);
        j.kb("mentionable", false).kn("flags", 0).end();
    }
    j.end_arr();
}

void World::write_guild_emojis(JsonOut& j, const Guild& g) const {
    j.key("emojis").arr();
    for (const auto& e : g.emojis) {
        j.obj().ks("id", e.id).kv("name", e.name).key("roles").arr();
        for (auto r : e.roles) j.snow(r);
        j.end_arr().kb("require_colons", true).kb("managed", false);
        j.kb("animated", e.animated).kb("available", e.available).end();
    }
    j.end_arr().key("stickers").arr().end_arr();
}

void World::write_guild_channels(JsonOut& j, const Guild& g, std::uint64_t viewer) const {
    j.key("channels").arr();
    for (auto cid : g.channel_ids) {
        auto it = channels.find(cid);
        if (it != channels.end()) write_channel(j, it->second, 0);
    }
    j.end_arr();
    j.key("threads").arr();
    for (auto tid : g.thread_ids) {
        auto it = channels.find(tid);
        if (it == channels.end() || (viewer && !joined_thread(viewer, it->second))) continue;
        write_channel(j, it->second, 0);
    }
    j.end_arr();
}

void World::write_guild(JsonOut& j, const Guild& g, std::uint64_t viewer) const {
    std::set<std::uint64_t> affine;
    if (viewer) affine = affine_users(viewer);
    const auto shown = [&](std::uint64_t uid) {
        return !viewer || uid == viewer || affine.count(uid) != 0;
    };
    j.obj().ks("id", g.id);
    write_guild_properties(j, g);
    write_guild_roles(j, g);
    write_guild_emojis(j, g);
    j.kv("joined_at", "2024-01-01T00:00:00.000000+00:00").kb("large", false);
    j.kb("unavailable", false).kn("member_count", static_cast<std::int64_t>(g.members.size()));
    j.key("members").arr();
    for (const auto& m : g.members)
        if (shown(m.user_id)) write_member(j, g, m, true);
    j.end_arr();
    write_guild_channels(j, g, viewer);
    j.key("voice_states").arr().end_arr();
    j.key("presences").arr();
    for (const auto& m : g.members) {
        auto it = users.find(m.user_id);
        if (it != users.end() && it->second.status != "offline" && shown(m.user_id) &&
            m.user_id != viewer)
            write_presence(j, it->second, g.id);
    }
    j.end_arr();
    j.key("stage_instances").arr().end_arr().key("guild_scheduled_events").arr().end_arr();
    j.end();
}

void World::append_message(JsonText& t, const Message& m, bool redact) const {
    auto ch = channels.find(m.channel_id);
    const std::uint64_t guild_id = ch == channels.end() ? 0 : ch->second.guild_id;
    t.raw("{\"id\":").snow(m.id).raw(",\"channel_id\":").snow(m.channel_id);
    t.raw(",\"author\":");
    if (auto author = users.find(m.author_id); author != users.end()) {
        append_user(t, author->second);
    } else {
        User ghost;
        ghost.id = m.author_id;
        ghost.username = "Deleted User";
        append_user(t, ghost);
    }
    t.raw(",\"content\":").str(redact ? std::string_view{} : std::string_view{m.content});
    t.raw(",\"timestamp\":").timestamp(SnowflakeGenerator::timestamp_ms(m.id));
    t.raw(",\"edited_timestamp\":");
    if (m.edited_ms) {
        t.timestamp(m.edited_ms);
    } else {
        t.raw("null");
    }
    t.raw(",\"tts\":false,\"mention_everyone\":false,\"pinned\":false,\"type\":").num(m.type);
    t.raw(",\"flags\":0,\"mention_roles\":[],");
    if (!m.extra.count("embeds")) t.raw("\"embeds\":[],");
    t.raw("\"components\":[],\"mentions\":[");
    bool first = true;
    for (auto uid : m.mentions) {
        auto it = users.find(uid);
        if (it == users.end()) continue;
        if (!first) t.raw(",");
        first = false;
        append_user(t, it->second);
    }
    t.raw("],\"attachments\":[");
    if (!redact) append_attachments(t, m.attachments);
    t.raw("]");
    if (!m.reactions.empty()) append_reactions(t, m.reactions);
    if (!m.nonce.empty()) t.raw(",\"nonce\":").str(m.nonce);
    if (m.reference) append_reference(t, *m.reference);
    for (const auto& [key, value] : m.extra) {
        if (redact) break;
        t.raw(",").str(key).raw(":").raw(value);
    }
    if (guild_id) {
        t.raw(",\"guild_id\":").snow(guild_id);
        if (const Member* mem = member(guild_id, m.author_id)) {
            t.raw(",\"member\":");
            append_member(t, *mem, false);
        }
    }
    t.raw("}");
}

void World::append_attachments(JsonText& t, const std::vector<Attachment>& attachments) const {
    for (std::size_t i = 0; i < attachments.size(); ++i) {
        const Attachment& a = attachments[i];
        t.raw(i ? ",{\"id\":" : "{\"id\":").snow(a.id).raw(",\"filename\":").str(a.filename);
        t.raw(",\"size\":").num(static_cast<std::int64_t>(a.size)).raw(",\"url\":").str(a.url);
        t.raw(",\"proxy_url\":").str(a.url);
        if (!a.content_type.empty()) t.raw(",\"content_type\":").str(a.content_type);
        t.raw("}");
    }
}

void World::append_reactions(JsonText& t, const std::vector<Reaction>& reactions) const {
    t.raw(",\"reactions\":[");
    for (std::size_t i = 0; i < reactions.size(); ++i) {
        const Reaction& r = reactions[i];
        const auto count = static_cast<std::int64_t>(r.users.size());
        t.raw(i ? ",{\"count\":" : "{\"count\":").num(count);
        t.raw(",\"me\":false,\"count_details\":{\"burst\":0,\"normal\":").num(count);
        t.raw("},\"me_burst\":false,\"burst_colors\":[],\"emoji\":{\"id\":");
        t.snow_or_null(r.emoji_id).raw(",\"name\":").str(r.emoji_name).raw("}}");
    }
    t.raw("]");
}

void World::append_reference(JsonText& t, const MessageReference& ref) const {
    t.raw(",\"message_reference\":{\"type\":0,\"message_id\":").snow(ref.message_id);
    t.raw(",\"channel_id\":").snow(ref.channel_id);
    if (ref.guild_id) t.raw(",\"guild_id\":").snow(ref.guild_id);
    t.raw("},\"referenced_message\":");
    // A reply's referenced message is shown without its own reference (no chains).
    const Message* referenced = nullptr;
    if (auto chan = messages.find(ref.channel_id); chan != messages.end()) {
        if (auto it = chan->second.find(ref.message_id); it != chan->second.end())
            referenced = &it->second;
    }
    if (referenced && !referenced->reference) {
        append_message(t, *referenced);
    } else {
        t.raw("null");
    }
}

void World::write_message(JsonOut& j, const Message& m, bool redact) const {
    j.raw(message_json(m, redact));
}

void World::write_relationship(JsonOut& j, const Relationship& r) const {
    j.obj().ks("id", r.user_id).kn("type", r.type).key("nickname").str_or_null(r.nickname);
    auto it = users.find(r.user_id);
    if (it != users.end()) write_user(j.key("user"), it->second);
    j.end();
}

void World::write_presence(JsonOut& j, const User& u, std::uint64_t guild_id,
                           bool full_user) const {
    j.obj().key("user").obj().ks("id", u.id);
    if (full_user) {
        j.kv("username", u.username).key("global_name").str_or_null(u.global_name);
        j.key("avatar").str_or_null(u.avatar).kv("discriminator", "0");
    }
    j.end();
    if (guild_id) j.ks("guild_id", guild_id);
    j.kv("status", u.status).key("activities").raw(u.activities_json);
    j.key("client_status").obj();
    if (u.status != "offline") j.kv("desktop", u.status);
    j.end().end();
}

std::string World::user_json(const User& u) const {
    std::string out;
    JsonText t(out);
    append_user(t, u);
    return out;
}

std::string World::message_json(const Message& m, bool redact) const {
    std::string out;
    append_message_json(out, m, redact);
    return out;
}

void World::append_message_json(std::string& out, const Message& m, bool redact) const {
    JsonText t(out);
    append_message(t, m, redact);
}

std::string World::channel_json(const Channel& c, std::uint64_t viewer) const {
    JsonOut j;
    write_channel(j, c, viewer);
    return j.take();
}

}  // namespace cordgate::tests::emulator
