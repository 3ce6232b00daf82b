#include <tests/emulator/seed.hpp>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace cordgate::tests::emulator {
namespace {

using rapidjson::Value;

[[noreturn]] void fail(const std::string& where, const std::string& what) {
    throw SeedError(where + ": " + what);
}

const Value* field(const Value& obj, const char* name) {
    auto it = obj.FindMember(name);
    return it == obj.MemberEnd() || it->value.IsNull() ? nullptr : &it->value;
}

std::uint64_t req_id(const Value& obj, const char* name, const std::string& where) {
    const Value* v = field(obj, name);
    if (!v) fail(where + "." + name, "missing");
    auto id = snowflake_of(*v);
    if (!id || *id == 0) fail(where + "." + name, "not a snowflake (string or unsigned integer)");
    return *id;
}

std::uint64_t opt_id(const Value& obj, const char* name, const std::string& where) {
    return field(obj, name) ? req_id(obj, name, where) : 0;
}

std::string opt_str(const Value& obj, const char* name, const std::string& where,
                    std::string fallback = "") {
    const Value* v = field(obj, name);
    if (!v) return fallback;
    if (!v->IsString()) fail(where + "." + name, "must be a string");
    return {v->GetString(), v->GetStringLength()};
}

int opt_int(const Value& obj, const char* name, const std::string& where, int fallback) {
    const Value* v = field(obj, name);
    if (!v) return fallback;
    if (!v->IsInt()) fail(where + "." + name, "must be an integer");
    return v->GetInt();
}

bool opt_bool(const Value& obj, const char* name, const std::string& where, bool fallback) {
    const Value* v = field(obj, name);
    if (!v) return fallback;
    if (!v->IsBool()) fail(where + "." + name, "must be true or false");
    return v->GetBool();
}

const Value& array_of(const Value& obj, const char* name, const std::string& where) {
    static const Value empty(rapidjson::kArrayType);
    const Value* v = field(obj, name);
    if (!v) return empty;
    if (!v->IsArray()) fail(where + "." + name, "must be an array");
    return *v;
}

std::string at(const std::string& where, const char* name, rapidjson::SizeType i) {
    return where + (where.empty() ? "" : ".") + name + "[" + std::to_string(i) + "]";
}

void require_object(const Value& v, const std::string& where) {
    if (!v.IsObject()) fail(where, "must be an object");
}

// A permission set: a decimal string, as Discord sends it, or an unsigned integer.
std::uint64_t opt_permissions(const Value& obj, const char* name, const std::string& where,
                              std::uint64_t fallback) {
    const Value* v = field(obj, name);
    if (!v) return fallback;
    if (v->IsUint64()) return v->GetUint64();
    std::optional<std::uint64_t> bits;
    if (v->IsString()) bits = parse_permissions({v->GetString(), v->GetStringLength()});
    if (!bits) fail(where + "." + name, "must be a decimal string or an unsigned integer");
    return *bits;
}

// `permission_overwrites: [{id, type: 0 role | 1 member, allow, deny}]`; a role overwrite
// names a role of the guild (or the guild itself: @everyone).
std::vector<PermissionOverwrite> load_overwrites(const Value& channel, const std::string& where,
                                                 std::uint64_t guild_id,
                                                 const std::set<std::uint64_t>& role_ids) {
    std::vector<PermissionOverwrite> out;
    const Value& arr = array_of(channel, "permission_overwrites", where);
    for (rapidjson::SizeType i = 0; i < arr.Size(); ++i) {
        const std::string ow = at(where, "permission_overwrites", i);
        require_object(arr[i], ow);
        PermissionOverwrite o;
        o.id = req_id(arr[i], "id", ow);
        const int type = opt_int(arr[i], "type", ow, 0);
        if (type != 0 && type != 1) fail(ow + ".type", "must be 0 (role) or 1 (member)");
        o.type = type == 0 ? OverwriteType::role : OverwriteType::member;
        if (o.type == OverwriteType::role && o.id != guild_id && !role_ids.count(o.id))
            fail(ow + ".id", "unknown role " + std::to_string(o.id));
        o.allow = opt_permissions(arr[i], "allow", ow, 0);
        o.deny = opt_permissions(arr[i], "deny", ow, 0);
        out.push_back(o);
    }
    return out;
}

void load_users(World& w, const Value& root) {
    const Value& arr = array_of(root, "users", "");
    std::set<std::string> tokens;
    for (rapidjson::SizeType i = 0; i < arr.Size(); ++i) {
        const std::string where = at("", "users", i);
        require_object(arr[i], where);
        User u;
        u.id = req_id(arr[i], "id", where);
        u.username = opt_str(arr[i], "username", where);
        if (u.username.empty()) fail(where + ".username", "missing");
        u.global_name = opt_str(arr[i], "global_name", where);
        u.avatar = opt_str(arr[i], "avatar", where);
        u.bio = opt_str(arr[i], "bio", where);
        u.token = opt_str(arr[i], "token", where);
        u.status = opt_str(arr[i], "status", where, "online");
        if (const Value* b = field(arr[i], "bot")) {
            if (!b->IsBool()) fail(where + ".bot", "must be a boolean");
            u.bot = b->GetBool();
        }
        if (!u.token.empty() && !tokens.insert(u.token).second)
            fail(where + ".token", "duplicate token");
        if (w.users.count(u.id)) fail(where + ".id", "duplicate user id");
        w.ids.observe(u.id);
        w.users[u.id] = u;
    }
}

std::uint64_t known_user(World& w, const Value& obj, const char* name, const std::string& where) {
    const std::uint64_t id = req_id(obj, name, where);
    if (!w.user(id)) fail(where + "." + name, "unknown user " + std::to_string(id));
    return id;
}

void load_relationships(World& w, const Value& root) {
    const Value& arr = array_of(root, "relationships", "");
    for (rapidjson::SizeType i = 0; i < arr.Size(); ++i) {
        const std::string where = at("", "relationships", i);
        require_object(arr[i], where);
        Relationship r;
        const std::uint64_t owner = known_user(w, arr[i], "user_id", where);
        r.user_id = known_user(w, arr[i], "target_id", where);
        r.type = opt_int(arr[i], "type", where, 1);
        if (r.type < 1 || r.type > 5) fail(where + ".type", "must be 1..5");
        r.nickname = opt_str(arr[i], "nickname", where);
        w.relationships[owner].push_back(r);
    }
}

void load_guild_settings(World& w, const Value& root) {
    const Value& arr = array_of(root, "user_guild_settings", "");
    for (rapidjson::SizeType i = 0; i < arr.Size(); ++i) {
        const std::string where = at("", "user_guild_settings", i);
        require_object(arr[i], where);
        GuildSettings g;
        const std::uint64_t user = known_user(w, arr[i], "user_id", where);
        g.guild_id = req_id(arr[i], "guild_id", where);
        if (!w.guilds.count(g.guild_id)) fail(where + ".guild_id", "unknown guild");
        g.muted = opt_bool(arr[i], "muted", where, false);
        const Value& channels = array_of(arr[i], "muted_channels", where);
        for (rapidjson::SizeType c = 0; c < channels.Size(); ++c) {
            const std::string cw = at(where, "muted_channels", c);
            const auto id = snowflake_of(channels[c]);
            if (!id) fail(cw, "not a snowflake (string or unsigned integer)");
            auto ch = w.channels.find(*id);
            if (ch == w.channels.end() || ch->second.guild_id != g.guild_id)
                fail(cw, "not a channel of that guild");
            g.muted_channels.push_back(*id);
        }
        w.guild_settings[user].push_back(std::move(g));
    }
}

void add_channel(World& w, Channel c, const std::string& where) {
    if (w.channels.count(c.id)) fail(where + ".id", "duplicate channel id");
    w.ids.observe(c.id);
    w.channels[c.id] = std::move(c);
}

void load_guilds(World& w, const Value& root) {
    const Value& arr = array_of(root, "guilds", "");
    for (rapidjson::SizeType i = 0; i < arr.Size(); ++i) {
        const std::string where = at("", "guilds", i);
        require_object(arr[i], where);
        Guild g;
        g.id = req_id(arr[i], "id", where);
        if (w.guilds.count(g.id)) fail(where + ".id", "duplicate guild id");
        g.name = opt_str(arr[i], "name", where, "guild");
        g.owner_id = opt_id(arr[i], "owner_id", where);
        w.ids.observe(g.id);
        std::set<std::uint64_t> role_ids;
        const Value& roles = array_of(arr[i], "roles", where);
        for (rapidjson::SizeType r = 0; r < roles.Size(); ++r) {
            const std::string rw = at(where, "roles", r);
            require_object(roles[r], rw);
            Role role;
            role.id = req_id(roles[r], "id", rw);
            if (role.id == g.id) {
                // @everyone is always there; an entry with its id only sets its permissions.
                g.everyone_permissions =
                    opt_permissions(roles[r], "permissions", rw, permission::kDefaultEveryone);
                continue;
            }
            if (!role_ids.insert(role.id).second) fail(rw + ".id", "duplicate role id");
            role.name = opt_str(roles[r], "name", rw, "role");
            role.permissions = opt_str(roles[r], "permissions", rw, "0");
            if (!parse_permissions(role.permissions))
                fail(rw + ".permissions", "must be a decimal string");
            role.position = opt_int(roles[r], "position", rw, static_cast<int>(r) + 1);
            role.hoist = opt_bool(roles[r], "hoist", rw, false);
            w.ids.observe(role.id);
            g.roles.push_back(role);
        }
        const Value& members = array_of(arr[i], "members", where);
        for (rapidjson::SizeType m = 0; m < members.Size(); ++m) {
            const std::string mw = at(where, "members", m);
            require_object(members[m], mw);
            Member mem;
            mem.user_id = known_user(w, members[m], "user_id", mw);
            mem.nick = opt_str(members[m], "nick", mw);
            const Value& mroles = array_of(members[m], "roles", mw);
            for (rapidjson::SizeType r = 0; r < mroles.Size(); ++r) {
                auto id = snowflake_of(mroles[r]);
                const std::string rw = at(mw, "roles", r);
                if (!id) fail(rw, "not a snowflake");
                if (!role_ids.count(*id)) fail(rw, "unknown role " + std::to_string(*id));
                mem.roles.push_back(*id);
            }
            g.members.push_back(mem);
        }
        if (!g.owner_id && !g.members.empty()) g.owner_id = g.members.front().user_id;
        const Value& emojis = array_of(arr[i], "emojis", where);
        for (rapidjson::SizeType e = 0; e < emojis.Size(); ++e) {
            const std::string ew = at(where, "emojis", e);
            require_object(emojis[e], ew);
            CustomEmoji emoji;
            emoji.id = req_id(emojis[e], "id", ew);
            emoji.name = opt_str(emojis[e], "name", ew, "emoji");
            emoji.animated = opt_bool(emojis[e], "animated", ew, false);
            emoji.available = opt_bool(emojis[e], "available", ew, true);
            const Value& eroles = array_of(emojis[e], "roles", ew);
            for (rapidjson::SizeType r = 0; r < eroles.Size(); ++r) {
                auto id = snowflake_of(eroles[r]);
                if (!id || !role_ids.count(*id))
                    fail(at(ew, "roles", r), "not a role of the guild");
                emoji.roles.push_back(*id);
            }
            w.ids.observe(emoji.id);
            g.emojis.push_back(std::move(emoji));
        }
        const Value& chans = array_of(arr[i], "channels", where);
        for (rapidjson::SizeType c = 0; c < chans.Size(); ++c) {
            const std::string cw = at(where, "channels", c);
            require_object(chans[c], cw);
            Channel ch;
            ch.id = req_id(chans[c], "id", cw);
            ch.type = opt_int(chans[c], "type", cw, kGuildText);
            if (ch.type == kDm || ch.type == kGroupDm)
                fail(cw + ".type", "DMs belong in private_channels");
            ch.guild_id = g.id;
            ch.name = opt_str(chans[c], "name", cw, "channel");
            ch.topic = opt_str(chans[c], "topic", cw);
            ch.position = opt_int(chans[c], "position", cw, static_cast<int>(c));
            ch.parent_id = opt_id(chans[c], "parent_id", cw);
            if (is_thread(ch.type)) fail(cw + ".type", "threads belong in the guild's threads");
            ch.permission_overwrites = load_overwrites(chans[c], cw, g.id, role_ids);
            g.channel_ids.push_back(ch.id);
            add_channel(w, ch, cw);
        }
        const Value& threads = array_of(arr[i], "threads", where);
        for (rapidjson::SizeType t = 0; t < threads.Size(); ++t) {
            const std::string tw = at(where, "threads", t);
            require_object(threads[t], tw);
            Channel th;
            th.id = req_id(threads[t], "id", tw);
            th.type = opt_int(threads[t], "type", tw, kPublicThread);
            if (!is_thread(th.type)) fail(tw + ".type", "must be 10, 11 or 12");
            th.guild_id = g.id;
            th.name = opt_str(threads[t], "name", tw, "thread");
            th.parent_id = req_id(threads[t], "parent_id", tw);
            if (std::find(g.channel_ids.begin(), g.channel_ids.end(), th.parent_id) ==
                g.channel_ids.end())
                fail(tw + ".parent_id", "not a channel of this guild");
            th.owner_id = opt_id(threads[t], "owner_id", tw);
            if (!th.owner_id) th.owner_id = g.owner_id;
            const Value& joined = array_of(threads[t], "members", tw);
            for (rapidjson::SizeType m = 0; m < joined.Size(); ++m) {
                auto id = snowflake_of(joined[m]);
                const std::string jw = at(tw, "members", m);
                if (!id || !w.users.count(*id)) fail(jw, "not a known user");
                th.thread_members.push_back(*id);
            }
            g.thread_ids.push_back(th.id);
            add_channel(w, th, tw);
        }
        w.guilds[g.id] = std::move(g);
    }
}

void load_private_channels(World& w, const Value& root) {
    const Value& arr = array_of(root, "private_channels", "");
    for (rapidjson::SizeType i = 0; i < arr.Size(); ++i) {
        const std::string where = at("", "private_channels", i);
        require_object(arr[i], where);
        Channel ch;
        ch.id = req_id(arr[i], "id", where);
        ch.type = opt_int(arr[i], "type", where, kDm);
        if (ch.type != kDm && ch.type != kGroupDm)
            fail(where + ".type", "must be 1 (DM) or 3 (group DM)");
        ch.name = opt_str(arr[i], "name", where);
        const Value& rec = array_of(arr[i], "recipients", where);
        for (rapidjson::SizeType r = 0; r < rec.Size(); ++r) {
            auto id = snowflake_of(rec[r]);
            const std::string rw = at(where, "recipients", r);
            if (!id) fail(rw, "not a snowflake");
            if (!w.user(*id)) fail(rw, "unknown user " + std::to_string(*id));
            ch.recipients.push_back(*id);
        }
        if (ch.type == kDm && ch.recipients.size() != 2)
            fail(where + ".recipients", "a DM has exactly 2 recipients");
        ch.owner_id = opt_id(arr[i], "owner_id", where);
        if (!ch.owner_id && !ch.recipients.empty()) ch.owner_id = ch.recipients.front();
        add_channel(w, ch, where);
    }
}

void load_messages(World& w, const Value& root) {
    const Value& arr = array_of(root, "messages", "");
    // Ids first, so generated ids for the rest land after every seeded one.
    for (rapidjson::SizeType i = 0; i < arr.Size(); ++i)
        if (arr[i].IsObject()) w.ids.observe(opt_id(arr[i], "id", at("", "messages", i)));
    for (rapidjson::SizeType i = 0; i < arr.Size(); ++i) {
        const std::string where = at("", "messages", i);
        require_object(arr[i], where);
        Message m;
        m.id = opt_id(arr[i], "id", where);
        if (!m.id) m.id = w.ids.next();
        m.channel_id = req_id(arr[i], "channel_id", where);
        Channel* ch = w.channel(m.channel_id);
        if (!ch) fail(where + ".channel_id", "unknown channel " + std::to_string(m.channel_id));
        m.author_id = known_user(w, arr[i], "author_id", where);
        m.content = opt_str(arr[i], "content", where);
        if (w.message(m.channel_id, m.id)) fail(where + ".id", "duplicate message id");
        if (m.id > ch->last_message_id) ch->last_message_id = m.id;
        w.messages[m.channel_id][m.id] = m;
    }
}

}  // namespace

