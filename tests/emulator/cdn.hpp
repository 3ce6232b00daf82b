#pragma once
// The CDN part of the emulator: GET /avatars/{user_id}/{hash}.png (also .webp/.jpg/.gif, and
// any ?size=) answers a fixed 1x1 PNG when the user's avatar is that hash, else 404, as
// cdn.discordapp.com does. The bytes are the same every run so tests can check hashes.

#include <tests/emulator/http_types.hpp>
#include <tests/emulator/world.hpp>

#include <optional>
#include <string_view>

namespace cordgate::tests::emulator {

// The image every avatar is.
std::string_view avatar_png();

// nullopt: not a CDN path (the caller routes it elsewhere).
std::optional<HttpResponse> cdn_route(const World& world, const HttpRequest& req);

}  // namespace cordgate::tests::emulator
