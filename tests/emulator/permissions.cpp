#include <tests/emulator/permissions.hpp>

#include <tests/emulator/snowflake.hpp>
#include <tests/emulator/world.hpp>

#include <algorithm>

namespace cordgate::tests::emulator {

std::optional<std::uint64_t> parse_permissions(std::string_view text) {
    return parse_snowflake(text);  // the same grammar: 1-20 decimal digits within 64 bits
}

std::uint64_t base_permissions(const Guild& g, const Member& member) {
    if (member.user_id == g.owner_id) return permission::kAll;
    std::uint64_t perms = g.everyone_permissions;
    for (std::uint64_t role_id : member.roles) {
        auto role = std::find_if(g.roles.begin(), g.roles.end(),
                                 [&](const Role& r) { return r.id == role_id; });
        if (role != g.roles.end()) perms |= parse_permissions(role->permissions).value_or(0);
    }
    if (perms & permission::kAdministrator) return permission::kAll;
    return perms;
}

std::uint64_t apply_overwrites(std::uint64_t base, const Guild& g, const Member& member,
                               const std::vector<PermissionOverwrite>& overwrites) {
    if (base & permission::kAdministrator) return permission::kAll;
    auto find = [&](OverwriteType type, std::uint64_t id) -> const PermissionOverwrite* {
        auto it = std::find_if(
            overwrites.begin(), overwrites.end(),
            [&](const PermissionOverwrite& o) { return o.type == type && o.id == id; });
        return it == overwrites.end() ? nullptr : &*it;
    };
    std::uint64_t perms = base;
    if (const PermissionOverwrite* everyone = find(OverwriteType::role, g.id)) {
        perms &= ~everyone->deny;
        perms |= everyone->allow;
    }
    // Roles do not obey their hierarchy here: one role's allow beats another's deny.
    std::uint64_t allow = 0;
    std::uint64_t deny = 0;
    for (std::uint64_t role_id : member.roles) {
        if (const PermissionOverwrite* o = find(OverwriteType::role, role_id)) {
            allow |= o->allow;
            deny |= o->deny;
        }
    }
    perms &= ~deny;
    perms |= allow;
    if (const PermissionOverwrite* own = find(OverwriteType::member, member.user_id)) {
        perms &= ~own->deny;
        perms |= own->allow;
    }
    return perms;
}

}  // namespace cordgate::tests::emulator
