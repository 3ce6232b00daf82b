#include <runtime/file_route.hpp>

#include <common/store_url.hpp>

#include <array>
#include <utility>

namespace cordgate::runtime {
namespace {

// Types clients show inline and that cannot script: images (no SVG), audio, video, plain text.
constexpr std::array<std::pair<std::string_view, std::string_view>, 17> kInlineTypes{{
    {"png", "image/png"},
    {"apng", "image/apng"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},
    {"webp", "image/webp"},
    {"avif", "image/avif"},
    {"mp4", "video/mp4"},
    {"webm", "video/webm"},
    {"mov", "video/quicktime"},
    {"ogg", "audio/ogg"},
    {"oga", "audio/ogg"},
    {"opus", "audio/ogg"},
    {"mp3", "audio/mpeg"},
    {"m4a", "audio/mp4"},
    {"wav", "audio/wav"},
    {"txt", "text/plain; charset=utf-8"},
}};

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

}  // namespace

FileRoute route_file_request(std::string_view method, std::string_view target,
                             std::string_view prefix) {
    FileRoute route;
    if (method != "GET" && method != "HEAD") {
        route.answer = FileAnswer::method_not_allowed;
        return route;
    }
    if (auto query = target.find('?'); query != std::string_view::npos)
        target = target.substr(0, query);
    if (!target.starts_with(prefix) || target.substr(prefix.size()).size() < 1 ||
        target[prefix.size()] != '/')
        return route;
    const std::string_view name = target.substr(prefix.size() + 1);
    // Percent escapes are never needed for a store name, and would hide a '/' or '..'.
    if (!common::valid_store_name(name)) return route;
    route.answer = FileAnswer::serve;
    route.name = std::string(name);
    route.content_type = "application/octet-stream";
    if (auto dot = name.rfind('.'); dot != std::string_view::npos && dot > 33) {
        const std::string ext = lower(name.substr(dot + 1));
        for (const auto& [e, type] : kInlineTypes) {
            if (e == ext) {
                route.content_type = std::string(type);
                route.inline_display = true;
            }
        }
    }
    return route;
}

}  // namespace cordgate::runtime
