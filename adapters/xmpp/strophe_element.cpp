#include <adapters/xmpp/strophe_element.hpp>

#include <cstring>
#include <vector>

namespace cordgate::adapters::xmpp {
namespace {

void convert(xmpp_stanza_t* st, std::string_view parent_ns, std::size_t depth, Element& out,
             bool& truncated) {
    const char* name = xmpp_stanza_get_name(st);
    out.name = name ? name : "";
    const char* ns = xmpp_stanza_get_ns(st);
    out.ns = ns ? std::string(ns) : std::string(parent_ns);
    int count = xmpp_stanza_get_attribute_count(st);
    if (count > 0) {
        std::vector<const char*> attrs(static_cast<std::size_t>(count) * 2);
        int n = xmpp_stanza_get_attributes(st, attrs.data(), count * 2);
        for (int i = 0; i + 1 < n; i += 2) {
            if (std::strcmp(attrs[i], "xmlns") == 0) continue;
            out.attributes.emplace_back(attrs[i], attrs[i + 1] ? attrs[i + 1] : "");
        }
    }
    for (xmpp_stanza_t* c = xmpp_stanza_get_children(st); c; c = xmpp_stanza_get_next(c)) {
        if (xmpp_stanza_is_text(c)) {
            if (const char* t = xmpp_stanza_get_text_ptr(c)) out.text += t;
        } else if (depth + 1 >= kMaxDepth) {
            truncated = true;
        } else {
            convert(c, out.ns, depth + 1, out.children.emplace_back(), truncated);
        }
    }
}

void wipe(xmpp_stanza_t* st, std::size_t depth) {
    for (xmpp_stanza_t* c = xmpp_stanza_get_children(st); c; c = xmpp_stanza_get_next(c)) {
        if (xmpp_stanza_is_text(c)) {
            // libstrophe hands out const, but the text is its own heap copy that it frees
            // right after this handler; overwriting it early is what we want.
            if (const char* t = xmpp_stanza_get_text_ptr(c)) {
                volatile char* p = const_cast<char*>(t);
                for (; *p; ++p) *p = 'x';
            }
        } else if (depth < kMaxDepth) {
            wipe(c, depth + 1);
        }
    }
}

}  // namespace

Element to_element(xmpp_stanza_t* stanza, std::string_view parent_ns) {
    Element out;
    bool truncated = false;
    convert(stanza, parent_ns, 0, out, truncated);
    out.truncated = truncated;
    return out;
}

void wipe_text(xmpp_stanza_t* stanza) {
    wipe(stanza, 0);
}

StanzaParser::StanzaParser() : ctx_(xmpp_ctx_new(nullptr, nullptr)) {}

StanzaParser::~StanzaParser() {
    xmpp_ctx_free(ctx_);
}

std::optional<Element> StanzaParser::parse(const std::string& text, std::string_view parent_ns) {
    xmpp_stanza_t* st = xmpp_stanza_new_from_string(ctx_, text.c_str());
    if (!st) return std::nullopt;
    Element e = to_element(st, parent_ns);
    xmpp_stanza_release(st);
    return e;
}

}  // namespace cordgate::adapters::xmpp
