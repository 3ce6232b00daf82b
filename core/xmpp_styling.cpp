#include <core/xmpp_styling.hpp>

#include <algorithm>
#include <array>
#include <map>
#include <optional>

namespace cordgate::core {
namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r';
}

bool is_alnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// A letter of any script counts: bytes of multi-byte UTF-8 sequences are letters here.
bool is_word(char c) {
    return is_alnum(c) || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

bool is_ascii_punct(char c) {
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
           (c >= '{' && c <= '~');
}

bool is_directive(char c) {
    return c == '*' || c == '_' || c == '~';
}

struct Line {
    std::size_t begin = 0;
    std::size_t end = 0;  // the '\n' or the body's end
};

std::vector<Line> lines_of(std::string_view body) {
    std::vector<Line> lines;
    std::size_t pos = 0;
    while (true) {
        std::size_t eol = body.find('\n', pos);
        if (eol == std::string_view::npos) {
            lines.push_back({pos, body.size()});
            return lines;
        }
        lines.push_back({pos, eol});
        pos = eol + 1;
    }
}

// XEP-0393 §6.1.2: a preformatted block starts at a line beginning with ``` and ends with a
// line holding only ``` (or with the message).
bool opens_block(std::string_view line) {
    return line.starts_with("```");
}

bool closes_block(std::string_view line) {
    while (!line.empty() && is_space(line.back())) line.remove_suffix(1);
    return line == "```";
}

// Where a line's text starts after its block quote markers (§6.1.3: ">" and an optional space).
std::size_t quote_depth(std::string_view body, const Line& line) {
    std::size_t depth = 0;
    while (line.begin + depth < line.end && body[line.begin + depth] == '>') ++depth;
    return depth;
}

std::size_t content_start(std::string_view body, const Line& line) {
    std::size_t pos = line.begin + quote_depth(body, line);
    if (pos > line.begin && pos < line.end && body[pos] == ' ') ++pos;
    return pos;
}

// A preformatted span (§6.2.4) opening at `i`: a run of backticks closed by a run as long,
// as Discord reads them too. Returns the end of the span, or 0.
std::size_t code_span_end(std::string_view body, std::size_t i, std::size_t start,
                          std::size_t end) {
    std::size_t n = 0;
    while (i + n < end && body[i + n] == '`') ++n;
    bool opener = i == start || is_space(body[i - 1]) || is_directive(body[i - 1]);
    if (!opener || i + n >= end || is_space(body[i + n])) return 0;
    for (std::size_t j = i + n + 1; j < end;) {
        if (body[j] != '`') {
            ++j;
            continue;
        }
        std::size_t run = 0;
        while (j + run < end && body[j + run] == '`') ++run;
        if (run == n && !is_space(body[j - 1])) return j + run;
        j += run;
    }
    return 0;
}

// A URL (scheme://...) starting at `i`, up to whitespace; trailing punctuation that more likely
// ends the sentence (or closes a span) is left out, and a ")" only when unbalanced.
std::size_t url_end(std::string_view body, std::size_t i, std::size_t start, std::size_t end) {
    auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    if (!alpha(body[i]) || (i > start && is_word(body[i - 1]))) return 0;
    std::size_t j = i + 1;
    while (j < end && (is_alnum(body[j]) || body[j] == '+' || body[j] == '.' || body[j] == '-'))
        ++j;
    if (body.substr(j, 3) != "://") return 0;
    std::size_t k = j + 3;
    while (k < end && !is_space(body[k])) ++k;
    while (k > j + 3) {
        char last = body[k - 1];
        std::string_view url = body.substr(i, k - i);
        bool unbalanced = last == ')' && std::count(url.begin(), url.end(), '(') <
                                             std::count(url.begin(), url.end(), ')');
        if (std::string_view(".,;:!?'\"*_~>").find(last) == std::string_view::npos && !unbalanced) {
            break;
        }
        --k;
    }
    return k > j + 3 ? k : 0;
}

enum class Kind { literal, verbatim, markup };

struct Token {
    Kind kind;
    std::string text;
    std::size_t pos = 0;  // literal: where it is in the body
};

class Converter {
  public:
    Converter(std::string_view body, std::vector<TextReplacement> atoms)
        : body_(body), atoms_(std::move(atoms)) {
        for (std::size_t k = 0; k < atoms_.size(); ++k) atom_at_[atoms_[k].begin] = k;
    }

    std::string run() {
        bool in_block = false;
        std::vector<Line> lines = lines_of(body_);
        for (std::size_t n = 0; n < lines.size(); ++n) {
            if (n > 0) emit(Kind::verbatim, "\n");
            const Line& line = lines[n];
            std::string_view text = body_.substr(line.begin, line.end - line.begin);
            if (in_block || opens_block(text)) {
                // The opening line cannot close the block it opens.
                in_block = !(in_block && closes_block(text));
                emit(Kind::verbatim, std::string(text));
                continue;
            }
            line_(line);
        }
        return render();
    }

  private:
    void emit(Kind kind, std::string text, std::size_t pos = 0) {
        tokens_.push_back(Token{kind, std::move(text), pos});
    }

    const TextReplacement* atom_at(std::size_t i) const {
        auto it = atom_at_.find(i);
        return it == atom_at_.end() ? nullptr : &atoms_[it->second];
    }

    void line_(const Line& line) {
        std::size_t depth = quote_depth(body_, line);
        std::size_t start = content_start(body_, line);
        if (depth == 1) {
            emit(Kind::markup, start < line.end ? "> " : ">");
        } else if (depth > 1) {
            emit(Kind::verbatim, std::string(body_.substr(line.begin, start - line.begin)));
        }
        // Discord's headers and subtext; 0393 has none, so the text was meant as it is.
        std::string_view rest = body_.substr(start, line.end - start);
        std::size_t hashes = 0;
        while (hashes < rest.size() && hashes < 4 && rest[hashes] == '#') ++hashes;
        bool header = hashes >= 1 && hashes <= 3 && rest.size() > hashes && rest[hashes] == ' ';
        if (header || rest.starts_with("-# ")) emit(Kind::markup, "\\");
        spans(start, line.end, '\0');
    }

    bool opener_at(std::size_t i, std::size_t begin, std::size_t end, char opened_by,
                   std::size_t width) const {
        if (i + width >= end || is_space(body_[i + width])) return false;
        if (i == begin) return opened_by != body_[i];
        return is_space(body_[i - 1]);
    }

    // The first closing run of `width` directives `c` after an opener at `i`, or nullopt.
    std::optional<std::size_t> closer(std::size_t i, std::size_t end, char c,
                                      std::size_t width) const {
        // The span holds at least one character (or replacement) before its closer.
        bool empty = true;
        for (std::size_t m = i + width; m + width <= end;) {
            if (const TextReplacement* a = atom_at(m)) {
                m = a->end;
                empty = false;
                continue;
            }
            bool run = true;
            for (std::size_t k = 0; k < width; ++k) run = run && body_[m + k] == c;
            bool exact = (m + width >= end || body_[m + width] != c) && body_[m - 1] != c;
            if (!empty && run && exact && !is_space(body_[m - 1])) return m;
            empty = false;
            ++m;
        }
        return std::nullopt;
    }

    void spans(std::size_t begin, std::size_t end, char opened_by) {
        for (std::size_t i = begin; i < end;) {
            if (const TextReplacement* a = atom_at(i)) {
                emit(Kind::verbatim, a->text);
                i = a->end;
                continue;
            }
            const char c = body_[i];
            if ((c == '*' || c == '~') && i + 1 < end && body_[i + 1] == c &&
                (i + 2 >= end || body_[i + 2] != c) && opener_at(i, begin, end, opened_by, 2)) {
                if (auto m = closer(i, end, c, 2)) {
                    const std::string marker(2, c);
                    emit(Kind::markup, marker);
                    spans(i + 2, *m, c);
                    emit(Kind::markup, marker);
                    i = *m + 2;
                    continue;
                }
            }
            // A run of one directive (__init__, ***) is text, as Discord's own markers are.
            const bool run = (i + 1 < end && body_[i + 1] == c) || (i > begin && body_[i - 1] == c);
            if (is_directive(c) && !run && opener_at(i, begin, end, opened_by, 1)) {
                if (auto m = closer(i, end, c, 1)) {
                    const char* marker = c == '*' ? "**" : c == '_' ? "*" : "~~";
                    emit(Kind::markup, marker);
                    spans(i + 1, *m, c);
                    emit(Kind::markup, marker);
                    i = *m + 1;
                    continue;
                }
            }
            emit(Kind::literal, std::string(1, c), i);
            ++i;
        }
    }

    // The output character next to token k on either side ('\0' at the ends).
    char before(std::size_t k) const {
        for (std::size_t j = k; j-- > 0;) {
            if (!tokens_[j].text.empty()) return tokens_[j].text.back();
        }
        return '\0';
    }
    char after(std::size_t k) const {
        for (std::size_t j = k + 1; j < tokens_.size(); ++j) {
            if (!tokens_[j].text.empty()) return tokens_[j].text.front();
        }
        return '\0';
    }
    bool literal(std::size_t k, char c) const {
        return k < tokens_.size() && tokens_[k].kind == Kind::literal && tokens_[k].text[0] == c;
    }

    // Whether Discord would pair literal `c`s somewhere: one that could open before one that
    // could close (its em rules: `*x*` anywhere; `_x_` closing before a non-word character).
    bool pairs(char c) const {
        bool open_seen = false;
        for (std::size_t k = 0; k < tokens_.size(); ++k) {
            if (!literal(k, c)) continue;
            const char prev = before(k);
            const char next = after(k);
            bool can_close = prev != '\0' && !is_space(prev) && prev != '\n';
            if (c == '_') can_close = can_close && !is_word(next);
            if (c == '`') can_close = true;
            if (open_seen && can_close) return true;
            if (next != '\0' && !is_space(next) && next != '\n') open_seen = true;
        }
        return false;
    }

    // Discord's doubled markers (__underline__, ~~strike~~, ||spoiler||) need two runs.
    bool doubled_runs(char c) const {
        int runs = 0;
        for (std::size_t k = 0; k < tokens_.size(); ++k) {
            if (literal(k, c) && literal(k + 1, c) && !literal(k - 1, c)) ++runs;
        }
        return runs >= 2;
    }

    bool in_run(std::size_t k, char c) const {
        return (k > 0 && literal(k - 1, c)) || literal(k + 1, c);
    }

    std::string render() const {
        const bool stars = pairs('*');
        const bool underscores = pairs('_');
        const bool backticks = pairs('`');
        const std::array<bool, 3> runs{doubled_runs('_'), doubled_runs('~'), doubled_runs('|')};
        std::string out;
        out.reserve(body_.size() + body_.size() / 8);
        for (std::size_t k = 0; k < tokens_.size(); ++k) {
            const Token& t = tokens_[k];
            if (t.kind != Kind::literal) {
                out += t.text;
                continue;
            }
            const char c = t.text[0];
            bool escape = false;
            switch (c) {
                case '\\':
                    escape = is_ascii_punct(after(k));
                    break;
                case '*':
                    escape = stars || before(k) == '*' || after(k) == '*';
                    break;
                case '_':
                    escape = (underscores && !(is_word(before(k)) && is_word(after(k)))) ||
                             (runs[0] && in_run(k, '_'));
                    break;
                case '`':
                    escape = backticks;
                    break;
                case '~':
                    escape = (runs[1] && in_run(k, '~')) || before(k) == '~' || after(k) == '~';
                    break;
                case '|':
                    escape = runs[2] && in_run(k, '|');
                    break;
                default:
                    break;
            }
            if (escape) out += '\\';
            out += c;
        }
        return out;
    }

    std::string_view body_;
    std::vector<TextReplacement> atoms_;
    std::map<std::size_t, std::size_t> atom_at_;
    std::vector<Token> tokens_;
};

bool overlaps(const TextReplacement& a, const TextRange& b) {
    return a.begin < b.end && b.begin < a.end;
}

}  // namespace

