#include <adapters/discord/activities.hpp>
#include <adapters/discord/json_read.hpp>
#include <adapters/discord/member_list.hpp>

namespace cordgate::adapters::discord {
namespace {

[[noreturn]] void fail(std::string_view path, std::string_view key, std::string_view what) {
    std::string where(path);
    if (!key.empty()) {
        if (!where.empty()) where += '.';
        where += key;
    }
    throw MalformedPayload(where + ": " + std::string(what));
}

std::string indexed(std::string_view path, std::string_view key, std::size_t i) {
    std::string out(path);
    if (!out.empty()) out += '.';
    out += key;
    out += '[' + std::to_string(i) + ']';
    return out;
}

// A member shown to people only: another type than text is as good as absent.
std::optional<std::string> lenient_string(const Json& obj, std::string_view key) {
    const Json* v = obj.IsObject() ? member(obj, key) : nullptr;
    if (!v || !v->IsString()) return std::nullopt;
    return std::string(v->GetString(), v->GetStringLength());
}

std::optional<std::int64_t> lenient_integer(const Json& obj, std::string_view key) {
    const Json* v = obj.IsObject() ? member(obj, key) : nullptr;
    if (!v || !v->IsInt64()) return std::nullopt;
    return v->GetInt64();
}

std::string child(std::string_view path, std::string_view key) {
    std::string out(path);
    if (!out.empty()) out += '.';
    out += key;
    return out;
}

const Json& require_object(const Json& j, std::string_view path) {
    if (!j.IsObject()) fail(path, "", "expected an object");
    return j;
}

// The items of the array under `key` (none when it is absent or null), each read by `read`.
// Without `skipped` a bad item fails the whole list; with it, for lists of independent entries,
// a bad item is named there and left out.
template <class F>
auto each(const Json& obj, std::string_view key, std::string_view path, F&& read,
          Skipped* skipped = nullptr) {
    std::vector<decltype(read(obj, std::string()))> out;
    const Json* arr = member(obj, key);
    if (!arr) return out;
    if (!arr->IsArray()) fail(path, key, "expected an array");
    out.reserve(arr->Size());
    std::size_t i = 0;
    for (const auto& item : arr->GetArray()) {
        if (!skipped) {
            out.push_back(read(item, indexed(path, key, i)));
        } else {
            try {
                out.push_back(read(item, indexed(path, key, i)));
            } catch (const MalformedPayload& e) {
                skipped->push_back(e.what());
            }
        }
        ++i;
    }
    return out;
}

// The user an object names: its `user` object, or, in a deduplicated READY, its `id_key`
// looked up in `users`.
core::DiscordUser referenced_user(const Json& j, std::string_view path, std::string_view id_key,
                                  const UserTable* users) {
    if (member(j, "user") || !users) return user(require(j, "user", path), child(path, "user"));
    const core::Snowflake id = snowflake(j, id_key, path);
    auto it = users->find(id);
    if (it == users->end()) fail(path, id_key, "not in READY's users");
    return it->second;
}

}  // namespace

const Json* member(const Json& obj, std::string_view key) {
    if (!obj.IsObject()) return nullptr;
    auto it = obj.FindMember(rapidjson::Value(
        rapidjson::StringRef(key.data(), static_cast<rapidjson::SizeType>(key.size()))));
    if (it == obj.MemberEnd() || it->value.IsNull()) return nullptr;
    return &it->value;
}

const Json& require(const Json& obj, std::string_view key, std::string_view path) {
    const Json* v = member(obj, key);
    if (!v) fail(path, key, "missing");
    return *v;
}

std::optional<core::Snowflake> opt_snowflake(const Json& obj, std::string_view key,
                                             std::string_view path) {
    const Json* v = member(obj, key);
    if (!v) return std::nullopt;
    if (v->IsUint64()) return core::Snowflake{v->GetUint64()};
    if (!v->IsString()) fail(path, key, "expected a snowflake");
    auto parsed = core::Snowflake::parse(std::string_view(v->GetString(), v->GetStringLength()));
    if (!parsed) fail(path, key, "not a snowflake (1-20 decimal digits)");
    return parsed;
}

core::Snowflake snowflake(const Json& obj, std::string_view key, std::string_view path) {
    auto v = opt_snowflake(obj, key, path);
    if (!v) fail(path, key, "missing");
    return *v;
}

std::optional<std::string> opt_string(const Json& obj, std::string_view key,
                                      std::string_view path) {
    const Json* v = member(obj, key);
    if (!v) return std::nullopt;
    if (!v->IsString()) fail(path, key, "expected a string");
    return std::string(v->GetString(), v->GetStringLength());
}

std::string string(const Json& obj, std::string_view key, std::string_view path) {
    auto v = opt_string(obj, key, path);
    if (!v) fail(path, key, "missing");
    return std::move(*v);
}

std::optional<std::int64_t> opt_integer(const Json& obj, std::string_view key,
                                        std::string_view path) {
    const Json* v = member(obj, key);
    if (!v) return std::nullopt;
    if (!v->IsInt64()) fail(path, key, "expected an integer");
    return v->GetInt64();
}

std::int64_t integer(const Json& obj, std::string_view key, std::string_view path) {
    auto v = opt_integer(obj, key, path);
    if (!v) fail(path, key, "missing");
    return *v;
}

core::DiscordUser user(const Json& j, std::string_view path) {
    require_object(j, path);
    core::DiscordUser u;
    u.id = snowflake(j, "id", path);
    u.username = string(j, "username", path);
    u.global_name = opt_string(j, "global_name", path);
    u.avatar = opt_string(j, "avatar", path);
    if (const Json* bot = member(j, "bot")) u.bot = bot->IsBool() && bot->GetBool();
    return u;
}

namespace {

// A permission set: a decimal string since API v8, a number in older payloads.
std::string permission_set(const Json& j, std::string_view key, std::string_view path) {
    if (const Json* p = member(j, key); p && p->IsUint64()) return std::to_string(p->GetUint64());
    return opt_string(j, key, path).value_or("0");
}

core::DiscordOverwrite overwrite(const Json& j, const std::string& path) {
    require_object(j, path);
    core::DiscordOverwrite o;
    o.id = snowflake(j, "id", path);
    // A string ("role"/"member") in API v6 and older, a number since.
    if (const Json* t = member(j, "type"); t && t->IsString()) {
        o.type = std::string_view(t->GetString(), t->GetStringLength()) == "member"
                     ? core::DiscordOverwrite::kMember
                     : core::DiscordOverwrite::kRole;
    } else {
        o.type = static_cast<int>(integer(j, "type", path));
    }
    o.allow = permission_set(j, "allow", path);
    o.deny = permission_set(j, "deny", path);
    return o;
}

}  // namespace

core::DiscordChannel channel(const Json& j, std::string_view path, const UserTable* users) {
    require_object(j, path);
    core::DiscordChannel c;
    c.id = snowflake(j, "id", path);
    c.type = static_cast<int>(integer(j, "type", path));
    c.name = opt_string(j, "name", path);
    c.guild_id = opt_snowflake(j, "guild_id", path);
    if (users && !member(j, "recipients")) {
        const Json* ids = member(j, "recipient_ids");
        if (ids && !ids->IsArray()) fail(path, "recipient_ids", "expected an array");
        if (ids) {
            std::size_t i = 0;
            for (const auto& id : ids->GetArray()) {
                const std::string where = indexed(path, "recipient_ids", i++);
                if (!id.IsString()) fail(where, "", "expected a snowflake");
                auto sf =
                    core::Snowflake::parse(std::string_view(id.GetString(), id.GetStringLength()));
                if (!sf) fail(where, "", "not a snowflake (1-20 decimal digits)");
                auto it = users->find(*sf);
                if (it == users->end()) fail(where, "", "not in READY's users");
                c.recipients.push_back(it->second);
            }
        }
    } else {
        c.recipients = each(j, "recipients", path,
                            [](const Json& item, const std::string& p) { return user(item, p); });
    }
    c.topic = opt_string(j, "topic", path);
    c.parent_id = opt_snowflake(j, "parent_id", path);
    if (auto position = opt_integer(j, "position", path)) c.position = static_cast<int>(*position);
    c.owner_id = opt_snowflake(j, "owner_id", path);
    c.last_message_id = opt_snowflake(j, "last_message_id", path);
    // Guilds whose @everyone cannot view channels recompute this (guild() below).
    if (c.is_text_room()) c.member_list_id = member_list_id(j, true);
    if (member(j, "permission_overwrites")) {
        // One odd overwrite leaves the channel's permissions unknown (the core then allows
        // everything, as before overwrites were read) rather than costing the channel or guild.
        try {
            c.permission_overwrites = each(j, "permission_overwrites", path, overwrite);
        } catch (const MalformedPayload&) {
            c.permission_overwrites.reset();
        }
    }
    return c;
}

core::DiscordRole role(const Json& j, std::string_view path) {
    require_object(j, path);
    core::DiscordRole r;
    r.id = snowflake(j, "id", path);
    r.name = string(j, "name", path);
    r.permissions = permission_set(j, "permissions", path);
    return r;
}

core::DiscordMember guild_member(const Json& j, std::string_view path, const UserTable* users) {
    require_object(j, path);
    core::DiscordMember m;
    m.user = referenced_user(j, path, "user_id", users);
    m.nick = opt_string(j, "nick", path);
    const Json* roles = member(j, "roles");
    if (roles) {
        if (!roles->IsArray()) fail(path, "roles", "expected an array");
        std::size_t i = 0;
        for (const auto& r : roles->GetArray()) {
            const std::string where = indexed(path, "roles", i++);
            if (r.IsUint64()) {
                m.roles.push_back(core::Snowflake{r.GetUint64()});
                continue;
            }
            if (!r.IsString()) fail(where, "", "expected a snowflake");
            auto id = core::Snowflake::parse(std::string_view(r.GetString(), r.GetStringLength()));
            if (!id) fail(where, "", "not a snowflake (1-20 decimal digits)");
            m.roles.push_back(*id);
        }
    }
    return m;
}

core::DiscordGuild guild(const Json& j, std::string_view path) {
    require_object(j, path);
    core::DiscordGuild g;
    g.id = snowflake(j, "id", path);
    // An unavailable guild (outage, or a bot READY) has no name yet.
    const Json* properties = member(j, "properties");
    if (properties && !properties->IsObject()) fail(path, "properties", "expected an object");
    const Json& own = properties ? *properties : j;
    const std::string own_path = properties ? child(path, "properties") : std::string(path);
    g.name = opt_string(own, "name", own_path).value_or("");
    g.channels = each(j, "channels", path,
                      [](const Json& item, const std::string& p) { return channel(item, p); });
    // Channels inside a guild object omit guild_id; the core needs it to tell rooms apart.
    for (auto& c : g.channels)
        if (!c.guild_id) c.guild_id = g.id;
    g.owner_id = opt_snowflake(own, "owner_id", own_path);
    // Absent (an unavailable guild) stays absent: "no roles known" is not "no roles".
    if (member(j, "roles")) {
        g.roles = each(j, "roles", path,
                       [](const Json& item, const std::string& p) { return role(item, p); });
        // @everyone (the role whose id is the guild's) without VIEW_CHANNEL: no channel's
        // sidebar is "everyone".
        for (const auto& r : member(j, "roles")->GetArray()) {
            if (opt_snowflake(r, "id", path) != g.id) continue;
            const Json* perms = member(r, "permissions");
            const Json* listed = member(j, "channels");
            if (perms && !can_view(*perms) && listed) {
                const auto& arr = listed->GetArray();
                for (std::size_t i = 0; i < g.channels.size() && i < arr.Size(); ++i) {
                    if (g.channels[i].is_text_room()) {
                        g.channels[i].member_list_id =
                            member_list_id(arr[static_cast<rapidjson::SizeType>(i)], false);
                    }
                }
            }
        }
    }
    if (member(j, "members")) {
        g.members = each(j, "members", path, [](const Json& item, const std::string& p) {
            return guild_member(item, p);
        });
    }
    if (member(j, "threads")) {
        g.threads = each(j, "threads", path,
                         [](const Json& item, const std::string& p) { return channel(item, p); });
        for (auto& t : *g.threads)
            if (!t.guild_id) t.guild_id = g.id;
    }
    if (member(j, "emojis")) g.emojis = guild_emojis(j, path);
    return g;
}

core::DiscordRelationship relationship(const Json& j, std::string_view path,
                                       const UserTable* users) {
    require_object(j, path);
    core::DiscordRelationship r;
    r.type = static_cast<int>(integer(j, "type", path));
    r.nickname = opt_string(j, "nickname", path);
    r.user = referenced_user(j, path, "user_id", users);
    return r;
}

core::DiscordPresenceUpdate presence(const Json& j, std::string_view path) {
    require_object(j, path);
    core::DiscordPresenceUpdate p;
    if (const Json* u = member(j, "user")) {
        p.user_id = snowflake(require_object(*u, child(path, "user")), "id", child(path, "user"));
        // Usually only the id; with a username it is the user who changed their profile.
        if (member(*u, "username")) p.user = user(*u, child(path, "user"));
    } else
        p.user_id = snowflake(j, "user_id", path);
    p.guild_id = opt_snowflake(j, "guild_id", path);
    p.status = string(j, "status", path);
    if (const Json* acts = member(j, "activities"); acts && acts->IsArray()) {
        const std::string at = child(path, "activities");
        std::vector<ActivityFields> fields;
        bool custom_seen = false;
        for (const auto& a : acts->GetArray()) {
            ActivityFields f;
            f.type = lenient_integer(a, "type");
            if (f.type == 4 && !custom_seen) {
                // The custom status is the status text: its state must be text or absent.
                custom_seen = true;
                f.state = opt_string(a, "state", at);
            } else {
                f.state = lenient_string(a, "state");
            }
            // Only shown: a value of another type is as good as absent.
            f.name = lenient_string(a, "name");
            f.details = lenient_string(a, "details");
            if (const Json* e = member(a, "emoji"); e && e->IsObject()) {
                f.emoji_name = lenient_string(*e, "name");
                f.emoji_has_id = member(*e, "id") != nullptr;
            }
            fields.push_back(std::move(f));
        }
        take_activities(fields, p);
    }
    return p;
}

core::DiscordAttachment attachment(const Json& j, std::string_view path) {
    require_object(j, path);
    core::DiscordAttachment a;
    a.id = snowflake(j, "id", path);
    a.filename = string(j, "filename", path);
    a.url = string(j, "url", path);
    a.content_type = opt_string(j, "content_type", path);
    auto size = opt_integer(j, "size", path).value_or(0);
    a.size = size < 0 ? 0 : static_cast<std::uint64_t>(size);
    return a;
}

core::DiscordGuildEmoji guild_emoji(const Json& j, std::string_view path) {
    require_object(j, path);
    core::DiscordGuildEmoji e;
    e.id = snowflake(j, "id", path);
    e.name = string(j, "name", path);  // null once deleted: such an emoji is left out
    auto flag = [&](std::string_view key, bool absent) {
        const Json* v = member(j, key);
        if (!v) return absent;
        if (!v->IsBool()) fail(path, key, "expected a boolean");
        return v->GetBool();
    };
    e.animated = flag("animated", false);
    e.available = flag("available", true);
    e.roles = snowflakes(j, "roles", path);
    return e;
}

std::vector<core::DiscordGuildEmoji> guild_emojis(const Json& obj, std::string_view path) {
    // One odd emoji (a deleted one has a null name) costs only itself, not the guild.
    Skipped odd;
    return each(
        obj, "emojis", path,
        [](const Json& item, const std::string& p) { return guild_emoji(item, p); }, &odd);
}

core::DiscordEmoji emoji(const Json& j, std::string_view path) {
    require_object(j, path);
    core::DiscordEmoji e;
    e.id = opt_snowflake(j, "id", path);
    if (auto name = opt_string(j, "name", path)) {
        e.name = std::move(*name);
    } else if (e.id) {
        // A custom emoji that was deleted has no name any more. Discord finds custom emoji by
        // id, so "_:<id>" still names it in REST calls.
        e.name = "_";
    } else {
        fail(path, "name", "missing");
    }
    return e;
}

std::vector<core::Snowflake> snowflakes(const Json& obj, std::string_view key,
                                        std::string_view path) {
    return each(obj, key, path, [](const Json& item, const std::string& p) {
        if (item.IsUint64()) return core::Snowflake{item.GetUint64()};
        if (!item.IsString()) fail(p, "", "expected a snowflake");
        auto id =
            core::Snowflake::parse(std::string_view(item.GetString(), item.GetStringLength()));
        if (!id) fail(p, "", "not a snowflake (1-20 decimal digits)");
        return *id;
    });
}

std::vector<core::DiscordAttachment> attachments(const Json& obj, std::string_view path) {
    return each(obj, "attachments", path,
                [](const Json& item, const std::string& p) { return attachment(item, p); });
}

std::vector<core::DiscordChannel> channels(const Json& obj, std::string_view key,
                                           std::string_view path, Skipped* skipped,
                                           const UserTable* users) {
    return each(
        obj, key, path,
        [users](const Json& item, const std::string& p) { return channel(item, p, users); },
        skipped);
}

std::vector<core::DiscordUser> users(const Json& obj, std::string_view key, std::string_view path) {
    return each(obj, key, path,
                [](const Json& item, const std::string& p) { return user(item, p); });
}

std::vector<core::DiscordGuild> guilds(const Json& obj, std::string_view path, Skipped* skipped) {
    return each(
        obj, "guilds", path, [](const Json& item, const std::string& p) { return guild(item, p); },
        skipped);
}

std::vector<core::DiscordReadState> read_state_entries(const Json& read_state, Skipped* skipped) {
    std::vector<core::DiscordReadState> out;
    const Json* rs = &read_state;
    // VERSIONED_READ_STATES: {entries, partial, version}; without it a plain array.
    const Json* list = rs;
    std::string path = "read_state";
    if (rs->IsObject()) {
        list = member(*rs, "entries");
        path = "read_state.entries";
        if (!list) return out;
    }
    if (!list->IsArray()) fail(path, "", "expected an array");
    std::size_t i = 0;
    for (const auto& item : list->GetArray()) {
        const std::string at = path + "[" + std::to_string(i++) + "]";
        try {
            require_object(item, at);
            // Other kinds of read state (read_state_type other than 0, CHANNEL) name no channel.
            if (opt_integer(item, "read_state_type", at).value_or(0) != 0) continue;
            auto last = opt_snowflake(item, "last_message_id", at);
            if (!last || last->value == 0) continue;  // nothing read there yet
            out.push_back(core::DiscordReadState{snowflake(item, "id", at), *last});
        } catch (const MalformedPayload& e) {
            if (!skipped) throw;
            skipped->push_back(e.what());
        }
    }
    return out;
}

std::vector<core::DiscordRelationship> relationships(const Json& obj, std::string_view path,
                                                     Skipped* skipped, const UserTable* users) {
    return each(
        obj, "relationships", path,
        [users](const Json& item, const std::string& p) { return relationship(item, p, users); },
        skipped);
}

std::vector<core::DiscordMember> guild_members(const Json& arr, std::string_view path,
                                               Skipped* skipped, const UserTable* users) {
    std::vector<core::DiscordMember> out;
    if (!arr.IsArray()) fail(path, "", "expected an array");
    std::size_t i = 0;
    for (const auto& item : arr.GetArray()) {
        const std::string where = std::string(path) + '[' + std::to_string(i++) + ']';
        try {
            out.push_back(guild_member(item, where, users));
        } catch (const MalformedPayload& e) {
            if (!skipped) throw;
            skipped->push_back(e.what());
        }
    }
    return out;
}

}  // namespace cordgate::adapters::discord
