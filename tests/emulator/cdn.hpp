#pragma once
// The CDN part of the emulator, as cdn.discordapp.com serves it:
// - GET /avatars/{user_id}/{hash}.png (also .webp/.jpg/.gif, and any ?size=) answers a fixed
//   1x1 PNG when the user's avatar is that hash, else 404. The bytes are the same every run so
//   tests can check hashes.
// - GET /attachments/{channel}/{attachment}/{filename}?ex&is&hm: the attachment's bytes,
//   streamed, while its signature is valid; an expired, unsigned or forged URL gets 404 "This
//   content is no longer available.", as Discord's CDN answers since it signs URLs
//   (discord-api-docs PR #6650, mautrix/discord#134).
// - PUT /_upload/{upload_filename}: the stand-in for Discord's Google Cloud Storage bucket,
//   which the upload URLs of POST /channels/{id}/attachments point at.
// - GET /_redirect?to=URL: 302 to URL (a test aid: a file host that redirects elsewhere).

#include <tests/emulator/http_types.hpp>
#include <tests/emulator/world.hpp>

#include <optional>
#include <string_view>

namespace cordgate::tests::emulator {

// The image every avatar is.
std::string_view avatar_png();

// nullopt: not a CDN path (the caller routes it elsewhere). `clock_ms` is the world's clock.
std::optional<HttpResponse> cdn_route(World& world, const HttpRequest& req,
                                      std::uint64_t clock_ms = 0);

}  // namespace cordgate::tests::emulator
