#include <core/channel_permissions.hpp>
#include <core/state.hpp>

#include <algorithm>

namespace cordgate::core::permissions {

std::uint64_t bits(const std::string& decimal) {
    if (decimal.empty()) return 0;
    std::uint64_t v = 0;
    for (char c : decimal) {
        if (c < '0' || c > '9') return 0;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return v;
}

std::uint64_t base(const Guild& guild, Snowflake user, const std::vector<Snowflake>& roles) {
    if (guild.owner_id && *guild.owner_id == user) return kAll;
    std::uint64_t perms = 0;
    if (auto everyone = guild.roles.find(guild.id); everyone != guild.roles.end()) {
        perms = bits(everyone->second.permissions);
    }
    for (Snowflake id : roles) {
        if (auto role = guild.roles.find(id); role != guild.roles.end()) {
            perms |= bits(role->second.permissions);
        }
    }
    return (perms & kAdministrator) ? kAll : perms;
}

std::uint64_t in_channel(const Guild& guild, Snowflake user, const std::vector<Snowflake>& roles,
                         const std::vector<DiscordOverwrite>& overwrites) {
    std::uint64_t perms = base(guild, user, roles);
    if (perms & kAdministrator) return kAll;
    auto find = [&](Snowflake id, int type) {
        return std::find_if(overwrites.begin(), overwrites.end(), [&](const DiscordOverwrite& o) {
            return o.id == id && o.type == type;
        });
    };
    if (auto everyone = find(guild.id, DiscordOverwrite::kRole); everyone != overwrites.end()) {
        perms &= ~bits(everyone->deny);
        perms |= bits(everyone->allow);
    }
    std::uint64_t allow = 0;
    std::uint64_t deny = 0;
    for (Snowflake id : roles) {
        // A deleted role's overwrite may outlive it in a channel the session has not heard of
        // again; Discord drops both.
        if (!guild.roles.count(id)) continue;
        if (auto o = find(id, DiscordOverwrite::kRole); o != overwrites.end()) {
            allow |= bits(o->allow);
            deny |= bits(o->deny);
        }
    }
    perms &= ~deny;
    perms |= allow;
    if (auto own = find(user, DiscordOverwrite::kMember); own != overwrites.end()) {
        perms &= ~bits(own->deny);
        perms |= bits(own->allow);
    }
    if (!(perms & kViewChannel)) return 0;
    if (!(perms & kSendMessages)) {
        perms &= ~(kSendTts | kMentionEveryone | kEmbedLinks | kAttachFiles);
    }
    return perms;
}

std::optional<std::uint64_t> of(const Session& session, const Room& room, Snowflake user) {
    if (!room.guild_id || !room.overwrites) return std::nullopt;
    auto guild = session.guilds.find(*room.guild_id);
    if (guild == session.guilds.end() || guild->second.roles.empty()) return std::nullopt;
    auto member = guild->second.members.find(user);
    if (member == guild->second.members.end()) return std::nullopt;
    return in_channel(guild->second, user, member->second.roles, *room.overwrites);
}

bool user_can(const Session& session, const Room& room, std::uint64_t permission) {
    if (!session.self) return true;
    auto perms = of(session, room, session.self->id);
    return !perms || (*perms & permission) == permission;
}

}  // namespace cordgate::core::permissions
