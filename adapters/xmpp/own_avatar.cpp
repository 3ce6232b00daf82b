#include <adapters/xmpp/namespaces.hpp>
#include <adapters/xmpp/outbound_parts.hpp>
#include <adapters/xmpp/own_avatar.hpp>

#include <openssl/sha.h>
#include <sodium.h>

#include <array>

namespace cordgate::adapters::xmpp {
namespace {

constexpr std::string_view kIdPrefix = "cg-own-avatar-";
constexpr std::size_t kSha1Hex = 40;

bool is_sha1_hex(std::string_view s) {
    if (s.size() != kSha1Hex) return false;
    for (char c : s) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

std::string sha1_hex(std::string_view bytes) {
    std::array<unsigned char, SHA_DIGEST_LENGTH> digest{};
    SHA1(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest.data());
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char b : digest) {
        out += kHex[b >> 4];
        out += kHex[b & 0xF];
    }
    return out;
}

// BINVAL is base64 that clients wrap in lines (XEP-0054 follows RFC 2426); whitespace is skipped.
std::optional<std::string> decode_base64(const std::string& text) {
    std::string bytes(text.size() / 4 * 3 + 3, '\0');
    std::size_t len = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), text.data(),
                          text.size(), " \t\r\n", &len, nullptr,
                          sodium_base64_VARIANT_ORIGINAL) != 0) {
        return std::nullopt;
    }
    bytes.resize(len);
    return bytes;
}

std::string encode_base64(std::string_view bytes) {
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                      bytes.size(), sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1);  // the terminating NUL
    return out;
}

core::XmppOwnAvatar failed(const std::string& sha1, std::string why) {
    core::XmppOwnAvatar a;
    a.sha1 = sha1;
    a.error = std::move(why);
    return a;
}

}  // namespace

Element own_avatar_request(const core::FetchXmppOwnAvatar& p) {
    Element iq = detail::stanza("iq", p.from, p.to);
    iq.set("type", "get").set("id", std::string(kIdPrefix) + p.sha1);
    iq.add("vCard", ns::kVcard);
    return iq;
}

std::optional<std::string> own_avatar_sha1_of(std::string_view iq_id) {
    if (!iq_id.starts_with(kIdPrefix)) return std::nullopt;
    iq_id.remove_prefix(kIdPrefix.size());
    if (!is_sha1_hex(iq_id)) return std::nullopt;
    return std::string(iq_id);
}

std::optional<std::string> sniff_image_type(std::string_view b) {
    if (b.starts_with("\x89PNG\r\n\x1a\n")) return "image/png";
    if (b.starts_with("\xff\xd8\xff")) return "image/jpeg";
    if (b.starts_with("GIF87a") || b.starts_with("GIF89a")) return "image/gif";
    if (b.size() >= 12 && b.starts_with("RIFF") && b.substr(8, 4) == "WEBP") return "image/webp";
    return std::nullopt;
}

core::XmppOwnAvatar own_avatar_from_vcard(const std::string& sha1, const Element& iq) {
    const Element* vcard = iq.child("vCard", ns::kVcard);
    const Element* photo = vcard ? vcard->child("PHOTO", ns::kVcard) : nullptr;
    const Element* binval = photo ? photo->child("BINVAL", ns::kVcard) : nullptr;
    if (!binval) return failed(sha1, "your vCard has no photo");
    auto bytes = decode_base64(binval->text);
    if (!bytes || bytes->empty()) return failed(sha1, "your vCard's photo is not base64");
    // The vCard changed since the presence that announced `sha1`: the next presence says the
    // new hash, and that one is fetched.
    if (sha1_hex(*bytes) != sha1) return failed(sha1, "your vCard holds another photo by now");
    core::XmppOwnAvatar a;
    a.sha1 = sha1;
    const Element* type = photo->child("TYPE", ns::kVcard);
    a.image_type = sniff_image_type(*bytes).value_or(type && !type->text.empty()
                                                         ? type->text.substr(0, 64)
                                                         : std::string("application/octet-stream"));
    a.image_base64 = encode_base64(*bytes);
    a.bytes = bytes->size();
    return a;
}

}  // namespace cordgate::adapters::xmpp
