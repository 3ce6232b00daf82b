#include <core/split_message.hpp>

namespace cordgate::core {
namespace {

bool continues_sequence(char c) {
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// The byte offset after `limit` code points from `from`, or text.size() when fewer remain.
std::size_t advance(std::string_view text, std::size_t from, std::size_t limit) {
    std::size_t i = from;
    for (std::size_t n = 0; i < text.size(); ++i) {
        if (!continues_sequence(text[i]) && n++ == limit) break;
    }
    return i;
}

// Where a part that starts at `start` and may reach `cut` (exclusive) ends: the offset of the
// separator it ends at (dropped), or `cut` when it has none. `fences_before` is the parity of
// ``` fences before `start`.
std::size_t break_at(std::string_view text, std::size_t start, std::size_t cut,
                     bool inside_block_at_start) {
    std::size_t newline_outside = 0, newline = 0, space = 0;
    bool inside = inside_block_at_start;
    for (std::size_t i = start; i < cut; ++i) {
        if (text.compare(i, 3, "```") == 0 && i + 3 <= cut) {
            inside = !inside;
            i += 2;
            continue;
        }
        if (i == start) continue;  // a part is never empty
        if (text[i] == '\n') {
            newline = i;
            if (!inside) newline_outside = i;
        } else if (text[i] == ' ') {
            space = i;
        }
    }
    if (newline_outside) return newline_outside;
    if (newline) return newline;
    if (space) return space;
    return cut;
}

bool fence_parity(std::string_view text, std::size_t from, std::size_t to, bool inside) {
    for (std::size_t i = from; i + 3 <= to; ++i) {
        if (text.compare(i, 3, "```") == 0) {
            inside = !inside;
            i += 2;
        }
    }
    return inside;
}

}  // namespace

std::size_t code_points(std::string_view text) {
    std::size_t n = 0;
    for (char c : text) n += !continues_sequence(c);
    return n;
}

std::vector<std::string> split_message(std::string_view text, std::size_t limit) {
    std::vector<std::string> parts;
    if (limit == 0) limit = 1;
    std::size_t start = 0;
    bool inside_block = false;
    while (true) {
        const std::size_t cut = advance(text, start, limit);
        if (cut >= text.size()) {
            parts.emplace_back(text.substr(start));
            return parts;
        }
        const std::size_t end = break_at(text, start, cut, inside_block);
        parts.emplace_back(text.substr(start, end - start));
        const bool dropped = end < cut;  // ended at a separator, which is not kept
        const std::size_t next = dropped ? end + 1 : end;
        inside_block = fence_parity(text, start, next, inside_block);
        start = next;
    }
}

}  // namespace cordgate::core
