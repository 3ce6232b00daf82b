#include <tests/emulator/http_types.hpp>

namespace cordgate::tests::emulator {

std::string percent_decode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            const int hi = hex(s[i + 1]);
            const int lo = hex(s[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out += static_cast<char>(hi * 16 + lo);
                i += 2;
                continue;
            }
        }
        out += s[i];
    }
    return out;
}

std::map<std::string, std::string> parse_query(std::string_view qs) {
    std::map<std::string, std::string> out;
    // In a query (unlike a path) '+' means a space.
    auto decode = [](std::string_view v) {
        std::string plus(v);
        for (char& c : plus)
            if (c == '+') c = ' ';
        return percent_decode(plus);
    };
    while (!qs.empty()) {
        const std::size_t amp = qs.find('&');
        const std::string_view pair = qs.substr(0, amp);
        const std::size_t eq = pair.find('=');
        if (!pair.empty()) {
            out[decode(pair.substr(0, eq))] =
                eq == std::string_view::npos ? "" : decode(pair.substr(eq + 1));
        }
        if (amp == std::string_view::npos) break;
        qs.remove_prefix(amp + 1);
    }
    return out;
}

}  // namespace cordgate::tests::emulator