void load_seed(World& world, std::string_view json) {
    rapidjson::Document doc;
    doc.Parse(json.data(), json.size());
    if (doc.HasParseError()) {
        throw SeedError("seed is not JSON (offset " + std::to_string(doc.GetErrorOffset()) +
                        "): " + rapidjson::GetParseError_En(doc.GetParseError()));
    }
    if (!doc.IsObject()) throw SeedError("seed: top level must be an object");
    // Before any id is made: a test that compares ids or times fixes the clock.
    if (const Value* fixed = field(doc, "fixed_clock_ms")) {
        if (!fixed->IsUint64()) fail("fixed_clock_ms", "must be an unsigned integer (unix ms)");
        world.ids.fix_clock(fixed->GetUint64());
    }
    load_users(world, doc);
    world.application_id = opt_id(doc, "application_id", "");
    if (!world.application_id) {
        for (const auto& [id, u] : world.users)
            if (u.bot) {
                world.application_id = id;  // Discord: a bot's id is its application's id
                break;
            }
    }
    if (!world.application_id) world.application_id = world.ids.next();
    if (const Value* t = field(doc, "large_threshold")) {
        if (!t->IsUint64()) fail("large_threshold", "must be a non-negative integer");
        world.large_threshold = t->GetUint64();
    }
    load_relationships(world, doc);
    load_guilds(world, doc);
    load_private_channels(world, doc);
    load_guild_settings(world, doc);
    load_messages(world, doc);
}

void load_seed_file(World& world, const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw SeedError(path + ": cannot open");
    std::ostringstream ss;
    ss << in.rdbuf();
    load_seed(world, ss.str());
}

}  // namespace cordgate::tests::emulator
