#pragma once
// The one place where libstrophe's stanza tree becomes an Element.

#include <adapters/xmpp/element.hpp>

#include <strophe.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace cordgate::adapters::xmpp {

// Deeper nesting than any stanza we understand needs; deeper subtrees are cut off and the root
// is marked truncated (recursion stays bounded whatever a peer sends).
inline constexpr std::size_t kMaxDepth = 32;

Element to_element(xmpp_stanza_t* stanza, std::string_view parent_ns = {});

// Overwrites the text of every text node under `stanza` in libstrophe's own memory: after a
// registration is sealed, the clear token must not linger in freed heap either.
void wipe_text(xmpp_stanza_t* stanza);

// Parses one XML element from text with libstrophe's parser (expat), as the connection would.
// nullopt when it is not well-formed. Used by tests and benchmarks.
class StanzaParser {
  public:
    StanzaParser();
    ~StanzaParser();
    StanzaParser(const StanzaParser&) = delete;
    StanzaParser& operator=(const StanzaParser&) = delete;

    std::optional<Element> parse(const std::string& text,
                                 std::string_view parent_ns = "jabber:component:accept");

  private:
    xmpp_ctx_t* ctx_;
};

}  // namespace cordgate::adapters::xmpp
