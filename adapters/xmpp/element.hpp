#pragma once
// A parsed stanza as a plain value: what the translation code reads and writes, so it never
// touches a parser's types and can be tested from strings. Text is the concatenation of the
// element's text nodes (stanzas we handle never mix text and elements meaningfully).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cordgate::adapters::xmpp {

// Deeper nesting than any stanza we understand needs: a reader keeps this many levels (the
// stanza's own included), cuts deeper subtrees off and marks the stanza truncated.
inline constexpr std::size_t kMaxDepth = 32;

struct Element {
    std::string name;
    std::string ns;  // the element's namespace; serialised as xmlns only where it changes
    std::vector<std::pair<std::string, std::string>> attributes;  // without xmlns
    std::string text;
    std::vector<Element> children;
    // Set on the root when the parser met deeper nesting than it keeps: the stanza is not
    // what the sender wrote and must be refused, never half-handled.
    bool truncated = false;
    // Set on the root when the stanza was larger than the reader keeps: only the root's name
    // and attributes are left, for the refusal.
    bool oversized = false;

    Element() = default;
    Element(std::string name_, std::string ns_) : name(std::move(name_)), ns(std::move(ns_)) {}

    const std::string* attr(std::string_view key) const;
    std::string attr_or(std::string_view key, std::string_view fallback = {}) const;
    Element& set(std::string key, std::string value);
    // Only when the value is present: keeps optional effect fields one line each.
    Element& set_if(std::string key, const std::optional<std::string>& value);

    const Element* child(std::string_view name, std::string_view ns) const;
    const Element* child_ns(std::string_view ns) const;  // first child in that namespace
    Element& add(Element child);
    Element& add(std::string name, std::string ns, std::string text = {});
    std::size_t element_count() const { return children.size(); }

    // XML text; `parent_ns` is the namespace in scope where it is written.
    std::string str(std::string_view parent_ns = {}) const;
    void append_to(std::string& out, std::string_view parent_ns) const;
};

}  // namespace cordgate::adapters::xmpp
