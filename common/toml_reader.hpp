#pragma once
// Typed reads of a parsed TOML file, shared by every process's config parser: a wrong type or
// an out-of-range value is a ConfigError naming the file and the dotted key.

#include <common/config.hpp>

#include <toml++/toml.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cordgate::common {

class TomlReader {
  public:
    TomlReader(const toml::table& root, std::string source)
        : root_(root), source_(std::move(source)) {}

    [[noreturn]] void fail(const std::string& key, const std::string& why) const {
        throw ConfigError(source_ + ": " + key + ": " + why);
    }

    bool has(const char* key) const { return static_cast<bool>(root_.at_path(key)); }

    // Without a fallback the key is required.
    std::string str(const char* key, std::optional<std::string> fallback = std::nullopt) const {
        auto node = root_.at_path(key);
        if (!node) {
            if (fallback) return *fallback;
            fail(key, "missing");
        }
        auto v = node.value<std::string>();
        if (!v) fail(key, "expected a string");
        return *v;
    }

    bool boolean(const char* key, bool fallback) const {
        auto node = root_.at_path(key);
        if (!node) return fallback;
        // value<bool>() would accept an integer; a flag must be a TOML boolean.
        if (!node.is_boolean()) fail(key, "expected true or false");
        return *node.value<bool>();
    }

    std::int64_t integer(const char* key, std::int64_t fallback, std::int64_t lo,
                         std::int64_t hi) const {
        auto node = root_.at_path(key);
        if (!node) return fallback;
        auto v = node.value<std::int64_t>();
        if (!v) fail(key, "expected an integer");
        if (*v < lo || *v > hi) {
            fail(key, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
        }
        return *v;
    }

    // An array of strings; a missing key gives `fallback`.
    std::vector<std::string> strings(const char* key, std::vector<std::string> fallback) const {
        auto node = root_.at_path(key);
        if (!node) return fallback;
        const toml::array* array = node.as_array();
        if (!array) fail(key, "expected an array of strings");
        std::vector<std::string> out;
        for (const auto& item : *array) {
            auto v = item.value<std::string>();
            if (!v) fail(key, "expected an array of strings");
            out.push_back(*v);
        }
        return out;
    }

  private:
    const toml::table& root_;
    std::string source_;
};

}  // namespace cordgate::common
