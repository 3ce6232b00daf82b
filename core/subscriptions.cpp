#include <core/subscriptions.hpp>

#include <set>
#include <string>

namespace cordgate::core::subscriptions {
namespace {

SubscribeDiscordGuild wish(Snowflake guild_id, const std::vector<Snowflake>& channels) {
    SubscribeDiscordGuild s;
    s.guild_id = guild_id;
    for (Snowflake channel : channels) {
        s.channels.push_back(DiscordChannelRanges{channel, {DiscordMemberRange{0, 99}}});
    }
    return s;
}

}  // namespace

std::vector<Snowflake> followed(const Session& session, Snowflake guild_id) {
    std::vector<Snowflake> out;
    std::set<std::string> lists;
    // Rooms in id order (the map's), so the choice is the same on every replay.
    for (const auto& [id, room] : session.rooms) {
        if (room.guild_id != guild_id || room.joined.empty()) continue;
        if (!lists.insert(room.list_id()).second) continue;  // that sidebar is followed already
        out.push_back(id);
        if (out.size() == kFollowedSidebars) break;
    }
    return out;
}

void update(ApplyContext& ctx, const Session& session, Snowflake guild_id,
            const std::vector<Snowflake>& before) {
    std::vector<Snowflake> now = followed(session, guild_id);
    if (now != before) ctx.emit(wish(guild_id, now));
}

void subscribe_all(ApplyContext& ctx, const Session& session) {
    for (const auto& [id, guild] : session.guilds) {
        std::vector<Snowflake> channels = followed(session, id);
        if (!channels.empty()) ctx.emit(wish(id, channels));
    }
}

}  // namespace cordgate::core::subscriptions
