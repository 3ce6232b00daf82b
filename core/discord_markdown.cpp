#include <core/discord_markdown.hpp>

#include <array>

namespace cordgate::core {
namespace {

// A plain message (most of them) has none of these, and no line starting with # > or -:
// it is returned as it is.
constexpr std::string_view kInlineMarkers = "*_~`|<[\\";

// One look-up per byte: this scan runs over every message that arrives from Discord.
constexpr std::array<bool, 256> kIsInlineMarker = [] {
    std::array<bool, 256> table{};
    for (const char c : kInlineMarkers) table[static_cast<unsigned char>(c)] = true;
    return table;
}();

bool needs_conversion(std::string_view text) {
    bool line_start = true;
    for (const char c : text) {
        if (kIsInlineMarker[static_cast<unsigned char>(c)]) return true;
        if (line_start && (c == '#' || c == '>' || c == '-')) return true;
        line_start = c == '\n';
    }
    return false;
}

constexpr std::string_view kFence = "```";

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Letters of any script count: a byte of a UTF-8 sequence is taken as one.
bool is_word(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z');
}

bool is_escapable(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x80 && !is_word(c) && !is_space(c);
}

std::size_t run_length(std::string_view s, std::size_t i, char c) {
    std::size_t j = i;
    while (j < s.size() && s[j] == c) ++j;
    return j - i;
}

bool url_at(std::string_view s, std::size_t i) {
    if (i > 0 && is_word(s[i - 1])) return false;
    const std::string_view rest = s.substr(i);
    return rest.starts_with("https://") || rest.starts_with("http://");
}

// Discord's autolink: up to whitespace or '<', without trailing punctuation. Trailing styling
// markers are left out too, so "_see https://x.org/a_b_" still closes its italics.
std::size_t url_end(std::string_view s, std::size_t i) {
    std::size_t j = i;
    while (j < s.size() && !is_space(s[j]) && s[j] != '<') ++j;
    constexpr std::string_view kTrailing = ".,:;\"')]*_~|";
    while (j > i && kTrailing.find(s[j - 1]) != std::string_view::npos) --j;
    return j;
}

// The end of the code span opened by the backtick run at i, or npos when it is not closed.
std::size_t code_span_end(std::string_view s, std::size_t i) {
    const std::size_t ticks = run_length(s, i, '`');
    std::size_t j = i + ticks;
    while (j < s.size()) {
        const std::size_t k = s.find('`', j);
        if (k == std::string_view::npos) return std::string_view::npos;
        const std::size_t run = run_length(s, k, '`');
        if (run == ticks) return k + run;
        j = k + run;
    }
    return std::string_view::npos;
}

enum class Marker { bold, underline, italic_star, italic_underscore, strike, spoiler };

std::string_view text_of(Marker m) {
    switch (m) {
        case Marker::bold:
            return "**";
        case Marker::underline:
            return "__";
        case Marker::italic_star:
            return "*";
        case Marker::italic_underscore:
            return "_";
        case Marker::strike:
            return "~~";
        case Marker::spoiler:
            return "||";
    }
    return "";
}

// Where the marker opened just before `from` closes, skipping escapes and code spans; npos when
// it does not. Doubled markers close at the end of a longer run ("***x***" is ** around *x*).
std::size_t find_close(std::string_view s, std::size_t from, Marker m) {
    const std::string_view text = text_of(m);
    const char c = text.front();
    std::size_t j = from;
    while (j < s.size()) {
        if (s[j] == '\\') {
            j += 2;
            continue;
        }
        if (s[j] == '`') {
            const std::size_t end = code_span_end(s, j);
            j = end == std::string_view::npos ? j + 1 : end;
            continue;
        }
        if (url_at(s, j)) {
            j = std::max(url_end(s, j), j + 1);
            continue;
        }
        if (s[j] != c) {
            ++j;
            continue;
        }
        const std::size_t run = run_length(s, j, c);
        const bool after_space = j == from || is_space(s[j - 1]);
        switch (m) {
            case Marker::bold:
            case Marker::underline:
                if (run >= 2 && !after_space) return j + run - 2;
                break;
            case Marker::italic_star:
                if (run == 1 && !after_space) return j;
                break;
            case Marker::italic_underscore:
                if (run == 1 && !after_space && (j + 1 >= s.size() || !is_word(s[j + 1]))) return j;
                break;
            case Marker::strike:
            case Marker::spoiler:
                if (run >= 2 && j > from) return j;
                break;
        }
        j += run;
    }
    return std::string_view::npos;
}

class Converter {
  public:
    explicit Converter(const TokenRenderer& render) : render_(render) {}

