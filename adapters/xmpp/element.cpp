#include <adapters/xmpp/element.hpp>

namespace cordgate::adapters::xmpp {

const std::string* Element::attr(std::string_view key) const {
    for (const auto& [k, v] : attributes) {
        if (k == key) return &v;
    }
    return nullptr;
}

std::string Element::attr_or(std::string_view key, std::string_view fallback) const {
    const std::string* v = attr(key);
    return v ? *v : std::string(fallback);
}

Element& Element::set(std::string key, std::string value) {
    for (auto& [k, v] : attributes) {
        if (k == key) {
            v = std::move(value);
            return *this;
        }
    }
    attributes.emplace_back(std::move(key), std::move(value));
    return *this;
}

Element& Element::set_if(std::string key, const std::optional<std::string>& value) {
    if (value) set(std::move(key), *value);
    return *this;
}

const Element* Element::child(std::string_view name_, std::string_view ns_) const {
    for (const auto& c : children) {
        if (c.name == name_ && c.ns == ns_) return &c;
    }
    return nullptr;
}

const Element* Element::child_ns(std::string_view ns_) const {
    for (const auto& c : children) {
        if (c.ns == ns_) return &c;
    }
    return nullptr;
}

Element& Element::add(Element c) {
    children.push_back(std::move(c));
    return children.back();
}

Element& Element::add(std::string name_, std::string ns_, std::string text_) {
    Element& c = add(Element(std::move(name_), std::move(ns_)));
    c.text = std::move(text_);
    return c;
}

namespace {

// What a character needs in XML text and attribute values: nothing (most text), an entity, or
// to be dropped (a control XML 1.0 forbids).
const char* entity_for(char ch) {
    switch (ch) {
        case '&':
            return "&amp;";
        case '<':
            return "&lt;";
        case '>':
            return "&gt;";
        case '"':
            return "&quot;";
        case '\'':
            return "&apos;";
        default:
            return nullptr;
    }
}

bool needs_care(char ch) {
    auto u = static_cast<unsigned char>(ch);
    return (u < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') || entity_for(ch) != nullptr;
}

}  // namespace

void append_escaped(std::string& out, std::string_view text) {
    // Runs of plain characters are appended in one go: a message body is mostly one run, and
    // a character at a time was a visible share of serialising a stanza.
    while (!text.empty()) {
        std::size_t run = 0;
        while (run < text.size() && !needs_care(text[run])) ++run;
        out.append(text.data(), run);
        if (run == text.size()) return;
        if (const char* entity = entity_for(text[run])) out += entity;
        text.remove_prefix(run + 1);
    }
}

void Element::append_to(std::string& out, std::string_view parent_ns) const {
    out += '<';
    out += name;
    if (ns != parent_ns && !ns.empty()) {
        out += " xmlns='";
        append_escaped(out, ns);
        out += '\'';
    }
    for (const auto& [k, v] : attributes) {
        out += ' ';
        out += k;
        out += "='";
        append_escaped(out, v);
        out += '\'';
    }
    if (text.empty() && children.empty()) {
        out += "/>";
        return;
    }
    out += '>';
    append_escaped(out, text);
    const std::string_view scope = ns.empty() ? parent_ns : std::string_view(ns);
    for (const auto& c : children) c.append_to(out, scope);
    out += "</";
    out += name;
    out += '>';
}

std::string Element::str(std::string_view parent_ns) const {
    std::string out;
    append_to(out, parent_ns);
    return out;
}

}  // namespace cordgate::adapters::xmpp
