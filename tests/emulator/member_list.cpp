#include <tests/emulator/json_out.hpp>
#include <tests/emulator/member_list.hpp>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <string_view>
#include <tuple>

namespace cordgate::tests::emulator {
namespace {

bool shows_online(const User& u) {
    return u.status != "offline" && u.status != "invisible";
}

std::string lowered(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string shown_name(const Member& m, const User& u) {
    if (!m.nick.empty()) return m.nick;
    if (!u.global_name.empty()) return u.global_name;
    return u.username;
}

// The hoisted role a member is listed under: their highest one (0: none).
const Role* hoisted_role(const Guild& g, const Member& m) {
    const Role* best = nullptr;
    for (const Role& r : g.roles) {
        if (!r.hoist || std::find(m.roles.begin(), m.roles.end(), r.id) == m.roles.end()) continue;
        if (!best || std::tie(r.position, best->id) > std::tie(best->position, r.id)) best = &r;
    }
    return best;
}

std::string group_item(const std::string& id, std::int64_t count) {
    JsonOut j;
    j.obj().key("group").obj().kv("id", id).kn("count", count).end().end();
    return j.take();
}

// The guild member object with its `presence` (gateway-events.mdx: members in the list carry
// one; pages/resources/guild.mdx footnote 6 of the member object).
std::string member_item(const World& world, const Guild& g, const Member& m, const User& u) {
    JsonOut member;
    world.write_member(member, g, m, true);
    std::string text = member.take();
    text.pop_back();  // the closing brace: presence goes inside
    JsonOut p;
    p.obj().key("user").obj().ks("id", u.id).end();
    const bool online = shows_online(u);
    p.kv("status", online ? u.status : "offline")
        .key("activities")
        .raw(online ? u.activities_json : "[]");
    p.key("client_status").obj();
    if (online) p.kv("desktop", u.status);
    p.end().end();
    return "{\"member\":" + text + ",\"presence\":" + p.take() + "}}";
}

// MurmurHash3 x86_32 with seed 0, the hash the official client names member lists with.
std::uint32_t murmur3_x86_32(std::string_view key) {
    const auto mix = [](std::uint32_t k) {
        k *= 0xcc9e2d51;
        k = (k << 15) | (k >> 17);
        return k * 0x1b873593;
    };
    std::uint32_t h = 0;
    std::size_t at = 0;
    for (; at + 4 <= key.size(); at += 4) {
        std::uint32_t k = 0;
        std::memcpy(&k, key.data() + at, 4);  // little-endian hosts, as Debian's amd64
        h ^= mix(k);
        h = ((h << 13) | (h >> 19)) * 5 + 0xe6546b64;
    }
    std::uint32_t tail = 0;
    for (std::size_t i = key.size(); i > at; --i)
        tail = (tail << 8) | static_cast<unsigned char>(key[i - 1]);
    if (at < key.size()) h ^= mix(tail);
    h ^= static_cast<std::uint32_t>(key.size());
    h ^= h >> 16;
    h *= 0x85ebca6b;
    h ^= h >> 13;
    h *= 0xc2b2ae35;
    return h ^ (h >> 16);
}

}  // namespace

std::string member_list_id(const World& world, const Guild& guild, const Channel& channel) {
    const Channel* rules = &channel;
    if (is_thread(channel.type))
        if (auto parent = world.channels.find(channel.parent_id); parent != world.channels.end())
            rules = &parent->second;
    bool everyone = (guild.everyone_permissions & permission::kViewChannel) != 0;
    std::vector<std::string> parts;
    for (const PermissionOverwrite& o : rules->permission_overwrites) {
        if (o.deny & permission::kViewChannel) everyone = false;
        if (o.allow & permission::kViewChannel) {
            parts.push_back("allow:" + std::to_string(o.id));
        } else if (o.deny & permission::kViewChannel) {
            parts.push_back("deny:" + std::to_string(o.id));
        }
    }
    if (everyone) return "everyone";
    std::sort(parts.begin(), parts.end());
    std::string key;
    for (const std::string& part : parts) key += (key.empty() ? "" : ",") + part;
    return std::to_string(murmur3_x86_32(key));
}

MemberList build_member_list(const World& world, const Guild& guild, const Channel& channel) {
    struct Entry {
        std::string group;
        std::string sort_name;
        const Member* member;
        const User* user;
    };
    std::vector<Entry> entries;
    MemberList list;
    list.id = member_list_id(world, guild, channel);
    for (const Member& m : guild.members) {
        auto u = world.users.find(m.user_id);
        if (u == world.users.end() || !world.can_see(m.user_id, channel)) continue;
        ++list.member_count;
        std::string group = "offline";
        if (shows_online(u->second)) {
            ++list.online_count;
            const Role* r = hoisted_role(guild, m);
            group = r ? std::to_string(r->id) : "online";
        }
        entries.push_back({group, lowered(shown_name(m, u->second)), &m, &u->second});
    }
    // Groups in list order: hoisted roles by position, highest first (ties: lower id first).
    std::vector<const Role*> hoisted;
    for (const Role& r : guild.roles)
        if (r.hoist) hoisted.push_back(&r);
    std::sort(hoisted.begin(), hoisted.end(), [](const Role* a, const Role* b) {
        return std::tie(b->position, a->id) < std::tie(a->position, b->id);
    });
    std::vector<std::string> order;
    for (const Role* r : hoisted) order.push_back(std::to_string(r->id));
    order.push_back("online");
    order.push_back("offline");
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return std::tie(a.sort_name, a.user->id) < std::tie(b.sort_name, b.user->id);
    });
    for (const std::string& group : order) {
        std::int64_t count = 0;
        for (const Entry& e : entries) count += e.group == group;
        if (count == 0) continue;
        list.groups.emplace_back(group, count);
        list.items.push_back({0, group, group_item(group, count)});
        for (const Entry& e : entries)
            if (e.group == group)
                list.items.push_back(
                    {e.user->id, group, member_item(world, guild, *e.member, *e.user)});
    }
    return list;
}

