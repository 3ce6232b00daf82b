#pragma once
// multipart/form-data as Discord's upload endpoints receive it: a `payload_json` part and
// `files[n]` parts, in whatever order the client library chose.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cordgate::tests::emulator {

struct FormPart {
    std::string name;
    std::optional<std::string> filename;
    std::string content_type;  // empty when the part had no Content-Type header
    std::string data;
};

// The boundary parameter of a Content-Type header, or nullopt if it is not multipart.
std::optional<std::string> multipart_boundary(std::string_view content_type);

// Throws std::runtime_error on a body that does not follow RFC 7578 framing.
std::vector<FormPart> parse_multipart(std::string_view body, std::string_view boundary);

}  // namespace cordgate::tests::emulator
