#pragma once
// Typed reads of a parsed TOML document that collect problems instead of stopping at the first.
// Every key asked for is remembered as known, so that once the whole schema has been read,
// whatever the document holds besides is an unknown key (with the nearest known name).

#include <config/problem.hpp>

#include <toml++/toml.h>

#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cordgate::config {

template <class E>
using Names = std::span<const std::pair<std::string_view, E>>;

class Reader {
  public:
    explicit Reader(const toml::table& root) : root_(root) {}

    // A problem at the key's place in the file (or its section's, when the key is absent).
    void problem(std::string_view key, std::string what);
    bool has(std::string_view key);

    // Absent: std::nullopt; `required` also records "missing".
    std::optional<std::string> optional_str(std::string_view key, bool required = false);
    std::string str(std::string_view key, std::string fallback);
    bool boolean(std::string_view key, bool fallback);
    std::int64_t integer(std::string_view key, std::int64_t fallback, std::int64_t lo,
                         std::int64_t hi);
    std::optional<std::vector<std::string>> strings(std::string_view key);

    // One of a closed set of names, read into its enum.
    template <class E>
    E choice(std::string_view key, E fallback, Names<E> names) {
        auto text = optional_str(key);
        if (!text) return fallback;
        for (const auto& [name, value] : names)
            if (name == *text) return value;
        std::string list;
        for (const auto& [name, value] : names)
            list += (list.empty() ? "" : ", ") + std::string(name);
        problem(key, "'" + *text + "' is not one of " + list);
        return fallback;
    }

    // After the whole schema was read: every key and section of the document not asked for.
    void report_unknown();

    std::vector<Problem> take() { return std::move(problems_); }

  private:
    toml::node_view<const toml::node> node(std::string_view key);
    void walk_unknown(const toml::table& table, const std::string& prefix);

    const toml::table& root_;
    std::set<std::string, std::less<>> known_;
    std::vector<Problem> problems_;
};

}  // namespace cordgate::config
