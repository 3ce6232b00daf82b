#include <adapters/discord/avatar.hpp>
#include <adapters/discord/encodings.hpp>

namespace cordgate::adapters::discord {

AvatarImage avatar_image(std::string_view bytes, std::string_view content_type) {
    std::string_view type = content_type.substr(0, content_type.find(';'));
    while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
    AvatarImage out;
    out.type = type.starts_with("image/") ? std::string(type) : "image/png";
    out.base64 = base64(bytes);
    out.sha1_hex = sha1_hex(bytes);
    return out;
}

}  // namespace cordgate::adapters::discord