std::vector<MemberListItem> held_items(const MemberList& list,
                                       const std::vector<ListRange>& ranges) {
    std::int64_t last = -1;
    for (const auto& [first, end] : ranges) last = std::max(last, end);
    const auto n = std::min<std::int64_t>(last + 1, static_cast<std::int64_t>(list.items.size()));
    return {list.items.begin(), list.items.begin() + std::max<std::int64_t>(n, 0)};
}

ListOp sync_op(const MemberList& list, ListRange range) {
    ListOp op;
    op.kind = ListOpKind::kSync;
    op.range = range;
    const auto size = static_cast<std::int64_t>(list.items.size());
    for (std::int64_t i = std::max<std::int64_t>(range.first, 0); i <= range.second && i < size;
         ++i)
        op.items.push_back(list.items[static_cast<std::size_t>(i)]);
    return op;
}

std::vector<ListOp> diff_member_list(const std::vector<MemberListItem>& before,
                                     const std::vector<MemberListItem>& after) {
    const auto same = [](const MemberListItem& a, const MemberListItem& b) {
        return a.user_id == b.user_id && (a.user_id != 0 || a.group == b.group);
    };
    const std::size_t n = before.size(), m = after.size();
    // lcs[i][j]: the longest common subsequence of before[i..] and after[j..].
    std::vector<std::vector<std::size_t>> lcs(n + 1, std::vector<std::size_t>(m + 1, 0));
    for (std::size_t i = n; i-- > 0;)
        for (std::size_t j = m; j-- > 0;)
            lcs[i][j] = same(before[i], after[j]) ? lcs[i + 1][j + 1] + 1
                                                  : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    std::vector<ListOp> ops;
    std::size_t i = 0, j = 0;
    std::int64_t index = 0;  // where the next op applies in the list being transformed
    while (i < n || j < m) {
        if (i < n && j < m && same(before[i], after[j])) {
            if (before[i].json != after[j].json)
                ops.push_back({ListOpKind::kUpdate, index, {0, 0}, {after[j]}});
            ++i, ++j, ++index;
        } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
            ops.push_back({ListOpKind::kDelete, index, {0, 0}, {}});
            ++i;
        } else {
            ops.push_back({ListOpKind::kInsert, index, {0, 0}, {after[j]}});
            ++j, ++index;
        }
    }
    return ops;
}

std::string member_list_update_json(std::uint64_t guild_id, const MemberList& list,
                                    const std::vector<ListOp>& ops) {
    JsonOut j;
    j.obj().ks("guild_id", guild_id).kv("id", list.id);
    j.kn("member_count", list.member_count).kn("online_count", list.online_count);
    j.key("groups").arr();
    for (const auto& [id, count] : list.groups) j.obj().kv("id", id).kn("count", count).end();
    j.end_arr().key("ops").arr();
    for (const ListOp& op : ops) {
        j.obj();
        switch (op.kind) {
            case ListOpKind::kSync:
                j.kv("op", "SYNC").key("range").arr().num(op.range.first).num(op.range.second);
                j.end_arr().key("items").arr();
                for (const auto& item : op.items) j.raw(item.json);
                j.end_arr();
                break;
            case ListOpKind::kInsert:
                j.kv("op", "INSERT").kn("index", op.index).key("item").raw(op.items.at(0).json);
                break;
            case ListOpKind::kUpdate:
                j.kv("op", "UPDATE").kn("index", op.index).key("item").raw(op.items.at(0).json);
                break;
            case ListOpKind::kDelete:
                j.kv("op", "DELETE").kn("index", op.index);
                break;
        }
        j.end();
    }
    j.end_arr().end();
    return j.take();
}

}  // namespace cordgate::tests::emulator
