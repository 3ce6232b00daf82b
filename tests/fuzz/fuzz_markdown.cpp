// Message styling both ways (core/discord_markdown.hpp, core/xmpp_styling.hpp) over any text,
// with a renderer for <...> tokens as the core's (mentions, emoji) and replacements placed where
// the core places them. Nothing is checked about the look; the bodies must stay valid UTF-8
// when the text was, as XMPP requires, and the verbatim ranges must lie within the body.

#include <core/discord_markdown.hpp>
#include <core/utf8.hpp>
#include <core/xmpp_styling.hpp>
#include <tests/fuzz/fuzz_check.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace cordgate;

std::optional<std::string> render(std::string_view token) {
    if (token.starts_with("@")) return "@someone";
    if (token.starts_with(":")) return std::nullopt;
    return "[" + std::string(token) + "]";
}

// A replacement over each '@' and the word after it, as the core puts mentions in.
std::vector<core::TextReplacement> mentions_in(std::string_view body) {
    std::vector<core::TextReplacement> out;
    for (std::size_t at = body.find('@'); at != std::string_view::npos;
         at = body.find('@', at + 1)) {
        std::size_t end = body.find_first_of(" \n", at);
        if (end == std::string_view::npos) end = body.size();
        out.push_back({at, end, "<@1234>"});
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const bool utf8 = !core::first_invalid_utf8(text).has_value();

    const core::StyledText styled = core::discord_markdown_to_styling(text, render);
    if (utf8 && core::first_invalid_utf8(styled.body))
        fuzz::fail("Discord markdown made invalid UTF-8 of valid text", text, styled.body);

    for (const core::TextRange& r : core::verbatim_ranges(text)) {
        if (r.begin > r.end || r.end > text.size())
            fuzz::fail("a verbatim range out of bounds", text);
    }
    const std::string discord = core::xmpp_styling_to_discord(text, mentions_in(text));
    if (utf8 && core::first_invalid_utf8(discord))
        fuzz::fail("XMPP styling made invalid UTF-8 of valid text", text, discord);
    return 0;
}
