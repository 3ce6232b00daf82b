#include <adapters/xmpp/jid.hpp>

namespace cordgate::adapters::xmpp {
namespace {

constexpr std::size_t kMaxPart = 1023;

bool is_control(unsigned char c) {
    return c < 0x20 || c == 0x7f;
}

bool valid_local(std::string_view s) {
    if (s.empty() || s.size() > kMaxPart) return false;
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        if (is_control(c) || c == ' ') return false;
        switch (ch) {
            case '"':
            case '&':
            case '\'':
            case '/':
            case ':':
            case '<':
            case '>':
            case '@':
                return false;
            default:
                break;
        }
    }
    return true;
}

bool valid_domain(std::string_view s) {
    if (s.empty() || s.size() > kMaxPart || s.front() == '.' || s.back() == '.') return false;
    if (s.find("..") != std::string_view::npos) return false;
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        if (is_control(c) || c == ' ' || ch == '@' || ch == '/' || ch == '<' || ch == '>' ||
            ch == '\'' || ch == '"' || ch == '&')
            return false;
    }
    return true;
}

bool valid_resource(std::string_view s) {
    if (s.empty() || s.size() > kMaxPart) return false;
    for (char ch : s) {
        if (is_control(static_cast<unsigned char>(ch))) return false;
    }
    return true;
}

}  // namespace

std::optional<Jid> Jid::parse(std::string_view text) {
    Jid jid;
    std::string_view rest = text;
    // The resource may itself contain '@' and '/', so split it off first.
    if (auto slash = rest.find('/'); slash != std::string_view::npos) {
        if (!valid_resource(rest.substr(slash + 1))) return std::nullopt;
        jid.resource = rest.substr(slash + 1);
        rest = rest.substr(0, slash);
    }
    if (auto at = rest.find('@'); at != std::string_view::npos) {
        if (!valid_local(rest.substr(0, at))) return std::nullopt;
        jid.local = rest.substr(0, at);
        rest = rest.substr(at + 1);
    }
    if (!valid_domain(rest)) return std::nullopt;
    jid.domain = rest;
    return jid;
}

std::string Jid::bare() const {
    return local.empty() ? domain : local + '@' + domain;
}

std::string Jid::full() const {
    return resource.empty() ? bare() : bare() + '/' + resource;
}

}  // namespace cordgate::adapters::xmpp
