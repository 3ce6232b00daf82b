#pragma once
// Message text between Discord's markup and what an XMPP client shows.

#include <core/discord_types.hpp>
#include <core/state.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cordgate::core {

// Discord markup an XMPP client cannot resolve becomes readable: <@id> and <@!id> -> @name,
// <#id> -> #channel, <:name:id> and <a:name:id> (custom emoji) -> :name:. Unknown ids stay.
std::string render_mentions(const Session& session, std::optional<Snowflake> guild_id,
                            std::string_view content);

// One <...> token (without its brackets) as render_mentions shows it, also <@&role> -> @role,
// </command:id> -> /command and <t:unix:style> -> a UTC date; nullopt keeps the token.
std::optional<std::string> render_discord_token(const Session& session,
                                                std::optional<Snowflake> guild_id,
                                                std::string_view token);

// The name a user shows under here (guild nickname, contact name, ...), when the session knows.
std::optional<std::string> user_display_name(const Session& session,
                                             std::optional<Snowflake> guild_id, Snowflake id);

// A <t:unix:style> timestamp in UTC, without a clock: t "23:58 UTC", T "23:58:07 UTC",
// d and D "2026-12-06", anything else (f, F, R) "2026-12-06 23:58 UTC".
std::string format_discord_timestamp(std::int64_t unix_seconds, char style);

// The body of a Discord message in XMPP: the rendered text, then each attachment's URL on a
// line of its own, so clients without XEP-0066 still get the files.
std::string message_text(const Session& session, std::optional<Snowflake> guild_id,
                         std::string_view content,
                         const std::vector<DiscordAttachment>& attachments);

// XEP-0461 clients quote the message they reply to as "> ..." lines ahead of the answer.
// Discord shows the reply's reference itself, so the quote is dropped.
std::string strip_reply_fallback(std::string_view body);

// How a reaction in REST form (the emoji, or name:id for a custom one) shows in XMPP.
std::string reaction_for_xmpp(std::string_view rest_form);

}  // namespace cordgate::core
