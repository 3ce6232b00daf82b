#pragma once
// The member sidebar of user accounts: GUILD_MEMBER_LIST_UPDATE read into the core's event, and
// the id of the list a channel shows (the dispatch names lists, not channels).

#include <adapters/discord/json_read.hpp>
#include <core/discord_member_list.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace cordgate::adapters::discord {

// {guild_id, id, member_count, online_count, groups, ops: [{op: SYNC|INVALIDATE, range, items?}
// | {op: INSERT|UPDATE, index, item} | {op: DELETE, index}]}; items are {group: {id, count}} or
// {member: {user, nick, roles, presence: {status, activities}}}. Throws MalformedPayload.
core::DiscordMemberListUpdate member_list_update(const Json& d);

// The list a guild channel's sidebar shows, as discord.py-self computes it (`abc.py`,
// member_list_id): "everyone" when @everyone may view the channel (its role has VIEW_CHANNEL
// and no overwrite denies it), else the unsigned 32-bit MurmurHash3 (seed 0), in decimal, of
// the sorted "allow:<id>" / "deny:<id>" of the overwrites that allow or deny VIEW_CHANNEL,
// joined by commas.
std::string member_list_id(const Json& channel, bool everyone_can_view);

// Whether the role's permissions (a decimal string, or a number) include VIEW_CHANNEL.
bool can_view(const Json& permissions);

std::uint32_t murmur3_32(std::string_view key);

}  // namespace cordgate::adapters::discord
