#include <adapters/discord/avatar.hpp>

#include <openssl/sha.h>
#include <sodium.h>

namespace cordgate::adapters::discord {

std::string sha1_hex(std::string_view bytes) {
    unsigned char digest[SHA_DIGEST_LENGTH];
    SHA1(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(2 * SHA_DIGEST_LENGTH);
    for (unsigned char c : digest) {
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
    }
    return out;
}

std::string base64(std::string_view bytes) {
    const std::size_t size =
        sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL);
    std::string out(size, '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                      bytes.size(), sodium_base64_VARIANT_ORIGINAL);
    out.resize(size - 1);  // the encoded length counts the terminating NUL
    return out;
}

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
