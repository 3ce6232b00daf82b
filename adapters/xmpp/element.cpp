#include <adapters/xmpp/element.hpp>

#include <adapters/xmpp/xml_writer.hpp>

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

void write_tree(XmlWriter& w, const Element& e) {
    w.open(e.name, e.ns);
    for (const auto& [k, v] : e.attributes) w.attr(k, v);
    w.text(e.text);
    for (const auto& c : e.children) write_tree(w, c);
    w.close();
}

}  // namespace

void Element::append_to(std::string& out, std::string_view parent_ns) const {
    XmlWriter w(out, parent_ns);
    write_tree(w, *this);
}

std::string Element::str(std::string_view parent_ns) const {
    std::string out;
    append_to(out, parent_ns);
    return out;
}

}  // namespace cordgate::adapters::xmpp
