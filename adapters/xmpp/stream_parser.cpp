#include <adapters/xmpp/stream_parser.hpp>

#include <adapters/xmpp/namespaces.hpp>

#include <expat.h>

#include <algorithm>
#include <new>
#include <string>
#include <vector>

namespace cordgate::adapters::xmpp {
namespace {

// Between a namespace and a local name in the names expat reports. 0xFF never occurs in UTF-8,
// which is all expat hands out, so no name can contain it.
constexpr char kNsSeparator = '\xFF';

struct QName {
    std::string_view ns;  // empty when the name has none
    std::string_view local;
};

QName split(const XML_Char* name) {
    std::string_view s(name);
    const auto sep = s.find(kNsSeparator);
    if (sep == std::string_view::npos) return {{}, s};
    return {s.substr(0, sep), s.substr(sep + 1)};
}

}  // namespace

std::string_view condition_name(StreamFault fault) {
    switch (fault) {
        case StreamFault::none:
            return "";
        case StreamFault::not_well_formed:
            return "not-well-formed";
        case StreamFault::restricted_xml:
            return "restricted-xml";
        case StreamFault::policy_violation:
            return "policy-violation";
    }
    return "";
}

struct StreamParser::Impl {
    StreamLimits limits;
    Handlers handlers;
    XML_Parser expat = nullptr;
    StreamFault fault = StreamFault::none;
    std::string fault_text;

    // 0: before the stream header, 1: inside the stream, 2: a stanza, and so on.
    std::size_t depth = 0;
    Element stanza;
    // The open elements of the stanza that are kept, outermost first. Only the innermost gets
    // children, so the pointers to its ancestors stay valid.
    std::vector<Element*> open;
    // Where the bytes of the current stanza (or of the gap before it) began.
    std::uint64_t boundary = 0;
    std::uint64_t fed = 0;
    std::uint64_t last_event = 0;  // where the last reported event ended

    Impl(StreamLimits l, Handlers h) : limits(l), handlers(std::move(h)) {
        expat = XML_ParserCreateNS(nullptr, kNsSeparator);
        if (!expat) throw std::bad_alloc();
        XML_SetUserData(expat, this);
        XML_SetElementHandler(expat, &Impl::start_element, &Impl::end_element);
        XML_SetCharacterDataHandler(expat, &Impl::characters);
        XML_SetCommentHandler(expat, [](void* self, const XML_Char*) {
            static_cast<Impl*>(self)->stop(StreamFault::restricted_xml, "a comment");
        });
        XML_SetProcessingInstructionHandler(expat, [](void* self, const XML_Char*,
                                                      const XML_Char*) {
            static_cast<Impl*>(self)->stop(StreamFault::restricted_xml, "a processing instruction");
        });
        XML_SetStartDoctypeDeclHandler(
            expat, [](void* self, const XML_Char*, const XML_Char*, const XML_Char*, int) {
                static_cast<Impl*>(self)->stop(StreamFault::restricted_xml, "a DTD");
            });
        XML_SetEntityDeclHandler(expat, [](void* self, const XML_Char*, int, const XML_Char*, int,
                                           const XML_Char*, const XML_Char*, const XML_Char*,
                                           const XML_Char*) {
            static_cast<Impl*>(self)->stop(StreamFault::restricted_xml, "an entity declaration");
        });
    }

    ~Impl() { XML_ParserFree(expat); }

    void stop(StreamFault why, std::string text) {
        if (fault != StreamFault::none) return;
        fault = why;
        fault_text = std::move(text);
        XML_StopParser(expat, XML_FALSE);
    }

    bool running() const { return fault == StreamFault::none; }

    // Where the event being reported starts, and where it ends.
    std::uint64_t here() const {
        return static_cast<std::uint64_t>(XML_GetCurrentByteIndex(expat));
    }
    std::uint64_t past() const {
        return here() + static_cast<std::uint64_t>(XML_GetCurrentByteCount(expat));
    }

    // Past the limit the stanza keeps only its root's name and attributes (what a reply needs):
    // what it holds stays bounded, and it is refused, not half-handled.
    bool within_size(std::uint64_t at) {
        if (stanza.oversized) return false;
        if (at <= boundary || at - boundary <= limits.max_stanza_bytes) return true;
        stanza.oversized = true;
        stanza.children.clear();
        stanza.text.clear();
        open.assign(1, &stanza);
        return false;
    }

    // A single token (a start tag, a name) is buffered whole by expat before it is reported.
    void check_token(std::uint64_t end) {
        if (end > last_event && end - last_event > limits.max_stanza_bytes) {
            stop(StreamFault::policy_violation,
                 "an unbroken token over " + std::to_string(limits.max_stanza_bytes) + " bytes");
        }
    }

    static void fill(Element& e, const XML_Char* name, const XML_Char** attrs,
                     std::string_view parent_ns) {
        const QName q = split(name);
        e.name = q.local;
        e.ns = q.ns.empty() ? parent_ns : q.ns;
        for (const XML_Char** a = attrs; a && *a; a += 2) {
            // Namespaced attributes carry nothing a stanza needs; their local name is kept.
            e.attributes.emplace_back(split(a[0]).local, a[1]);
        }
    }

