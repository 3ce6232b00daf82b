#pragma once
// Whom the user names in a message to Discord, written as Discord's <@id> so that Discord pings
// them. Pure: the caller says who may be named and where the client marked mentions.

#include <core/snowflake.hpp>
#include <core/xmpp_styling.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cordgate::core {

// Someone who may be named by nick: a room's occupant.
struct Mentionable {
    std::string nick;
    Snowflake id;
};

// A mention the client marked (XEP-0372) over bytes [begin, end) of the body.
struct MarkedMention {
    std::size_t begin = 0;
    std::size_t end = 0;
    Snowflake id;
};

// An XEP-0372 begin/end pair (code points) as bytes of `body`; nullopt when it is empty or
// reaches past the body.
std::optional<TextRange> reference_bytes(std::string_view body, std::uint64_t begin,
                                         std::uint64_t end);

// The replacements that make mentions of the body pings:
// - each marked mention (an '@' right before it is taken along, so "@<@id>" is not written);
// - "@nick" of someone in `people`, where "@" starts a word and the nick is not followed by a
//   letter or digit; the longest nick that fits wins, exact case before ASCII case-insensitive;
// - "nick:" opening the body, as XMPP clients address someone in a room.
// Nothing inside `verbatim` (code, URLs) is a mention; an unknown "@word" stays as it is.
std::vector<TextReplacement> mention_replacements(std::string_view body,
                                                  const std::vector<MarkedMention>& marked,
                                                  const std::vector<Mentionable>& people,
                                                  const std::vector<TextRange>& verbatim);

// Discord's user mention.
inline std::string user_mention(Snowflake id) {
    return "<@" + id.str() + ">";
}

}  // namespace cordgate::core
