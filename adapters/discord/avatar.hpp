#pragma once
// A fetched avatar image as discord.user_profile carries it: MIME type, bytes in base64 (as a
// vCard's PHOTO/BINVAL wants them) and the SHA-1 of the bytes in lower-case hex (the XEP-0153
// photo hash, which the pure core cannot compute). Pure.

#include <string>
#include <string_view>

namespace cordgate::adapters::discord {

struct AvatarImage {
    std::string type;  // e.g. image/png
    std::string base64;
    std::string sha1_hex;
};

// `content_type` is the CDN's Content-Type header; parameters are dropped, and an empty or
// non-image type falls back to image/png (what the path asked for).
AvatarImage avatar_image(std::string_view bytes, std::string_view content_type);

}  // namespace cordgate::adapters::discord
