#include <adapters/discord/encodings.hpp>

#include <openssl/sha.h>
#include <sodium.h>

namespace cordgate::adapters::discord {

std::string base64(std::string_view bytes) {
    const std::size_t size =
        sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL);
    std::string out(size, '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                      bytes.size(), sodium_base64_VARIANT_ORIGINAL);
    out.resize(size - 1);  // the encoded length counts the terminating NUL
    return out;
}

std::string sha1(std::string_view bytes) {
    std::string digest(SHA_DIGEST_LENGTH, '\0');
    SHA1(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
         reinterpret_cast<unsigned char*>(digest.data()));
    return digest;
}

std::string sha1_hex(std::string_view bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(2 * SHA_DIGEST_LENGTH);
    for (const char c : sha1(bytes)) {
        const auto b = static_cast<unsigned char>(c);
        out += kHex[b >> 4];
        out += kHex[b & 0xF];
    }
    return out;
}

}  // namespace cordgate::adapters::discord
