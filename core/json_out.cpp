#include <core/json_out.hpp>
#include <core/json_scan.hpp>

#include <algorithm>

namespace cordgate::core {

namespace {

// Above this, the text leaves in a string of its own and the buffer starts small again: one READY
// of a large account should not pin megabytes to a thread.
constexpr std::size_t kKeepBytes = 64 * 1024;
constexpr std::size_t kFirstBytes = 1024;  // an event or effect envelope of a chat message fits

// The short escapes JSON has; every other control character is written as \u00XX.
char short_escape(unsigned char c) {
    switch (c) {
        case '"':
            return '"';
        case '\\':
            return '\\';
        case '\b':
            return 'b';
        case '\t':
            return 't';
        case '\n':
            return 'n';
        case '\f':
            return 'f';
        case '\r':
            return 'r';
        default:
            return 0;
    }
}

}  // namespace

void JsonOut::grow(std::size_t n) {
    const std::size_t used = size();
    const std::size_t want = std::max({buffer_.size() * 2, used + n, kFirstBytes});
    buffer_.resize(want);
    p_ = buffer_.data() + used;
    end_ = buffer_.data() + buffer_.size();
}

void JsonOut::string(std::string_view s) {
    const char* in = s.data();
    const char* const last = in + s.size();
    ensure(s.size() + 2);
    put_unchecked('"');
    for (;;) {
        const char* stop = json_scan::find_escape(in, last);
        append_unchecked(in, static_cast<std::size_t>(stop - in));
        if (stop == last) break;
        // Room for this escape (at most six bytes), the rest of the string and the quote.
        ensure(6 + static_cast<std::size_t>(last - stop));
        const auto c = static_cast<unsigned char>(*stop);
        put_unchecked('\\');
        if (const char e = short_escape(c)) {
            put_unchecked(e);
        } else {
            static constexpr char kHex[] = "0123456789ABCDEF";
            append_unchecked("u00", 3);
            put_unchecked(kHex[c >> 4]);
            put_unchecked(kHex[c & 0xF]);
        }
        in = stop + 1;
    }
    put_unchecked('"');
}

std::string& json_out_buffer() {
    thread_local std::string buffer;
    return buffer;
}

std::string take_json_out(const JsonOut& out) {
    std::string text(out.text());
    if (std::string& buffer = json_out_buffer(); buffer.size() > kKeepBytes) {
        std::string().swap(buffer);
    }
    return text;
}

}  // namespace cordgate::core