std::vector<TextRange> verbatim_ranges(std::string_view body) {
    std::vector<TextRange> out;
    bool in_block = false;
    for (const Line& line : lines_of(body)) {
        std::string_view text = body.substr(line.begin, line.end - line.begin);
        if (in_block || opens_block(text)) {
            in_block = !(in_block && closes_block(text));
            out.push_back({line.begin, line.end});
            continue;
        }
        const std::size_t start = content_start(body, line);
        for (std::size_t i = start; i < line.end;) {
            std::size_t span = 0;
            if (body[i] == '`') span = code_span_end(body, i, start, line.end);
            if (!span) span = url_end(body, i, start, line.end);
            if (span) {
                out.push_back({i, span});
                i = span;
            } else {
                ++i;
            }
        }
    }
    return out;
}

namespace {

// The bytes the conversion acts on: styling directives, and what Discord would read as markdown
// (escapes, spoilers, quotes, headers). A body without any, and with nothing to replace, is the
// same in Discord: most messages, which then skip the converter.
constexpr std::string_view kActedOn = "*_~`>|\\#-";
constexpr std::array<bool, 256> kIsActedOn = [] {
    std::array<bool, 256> table{};
    for (const char c : kActedOn) table[static_cast<unsigned char>(c)] = true;
    return table;
}();

bool plain(std::string_view body) {
    return std::none_of(body.begin(), body.end(),
                        [](char c) { return kIsActedOn[static_cast<unsigned char>(c)]; });
}

}  // namespace

std::string xmpp_styling_to_discord(std::string_view body,
                                    std::vector<TextReplacement> replacements) {
    if (replacements.empty() && plain(body)) return std::string(body);
    std::vector<TextReplacement> atoms;
    for (const TextRange& r : verbatim_ranges(body)) {
        atoms.push_back({r.begin, r.end, std::string(body.substr(r.begin, r.end - r.begin))});
    }
    std::stable_sort(replacements.begin(), replacements.end(),
                     [](const auto& a, const auto& b) { return a.begin < b.begin; });
    for (auto& r : replacements) {
        if (r.begin >= r.end || r.end > body.size()) continue;
        if (body.substr(r.begin, r.end - r.begin).find('\n') != std::string_view::npos) continue;
        bool clash = std::any_of(atoms.begin(), atoms.end(), [&](const TextReplacement& a) {
            return overlaps(r, TextRange{a.begin, a.end});
        });
        if (!clash) atoms.push_back(std::move(r));
    }
    std::sort(atoms.begin(), atoms.end(),
              [](const auto& a, const auto& b) { return a.begin < b.begin; });
    return Converter(body, std::move(atoms)).run();
}

}  // namespace cordgate::core
