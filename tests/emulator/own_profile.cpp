#include <tests/emulator/client_profile_check.hpp>
#include <tests/emulator/own_profile.hpp>

#include <cstdint>

namespace cordgate::tests::emulator {
namespace {

bool looks_like(std::string_view type, std::string_view b) {
    if (type == "image/png") return b.starts_with("\x89PNG\r\n\x1a\n");
    if (type == "image/jpeg") return b.starts_with("\xff\xd8\xff");
    if (type == "image/gif") return b.starts_with("GIF87a") || b.starts_with("GIF89a");
    if (type == "image/webp")
        return b.size() >= 12 && b.starts_with("RIFF") && b.substr(8, 4) == "WEBP";
    return false;
}

std::uint64_t fnv1a(std::string_view bytes, std::uint64_t seed) {
    std::uint64_t h = seed;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 0x100000001b3ull;
    }
    return h;
}

std::string hex64(std::uint64_t v) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i, v >>= 4) out[static_cast<std::size_t>(i)] = kHex[v & 0xF];
    return out;
}

}  // namespace

std::optional<AvatarImage> parse_avatar_data_uri(std::string_view uri) {
    constexpr std::string_view kData = "data:";
    constexpr std::string_view kBase64 = ";base64,";
    if (!uri.starts_with(kData)) return std::nullopt;
    uri.remove_prefix(kData.size());
    const std::size_t sep = uri.find(kBase64);
    if (sep == std::string_view::npos) return std::nullopt;
    AvatarImage image;
    image.type = std::string(uri.substr(0, sep));
    auto bytes = base64_decode(uri.substr(sep + kBase64.size()));
    if (!bytes || !looks_like(image.type, *bytes)) return std::nullopt;
    image.bytes = std::move(*bytes);
    return image;
}

std::string avatar_hash_of(const AvatarImage& image) {
    std::string hash = hex64(fnv1a(image.bytes, 0xcbf29ce484222325ull)) +
                       hex64(fnv1a(image.bytes, 0x84222325cbf29ce4ull));
    return image.type == "image/gif" ? "a_" + hash : hash;
}

std::string set_own_avatar(World& world, Operations& ops, User& me,
                           const std::optional<std::string>& avatar) {
    if (avatar) {
        auto image = parse_avatar_data_uri(*avatar);
        // Discord: {"code": 50035, "errors": {"avatar": {"_errors": [{"code":
        // "IMAGE_INVALID", ...}]}}, "message": "Invalid Form Body"}.
        if (!image) throw ApiError(400, 50035, "Invalid Form Body");
        me.avatar = avatar_hash_of(*image);
        me.avatar_image = std::move(image->bytes);
        me.avatar_image_type = std::move(image->type);
    } else {
        me.avatar.clear();
        me.avatar_image.clear();
        me.avatar_image_type.clear();
    }
    const std::string user = world.user_json(me);
    ops.gateway().dispatch_user(me.id, "USER_UPDATE", user);
    ops.presence(me.id, me.status, me.activities_json, true);
    // The answer carries the account's token too ("Modify Current User").
    std::string answer = user.substr(0, user.size() - 1);
    JsonOut t;
    t.str(me.token);
    answer += ",\"token\":" + t.take() + "}";
    return answer;
}

}  // namespace cordgate::tests::emulator