    StyledText run(std::string_view text) {
        std::size_t i = 0;
        while (i < text.size()) {
            const std::size_t open = text.find(kFence, i);
            const std::size_t close =
                open == std::string_view::npos ? open : text.find(kFence, open + kFence.size());
            if (close == std::string_view::npos) {
                lines(text.substr(i));
                break;
            }
            lines(text.substr(i, open - i));
            code_block(text.substr(open + kFence.size(), close - open - kFence.size()));
            i = close + kFence.size();
            if (i < text.size() && text[i] == '\n') {
                out_ += '\n';
                ++i;
            } else if (i < text.size()) {
                out_ += '\n';  // 0393 §5.1.2: the closing fence is a line of its own
            }
        }
        return {std::move(out_), spoiler_};
    }

  private:
    void code_block(std::string_view inner) {
        if (!out_.empty() && out_.back() != '\n') out_ += '\n';
        out_ += kFence;
        // ```x``` on one line is a block of "x" for Discord; 0393 wants the fences apart.
        if (inner.find('\n') == std::string_view::npos) out_ += '\n';
        out_ += inner;
        if (inner.empty() || inner.back() != '\n') out_ += '\n';
        out_ += kFence;
    }

    void lines(std::string_view text) {
        std::size_t i = 0;
        while (true) {
            const std::size_t eol = text.find('\n', i);
            line(text.substr(i, eol == std::string_view::npos ? eol : eol - i));
            if (eol == std::string_view::npos) break;
            out_ += '\n';
            i = eol + 1;
        }
    }

    void line(std::string_view l) {
        if (l.starts_with(">>> ") || l == ">>>") {
            quote_rest_ = true;
            l.remove_prefix(std::min<std::size_t>(l.size(), 4));
        } else if (!quote_rest_ && (l.starts_with("> ") || l == ">")) {
            out_ += "> ";
            l.remove_prefix(std::min<std::size_t>(l.size(), 2));
        }
        if (quote_rest_) out_ += "> ";
        if (auto header = header_text(l)) {
            std::string converted;
            inline_into(*header, converted);
            // Already strong (# **x**): a second pair of asterisks would break the span.
            const bool wrap =
                !converted.empty() && converted.front() != '*' && converted.back() != '*';
            if (wrap) out_ += '*';
            out_ += converted;
            if (wrap) out_ += '*';
            return;
        }
        if (l.starts_with("-# ")) l.remove_prefix(3);
        inline_into(l, out_);
    }

    static std::optional<std::string_view> header_text(std::string_view l) {
        for (std::string_view h : {"# ", "## ", "### "}) {
            if (!l.starts_with(h)) continue;
            std::string_view rest = l.substr(h.size());
            while (!rest.empty() && is_space(rest.front())) rest.remove_prefix(1);
            while (!rest.empty() && is_space(rest.back())) rest.remove_suffix(1);
            if (rest.empty()) return std::nullopt;
            return rest;
        }
        return std::nullopt;
    }

    // A span with its markers, when the marker at i opens one that closes; i moves past it.
    bool span(std::string_view s, std::size_t& i, Marker m, std::string& out) {
        const std::size_t width = text_of(m).size();
        const std::size_t from = i + width;
        if (from >= s.size() || is_space(s[from])) return false;
        if (m == Marker::italic_star && s[from] == '*') return false;
        if (m == Marker::italic_underscore && i > 0 && is_word(s[i - 1])) return false;
        const std::size_t close = find_close(s, from, m);
        if (close == std::string_view::npos || close == from) return false;
        const std::string_view inner = s.substr(from, close - from);
        std::string_view styling;
        switch (m) {
            case Marker::bold:
                styling = "*";
                break;
            case Marker::underline:
                styling = "";
                break;
            case Marker::italic_star:
            case Marker::italic_underscore:
                styling = "_";
                break;
            case Marker::strike:
                styling = "~";
                break;
            case Marker::spoiler:
                styling = "||";
                spoiler_ = true;
                break;
        }
        out += styling;
        inline_into(inner, out);
        out += styling;
        i = close + width;
        return true;
    }

