#include <adapters/discord/ready_assembly.hpp>

#include <algorithm>

namespace cordgate::adapters::discord {
namespace {

constexpr std::int64_t kDedupeUserObjects = 1 << 4;
constexpr std::int64_t kPrioritizedReadyPayload = 1 << 5;

// Reads each item of the list `key` with `read`; an item that does not read is named in
// `skipped` and left out.
template <class Read>
void each_entry(const ReadySource& d, std::string_view key, Skipped& skipped, Read&& read) {
    d.each_item(key, [&](const Json& item, std::size_t i) {
        try {
            read(item, std::string(key) + "[" + std::to_string(i) + "]");
        } catch (const MalformedPayload& e) {
            skipped.push_back(e.what());
        }
    });
}

// READY's user and its `users` (absent in the legacy shape): what `user_id` and
// `recipient_ids` name.
UserTable user_table(const ReadySource& d, const core::DiscordUser& self, Skipped& skipped) {
    UserTable table;
    each_entry(d, "users", skipped, [&](const Json& item, const std::string& path) {
        core::DiscordUser u = user(item, path);
        table.insert_or_assign(u.id, std::move(u));
    });
    table.insert_or_assign(self.id, self);
    return table;
}

// The guilds that read, and the id of each of READY's guilds in order, 0 where a guild has none
// that reads: the index is what `merged_members` and `merged_presences.guilds` are aligned on.
void read_guilds(const ReadySource& d, core::DiscordReady& r,
                 std::vector<core::Snowflake>& guild_ids, Skipped& skipped) {
    guild_ids.clear();
    r.guilds.emplace();
    d.each_item("guilds", [&](const Json& g, std::size_t i) {
        std::optional<core::Snowflake> id;
        try {
            if (g.IsObject()) id = opt_snowflake(g, "id", "");
        } catch (const MalformedPayload&) {
        }
        guild_ids.push_back(id.value_or(core::Snowflake{}));
        try {
            r.guilds->push_back(guild(g, "guilds[" + std::to_string(i) + "]"));
        } catch (const MalformedPayload& e) {
            skipped.push_back(e.what());
        }
    });
}

// Adds merged_members (one list per guild, in `guild_ids` order) to the guilds they belong to.
void merge_members(const ReadySource& d, const std::vector<core::Snowflake>& guild_ids,
                   const UserTable& users, core::DiscordReady& r, Skipped& skipped) {
    if (!r.guilds || !d.has("merged_members")) return;
    try {
        d.each_item("merged_members", [&](const Json& list, std::size_t index) {
            if (index >= guild_ids.size()) return;
            auto g = std::find_if(r.guilds->begin(), r.guilds->end(),
                                  [&](const auto& x) { return x.id == guild_ids[index]; });
            if (g == r.guilds->end()) return;  // a guild that did not read
            const std::string path = "merged_members[" + std::to_string(index) + "]";
            try {
                auto members = guild_members(list, path, &skipped, &users);
                if (!g->members) g->members.emplace();
                g->members->reserve(g->members->size() + members.size());  // held until sent
                for (auto& m : members) g->members->push_back(std::move(m));
            } catch (const MalformedPayload& e) {
                skipped.push_back(e.what());
            }
        });
    } catch (const MalformedPayload& e) {
        skipped.push_back(e.what());  // merged_members is not a list: the guilds keep theirs
    }
}

core::DiscordReady read_ready_with(const ReadySource& d, Skipped& skipped, UserTable& users,
                                   std::vector<core::Snowflake>& guild_ids) {
    core::DiscordReady r;
    bool has_user = false;
    d.with("user", [&](const Json& u) {
        r.user = user(u, "user");
        if (auto premium = opt_integer(u, "premium_type", "user"); premium && *premium > 0) {
            r.premium_type = static_cast<int>(*premium);
        }
        has_user = true;
    });
    if (!has_user) throw MalformedPayload("user: missing");
    users = user_table(d, r.user, skipped);
    each_entry(d, "relationships", skipped, [&](const Json& item, const std::string& path) {
        r.relationships.push_back(relationship(item, path, &users));
    });
    each_entry(d, "private_channels", skipped, [&](const Json& item, const std::string& path) {
        r.private_channels.push_back(channel(item, path, &users));
    });
    // Bot READYs list unavailable stubs only; user READYs carry full guilds.
    if (d.has("guilds")) {
        read_guilds(d, r, guild_ids, skipped);
        merge_members(d, guild_ids, users, r, skipped);
    } else {
        guild_ids.clear();
    }
    d.with("required_action", [&](const Json& v) {
        if (!v.IsString()) throw MalformedPayload("required_action: expected a string");
        r.required_action = std::string(v.GetString(), v.GetStringLength());
    });
    r.read_state.emplace();
    d.with("read_state", [&](const Json& v) { r.read_state = read_state_entries(v, &skipped); });
    return r;
}

}  // namespace

core::DiscordReady read_ready(const Json& d, Skipped& skipped) {
    UserTable users;
    std::vector<core::Snowflake> guild_ids;
    return read_ready_with(DomReadySource(d), skipped, users, guild_ids);
}

void merged_presences(const Json& merged, const std::vector<core::Snowflake>& guild_ids,
                      Skipped& skipped, const std::function<void(core::EventPayload)>& emit) {
    if (!merged.IsObject()) {
        skipped.push_back("merged_presences: expected an object");
        return;
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
                emit(std::move(p));
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
}

bool ReadyAssembly::supplemental_follows(std::int64_t capabilities) {
    // PRIORITIZED_READY_PAYLOAD is ignored without DEDUPE_USER_OBJECTS (using-gateway.mdx,
    // "Gateway Capabilities", footnote 1).
    const std::int64_t both = kDedupeUserObjects | kPrioritizedReadyPayload;
    return (capabilities & both) == both;
}

void ReadyAssembly::on_ready(const ReadySource& d, Skipped& skipped, const Emit& emit) {
    held_.reset();
    core::DiscordReady r = read_ready_with(d, skipped, users_, guild_ids_);
    if (supplemental_follows_) {
        held_ = std::move(r);
        return;
    }
    emit(std::move(r));
    // DEDUPE_USER_OBJECTS without PRIORITIZED_READY_PAYLOAD: the presences are in READY.
    d.with("merged_presences",
           [&](const Json& merged) { merged_presences(merged, guild_ids_, skipped, emit); });
}

void ReadyAssembly::on_supplemental(const ReadySource& d, Skipped& skipped, const Emit& emit) {
    if (!held_) return;
    merge_members(d, guild_ids_, users_, *held_, skipped);
    core::DiscordReady ready = std::move(*held_);
    held_.reset();
    emit(std::move(ready));  // encoded and gone before the presences are read
    d.with("merged_presences",
           [&](const Json& merged) { merged_presences(merged, guild_ids_, skipped, emit); });
}

std::vector<core::EventPayload> ReadyAssembly::on_ready(const ReadySource& d, Skipped& skipped) {
    std::vector<core::EventPayload> out;
    on_ready(d, skipped, [&](core::EventPayload e) { out.push_back(std::move(e)); });
    return out;
}

std::vector<core::EventPayload> ReadyAssembly::on_supplemental(const ReadySource& d,
                                                               Skipped& skipped) {
    std::vector<core::EventPayload> out;
    on_supplemental(d, skipped, [&](core::EventPayload e) { out.push_back(std::move(e)); });
    return out;
}

}  // namespace cordgate::adapters::discord
