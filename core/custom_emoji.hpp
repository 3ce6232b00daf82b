#pragma once
// A guild's custom emoji: what the session knows of them (READY, GUILD_CREATE,
// GUILD_EMOJIS_UPDATE), which the user may use, and ":name:" written as Discord's <:name:id>.

#include <core/discord_types.hpp>
#include <core/state.hpp>
#include <core/xmpp_styling.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace cordgate::core {

struct UsableEmoji {
    std::string name;
    Snowflake id;
    bool animated = false;
};

// Replaces what the session knew of the guild's emoji with `emojis`.
void keep_emojis(Guild& guild, const std::vector<DiscordGuildEmoji>& emojis);

// The guild's emoji the user may write in its channels, as the official client offers them:
// available, and, when the emoji is limited to roles, one of the user's roles among them
// (discord.py-self emoji.py, Emoji.is_usable); animated ones only with Nitro, which the
// official client asks for. Using them outside their guild also needs Nitro: not offered.
std::vector<UsableEmoji> usable_emojis(const Session& session, const Guild& guild);

// ":name:" of an emoji in `emojis` (exact name first, then ASCII case-insensitive) becomes
// <:name:id>, or <a:name:id> when animated; not where the ":" follows a letter or digit
// (times like 10:30:45), nor inside `taken`. An unknown :name: stays as it is.
std::vector<TextReplacement> emoji_replacements(std::string_view body,
                                                const std::vector<UsableEmoji>& emojis,
                                                const std::vector<TextRange>& taken);

}  // namespace cordgate::core