    bool masked_link(std::string_view s, std::size_t& i, std::string& out) {
        const std::size_t close = s.find("](", i + 1);
        if (close == std::string_view::npos) return false;
        const std::size_t paren = s.find(')', close + 2);
        if (paren == std::string_view::npos) return false;
        std::string_view url = s.substr(close + 2, paren - close - 2);
        if (url.starts_with('<') && url.ends_with('>')) url = url.substr(1, url.size() - 2);
        if (!url_at(url, 0) || url.find_first_of(" \n") != std::string_view::npos) return false;
        const std::string_view label = s.substr(i + 1, close - i - 1);
        if (label.empty() || label.find('\n') != std::string_view::npos) return false;
        if (label != url) {
            inline_into(label, out);
            out += " (";
            out += url;
            out += ')';
        } else {
            out += url;
        }
        i = paren + 1;
        return true;
    }

    void token(std::string_view s, std::size_t& i, std::string& out) {
        const std::size_t close = s.find('>', i + 1);
        const std::string_view inner =
            close == std::string_view::npos ? std::string_view{} : s.substr(i + 1, close - i - 1);
        if (inner.empty() || inner.find_first_of(" \n<") != std::string_view::npos) {
            out += s[i++];
            return;
        }
        if (url_at(inner, 0)) {
            out += inner;
        } else if (auto replaced = render_ ? render_(inner) : std::nullopt) {
            out += *replaced;
        } else {
            out += s.substr(i, close - i + 1);
        }
        i = close + 1;
    }

    void inline_into(std::string_view s, std::string& out) {
        std::size_t i = 0;
        while (i < s.size()) {
            const char c = s[i];
            switch (c) {
                case '\\':
                    if (i + 1 < s.size() && is_escapable(s[i + 1])) {
                        out += s.substr(i, 2);
                        i += 2;
                        continue;
                    }
                    break;
                case '`': {
                    const std::size_t end = code_span_end(s, i);
                    const std::size_t stop =
                        end == std::string_view::npos ? i + run_length(s, i, '`') : end;
                    out += s.substr(i, stop - i);
                    i = stop;
                    continue;
                }
                case '<':
                    token(s, i, out);
                    continue;
                case 'h':
                    if (url_at(s, i)) {
                        const std::size_t end = url_end(s, i);
                        out += s.substr(i, end - i);
                        i = end;
                        continue;
                    }
                    break;
                case '[':
                    if (masked_link(s, i, out)) continue;
                    break;
                case '*':
                    if (s.substr(i).starts_with("**") && span(s, i, Marker::bold, out)) continue;
                    if (span(s, i, Marker::italic_star, out)) continue;
                    break;
                case '_':
                    if (s.substr(i).starts_with("__") && span(s, i, Marker::underline, out))
                        continue;
                    if (span(s, i, Marker::italic_underscore, out)) continue;
                    break;
                case '~':
                    if (s.substr(i).starts_with("~~") && span(s, i, Marker::strike, out)) continue;
                    break;
                case '|':
                    if (s.substr(i).starts_with("||") && span(s, i, Marker::spoiler, out)) continue;
                    break;
                default:
                    break;
            }
            out += c;
            ++i;
        }
    }

    const TokenRenderer& render_;
    std::string out_;
    bool spoiler_ = false;
    bool quote_rest_ = false;
};

}  // namespace

StyledText discord_markdown_to_styling(std::string_view text, const TokenRenderer& render) {
    if (!needs_conversion(text)) return {std::string(text), false};
    return Converter(render).run(text);
}

}  // namespace cordgate::core
