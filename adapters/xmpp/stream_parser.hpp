#pragma once
// The XMPP stream as it arrives from the server's component port: bytes in, the stream header,
// stanzas as Elements and the stream's end out, or one fault that ends the stream.
//
// It parses with expat directly, bounded where the bytes arrive:
// - a stanza's size: past `max_stanza_bytes` (counted from the end of the previous stanza) it
//   keeps only its root's name and attributes and is marked oversized (the translation refuses
//   it with a stanza error, the stream goes on); a single token over the limit (a start tag
//   expat would have to buffer whole) ends the stream;
// - its depth: elements deeper than kMaxDepth (element.hpp) are not kept (the stanza is marked
//   truncated and refused by the translation), and nesting past `max_depth` ends the stream;
//   expat keeps its open elements on the heap, so no depth costs stack;
// - restricted XML (RFC 6120 §11.1): a comment, processing instruction, DTD or entity
//   declaration ends the stream.
// libstrophe's own reader cannot be bounded this way: it turns each received stanza into text
// by recursion for a debug line, and frees it by recursion, before any handler of ours runs
// (a stanza nested a million deep overflowed the stack), and after a parse error it stops
// reading without closing. docs/ARCHITECTURE.md, "The XMPP component link".

#include <adapters/xmpp/element.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace cordgate::adapters::xmpp {

struct StreamLimits {
    // prosody forwards at most 256 KiB from a client and 512 KiB from another server.
    std::size_t max_stanza_bytes = 1024 * 1024;
    // Nesting below the stream past which the stream itself is refused.
    std::size_t max_depth = 1024;
};

// RFC 6120 §4.9.3 stream error conditions this reader can raise.
enum class StreamFault : std::uint8_t {
    none,
    not_well_formed,  // §4.9.3.13
    restricted_xml,   // §4.9.3.18
    policy_violation  // §4.9.3.14: a token over the size bound, or nesting past the depth bound
};

// The condition's element name, e.g. "not-well-formed".
std::string_view condition_name(StreamFault fault);

class StreamParser {
  public:
    struct Handlers {
        // The <stream:stream> header, as an element without children (its attributes: id, from).
        std::function<void(const Element& header)> on_open;
        std::function<void(Element& stanza)> on_stanza;
        // </stream:stream>.
        std::function<void()> on_close;
    };

    StreamParser(StreamLimits limits, Handlers handlers);
    ~StreamParser();
    StreamParser(const StreamParser&) = delete;
    StreamParser& operator=(const StreamParser&) = delete;

    // Parses the next bytes of the stream, calling the handlers as it goes. False once the
    // stream is broken; fault() and fault_text() then say why, and nothing more is read.
    bool feed(std::string_view bytes);

    StreamFault fault() const;
    const std::string& fault_text() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// One stanza from text, read as the component link reads it: inside a stream whose default
// namespace is `parent_ns`. nullopt unless the text is exactly one well-formed element within
// the limits. For tests, benchmarks and tools; one parser is kept open between calls, as on the
// link.
class StanzaParser {
  public:
    explicit StanzaParser(std::string parent_ns = "jabber:component:accept",
                          StreamLimits limits = {});
    ~StanzaParser();
    StanzaParser(const StanzaParser&) = delete;
    StanzaParser& operator=(const StanzaParser&) = delete;

    std::optional<Element> parse(std::string_view text);

  private:
    void open_stream();

    std::string parent_ns_;
    StreamLimits limits_;
    std::unique_ptr<StreamParser> stream_;
    std::optional<Element> got_;
    std::size_t count_ = 0;
};

}  // namespace cordgate::adapters::xmpp
