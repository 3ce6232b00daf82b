#pragma once
// The name of the file a URL points at, as its last path segment gives it (upload services and
// Discord's media proxy keep the name there). Pure.

#include <string>
#include <string_view>

namespace cordgate::core {

// The last path segment, percent-decoded; kept as written when the decoded bytes are not text
// or hide a path; "file" when the URL gives no name.
std::string filename_of_url(std::string_view url);

}  // namespace cordgate::core
