#include <config/nearest.hpp>
#include <config/reader.hpp>

namespace cordgate::config {
namespace {

Problem at(const toml::source_region& where, std::string key, std::string what) {
    return Problem{std::move(key), where.begin.line, where.begin.column, std::move(what)};
}

std::string_view parent_of(std::string_view key) {
    auto dot = key.rfind('.');
    return dot == std::string_view::npos ? std::string_view{} : key.substr(0, dot);
}

}  // namespace

toml::node_view<const toml::node> Reader::node(std::string_view key) {
    known_.emplace(key);
    return root_.at_path(key);
}

void Reader::problem(std::string_view key, std::string what) {
    if (auto n = root_.at_path(key)) {
        problems_.push_back(at(n.node()->source(), std::string(key), std::move(what)));
        return;
    }
    for (std::string_view p = parent_of(key); !p.empty(); p = parent_of(p)) {
        if (auto section = root_.at_path(p)) {
            problems_.push_back(at(section.node()->source(), std::string(key), std::move(what)));
            return;
        }
    }
    problems_.push_back(Problem{std::string(key), 0, 0, std::move(what)});
}

bool Reader::has(std::string_view key) {
    return static_cast<bool>(node(key));
}

std::optional<std::string> Reader::optional_str(std::string_view key, bool required) {
    auto n = node(key);
    if (!n) {
        if (required) problem(key, "missing");
        return std::nullopt;
    }
    if (!n.is_string()) {
        problem(key, "expected a string");
        return std::nullopt;
    }
    return *n.value<std::string>();
}

std::string Reader::str(std::string_view key, std::string fallback) {
    return optional_str(key).value_or(std::move(fallback));
}

bool Reader::boolean(std::string_view key, bool fallback) {
    auto n = node(key);
    if (!n) return fallback;
    // value<bool>() would accept an integer; a flag must be a TOML boolean.
    if (!n.is_boolean()) {
        problem(key, "expected true or false");
        return fallback;
    }
    return *n.value<bool>();
}

std::int64_t Reader::integer(std::string_view key, std::int64_t fallback, std::int64_t lo,
                             std::int64_t hi) {
    auto n = node(key);
    if (!n) return fallback;
    if (!n.is_integer()) {
        problem(key, "expected an integer");
        return fallback;
    }
    std::int64_t v = *n.value<std::int64_t>();
    if (v < lo || v > hi) {
        problem(key, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
        return fallback;
    }
    return v;
}

std::optional<std::vector<std::string>> Reader::strings(std::string_view key) {
    auto n = node(key);
    if (!n) return std::nullopt;
    const toml::array* array = n.as_array();
    std::vector<std::string> out;
    bool all_strings = array != nullptr;
    if (array) {
        for (const auto& item : *array) {
            if (!item.is_string()) {
                all_strings = false;
                break;
            }
            out.push_back(*item.value<std::string>());
        }
    }
    if (!all_strings) {
        problem(key, "expected an array of strings");
        return std::nullopt;
    }
    return out;
}

void Reader::report_unknown() {
    walk_unknown(root_, "");
}

void Reader::walk_unknown(const toml::table& table, const std::string& prefix) {
    for (const auto& [k, value] : table) {
        std::string key = prefix + std::string(k.str());
        if (known_.contains(key)) continue;
        // A section is known when some known key lies under it.
        auto under = known_.lower_bound(key + ".");
        bool known_section = under != known_.end() && under->starts_with(key + ".");
        if (known_section && value.is_table()) {
            walk_unknown(*value.as_table(), key + ".");
            continue;
        }
        std::vector<std::string> candidates;
        std::string_view parent = parent_of(key);
        for (const std::string& known : known_) {
            if (parent_of(known) == parent) candidates.push_back(known);
            // Sections at this level too: "[discrod]" is a misspelt "[discord]".
            std::string_view section = parent_of(known);
            while (!section.empty()) {
                if (parent_of(section) == parent) candidates.emplace_back(section);
                section = parent_of(section);
            }
        }
        std::string what = value.is_table() ? "unknown section" : "unknown key";
        if (known_section)
            what = "expected a section (a table)";
        else if (auto guess = nearest(key, candidates))
            what += "; did you mean " + *guess + "?";
        problems_.push_back(at(k.source().begin.line ? k.source() : value.source(), key, what));
    }
}

}  // namespace cordgate::config
