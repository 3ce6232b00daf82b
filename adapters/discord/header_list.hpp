#pragma once
// Extra HTTP request headers as (name, value) pairs, in the order they are sent.

#include <string>
#include <utility>
#include <vector>

namespace cordgate::adapters::discord {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

}  // namespace cordgate::adapters::discord
