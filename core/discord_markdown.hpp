#pragma once
// Discord's markdown as XEP-0393 message styling, for the body an XMPP client shows. Pure.
//
//   Discord                      XEP-0393 body
//   **bold**                     *bold*
//   *italic*, _italic_           _italic_
//   ***both***                   *_both_*
//   ~~strike~~                   ~strike~
//   __underline__                underline (0393 has no underline: the text stays)
//   `code`, ```block```          kept; a block's fences are put on lines of their own (§5.1.2)
//   > quote, >>> rest            "> " on each quoted line
//   # / ## / ### header          *header*;  -# subtext: the text
//   [text](url)                  text (url)
//   <https://url>                https://url (the brackets only stop Discord's preview)
//   \* and other escapes         kept as they are: 0393 has no escapes, and a kept backslash
//                                stops 0393 from seeing a span where Discord saw none
//   ||spoiler||                  kept, and reported (the caller adds XEP-0382)
//
// Nothing inside a code span or block is converted, nor inside a URL (snake_case paths stay
// as they are). 0393 spans do not cross lines, so emphasis is matched within a line; a marker
// without its match stays as text. `<...>` tokens (mentions, custom emoji, timestamps) go to
// the caller's renderer, outside code only.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace cordgate::core {

// The text between < and > -> its replacement, or nullopt to keep the token as it is.
using TokenRenderer = std::function<std::optional<std::string>(std::string_view token)>;

struct StyledText {
    std::string body;
    bool spoiler = false;  // the text has a ||spoiler|| outside code
};

StyledText discord_markdown_to_styling(std::string_view text, const TokenRenderer& render = {});

}  // namespace cordgate::core
