#pragma once
// Message text between Discord's markup and what an XMPP client shows.

#include <core/discord_types.hpp>
#include <core/state.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cordgate::core {

// Discord markup an XMPP client cannot resolve becomes readable: <@id> and <@!id> -> @name,
// <#id> -> #channel, <:name:id> and <a:name:id> (custom emoji) -> :name:. Unknown ids stay.
std::string render_mentions(const Session& session, std::optional<Snowflake> guild_id,
                            std::string_view content);

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
