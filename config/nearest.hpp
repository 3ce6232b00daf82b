#pragma once
// "Did you mean ...": the known name closest to a misspelt one by edit distance.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cordgate::config {

// Levenshtein distance (insert, delete, substitute, each 1; a swap of neighbours also 1).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `name`, if it is near enough to be what was meant: at most a third
// of the name's length away (and at least 1, at most 3 edits).
std::optional<std::string> nearest(std::string_view name,
                                   const std::vector<std::string>& candidates);

}  // namespace cordgate::config
