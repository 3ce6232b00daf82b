#include <core/jid.hpp>

#include <array>

namespace cordgate::core {
namespace {

constexpr std::size_t kMaxPart = 1023;

// The characters XEP-0106 escapes, with their codes.
constexpr std::array<std::pair<char, std::string_view>, 10> kEscapes{{{' ', "20"},
                                                                      {'"', "22"},
                                                                      {'&', "26"},
                                                                      {'\'', "27"},
                                                                      {'/', "2f"},
                                                                      {':', "3a"},
                                                                      {'<', "3c"},
                                                                      {'>', "3e"},
                                                                      {'@', "40"},
                                                                      {'\\', "5c"}}};

bool is_control(char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
}

bool forbidden_in_localpart(char c) {
    for (const auto& [ch, code] : kEscapes) {
        if (ch == c && c != '\\') return true;
    }
    return is_control(c);
}

// The XEP-0106 code of a character that has one.
std::optional<std::string_view> escape_code(char c) {
    for (const auto& [ch, code] : kEscapes) {
        if (ch == c) return code;
    }
    return std::nullopt;
}

// A DNS-like name: no empty label (a leading, trailing or doubled dot), and none of the
// characters that cannot appear in a domain and would break XML attributes or addressing.
bool valid_domain(std::string_view s) {
    if (s.empty() || s.size() > kMaxPart || s.front() == '.' || s.back() == '.') return false;
    if (s.find("..") != std::string_view::npos) return false;
    for (char c : s) {
        if (is_control(c) || c == ' ' || c == '@' || c == '/' || c == '<' || c == '>' ||
            c == '\'' || c == '"' || c == '&')
            return false;
    }
    return true;
}

// The char a "\xx" sequence stands for, when `s` starts with one.
std::optional<char> escaped_char_at(std::string_view s) {
    if (s.size() < 3 || s[0] != '\\') return std::nullopt;
    for (const auto& [ch, code] : kEscapes) {
        if ((s[1] == code[0]) &&
            (s[2] == code[1] || (code[1] >= 'a' && s[2] == code[1] - 'a' + 'A'))) {
            return ch;
        }
    }
    return std::nullopt;
}

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

bool is_snowflake(std::string_view s) {
    if (s.empty() || s.size() > 20 || (s.size() > 1 && s[0] == '0')) return false;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

}  // namespace

std::string Jid::bare() const {
    return local.empty() ? domain : local + "@" + domain;
}

std::string Jid::full() const {
    return resource.empty() ? bare() : bare() + "/" + resource;
}

std::optional<Jid> Jid::parse(std::string_view text) {
    Jid jid;
    std::string_view rest = text;
    if (auto slash = rest.find('/'); slash != std::string_view::npos) {
        jid.resource = std::string(rest.substr(slash + 1));
        if (jid.resource.empty() || jid.resource.size() > kMaxPart) return std::nullopt;
        for (char c : jid.resource) {
            if (is_control(c)) return std::nullopt;
        }
        rest = rest.substr(0, slash);
    }
    if (auto at = rest.find('@'); at != std::string_view::npos) {
        std::string_view local = rest.substr(0, at);
        if (local.empty() || local.size() > kMaxPart) return std::nullopt;
        for (char c : local) {
            if (forbidden_in_localpart(c)) return std::nullopt;
        }
        jid.local = ascii_lower(local);
        rest = rest.substr(at + 1);
    }
    if (!valid_domain(rest)) return std::nullopt;
    jid.domain = ascii_lower(rest);
    return jid;
}

std::string escape_localpart(std::string_view legacy) {
    std::string out;
    out.reserve(legacy.size());
    for (std::size_t i = 0; i < legacy.size(); ++i) {
        const char c = legacy[i];
        // A backslash is escaped only where it would otherwise be read as an escape sequence.
        // Control characters have no escape: they stay, and the JID they are in is refused
        // (dropping them would give two legacy ids one JID).
        const auto code = escape_code(c);
        if (code && (c != '\\' || escaped_char_at(legacy.substr(i)))) {
            out += '\\';
            out += *code;
        } else {
            out += c;
        }
    }
    return out;
}

std::string unescape_localpart(std::string_view localpart) {
    std::string out;
    out.reserve(localpart.size());
    for (std::size_t i = 0; i < localpart.size();) {
        if (auto c = escaped_char_at(localpart.substr(i))) {
            out += *c;
            i += 3;
        } else {
            out += localpart[i++];
        }
    }
    return out;
}

std::string jid_username_for(std::string_view legacy_id) {
    return is_snowflake(legacy_id) ? std::string(legacy_id) : escape_localpart(legacy_id);
}

std::string legacy_id_for(std::string_view jid_username) {
    if (jid_username.empty()) throw JidError("empty user part: it names no Discord user");
    if (is_snowflake(jid_username)) return std::string(jid_username);
    std::string legacy = unescape_localpart(jid_username);
    if (legacy.empty()) {
        throw JidError("user part '" + std::string(jid_username) + "' maps to no legacy id");
    }
    return legacy;
}

}  // namespace cordgate::core
