#pragma once
// PATCH /users/@me with `avatar` (discord-userdoccers resources/user.mdx, "Modify Current
// User"): the image is a data URI (reference.mdx, "CDN Data") of a PNG, JPEG, GIF or WebP. The
// emulator keeps the bytes, names them with a hash of its own (Discord's are opaque 32-hex
// strings; a GIF's start with `a_`), serves them from its CDN, and tells the user's sessions
// (USER_UPDATE) and friends and guilds (PRESENCE_UPDATE with the user, as the control API's
// profile changes do). `avatar: null` removes the avatar. A malformed image is 400 code 50035
// with the field's error, as Discord answers. Not modelled: Discord's avatar rate limit
// (AVATAR_RATE_LIMIT, whose numbers are not published), banners and the other fields.

#include <tests/emulator/operations.hpp>

#include <optional>
#include <string>

namespace cordgate::tests::emulator {

// What a data URI holds, or nullopt when it is not an image Discord takes.
struct AvatarImage {
    std::string type;   // MIME type
    std::string bytes;  // decoded
};
std::optional<AvatarImage> parse_avatar_data_uri(std::string_view uri);

// The hash an uploaded image gets: deterministic, 32 hex digits, `a_` before a GIF's.
std::string avatar_hash_of(const AvatarImage& image);

// Applies `avatar` (a data URI, or nullopt for null) to `me` and tells everyone; returns the
// user object Discord answers with (with `token`). Throws ApiError on a bad image.
std::string set_own_avatar(World& world, Operations& ops, User& me,
                           const std::optional<std::string>& avatar);

}  // namespace cordgate::tests::emulator
