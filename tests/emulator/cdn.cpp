#include <tests/emulator/cdn.hpp>

#include <tests/emulator/snowflake.hpp>

namespace cordgate::tests::emulator {

std::string_view avatar_png() {
    // A valid 1x1 transparent PNG (signature, IHDR, IDAT, IEND with their CRCs).
    static constexpr unsigned char kPng[] = {
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48,
        0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
        0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78,
        0x9C, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00,
        0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82};
    return {reinterpret_cast<const char*>(kPng), sizeof kPng};
}

std::optional<HttpResponse> cdn_route(const World& world, const HttpRequest& req) {
    constexpr std::string_view kPrefix = "/avatars/";
    std::string_view path = req.path;
    if (path.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
    path.remove_prefix(kPrefix.size());
    HttpResponse not_found;
    not_found.status = 404;
    not_found.headers.emplace_back("Content-Type", "text/plain");
    not_found.body = "404: Not Found";
    if (req.method != "GET" && req.method != "HEAD") return not_found;
    const std::size_t slash = path.find('/');
    const std::size_t dot = path.rfind('.');
    if (slash == std::string_view::npos || dot == std::string_view::npos || dot < slash)
        return not_found;
    const auto user_id = parse_snowflake(path.substr(0, slash));
    const std::string_view hash = path.substr(slash + 1, dot - slash - 1);
    const std::string_view ext = path.substr(dot + 1);
    if (ext != "png" && ext != "webp" && ext != "jpg" && ext != "jpeg" && ext != "gif")
        return not_found;
    auto it = user_id ? world.users.find(*user_id) : world.users.end();
    if (it == world.users.end() || it->second.avatar.empty() || it->second.avatar != hash)
        return not_found;
    HttpResponse r;
    r.status = 200;
    r.headers.emplace_back("Content-Type", "image/png");
    r.headers.emplace_back("Cache-Control", "public, max-age=31536000");
    r.body = std::string(avatar_png());
    return r;
}

}  // namespace cordgate::tests::emulator