    static void start_element(void* data, const XML_Char* name, const XML_Char** attrs) {
        auto& self = *static_cast<Impl*>(data);
        if (!self.running()) return;
        self.last_event = self.past();
        if (self.depth == 0) {
            Element header;
            fill(header, name, attrs, {});
            ++self.depth;
            self.boundary = self.past();
            if (self.handlers.on_open) self.handlers.on_open(header);
            return;
        }
        ++self.depth;
        if (self.depth - 1 > self.limits.max_depth) {
            self.stop(StreamFault::policy_violation,
                      "nesting deeper than " + std::to_string(self.limits.max_depth));
            return;
        }
        if (self.depth == 2) {
            self.stanza = Element{};
            fill(self.stanza, name, attrs, ns::kComponent);
            self.open.assign(1, &self.stanza);
            return;
        }
        if (!self.within_size(self.past())) return;
        if (self.open.size() != self.depth - 2 || self.open.size() >= kMaxDepth) {
            self.stanza.truncated = true;
            return;
        }
        Element* parent = self.open.back();
        Element& child = parent->children.emplace_back();
        fill(child, name, attrs, parent->ns);
        self.open.push_back(&child);
    }

    static void end_element(void* data, const XML_Char*) {
        auto& self = *static_cast<Impl*>(data);
        if (!self.running()) return;
        self.last_event = self.past();
        if (self.depth == 1) {
            self.depth = 0;
            if (self.handlers.on_close) self.handlers.on_close();
            return;
        }
        if (self.open.size() == self.depth - 1) self.open.pop_back();
        --self.depth;
        if (self.depth == 1) {
            self.boundary = self.past();
            if (self.handlers.on_stanza) self.handlers.on_stanza(self.stanza);
            self.stanza = Element{};
        }
    }

    static void characters(void* data, const XML_Char* s, int len) {
        auto& self = *static_cast<Impl*>(data);
        if (!self.running()) return;
        const auto n = static_cast<std::size_t>(len);
        self.last_event = self.here() + n;
        if (self.depth <= 1) {
            // Whitespace between stanzas (keepalives) starts no stanza.
            self.boundary = self.last_event;
            return;
        }
        if (!self.within_size(self.last_event)) return;
        if (self.open.size() == self.depth - 1) self.open.back()->text.append(s, n);
    }
};

StreamParser::StreamParser(StreamLimits limits, Handlers handlers)
    : impl_(std::make_unique<Impl>(limits, std::move(handlers))) {}

StreamParser::~StreamParser() = default;

StreamFault StreamParser::fault() const {
    return impl_->fault;
}

const std::string& StreamParser::fault_text() const {
    return impl_->fault_text;
}

bool StreamParser::feed(std::string_view bytes) {
    Impl& p = *impl_;
    if (!p.running()) return false;
    p.fed += bytes.size();
    // expat takes an int length; reads are far smaller, but a caller's buffer need not be.
    while (!bytes.empty()) {
        const std::size_t n = std::min<std::size_t>(bytes.size(), 1 << 30);
        if (XML_Parse(p.expat, bytes.data(), static_cast<int>(n), XML_FALSE) == XML_STATUS_ERROR) {
            if (p.running()) {
                p.fault = StreamFault::not_well_formed;
                p.fault_text = std::string(XML_ErrorString(XML_GetErrorCode(p.expat))) +
                               " at line " + std::to_string(XML_GetCurrentLineNumber(p.expat)) +
                               ", column " + std::to_string(XML_GetCurrentColumnNumber(p.expat));
            }
            return false;
        }
        if (!p.running()) return false;
        bytes.remove_prefix(n);
    }
    // What expat holds back, unreported, is one token that is not complete yet.
    p.check_token(p.fed);
    return p.running();
}

StanzaParser::StanzaParser(std::string parent_ns, StreamLimits limits)
    : parent_ns_(std::move(parent_ns)), limits_(limits) {
    open_stream();
}

StanzaParser::~StanzaParser() = default;

void StanzaParser::open_stream() {
    stream_ =
        std::make_unique<StreamParser>(limits_, StreamParser::Handlers{nullptr,
                                                                       [this](Element& stanza) {
                                                                           ++count_;
                                                                           got_ = std::move(stanza);
                                                                       },
                                                                       nullptr});
    std::string header = "<stream:stream xmlns:stream='http://etherx.jabber.org/streams' xmlns='";
    header += parent_ns_;
    header += "'>";
    stream_->feed(header);
}

std::optional<Element> StanzaParser::parse(std::string_view text) {
    got_.reset();
    count_ = 0;
    const bool ok = stream_->feed(text);
    // Anything but one whole element leaves the stream broken or inside an element: start anew.
    if (!ok || count_ != 1 || !got_) {
        open_stream();
        return std::nullopt;
    }
    return std::move(got_);
}

}  // namespace cordgate::adapters::xmpp
