#pragma once
// Streams a stanza's XML text as it is described, without an Element tree in between. The
// component's hot stanzas (chat messages) are written this way; Element::append_to writes a
// tree through it too, so there is one serialiser. Building a tree, serialising it and freeing
// it again was about 40% of the XMPP adapter's CPU in a flood (bench/RESULTS.md, session 8).
//
// Names and namespaces are kept as views until their element is closed: they must outlive it
// (literals and the fields of the value being written do).

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace cordgate::adapters::xmpp {

class XmlWriter {
  public:
    // `parent_ns` is the namespace in scope where the text goes (the stream's, for a stanza).
    XmlWriter(std::string& out, std::string_view parent_ns) : out_(out), root_ns_(parent_ns) {}

    // xmlns is written only where the namespace changes, as a reader in scope expects.
    XmlWriter& open(std::string_view name, std::string_view ns);
    XmlWriter& attr(std::string_view key, std::string_view value);
    XmlWriter& text(std::string_view text);
    // "/>" for an element that got neither text nor children.
    XmlWriter& close();

  private:
    struct Open {
        std::string_view name;
        std::string_view scope;  // the namespace in scope inside it
    };
    Open& top();
    void push(Open open);
    void end_start_tag();

    std::string& out_;
    std::string_view root_ns_;
    // Stanzas are shallow: the inline frames cover them, deeper trees spill to the vector.
    std::array<Open, 8> inline_{};
    std::vector<Open> deeper_;
    std::size_t depth_ = 0;
    bool start_tag_open_ = false;
};

// Escapes &, <, >, ", ' and drops characters XML 1.0 forbids (controls other than tab, LF, CR,
// and U+FFFE, U+FFFF), so any valid UTF-8 a peer or the core hands us serialises to well-formed
// XML. (Surrogates cannot occur: the core's codec refuses text that is not valid UTF-8.)
void append_escaped(std::string& out, std::string_view text);

}  // namespace cordgate::adapters::xmpp
