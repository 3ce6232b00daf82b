#pragma once
// What `cordgate serve-files` answers to one request, decided without the disk: only GET and
// HEAD, only names of cordgate's store (common/store_url.hpp) under the prefix, and a media
// type from a short list of what chat clients show inline; anything else is a download, so a
// stored page or script never runs in the server's origin.

#include <string>
#include <string_view>

namespace cordgate::runtime {

enum class FileAnswer { serve, not_found, method_not_allowed };

struct FileRoute {
    FileAnswer answer = FileAnswer::not_found;
    std::string name;          // serve: the stored file's name under the store's directory
    std::string content_type;  // serve
    bool inline_display = false;
};

// `prefix`: the URL path the store is served under ("" or "/files", no trailing '/').
FileRoute route_file_request(std::string_view method, std::string_view target,
                             std::string_view prefix);

}  // namespace cordgate::runtime
