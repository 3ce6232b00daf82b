#include <adapters/discord/member_list.hpp>

#include <algorithm>
#include <cstring>
#include <vector>

namespace cordgate::adapters::discord {
namespace {

constexpr std::uint64_t kViewChannel = 1ULL << 10;

// Permission sets are decimal strings (numbers in old payloads); the low 64 bits hold
// VIEW_CHANNEL, and wrapping arithmetic keeps exactly them.
std::uint64_t permission_bits(const Json* v) {
    if (!v) return 0;
    if (v->IsUint64()) return v->GetUint64();
    if (!v->IsString()) return 0;
    std::uint64_t bits = 0;
    for (const char* c = v->GetString(); *c; ++c) {
        if (*c < '0' || *c > '9') return 0;
        bits = bits * 10 + static_cast<std::uint64_t>(*c - '0');
    }
    return bits;
}

std::uint32_t rotl(std::uint32_t x, int r) {
    return (x << r) | (x >> (32 - r));
}

std::string child_path(std::string_view path, std::string_view key) {
    std::string out(path);
    if (!out.empty()) out += '.';
    out += key;
    return out;
}

// The presence of a list member: status, and the custom status (the state of activity type 4).
void read_presence(const Json& p, const std::string& path, core::DiscordListMember& out) {
    if (!p.IsObject()) throw MalformedPayload(path + ": expected an object");
    out.status = opt_string(p, "status", path);
    if (const Json* acts = member(p, "activities"); acts && acts->IsArray()) {
        for (const auto& a : acts->GetArray()) {
            if (a.IsObject() && opt_integer(a, "type", path + ".activities") == 4) {
                out.custom_status = opt_string(a, "state", path + ".activities");
                break;
            }
        }
    }
}

core::DiscordListItem item(const Json& j, const std::string& path) {
    if (!j.IsObject()) throw MalformedPayload(path + ": expected an object");
    core::DiscordListItem out;
    if (const Json* g = member(j, "group")) {
        if (!g->IsObject()) throw MalformedPayload(path + ".group: expected an object");
        out.group = string(*g, "id", path + ".group");
        return out;
    }
    const Json& m = require(j, "member", path);
    core::DiscordListMember lm;
    lm.member = guild_member(m, path + ".member");
    if (const Json* p = member(m, "presence")) read_presence(*p, path + ".member.presence", lm);
    out.member = std::move(lm);
    return out;
}

std::pair<int, int> range(const Json& op, const std::string& path) {
    const Json& r = require(op, "range", path);
    if (!r.IsArray() || r.Size() != 2 || !r[0].IsInt() || !r[1].IsInt()) {
        throw MalformedPayload(path + ".range: expected [first, last]");
    }
    return {r[0].GetInt(), r[1].GetInt()};
}

int index(const Json& op, const std::string& path) {
    const Json& i = require(op, "index", path);
    if (!i.IsInt()) throw MalformedPayload(path + ".index: expected an integer");
    return i.GetInt();
}

core::DiscordListOp list_op(const Json& j, const std::string& path) {
    if (!j.IsObject()) throw MalformedPayload(path + ": expected an object");
    const std::string name = string(j, "op", path);
    core::DiscordListOp op;
    if (name == "SYNC" || name == "INVALIDATE") {
        op.op = name == "SYNC" ? core::MemberListOpKind::sync : core::MemberListOpKind::invalidate;
        auto [first, last] = range(j, path);
        op.first = first;
        op.last = last;
        if (op.op == core::MemberListOpKind::sync) {
            const Json* items = member(j, "items");
            if (items && !items->IsArray())
                throw MalformedPayload(path + ".items: expected an array");
            if (items) {
                std::size_t i = 0;
                for (const auto& it : items->GetArray()) {
                    op.items.push_back(item(it, path + ".items[" + std::to_string(i++) + "]"));
                }
            }
        }
        return op;
    }
    if (name == "INSERT" || name == "UPDATE") {
        op.op = name == "INSERT" ? core::MemberListOpKind::insert : core::MemberListOpKind::update;
        op.index = index(j, path);
        op.items.push_back(item(require(j, "item", path), path + ".item"));
        return op;
    }
    if (name == "DELETE") {
        op.op = core::MemberListOpKind::remove;
        op.index = index(j, path);
        return op;
    }
    throw MalformedPayload(path + ".op: unknown operation \"" + name + "\"");
}

}  // namespace

std::uint32_t murmur3_32(std::string_view key) {
    constexpr std::uint32_t c1 = 0xcc9e2d51;
    constexpr std::uint32_t c2 = 0x1b873593;
    std::uint32_t h = 0;
    const std::size_t blocks = key.size() / 4;
    for (std::size_t i = 0; i < blocks; ++i) {
        std::uint32_t k = 0;
        for (int b = 3; b >= 0; --b) {
            k = (k << 8) | static_cast<unsigned char>(key[i * 4 + static_cast<std::size_t>(b)]);
        }
        k = rotl(k * c1, 15) * c2;
        h ^= k;
        h = rotl(h, 13) * 5 + 0xe6546b64;
    }
    std::uint32_t k = 0;
    const std::size_t tail = blocks * 4;
    switch (key.size() & 3) {
        case 3:
            k ^= static_cast<std::uint32_t>(static_cast<unsigned char>(key[tail + 2])) << 16;
            [[fallthrough]];
        case 2:
            k ^= static_cast<std::uint32_t>(static_cast<unsigned char>(key[tail + 1])) << 8;
            [[fallthrough]];
        case 1:
            k ^= static_cast<unsigned char>(key[tail]);
            k = rotl(k * c1, 15) * c2;
            h ^= k;
    }
    h ^= static_cast<std::uint32_t>(key.size());
    h ^= h >> 16;
    h *= 0x85ebca6b;
    h ^= h >> 13;
    h *= 0xc2b2ae35;
    h ^= h >> 16;
    return h;
}

bool can_view(const Json& permissions) {
    return (permission_bits(&permissions) & kViewChannel) != 0;
}

std::string member_list_id(const Json& channel, bool everyone_can_view) {
    const Json* overwrites = member(channel, "permission_overwrites");
    std::vector<std::string> parts;
    bool everyone = everyone_can_view;
    if (overwrites && overwrites->IsArray()) {
        for (const auto& o : overwrites->GetArray()) {
            if (!o.IsObject()) continue;
            const Json* id = member(o, "id");
            if (!id || !id->IsString()) continue;
            const std::uint64_t allow = permission_bits(member(o, "allow"));
            const std::uint64_t deny = permission_bits(member(o, "deny"));
            if (deny & kViewChannel) everyone = false;
            if (allow & kViewChannel) {
                parts.push_back(std::string("allow:") + id->GetString());
            } else if (deny & kViewChannel) {
                parts.push_back(std::string("deny:") + id->GetString());
            }
        }
    }
    if (everyone) return "everyone";
    std::sort(parts.begin(), parts.end());
    std::string joined;
    for (const auto& p : parts) {
        if (!joined.empty()) joined += ',';
        joined += p;
    }
    return std::to_string(murmur3_32(joined));
}

core::DiscordMemberListUpdate member_list_update(const Json& d) {
    core::DiscordMemberListUpdate u;
    u.guild_id = snowflake(d, "guild_id", "");
    u.list_id = string(d, "id", "");
    u.member_count = static_cast<int>(opt_integer(d, "member_count", "").value_or(0));
    u.online_count = static_cast<int>(opt_integer(d, "online_count", "").value_or(0));
    const Json* ops = member(d, "ops");
    if (ops && !ops->IsArray()) throw MalformedPayload("ops: expected an array");
    if (ops) {
        std::size_t i = 0;
        for (const auto& op : ops->GetArray()) {
            u.ops.push_back(list_op(op, child_path("", "ops[" + std::to_string(i++) + "]")));
        }
    }
    return u;
}

}  // namespace cordgate::adapters::discord
