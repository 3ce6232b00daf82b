#pragma once
// XEP-0393 message styling as Discord markdown, for what the user writes in an XMPP client. Pure.
// The other direction is discord_markdown.hpp; each span below comes back as it was written.
//
//   XEP-0393 body                Discord
//   *bold*                       **bold**
//   _italic_                     *italic*  (Discord reads _x_ only between word boundaries)
//   ~strike~                     ~~strike~~
//   **bold**, ~~strike~~         kept: Markdown habits Discord reads the same way
//   `code`, ```block```          kept, and nothing inside is converted
//   > quote, >quote              "> quote" (Discord needs the space)
//
// Spans follow XEP-0393 §6.2: an opening directive at the start of a line, after whitespace or
// after another opening directive, not followed by whitespace; the first closing one on the
// same line not preceded by whitespace ends it. Characters Discord would read as markdown where
// 0393 sees none are escaped only where Discord would otherwise style them: a `*` or backtick
// that has a partner in the message, an `_` at a word edge that has one, runs of `__`, `~~` and
// `||`, a `\` before punctuation, `#`/`-#` headers at a line's start. URLs (scheme://...) and
// code are copied untouched, and so are the replacements the caller places (mentions, emoji).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace cordgate::core {

// Bytes [begin, end) of a body.
struct TextRange {
    std::size_t begin = 0;
    std::size_t end = 0;
};

// Bytes [begin, end) of a body that become `text` in Discord, copied without escaping.
struct TextReplacement {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::string text;
};

// What is taken as it is: preformatted blocks and spans, and URLs. Mentions and emoji are not
// looked for there.
std::vector<TextRange> verbatim_ranges(std::string_view body);

// The body as Discord markdown. Replacements that overlap verbatim text, each other, or a line
// break are ignored (the first of two that overlap is kept).
std::string xmpp_styling_to_discord(std::string_view body,
                                    std::vector<TextReplacement> replacements = {});

}  // namespace cordgate::core
