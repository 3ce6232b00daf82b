#pragma once
// What a fuzz target does when a property it checks does not hold: it says which, shows the two
// sides (bytes that are not printable ASCII as \xNN), and aborts, so libFuzzer keeps the input
// as a crash and the ctest driver fails on it.

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace cordgate::fuzz {

inline void show(const char* label, std::string_view text) {
    std::fprintf(stderr, "  %s", label);
    for (unsigned char c : text) {
        if (c >= 0x20 && c < 0x7f && c != '\\')
            std::fputc(c, stderr);
        else
            std::fprintf(stderr, "\\x%02x", c);
    }
    std::fputc('\n', stderr);
}

[[noreturn]] inline void fail(std::string_view what, std::string_view first = {},
                              std::string_view second = {}) {
    std::fprintf(stderr, "fuzz property broken: %.*s\n", static_cast<int>(what.size()),
                 what.data());
    if (!first.empty()) show("first:  ", first);
    if (!second.empty()) show("second: ", second);
    std::abort();
}

inline void check_equal(std::string_view what, std::string_view first, std::string_view second) {
    if (first != second) fail(what, first, second);
}

}  // namespace cordgate::fuzz
