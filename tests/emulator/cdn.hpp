#pragma once
// The CDN part of the emulator, as cdn.discordapp.com serves it:
// - GET /avatars/{user_id}/{hash}.png (also .webp/.jpg/.gif, and any ?size=) answers a small PNG
//   when the user's avatar is that hash, else 404 (an avatar the user uploaded,
//   own_profile.hpp, is served as its bytes). Each (user, hash) has its own bytes (a 1x1 PNG
//   with a tEXt chunk naming them), the same every run, so tests can check that the SHA-1 a
//   client got is that of the avatar the user has now.
// - GET /attachments/{channel}/{attachment}/{filename}?ex&is&hm: the attachment's bytes,
//   streamed, while its signature is valid; an expired, unsigned or forged URL gets 404 "This
//   content is no longer available.", as Discord's CDN answers since it signs URLs
//   (discord-api-docs PR #6650, mautrix/discord#134).
// - GET /stickers/{id}.png and .gif: a sticker's image (any id; the emulator keeps no sticker
//   list), and GET /external/...: the media proxy's copy of an embed's external image (Discord
//   serves it from images-ext-N.discordapp.net). Both unsigned, as Discord serves them; each
//   path has bytes of its own, the same every run.
// - PUT /_upload/{upload_filename}: the stand-in for Discord's Google Cloud Storage bucket,
//   which the upload URLs of POST /channels/{id}/attachments point at.
// - GET /_redirect?to=URL: 302 to URL (a test aid: a file host that redirects elsewhere).
// Avatar and attachment requests are logged for the control API (tests count them: pacing, one
// fetch per avatar, no API call for avatars).

#include <tests/emulator/http_types.hpp>
#include <tests/emulator/world.hpp>

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

namespace cordgate::tests::emulator {

// The image of `user_id`'s avatar `hash`.
std::string avatar_png(std::uint64_t user_id, std::string_view hash);
// A 1x1 image whose bytes are `label`'s own.
std::string labelled_png(std::string_view label);
std::string labelled_gif(std::string_view label);

struct CdnRequest {
    std::uint64_t seq = 0;
    std::uint64_t t_ms = 0;  // steady clock
    std::string path;
    std::string query;
    int status = 0;
};

class CdnLog {
  public:
    void add(std::uint64_t t_ms, const HttpRequest& req, int status);
    const std::deque<CdnRequest>& entries() const { return entries_; }
    void clear() { entries_.clear(); }

  private:
    std::deque<CdnRequest> entries_;
    std::uint64_t seq_ = 0;
};

// nullopt: not a CDN path (the caller routes it elsewhere). With a log, the request is logged
// (now_ms: the steady clock); signatures are checked against the world's clock.
std::optional<HttpResponse> cdn_route(World& world, const HttpRequest& req, CdnLog* log = nullptr,
                                      std::uint64_t now_ms = 0);

}  // namespace cordgate::tests::emulator
