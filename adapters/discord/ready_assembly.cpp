#include <adapters/discord/ready_assembly.hpp>

#include <algorithm>

namespace cordgate::adapters::discord {
namespace {

constexpr std::int64_t kDedupeUserObjects = 1 << 4;
constexpr std::int64_t kPrioritizedReadyPayload = 1 << 5;

// READY's user and its `users` (absent in the legacy shape): what `user_id` and
// `recipient_ids` name.
UserTable user_table(const Json& d, const core::DiscordUser& self, Skipped& skipped) {
    UserTable table;
    const Json* arr = member(d, "users");
    if (arr && !arr->IsArray()) throw MalformedPayload("users: expected an array");
    if (arr) {
        std::size_t i = 0;
        for (const auto& item : arr->GetArray()) {
            const std::string path = "users[" + std::to_string(i++) + "]";
            try {
                core::DiscordUser u = user(item, path);
                table.insert_or_assign(u.id, std::move(u));
            } catch (const MalformedPayload& e) {
                skipped.push_back(e.what());
            }
        }
    }
    table.insert_or_assign(self.id, self);
    return table;
}

// The id of each of READY's guilds in order, 0 where a guild has none that reads: the index
// is what `merged_members` and `merged_presences.guilds` are aligned on.
std::vector<core::Snowflake> guild_ids_in_order(const Json& d) {
    std::vector<core::Snowflake> out;
    const Json* arr = member(d, "guilds");
    if (!arr || !arr->IsArray()) return out;
    for (const auto& g : arr->GetArray()) {
        std::optional<core::Snowflake> id;
        try {
            if (g.IsObject()) id = opt_snowflake(g, "id", "");
        } catch (const MalformedPayload&) {
        }
        out.push_back(id.value_or(core::Snowflake{}));
    }
    return out;
}

// Adds merged_members (one list per guild, in `guild_ids` order) to the guilds they belong to.
void merge_members(const Json& d, const std::vector<core::Snowflake>& guild_ids,
                   const UserTable& users, core::DiscordReady& r, Skipped& skipped) {
    const Json* merged = member(d, "merged_members");
    if (!merged || !r.guilds) return;
    if (!merged->IsArray()) {
        skipped.push_back("merged_members: expected an array");
        return;
    }
    std::size_t i = 0;
    for (const auto& list : merged->GetArray()) {
        const std::size_t index = i++;
        if (index >= guild_ids.size()) break;
        auto g = std::find_if(r.guilds->begin(), r.guilds->end(),
                              [&](const auto& x) { return x.id == guild_ids[index]; });
        if (g == r.guilds->end()) continue;  // a guild that did not read
        const std::string path = "merged_members[" + std::to_string(index) + "]";
        try {
            auto members = guild_members(list, path, &skipped, &users);
            if (!g->members) g->members.emplace();
            for (auto& m : members) g->members->push_back(std::move(m));
        } catch (const MalformedPayload& e) {
            skipped.push_back(e.what());
        }
    }
}

core::DiscordReady read_ready_with(const Json& d, Skipped& skipped, UserTable& users) {
    core::DiscordReady r;
    r.user = user(require(d, "user", ""), "user");
    if (auto premium = opt_integer(require(d, "user", ""), "premium_type", "user");
        premium && *premium > 0) {
        r.premium_type = static_cast<int>(*premium);
    }
    users = user_table(d, r.user, skipped);
    r.relationships = relationships(d, "", &skipped, &users);
    r.private_channels = channels(d, "private_channels", "", &skipped, &users);
    // Bot READYs list unavailable stubs only; user READYs carry full guilds.
    if (member(d, "guilds")) {
        r.guilds = guilds(d, "", &skipped);
        merge_members(d, guild_ids_in_order(d), users, r, skipped);
    }
    r.required_action = opt_string(d, "required_action", "");
    r.read_state = read_states(d, &skipped);
    return r;
}

}  // namespace

core::DiscordReady read_ready(const Json& d, Skipped& skipped) {
    UserTable users;
    return read_ready_with(d, skipped, users);
}

std::vector<core::EventPayload> merged_presences(const Json& merged,
                                                 const std::vector<core::Snowflake>& guild_ids,
                                                 Skipped& skipped) {
    std::vector<core::EventPayload> out;
    if (!merged.IsObject()) {
        skipped.push_back("merged_presences: expected an object");
        return out;
    }
    auto read_list = [&](const Json* list, const std::string& path,
                         std::optional<core::Snowflake> guild_id) {
        if (!list) return;
        if (!list->IsArray()) {
            skipped.push_back(path + ": expected an array");
            return;
        }
        std::size_t i = 0;
        for (const auto& item : list->GetArray()) {
            try {
                core::DiscordPresenceUpdate p =
                    presence(item, path + "[" + std::to_string(i) + "]");
                if (guild_id) p.guild_id = guild_id;
                out.emplace_back(std::move(p));
            } catch (const MalformedPayload& e) {
                skipped.push_back(e.what());
            }
            ++i;
        }
    };
    read_list(member(merged, "friends"), "merged_presences.friends", std::nullopt);
    if (const Json* guilds = member(merged, "guilds"); guilds && guilds->IsArray()) {
        std::size_t i = 0;
        for (const auto& list : guilds->GetArray()) {
            const std::size_t index = i++;
            if (index >= guild_ids.size() || guild_ids[index] == core::Snowflake{}) continue;
            read_list(&list, "merged_presences.guilds[" + std::to_string(index) + "]",
                      guild_ids[index]);
        }
    }
    return out;
}

bool ReadyAssembly::supplemental_follows(std::int64_t capabilities) {
    // PRIORITIZED_READY_PAYLOAD is ignored without DEDUPE_USER_OBJECTS (using-gateway.mdx,
    // "Gateway Capabilities", footnote 1).
    const std::int64_t both = kDedupeUserObjects | kPrioritizedReadyPayload;
    return (capabilities & both) == both;
}

std::vector<core::EventPayload> ReadyAssembly::on_ready(const Json& d, Skipped& skipped) {
    held_.reset();
    core::DiscordReady r = read_ready_with(d, skipped, users_);
    guild_ids_ = guild_ids_in_order(d);
    std::vector<core::EventPayload> out;
    if (supplemental_follows_) {
        held_ = std::move(r);
        return out;
    }
    out.emplace_back(std::move(r));
    // DEDUPE_USER_OBJECTS without PRIORITIZED_READY_PAYLOAD: the presences are in READY.
    if (const Json* merged = member(d, "merged_presences")) {
        auto presences = merged_presences(*merged, guild_ids_, skipped);
        for (auto& p : presences) out.push_back(std::move(p));
    }
    return out;
}

std::vector<core::EventPayload> ReadyAssembly::on_supplemental(const Json& d, Skipped& skipped) {
    std::vector<core::EventPayload> out;
    if (!held_) return out;
    merge_members(d, guild_ids_, users_, *held_, skipped);
    out.emplace_back(std::move(*held_));
    held_.reset();
    if (const Json* merged = member(d, "merged_presences")) {
        auto presences = merged_presences(*merged, guild_ids_, skipped);
        for (auto& p : presences) out.push_back(std::move(p));
    }
    return out;
}

}  // namespace cordgate::adapters::discord
