#include <tests/emulator/operations.hpp>

#include <algorithm>
#include <iterator>

namespace cordgate::tests::emulator {

Emoji parse_emoji(const std::string& text) {
    Emoji e;
    std::string_view t = text;
    // Also tolerate the message-syntax forms `<:name:id>` and `<a:name:id>`.
    if (t.size() > 2 && t.front() == '<' && t.back() == '>') {
        t = t.substr(1, t.size() - 2);
        if (t.substr(0, 2) == "a:") t.remove_prefix(1);
        if (!t.empty() && t.front() == ':') t.remove_prefix(1);
    }
    const std::size_t colon = t.rfind(':');
    if (colon != std::string_view::npos) {
        if (auto id = parse_snowflake(t.substr(colon + 1))) {
            e.id = *id;
            e.name = std::string(t.substr(0, colon));
            return e;
        }
    }
    e.name = text;
    return e;
}

// The users a content names as <@id> or <@!id> (userdoccers resources/message.mdx, "Message
// Formatting" and "Allowed Mentions": without allowed_mentions, user mentions are parsed).
std::vector<std::uint64_t> user_mentions(std::string_view content) {
    std::vector<std::uint64_t> out;
    for (std::size_t at = content.find("<@"); at != std::string_view::npos;
         at = content.find("<@", at + 2)) {
        std::size_t from = at + 2;
        if (from < content.size() && content[from] == '!') ++from;
        const std::size_t close = content.find('>', from);
        if (close == std::string_view::npos) break;
        if (auto id = parse_snowflake(content.substr(from, close - from))) {
            if (std::find(out.begin(), out.end(), *id) == out.end()) out.push_back(*id);
        }
    }
    return out;
}

Channel& Operations::channel_for(std::uint64_t channel_id, std::uint64_t user_id) {
    Channel* ch = world_.channel(channel_id);
    if (!ch) throw ApiError(404, 10003, "Unknown Channel");
    if (user_id && !world_.can_see(user_id, *ch)) throw ApiError(403, 50001, "Missing Access");
    return *ch;
}

bool Operations::allowed(const Channel& ch, std::uint64_t user_id, std::uint64_t bits) const {
    return (world_.permissions(user_id, ch) & bits) == bits;
}

void Operations::require(const Channel& ch, std::uint64_t user_id, std::uint64_t bits) const {
    if (!allowed(ch, user_id, bits)) throw ApiError(403, 50013, "Missing Permissions");
}

Message& Operations::message_in(std::uint64_t channel_id, std::uint64_t message_id) {
    Message* m = world_.message(channel_id, message_id);
    if (!m) throw ApiError(404, 10008, "Unknown Message");
    return *m;
}

std::pair<const Message*, bool> Operations::create_message(NewMessage in) {
    Channel& ch = channel_for(in.channel_id, 0);
    if (!world_.user(in.author_id)) throw ApiError(404, 10013, "Unknown User");
    if (in.content.empty() && in.attachments.empty() && in.extra.empty() && in.type == 0)
        throw ApiError(400, 50006, "Cannot send an empty message");
    if (in.enforce_nonce && !in.nonce.empty()) {
        auto it = nonces_.find({in.channel_id, in.author_id, in.nonce});
        if (it != nonces_.end() && in.now_ms < it->second.at_ms + nonce_window_ms_) {
            if (const Message* prev = world_.message(in.channel_id, it->second.message_id))
                return {prev, false};
        }
    }
    Message m;
    m.id = world_.ids.next();
    m.channel_id = in.channel_id;
    m.author_id = in.author_id;
    m.content = std::move(in.content);
    for (auto uid : user_mentions(m.content)) {
        if (world_.users.count(uid)) m.mentions.push_back(uid);
    }
    m.nonce = in.nonce;
    m.attachments = std::move(in.attachments);
    m.type = in.type;
    m.extra = std::move(in.extra);
    for (auto& a : m.attachments) {
        a.id = world_.ids.next();
        if (a.data) a.size = a.data->size();
        a.url = world_.files.add(
            a.id, StoredFile{m.channel_id, a.filename, a.content_type, a.size, a.data},
            world_.ids.now_ms());
    }
    if (in.reference) {
        if (!in.reference->channel_id) in.reference->channel_id = in.channel_id;
        if (!world_.message(in.reference->channel_id, in.reference->message_id))
            throw ApiError(400, 50035, "Invalid Form Body: message_reference: Unknown message");
        in.reference->guild_id = ch.guild_id;
        m.reference = in.reference;
        if (m.type == 0) m.type = 19;
        // Discord mentions the replied-to author by default.
        const Message* ref = world_.message(in.reference->channel_id, in.reference->message_id);
        if (ref->author_id != m.author_id &&
            std::find(m.mentions.begin(), m.mentions.end(), ref->author_id) == m.mentions.end())
            m.mentions.push_back(ref->author_id);
    }
    if (in.enforce_nonce && !in.nonce.empty())
        nonces_[{in.channel_id, in.author_id, in.nonce}] = {m.id, in.now_ms};
    ch.last_message_id = m.id;
    // Ids only grow, so a new message goes at the end of its channel's history: no walk down
    // a tree that a flood has filled with hundreds of thousands of messages.
    auto& history = world_.messages[m.channel_id];
    const std::uint64_t id = m.id;
    const Message& stored = history.emplace_hint(history.end(), id, std::move(m))->second;
    gateway_.dispatch_message(ch, "MESSAGE_CREATE", stored);
    return {&stored, true};
}

const Message& Operations::edit_message(std::uint64_t channel_id, std::uint64_t message_id,
                                        std::uint64_t editor,
                                        const std::optional<std::string>& content) {
    Channel& ch = channel_for(channel_id, 0);
    Message& m = message_in(channel_id, message_id);
    if (editor && m.author_id != editor)
        throw ApiError(403, 50005, "Cannot edit a message authored by another user");
    if (content) m.content = *content;
    // Edits take the next tick of the same deterministic clock as ids.
    m.edited_ms = SnowflakeGenerator::timestamp_ms(world_.ids.next());
    gateway_.dispatch_message(ch, "MESSAGE_UPDATE", m);
    return m;
}

void Operations::delete_message(std::uint64_t channel_id, std::uint64_t message_id) {
    Channel& ch = channel_for(channel_id, 0);
    message_in(channel_id, message_id);
    world_.messages[channel_id].erase(message_id);
    JsonOut j;
    j.obj().ks("id", message_id).ks("channel_id", channel_id);
    if (ch.guild_id) j.ks("guild_id", ch.guild_id);
    j.end();
    gateway_.dispatch_channel(ch, "MESSAGE_DELETE", j.take());
}

void Operations::delete_messages(std::uint64_t channel_id,
                                 const std::vector<std::uint64_t>& message_ids) {
    Channel& ch = channel_for(channel_id, 0);
    for (std::uint64_t id : message_ids) message_in(channel_id, id);  // 404 before any change
    JsonOut j;
    j.obj().key("ids").arr();
    for (std::uint64_t id : message_ids) {
        world_.messages[channel_id].erase(id);
        j.snow(id);
    }
    j.end_arr().ks("channel_id", channel_id);
    if (ch.guild_id) j.ks("guild_id", ch.guild_id);
    j.end();
    gateway_.dispatch_channel(ch, "MESSAGE_DELETE_BULK", j.take());
}

void Operations::clear_reactions(std::uint64_t channel_id, std::uint64_t message_id,
                                 const std::optional<Emoji>& only) {
    Channel& ch = channel_for(channel_id, 0);
    Message& m = message_in(channel_id, message_id);
    JsonOut j;
    j.obj().ks("channel_id", channel_id).ks("message_id", message_id);
    if (ch.guild_id) j.ks("guild_id", ch.guild_id);
    if (!only) {
        m.reactions.clear();
        j.end();
        gateway_.dispatch_channel(ch, "MESSAGE_REACTION_REMOVE_ALL", j.take());
        return;
    }
    std::erase_if(m.reactions, [&](const Reaction& r) {
        return r.emoji_name == only->name && r.emoji_id == only->id;
    });
    j.key("emoji").obj().key("id").snow_or_null(only->id).kv("name", only->name).end();
    j.end();
    gateway_.dispatch_channel(ch, "MESSAGE_REACTION_REMOVE_EMOJI", j.take());
}

void Operations::write_reaction_event(JsonOut& j, const Channel& ch, const Message& m,
                                      std::uint64_t user_id, const Emoji& emoji, bool add) {
    j.obj().ks("user_id", user_id).ks("channel_id", ch.id).ks("message_id", m.id);
    if (ch.guild_id) j.ks("guild_id", ch.guild_id);
    j.key("emoji").obj().key("id").snow_or_null(emoji.id).kv("name", emoji.name).end();
    j.kb("burst", false).kn("type", 0);
    if (add) {
        j.ks("message_author_id", m.author_id).key("burst_colors").arr().end_arr();
        if (ch.guild_id) {
            if (const Member* mem = world_.member(ch.guild_id, user_id))
                world_.write_member(j.key("member"), world_.guilds.at(ch.guild_id), *mem, true);
        }
    }
    j.end();
}

void Operations::add_reaction(std::uint64_t channel_id, std::uint64_t message_id,
                              std::uint64_t user_id, const Emoji& emoji) {
    Channel& ch = channel_for(channel_id, 0);
    Message& m = message_in(channel_id, message_id);
    auto it = std::find_if(m.reactions.begin(), m.reactions.end(), [&](const Reaction& r) {
        return r.emoji_name == emoji.name && r.emoji_id == emoji.id;
    });
    if (it == m.reactions.end()) {
        m.reactions.push_back(Reaction{emoji.name, emoji.id, {}});
        it = std::prev(m.reactions.end());
    }
    if (std::find(it->users.begin(), it->users.end(), user_id) != it->users.end()) return;
    it->users.push_back(user_id);
    JsonOut j;
    write_reaction_event(j, ch, m, user_id, emoji, true);
    gateway_.dispatch_channel(ch, "MESSAGE_REACTION_ADD", j.take());
}

void Operations::remove_reaction(std::uint64_t channel_id, std::uint64_t message_id,
                                 std::uint64_t user_id, const Emoji& emoji) {
    Channel& ch = channel_for(channel_id, 0);
    Message& m = message_in(channel_id, message_id);
    auto it = std::find_if(m.reactions.begin(), m.reactions.end(), [&](const Reaction& r) {
        return r.emoji_name == emoji.name && r.emoji_id == emoji.id;
    });
    if (it == m.reactions.end()) return;
    auto u = std::find(it->users.begin(), it->users.end(), user_id);
    if (u == it->users.end()) return;
    it->users.erase(u);
    if (it->users.empty()) m.reactions.erase(it);
    JsonOut j;
    write_reaction_event(j, ch, m, user_id, emoji, false);
    gateway_.dispatch_channel(ch, "MESSAGE_REACTION_REMOVE", j.take());
}

void Operations::typing(std::uint64_t channel_id, std::uint64_t user_id,
                        std::uint64_t unix_seconds) {
    Channel& ch = channel_for(channel_id, 0);
    JsonOut j;
    j.obj().ks("channel_id", ch.id).ks("user_id", user_id);
    j.kn("timestamp", static_cast<std::int64_t>(unix_seconds));
    if (ch.guild_id) {
        j.ks("guild_id", ch.guild_id);
        if (const Member* mem = world_.member(ch.guild_id, user_id))
            world_.write_member(j.key("member"), world_.guilds.at(ch.guild_id), *mem, true);
    }
    j.end();
    gateway_.dispatch_channel(ch, "TYPING_START", j.take());
}

void Operations::set_member(std::uint64_t guild_id, std::uint64_t user_id, const std::string& nick,
                            const std::vector<std::uint64_t>& roles) {
    auto git = world_.guilds.find(guild_id);
    if (git == world_.guilds.end()) throw ApiError(404, 10004, "Unknown Guild");
    Guild& g = git->second;
    if (!world_.user(user_id)) throw ApiError(404, 10013, "Unknown User");
    for (auto r : roles) {
        const bool known = std::any_of(g.roles.begin(), g.roles.end(),
                                       [&](const Role& role) { return role.id == r; });
        if (!known) throw ApiError(404, 10011, "Unknown Role");
    }
    auto it = std::find_if(g.members.begin(), g.members.end(),
                           [&](const Member& m) { return m.user_id == user_id; });
    const bool joined = it == g.members.end();
    if (joined) {
        Member m;
        m.user_id = user_id;
        m.nick = nick;
        m.roles = roles;
        g.members.push_back(std::move(m));
        it = std::prev(g.members.end());
    } else {
        it->nick = nick;
        it->roles = roles;
    }
    // GUILD_MEMBER_ADD/UPDATE: the member object (with its user) plus guild_id.
    JsonOut member;
    world_.write_member(member, g, *it, true);
    std::string d = member.take();
    d.pop_back();  // the closing brace: guild_id goes inside
    d += ",\"guild_id\":\"" + std::to_string(g.id) + "\"}";
    gateway_.dispatch_member_event(g, joined ? "GUILD_MEMBER_ADD" : "GUILD_MEMBER_UPDATE", d,
                                   user_id);
    gateway_.refresh_member_lists(g);
}

void Operations::remove_member(std::uint64_t guild_id, std::uint64_t user_id) {
    auto git = world_.guilds.find(guild_id);
    if (git == world_.guilds.end()) throw ApiError(404, 10004, "Unknown Guild");
    Guild& g = git->second;
    auto it = std::find_if(g.members.begin(), g.members.end(),
                           [&](const Member& m) { return m.user_id == user_id; });
    if (it == g.members.end()) throw ApiError(404, 10007, "Unknown Member");
    g.members.erase(it);
    const User* u = world_.user(user_id);
    JsonOut j;
    j.obj().ks("guild_id", g.id);
    if (u) world_.write_user(j.key("user"), *u);
    j.end();
    gateway_.dispatch_member_event(g, "GUILD_MEMBER_REMOVE", j.take(), user_id);
    gateway_.forget_guild(user_id, g.id);
    gateway_.refresh_member_lists(g);
    // The one who left (or was kicked) sees the guild go: an unavailable guild object without
    // `unavailable` (discord-api-docs, Guild Delete).
    JsonOut gone;
    gone.obj().ks("id", g.id).end();
    gateway_.dispatch_user(user_id, "GUILD_DELETE", gone.take());
}

void Operations::presence(std::uint64_t user_id, const std::string& status,
                          const std::string& activities_json, bool full_user) {
    User* u = world_.user(user_id);
    if (!u) throw ApiError(404, 10013, "Unknown User");
    u->status = status;
    u->activities_json = activities_json.empty() ? "[]" : activities_json;
    for (auto gid : world_.guilds_of(user_id)) {
        JsonOut j;
        world_.write_presence(j, *u, gid, full_user);
        const Guild& g = world_.guilds.at(gid);
        gateway_.dispatch_presence(g, user_id, j.take());
        gateway_.refresh_member_lists(g);
    }
    // User accounts also hear about friends outside any shared guild.
    JsonOut j;
    world_.write_presence(j, *u, 0, full_user);
    const std::string d = j.take();
    for (const auto& [owner, rels] : world_.relationships) {
        const User* o = world_.user(owner);
        if (!o || o->bot) continue;
        for (const auto& r : rels)
            if (r.user_id == user_id && r.type == 1)
                gateway_.dispatch_user(owner, "PRESENCE_UPDATE", d);
    }
}

void Operations::add_relationship(std::uint64_t owner, std::uint64_t target, int type,
                                  const std::string& nickname) {
    if (!world_.user(owner) || !world_.user(target)) throw ApiError(404, 10013, "Unknown User");
    auto& rels = world_.relationships[owner];
    auto it = std::find_if(rels.begin(), rels.end(),
                           [&](const Relationship& r) { return r.user_id == target; });
    // The same type again changes only the nickname: RELATIONSHIP_UPDATE {id, type, nickname},
    // without the user object (discord.js-selfbot-v13's handler reads no more).
    if (it != rels.end() && it->type == type) {
        it->nickname = nickname;
        JsonOut j;
        j.obj().ks("id", target).kn("type", type).key("nickname").str_or_null(nickname).end();
        gateway_.dispatch_user(owner, "RELATIONSHIP_UPDATE", j.take());
        return;
    }
    if (it == rels.end()) it = rels.insert(rels.end(), Relationship{target, type, nickname});
    it->type = type;
    it->nickname = nickname;
    JsonOut j;
    world_.write_relationship(j, *it);
    gateway_.dispatch_user(owner, "RELATIONSHIP_ADD", j.take());
}

void Operations::remove_relationship(std::uint64_t owner, std::uint64_t target) {
    auto& rels = world_.relationships[owner];
    auto it = std::find_if(rels.begin(), rels.end(),
                           [&](const Relationship& r) { return r.user_id == target; });
    if (it == rels.end()) throw ApiError(404, 10013, "Unknown Relationship");
    const int type = it->type;
    rels.erase(it);
    JsonOut j;
    j.obj().ks("id", target).kn("type", type).end();
    gateway_.dispatch_user(owner, "RELATIONSHIP_REMOVE", j.take());
}

namespace {
const Relationship* find_relationship(World& world, std::uint64_t owner, std::uint64_t target) {
    auto it = world.relationships.find(owner);
    if (it == world.relationships.end()) return nullptr;
    for (const auto& r : it->second)
        if (r.user_id == target) return &r;
    return nullptr;
}
}  // namespace

void Operations::put_relationship(std::uint64_t me, std::uint64_t target, std::optional<int> type) {
    if (me == target) throw ApiError(400, 80004, "You cannot send a friend request to yourself");
    User* other = world_.user(target);
    if (!world_.user(me) || !other) throw ApiError(404, 10013, "Unknown User");
    const Relationship* mine = find_relationship(world_, me, target);
    const Relationship* theirs = find_relationship(world_, target, me);
    if (type == 2) {
        if (theirs && theirs->type != 2) remove_relationship(target, me);
        add_relationship(me, target, 2, "");
        return;
    }
    if (type && *type != 1) throw ApiError(400, 50035, "Invalid Form Body: type");
    if (other->bot) throw ApiError(400, 80002, "You cannot send friend requests to bots");
    if (theirs && theirs->type == 2) throw ApiError(400, 80001, "Friend request blocked");
    if (mine && mine->type == 1) return;  // friends already
    if (mine && mine->type == 3) {
        add_relationship(me, target, 1, "");
        add_relationship(target, me, 1, "");
        return;
    }
    if (mine && mine->type == 4) return;  // asked already
    add_relationship(me, target, 4, "");
    add_relationship(target, me, 3, "");
}

void Operations::delete_relationship(std::uint64_t me, std::uint64_t target) {
    const Relationship* mine = find_relationship(world_, me, target);
    if (!mine) throw ApiError(404, 10013, "Unknown Relationship");
    const int type = mine->type;
    remove_relationship(me, target);
    const Relationship* theirs = find_relationship(world_, target, me);
    if (type != 2 && theirs && theirs->type != 2) remove_relationship(target, me);
}

const Channel& Operations::update_channel(std::uint64_t channel_id,
                                          const std::optional<std::string>& name,
                                          const std::optional<std::string>& topic) {
    Channel& ch = channel_for(channel_id, 0);
    if (ch.type == kDm) throw ApiError(400, 50024, "Cannot execute action on this channel type");
    if (name) ch.name = *name;
    if (topic) ch.topic = *topic;
    // A guild channel looks the same to every viewer; only DMs depend on who looks.
    gateway_.dispatch_channel(ch, "CHANNEL_UPDATE", world_.channel_json(ch, 0));
    return ch;
}

void Operations::ack(std::uint64_t channel_id, std::uint64_t message_id, std::uint64_t user_id) {
    channel_for(channel_id, 0);
    JsonOut j;
    j.obj().ks("channel_id", channel_id).ks("message_id", message_id).kn("version", 1);
    j.kn("ack_type", 0).kn("mention_count", 0).kn("flags", 0).end();
    gateway_.dispatch_user(user_id, "MESSAGE_ACK", j.take());
}

const Channel& Operations::open_dm(std::uint64_t user_id, std::uint64_t recipient_id) {
    if (!world_.user(recipient_id)) throw ApiError(404, 10013, "Unknown User");
    const std::size_t before = world_.channels.size();
    Channel& ch = world_.open_dm(user_id, recipient_id);
    if (world_.channels.size() != before) {
        for (auto uid : ch.recipients)
            gateway_.dispatch_user(uid, "CHANNEL_CREATE", world_.channel_json(ch, uid));
    }
    return ch;
}

}  // namespace cordgate::tests::emulator
