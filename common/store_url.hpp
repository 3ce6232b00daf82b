#pragma once
// The "upload slot" of cordgate's own file store: the XMPP adapter hands out
// `cordgate-store:<name>` as a slot's PUT URL, and the Discord adapter, which owns the store's
// directory, writes the file under that name instead of making an HTTP PUT. The GET URL is the
// store's base URL and the same name.

#include <optional>
#include <string>
#include <string_view>

namespace cordgate::common {

inline constexpr std::string_view kStoreScheme = "cordgate-store:";

inline std::string store_put_url(std::string_view name) {
    return std::string(kStoreScheme) + std::string(name);
}

// A stored file's name as the XMPP adapter makes it and the store and its server accept it:
// 32 lower-case hex digits (128 random bits, the link's only secret), '/', then a file name of
// letters, digits, '.', '-' and '_' that does not start with '.', at most 128 characters. Any
// other name (a path, "..", a NUL) is refused before it touches the disk.
inline bool valid_store_name(std::string_view name) {
    constexpr std::size_t kToken = 32;
    if (name.size() < kToken + 2 || name.size() > kToken + 1 + 128) return false;
    for (std::size_t i = 0; i < kToken; ++i) {
        const char c = name[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    if (name[kToken] != '/' || name[kToken + 1] == '.') return false;
    for (char c : name.substr(kToken + 1)) {
        const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                        (c >= 'A' && c <= 'Z') || c == '.' || c == '-' || c == '_';
        if (!ok) return false;
    }
    return true;
}

// The name of a store URL; nullopt for any other URL.
inline std::optional<std::string> store_name(std::string_view put_url) {
    if (!put_url.starts_with(kStoreScheme)) return std::nullopt;
    return std::string(put_url.substr(kStoreScheme.size()));
}

}  // namespace cordgate::common
