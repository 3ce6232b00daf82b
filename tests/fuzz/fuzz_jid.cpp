// The one JID parser (core/jid.hpp) and the mappings between Discord ids and puppet localparts
// (XEP-0106, core/snowflake.hpp). A JID that parses writes back to itself; escaping a legacy id
// and unescaping it gives the id again; a localpart taken as a snowflake is that snowflake's
// canonical text, so no two localparts name one Discord user.

#include <core/jid.hpp>
#include <core/snowflake.hpp>
#include <tests/fuzz/fuzz_check.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using namespace cordgate;

void check_jid(std::string_view text) {
    const auto jid = core::Jid::parse(text);
    if (!jid) return;
    const std::string full = jid->full();
    const auto again = core::Jid::parse(full);
    if (!again) fuzz::fail("a parsed JID's text does not parse", text, full);
    if (!(*again == *jid)) fuzz::fail("a parsed JID's text parses to another JID", text, full);
    const auto bare = core::Jid::parse(jid->bare());
    if (!bare || bare->local != jid->local || bare->domain != jid->domain ||
        !bare->resource.empty())
        fuzz::fail("a JID's bare part is not its localpart and domain", text, jid->bare());
}

void check_localpart(std::string_view text) {
    const std::string escaped = core::escape_localpart(text);
    fuzz::check_equal("unescape(escape(x)) is not x", text, core::unescape_localpart(escaped));
    if (escaped.find_first_of(" \"&'/:<>@") != std::string::npos)
        fuzz::fail("an escaped localpart keeps a character XEP-0106 escapes", text, escaped);

    if (!text.empty()) {
        const std::string username = core::jid_username_for(text);
        try {
            fuzz::check_equal("a legacy id does not come back from its user part", text,
                              core::legacy_id_for(username));
        } catch (const core::JidError& e) {
            fuzz::fail("the user part of a legacy id maps to nothing", text, e.what());
        }
    }

    if (const auto id = core::Snowflake::from_localpart(text)) {
        fuzz::check_equal("a snowflake localpart is not canonical", text, id->str());
        const auto parsed = core::Snowflake::parse(text);
        if (!parsed || !(*parsed == *id)) fuzz::fail("Snowflake::parse disagrees", text);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    check_jid(text);
    check_localpart(text);
    return 0;
}
