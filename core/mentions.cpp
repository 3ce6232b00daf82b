#include <core/mentions.hpp>

#include <algorithm>

namespace cordgate::core {
namespace {

bool continues_sequence(char c) {
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

bool is_alnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Letters of other scripts count as word characters: their bytes are all >= 0x80.
bool is_word(char c) {
    return is_alnum(c) || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

enum class Case { exact, ascii_insensitive };

bool starts_with(std::string_view text, std::string_view prefix, Case how) {
    if (prefix.size() > text.size()) return false;
    if (how == Case::exact) return text.starts_with(prefix);
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (lower(text[i]) != lower(prefix[i])) return false;
    }
    return true;
}

bool clashes(const std::vector<TextRange>& taken, std::size_t begin, std::size_t end) {
    return std::any_of(taken.begin(), taken.end(),
                       [&](const TextRange& t) { return begin < t.end && t.begin < end; });
}

// The person whose nick starts `text` and ends where `fits` says, longest nick first.
template <class Fits>
const Mentionable* longest_nick(std::string_view text, const std::vector<Mentionable>& people,
                                Fits fits) {
    for (Case how : {Case::exact, Case::ascii_insensitive}) {
        const Mentionable* best = nullptr;
        for (const auto& p : people) {
            if (p.nick.empty() || !starts_with(text, p.nick, how)) continue;
            if (!fits(text.substr(p.nick.size()))) continue;
            if (!best || p.nick.size() > best->nick.size()) best = &p;
        }
        if (best) return best;
    }
    return nullptr;
}

}  // namespace

std::optional<TextRange> reference_bytes(std::string_view body, std::uint64_t begin,
                                         std::uint64_t end) {
    if (begin >= end) return std::nullopt;
    std::optional<std::size_t> from;
    std::uint64_t n = 0;
    for (std::size_t i = 0; i <= body.size(); ++i) {
        if (i < body.size() && continues_sequence(body[i])) continue;
        if (n == begin) from = i;
        if (n == end) return from ? std::optional<TextRange>(TextRange{*from, i}) : std::nullopt;
        ++n;
    }
    return std::nullopt;
}

std::vector<TextReplacement> mention_replacements(std::string_view body,
                                                  const std::vector<MarkedMention>& marked,
                                                  const std::vector<Mentionable>& people,
                                                  const std::vector<TextRange>& verbatim) {
    std::vector<TextReplacement> out;
    std::vector<TextRange> taken = verbatim;
    auto take = [&](std::size_t begin, std::size_t end, Snowflake id) {
        if (begin >= end || end > body.size() || clashes(taken, begin, end)) return;
        taken.push_back({begin, end});
        out.push_back({begin, end, user_mention(id)});
    };
    for (const auto& m : marked) {
        std::size_t begin = m.begin;
        if (begin > 0 && body[begin - 1] == '@') --begin;
        take(begin, m.end, m.id);
    }
    if (people.empty()) return out;
    // A reply in a room ("nick: ..."), the XMPP clients' way to address someone.
    if (const Mentionable* p = longest_nick(body, people, [](std::string_view rest) {
            return rest.starts_with(": ") || rest == ":";
        })) {
        take(0, p->nick.size(), p->id);
    }
    for (std::size_t at = body.find('@'); at != std::string_view::npos;
         at = body.find('@', at + 1)) {
        if (at > 0 && is_word(body[at - 1])) continue;  // an address, not a mention
        const Mentionable* p = longest_nick(body.substr(at + 1), people, [](std::string_view rest) {
            return rest.empty() || !is_word(rest.front());
        });
        if (p) take(at, at + 1 + p->nick.size(), p->id);
    }
    return out;
}

}  // namespace cordgate::core
