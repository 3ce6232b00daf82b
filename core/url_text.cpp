#include <core/url_text.hpp>
#include <core/utf8.hpp>

namespace cordgate::core {
namespace {

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::string percent_decoded(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hex_digit(s[i + 1]) >= 0 &&
            hex_digit(s[i + 2]) >= 0) {
            out += static_cast<char>(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

std::string filename_of_url(std::string_view url) {
    url = url.substr(0, url.find_first_of("?#"));
    const auto scheme = url.find("://");
    if (scheme != std::string_view::npos) url.remove_prefix(scheme + 3);
    const auto slash = url.rfind('/');
    if (slash == std::string_view::npos) return "file";
    std::string_view segment = url.substr(slash + 1);
    std::string name = percent_decoded(segment);
    if (first_invalid_utf8(name) || name.find_first_of("/\\") != std::string::npos ||
        name.find('\0') != std::string::npos) {
        name = std::string(segment);
    }
    if (name.empty() || name == "." || name == "..") return "file";
    return name;
}

}  // namespace cordgate::core
