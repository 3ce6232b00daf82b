// URLs as text (core/url_text.hpp): percent-decoding any text, and the file name a URL gives.
// Decoding text without a '%' leaves it as it is; a file name is never empty and never a path.

#include <core/url_text.hpp>
#include <tests/fuzz/fuzz_check.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace cordgate;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::string decoded = core::percent_decoded(text);
    if (decoded.size() > text.size()) fuzz::fail("decoding made the text longer", text, decoded);
    if (text.find('%') == std::string_view::npos)
        fuzz::check_equal("decoding changed text without a '%'", text, decoded);

    const std::string name = core::filename_of_url(text);
    if (name.empty()) fuzz::fail("a URL gave an empty file name", text);
    if (name == "." || name == ".." || name.find('/') != std::string::npos)
        fuzz::fail("a URL's file name is a path", text, name);
    return 0;
}
