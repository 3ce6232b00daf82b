#pragma once
// Discord's signed attachment URLs (discord-userdoccers pages/reference.mdx, "Signed Attachment
// URLs"): https://cdn.discordapp.com/attachments/{channel}/{attachment}/{filename}
// ?ex=<hex unix expiry>&is=<hex unix issue time>&hm=<hex signature>& . The emulator signs with
// HMAC-SHA256 under a fixed key over the channel, attachment and both times, so a URL whose
// expiry was edited no longer verifies. Pure: the caller passes the time.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cordgate::tests::emulator {

inline constexpr std::string_view kCdnOrigin = "https://cdn.discordapp.com";

struct AttachmentPath {
    std::uint64_t channel_id = 0;
    std::uint64_t attachment_id = 0;
    std::string filename;
};

// `/attachments/{channel}/{attachment}/{filename}` (a path, no query); nullopt otherwise.
std::optional<AttachmentPath> parse_attachment_path(std::string_view path);

// What a URL's signature says at `now_s`.
enum class Signature { valid, expired, missing, forged };

std::string sign_attachment(const AttachmentPath& p, std::uint64_t expires_s,
                            std::uint64_t issued_s);

// The full URL on cdn.discordapp.com, issued at `now_s`, valid for `ttl_s`. `keep_query` is
// appended before the signature: Refresh Attachment URLs preserves other parameters.
std::string signed_attachment_url(const AttachmentPath& p, std::uint64_t now_s, std::uint64_t ttl_s,
                                  std::string_view keep_query = {});

// Checks `ex`, `is` and `hm` of a query string (`a=1&b=2`) against the path.
Signature check_signature(const AttachmentPath& p, std::string_view query, std::uint64_t now_s);

// POST /attachments/refresh-urls for one URL: any URL on cdn.discordapp.com or
// media.discordapp.net with an attachment path gets a fresh signature ("The provided URLs do
// not have to be valid or signed. Existing query string parameters are preserved.",
// pages/topics/cloud-uploads.mdx); anything else comes back as it was.
std::string refresh_attachment_url(std::string_view url, std::uint64_t now_s, std::uint64_t ttl_s);

}  // namespace cordgate::tests::emulator
