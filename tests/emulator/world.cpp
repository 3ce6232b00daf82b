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
    if (ch.guild_id) return member(ch.guild_id, user_id) != nullptr;
    return std::find(ch.recipients.begin(), ch.recipients.end(), user_id) != ch.recipients.end();
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

void World::write_user(JsonOut& j, const User& u) const {
    j.obj().ks("id", u.id).kv("username", u.username);
    j.key("global_name").str_or_null(u.global_name);
    j.kv("discriminator", "0").key("avatar").str_or_null(u.avatar);
    j.kb("bot", u.bot).kn("public_flags", 0).kn("flags", 0);
    j.key("banner").null().key("accent_color").null();
    j.end();
}

void World::write_member(JsonOut& j, const Guild& g, const Member& m, bool with_user) const {
    j.obj();
    if (with_user) {
        auto it = users.find(m.user_id);
        if (it != users.end()) write_user(j.key("user"), it->second);
    }
    j.key("nick").str_or_null(m.nick).key("avatar").null();
    j.key("roles").arr();
    for (auto r : m.roles) j.snow(r);
    j.end_arr();
    j.kv("joined_at", m.joined_at).kb("deaf", false).kb("mute", false).kn("flags", 0);
    j.kb("pending", false).key("premium_since").null();
    (void)g;
    j.end();
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
        j.key("permission_overwrites").arr().end_arr();
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

void World::write_guild(JsonOut& j, const Guild& g) const {
    j.obj().ks("id", g.id).kv("name", g.name).key("icon").null().ks("owner_id", g.owner_id);
    j.key("splash").null().key("discovery_splash").null().key("banner").null();
    j.key("description").null().kn("verification_level", 0);
    j.kn("default_message_notifications", 0).kn("explicit_content_filter", 0).kn("mfa_level", 0);
    j.kn("premium_tier", 0).kn("nsfw_level", 0).kn("afk_timeout", 300);
    j.key("afk_channel_id").null().key("system_channel_id").null().kn("system_channel_flags", 0);
    j.key("features").arr().end_arr().kv("preferred_locale", "en-US");
    j.key("roles").arr();
    // @everyone has the guild's id.
    j.obj().ks("id", g.id).kv("name", "@everyone").kn("color", 0).kb("hoist", false);
    j.kn("position", 0).kv("permissions", "2248473465835073").kb("managed", false);
    j.kb("mentionable", false).kn("flags", 0).end();
    for (const auto& r : g.roles) {
        j.obj().ks("id", r.id).kv("name", r.name).kn("color", 0).kb("hoist", false);
        j.kn("position", r.position).kv("permissions", r.permissions).kb("managed", false);
        j.kb("mentionable", false).kn("flags", 0).end();
    }
    j.end_arr();
    j.key("emojis").arr().end_arr().key("stickers").arr().end_arr();
    j.kv("joined_at", "2024-01-01T00:00:00.000000+00:00").kb("large", false);
    j.kb("unavailable", false).kn("member_count", static_cast<std::int64_t>(g.members.size()));
    j.key("members").arr();
    for (const auto& m : g.members) write_member(j, g, m, true);
    j.end_arr();
    j.key("channels").arr();
    for (auto cid : g.channel_ids) {
        auto it = channels.find(cid);
        if (it != channels.end()) write_channel(j, it->second, 0);
    }
    j.end_arr();
    j.key("threads").arr();
    for (auto tid : g.thread_ids) {
        auto it = channels.find(tid);
        if (it != channels.end()) write_channel(j, it->second, 0);
    }
    j.end_arr().key("voice_states").arr().end_arr();
    j.key("presences").arr();
    for (const auto& m : g.members) {
        auto it = users.find(m.user_id);
        if (it != users.end() && it->second.status != "offline")
            write_presence(j, it->second, g.id);
    }
    j.end_arr();
    j.key("stage_instances").arr().end_arr().key("guild_scheduled_events").arr().end_arr();
    j.end();
}

void World::write_message(JsonOut& j, const Message& m, bool redact) const {
    auto ch = channels.find(m.channel_id);
    const std::uint64_t guild_id = ch == channels.end() ? 0 : ch->second.guild_id;
    j.obj().ks("id", m.id).ks("channel_id", m.channel_id);
    auto author = users.find(m.author_id);
    if (author != users.end()) {
        write_user(j.key("author"), author->second);
    } else {
        User ghost;
        ghost.id = m.author_id;
        ghost.username = "Deleted User";
        write_user(j.key("author"), ghost);
    }
    j.kv("content", redact ? std::string_view{} : std::string_view{m.content})
        .kv("timestamp", iso8601_from_ms(SnowflakeGenerator::timestamp_ms(m.id)));
    j.key("edited_timestamp");
    if (m.edited_ms) {
        j.str(iso8601_from_ms(m.edited_ms));
    } else {
        j.null();
    }
    j.kb("tts", false).kb("mention_everyone", false).kb("pinned", false).kn("type", m.type);
    j.kn("flags", 0).key("mention_roles").arr().end_arr().key("embeds").arr().end_arr();
    j.key("components").arr().end_arr();
    j.key("mentions").arr();
    for (auto uid : m.mentions) {
        auto it = users.find(uid);
        if (it != users.end()) write_user(j, it->second);
    }
    j.end_arr();
    j.key("attachments").arr();
    for (const auto& a : m.attachments) {
        if (redact) break;
        j.obj().ks("id", a.id).kv("filename", a.filename);
        j.kn("size", static_cast<std::int64_t>(a.size)).kv("url", a.url).kv("proxy_url", a.url);
        if (!a.content_type.empty()) j.kv("content_type", a.content_type);
        j.end();
    }
    j.end_arr();
    if (!m.reactions.empty()) {
        j.key("reactions").arr();
        for (const auto& r : m.reactions) {
            j.obj().kn("count", static_cast<std::int64_t>(r.users.size())).kb("me", false);
            j.key("count_details")
                .obj()
                .kn("burst", 0)
                .kn("normal", static_cast<std::int64_t>(r.users.size()))
                .end();
            j.kb("me_burst", false).key("burst_colors").arr().end_arr();
            j.key("emoji").obj().key("id").snow_or_null(r.emoji_id).kv("name", r.emoji_name).end();
            j.end();
        }
        j.end_arr();
    }
    if (!m.nonce.empty()) j.kv("nonce", m.nonce);
    if (m.reference) {
        j.key("message_reference").obj().kn("type", 0).ks("message_id", m.reference->message_id);
        j.ks("channel_id", m.reference->channel_id);
        if (m.reference->guild_id) j.ks("guild_id", m.reference->guild_id);
        j.end();
        auto ref_ch = messages.find(m.reference->channel_id);
        const Message* ref = nullptr;
        if (ref_ch != messages.end()) {
            auto it = ref_ch->second.find(m.reference->message_id);
            if (it != ref_ch->second.end()) ref = &it->second;
        }
        j.key("referenced_message");
        if (ref && !ref->reference) {
            write_message(j, *ref);
        } else {
            j.null();
        }
    }
    if (guild_id) {
        j.ks("guild_id", guild_id);
        if (const Member* mem = member(guild_id, m.author_id)) {
            auto git = guilds.find(guild_id);
            write_member(j.key("member"), git->second, *mem, false);
        }
    }
    j.end();
}

void World::write_relationship(JsonOut& j, const Relationship& r) const {
    j.obj().ks("id", r.user_id).kn("type", r.type).key("nickname").str_or_null(r.nickname);
    auto it = users.find(r.user_id);
    if (it != users.end()) write_user(j.key("user"), it->second);
    j.end();
}

void World::write_presence(JsonOut& j, const User& u, std::uint64_t guild_id) const {
    j.obj().key("user").obj().ks("id", u.id).end();
    if (guild_id) j.ks("guild_id", guild_id);
    j.kv("status", u.status).key("activities").raw(u.activities_json);
    j.key("client_status").obj();
    if (u.status != "offline") j.kv("desktop", u.status);
    j.end().end();
}

std::string World::user_json(const User& u) const {
    JsonOut j;
    write_user(j, u);
    return j.take();
}

std::string World::message_json(const Message& m, bool redact) const {
    JsonOut j;
    write_message(j, m, redact);
    return j.take();
}

std::string World::channel_json(const Channel& c, std::uint64_t viewer) const {
    JsonOut j;
    write_channel(j, c, viewer);
    return j.take();
}

}  // namespace cordgate::tests::emulator
