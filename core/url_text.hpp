#pragma once
// URLs as text: percent-decoding (RFC 3986), and the name of the file a URL points at. Pure.

#include <string>
#include <string_view>

namespace cordgate::core {

// `text` with each %XX replaced by its byte; a % not followed by two hex digits stays as it is.
std::string percent_decoded(std::string_view text);

// The name of the file a URL points at, as its last path segment gives it (upload services and
// Discord's media proxy keep the name there): percent-decoded; kept as written when the decoded
// bytes are not text or hide a path; "file" when the URL gives no name.
std::string filename_of_url(std::string_view url);

}  // namespace cordgate::core
