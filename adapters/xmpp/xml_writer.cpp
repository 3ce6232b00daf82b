#include <adapters/xmpp/xml_writer.hpp>

#include <core/json_scan.hpp>

namespace cordgate::adapters::xmpp {
namespace {

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

// The first byte of U+FFFE and U+FFFF (EF BF BE, EF BF BF), which XML 1.0 forbids (§2.2): a
// server that receives one closes the component's whole stream. EF also starts other
// characters (U+F000-U+FFFD), which are kept after a look at the next two bytes.
constexpr char kNoncharLead = '\xEF';

// The first byte that may need care: one with an entity, a control character (tab, LF and CR
// among them: they are kept, but are told apart from the others one at a time), or EF. Sixteen
// bytes at a time: a message body is mostly one plain run.
const char* find_care(const char* p, const char* end) {
    namespace scan = core::json_scan;
#if defined(__SSE2__)
    const bool found = scan::find16(p, end, [](__m128i s) {
        __m128i hit = _mm_cmpeq_epi8(_mm_min_epu8(s, _mm_set1_epi8(0x1F)), s);  // <= 0x1F
        for (char c : {'&', '<', '>', '"', '\'', kNoncharLead}) {
            hit = _mm_or_si128(hit, _mm_cmpeq_epi8(s, _mm_set1_epi8(c)));
        }
        return hit;
    });
    if (found) return p;
#endif
    return scan::find(
        p, end,
        [](std::uint64_t w) {
            return scan::bytes_equal(w, '&') | scan::bytes_equal(w, '<') |
                   scan::bytes_equal(w, '>') | scan::bytes_equal(w, '"') |
                   scan::bytes_equal(w, '\'') | scan::bytes_equal(w, 0xEF) |
                   scan::bytes_below(w, 0x20);
        },
        [](unsigned char c) {
            return c < 0x20 || c == 0xEF || entity_for(static_cast<char>(c)) != nullptr;
        });
}

}  // namespace

void append_escaped(std::string& out, std::string_view text) {
    const char* p = text.data();
    const char* const end = p + text.size();
    while (p != end) {
        const char* stop = find_care(p, end);
        out.append(p, static_cast<std::size_t>(stop - p));
        if (stop == end) return;
        if (*stop == kNoncharLead) {
            const bool nonchar =
                end - stop >= 3 && stop[1] == '\xBF' && (stop[2] == '\xBE' || stop[2] == '\xBF');
            if (nonchar) {
                p = stop + 3;
                continue;
            }
            out += *stop;
        } else if (const char* entity = entity_for(*stop)) {
            out += entity;
        } else if (*stop == '\t' || *stop == '\n' || *stop == '\r') {
            out += *stop;
        }  // any other control character is dropped
        p = stop + 1;
    }
}

XmlWriter::Open& XmlWriter::top() {
    return depth_ <= inline_.size() ? inline_[depth_ - 1] : deeper_.back();
}

void XmlWriter::push(Open open) {
    if (depth_ < inline_.size()) {
        inline_[depth_] = open;
    } else {
        deeper_.push_back(open);
    }
    ++depth_;
}

void XmlWriter::end_start_tag() {
    if (!start_tag_open_) return;
    out_ += '>';
    start_tag_open_ = false;
}

XmlWriter& XmlWriter::open(std::string_view name, std::string_view ns) {
    end_start_tag();
    const std::string_view parent = depth_ == 0 ? root_ns_ : top().scope;
    out_ += '<';
    out_ += name;
    if (ns != parent && !ns.empty()) {
        out_ += " xmlns='";
        append_escaped(out_, ns);
        out_ += '\'';
    }
    push({name, ns.empty() ? parent : ns});
    start_tag_open_ = true;
    return *this;
}

XmlWriter& XmlWriter::attr(std::string_view key, std::string_view value) {
    out_ += ' ';
    out_ += key;
    out_ += "='";
    append_escaped(out_, value);
    out_ += '\'';
    return *this;
}

XmlWriter& XmlWriter::text(std::string_view text) {
    if (text.empty()) return *this;
    end_start_tag();
    append_escaped(out_, text);
    return *this;
}

XmlWriter& XmlWriter::close() {
    if (start_tag_open_) {
        out_ += "/>";
        start_tag_open_ = false;
    } else {
        out_ += "</";
        out_ += top().name;
        out_ += '>';
    }
    if (depth_ > inline_.size()) deeper_.pop_back();
    --depth_;
    return *this;
}

}  // namespace cordgate::adapters::xmpp
