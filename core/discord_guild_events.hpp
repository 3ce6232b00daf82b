#pragma once
// Events of the Discord adapter about guilds, their roles and threads, and group DM
// recipients: what changes the rooms a session has after READY. Shapes as discord-api-docs
// (docs/topics/Gateway_Events.md) and discord-userdoccers (pages/topics/gateway-events.mdx)
// give them; the envelope's `user` is the XMPP user whose Discord session saw it.

#include <core/codec.hpp>
#include <core/discord_types.hpp>
#include <core/snowflake.hpp>

#include <optional>
#include <string>
#include <vector>

namespace cordgate::core {

// GUILD_DELETE: an unavailable guild object {id, unavailable?}. With `unavailable: true` an
// outage hides the guild for now (GUILD_CREATE follows when it is back); without it the user
// left or was removed, and the guild's rooms are gone for them.
struct DiscordGuildDelete {
    static constexpr const char* type = "discord.guild_delete";
    Snowflake id;
    bool unavailable = false;

    static constexpr auto fields = std::tuple{field("id", &DiscordGuildDelete::id),
                                              field("unavailable", &DiscordGuildDelete::unavailable)};
};

// GUILD_UPDATE: the guild's own settings (name, owner, roles); its channels, members and
// threads are not in it.
struct DiscordGuildUpdate {
    static constexpr const char* type = "discord.guild_update";
    Snowflake id;
    std::string name;
    std::optional<Snowflake> owner_id;
    std::optional<std::vector<DiscordRole>> roles;

    static constexpr auto fields = std::tuple{
        field("id", &DiscordGuildUpdate::id), field("name", &DiscordGuildUpdate::name),
        field("owner_id", &DiscordGuildUpdate::owner_id), field("roles", &DiscordGuildUpdate::roles)};
};

// GUILD_ROLE_CREATE and GUILD_ROLE_UPDATE: {guild_id, role}.
struct DiscordGuildRoleUpdate {
    static constexpr const char* type = "discord.guild_role_update";
    Snowflake guild_id;
    DiscordRole role;

    static constexpr auto fields = std::tuple{field("guild_id", &DiscordGuildRoleUpdate::guild_id),
                                              field("role", &DiscordGuildRoleUpdate::role)};
};

// GUILD_ROLE_DELETE: {guild_id, role_id}.
struct DiscordGuildRoleDelete {
    static constexpr const char* type = "discord.guild_role_delete";
    Snowflake guild_id;
    Snowflake role_id;

    static constexpr auto fields = std::tuple{field("guild_id", &DiscordGuildRoleDelete::guild_id),
                                              field("role_id", &DiscordGuildRoleDelete::role_id)};
};

// CHANNEL_RECIPIENT_ADD / _REMOVE (user accounts): someone joined or left a group DM;
// {channel_id, user, nick?}.
struct DiscordChannelRecipientAdd {
    static constexpr const char* type = "discord.channel_recipient_add";
    Snowflake channel_id;
    DiscordUser user;

    static constexpr auto fields =
        std::tuple{field("channel_id", &DiscordChannelRecipientAdd::channel_id),
                   field("user", &DiscordChannelRecipientAdd::user)};
};

struct DiscordChannelRecipientRemove {
    static constexpr const char* type = "discord.channel_recipient_remove";
    Snowflake channel_id;
    DiscordUser user;

    static constexpr auto fields =
        std::tuple{field("channel_id", &DiscordChannelRecipientRemove::channel_id),
                   field("user", &DiscordChannelRecipientRemove::user)};
};

// THREAD_UPDATE: the thread channel as it is now (renamed, archived, ...).
struct DiscordThreadUpdate {
    static constexpr const char* type = "discord.thread_update";
    DiscordChannel thread;

    static constexpr auto fields = std::tuple{field("thread", &DiscordThreadUpdate::thread)};
};

// THREAD_DELETE: {id, guild_id, parent_id, type} of the thread that is gone.
struct DiscordThreadDelete {
    static constexpr const char* type = "discord.thread_delete";
    DiscordChannel thread;

    static constexpr auto fields = std::tuple{field("thread", &DiscordThreadDelete::thread)};
};

// THREAD_LIST_SYNC (user accounts, after a threads subscription): the active threads of a guild,
// or of the channels named in channel_ids (discord-userdoccers gateway-events.mdx, "Thread List
// Sync"). Each thread is taken as a THREAD_CREATE would be; ones already known stay as they are.
struct DiscordThreadListSync {
    static constexpr const char* type = "discord.thread_list_sync";
    Snowflake guild_id;
    std::vector<DiscordChannel> threads;

    static constexpr auto fields = std::tuple{field("guild_id", &DiscordThreadListSync::guild_id),
                                              field("threads", &DiscordThreadListSync::threads)};
};

// GUILD_EMOJIS_UPDATE: {guild_id, emojis}, the guild's whole list of custom emoji as it is now
// (discord-userdoccers gateway/gateway-events.mdx, "Guild Emojis Update").
struct DiscordGuildEmojisUpdate {
    static constexpr const char* type = "discord.guild_emojis_update";
    Snowflake guild_id;
    std::vector<DiscordGuildEmoji> emojis;

    static constexpr auto fields =
        std::tuple{field("guild_id", &DiscordGuildEmojisUpdate::guild_id),
                   field("emojis", &DiscordGuildEmojisUpdate::emojis)};
};

}  // namespace cordgate::core
