#include <tests/emulator/form_limits.hpp>

#include <tests/emulator/json_out.hpp>

namespace cordgate::tests::emulator {

std::size_t code_points(std::string_view utf8) {
    std::size_t n = 0;
    for (char c : utf8)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

std::optional<HttpResponse> check_content_length(std::string_view content) {
    if (code_points(content) <= kMaxContentCodePoints) return std::nullopt;
    JsonOut j;
    j.obj().kv("message", "Invalid Form Body").kn("code", 50035);
    j.key("errors").obj().key("content").obj().key("_errors").arr();
    j.obj().kv("code", "BASE_TYPE_MAX_LENGTH").kv("message", "Must be 2000 or fewer in length.");
    j.end().end_arr().end().end().end();
    return HttpResponse::json(400, j.take());
}

}  // namespace cordgate::tests::emulator
