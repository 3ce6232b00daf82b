#pragma once
// Which files the adapter may fetch and where, decided before any connection. Pure.
//
// - Re-hosting (discord.rehost_file, discord.probe_file) reads only Discord's own media hosts:
//   cdn.discordapp.com, media.discordapp.net and images-ext-N.discordapp.net (the proxy of
//   embeds' external images; the external server itself is never contacted). An attachment's
//   signature expires (discord-userdoccers pages/reference.mdx, "Signed Attachment URLs"), so
//   an expired or unsigned one is refreshed first (POST /attachments/refresh-urls); stickers
//   and proxied images are not signed.
// - Uploading a file from XMPP (discord.upload_attachment with source_url) reads only from the
//   configured upload hosts (the user's server's XEP-0363 service): nobody may make the
//   gateway fetch an arbitrary URL. After resolution, private, loopback and link-local
//   addresses are refused unless allow_private_hosts (io_transfer.cpp asks address_refused).
//   Redirects are never followed (the transfer fails on a 3xx).

#include <adapters/discord/store_policy.hpp>
#include <adapters/discord/url.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cordgate::adapters::discord {

struct FilesConfig {
    // Hosts XMPP users' files may be fetched from: "upload.example.org" (its scheme's default
    // port) or "host:port". Empty: no file from XMPP is fetched, each is refused.
    std::vector<std::string> upload_hosts;
    // Lets upload hosts resolve to loopback/private addresses (a test rig on 127.0.0.1).
    bool allow_private_hosts = false;
    // Discord's per-file limit for the account: 10 MiB without Nitro (pages/reference.mdx,
    // "Upload Limits"). Larger files are refused before anything is sent to Discord.
    std::uint64_t discord_upload_limit = 10ull << 20;
    // A whole transfer (connect, both requests, every byte) ends by then.
    std::chrono::milliseconds transfer_timeout{120'000};
    // cordgate's own file store (file_store.hpp): empty, none.
    std::filesystem::path store_dir;
    StoreLimits store;
};

enum class SourceVerdict { allowed, malformed, plain_http_off_loopback, host_not_allowed };

struct SourceCheck {
    SourceVerdict verdict = SourceVerdict::malformed;
    Url url;  // when allowed
};

// Whether an XMPP user's file URL may be fetched.
SourceCheck check_upload_source(std::string_view url, const FilesConfig& config);
// What a refused source becomes in discord.effect_failed (the user reads it).
std::string describe_refusal(SourceVerdict verdict, std::string_view url);

// A numeric IPv4 or IPv6 address that is loopback, private (RFC 1918, fc00::/7), link-local,
// unspecified, CGNAT (100.64/10), multicast or an IPv4-mapped form of those: refused unless
// `allow_private`. Anything that is not a numeric address is refused too.
bool address_refused(std::string_view ip, bool allow_private);

// The path and query of a URL on one of Discord's media hosts; nullopt for any other URL.
std::optional<std::string> discord_cdn_target(std::string_view url);

// Where to fetch a URL on Discord's media hosts: its own host when cdn_base is Discord's CDN,
// else cdn_base, which then stands in for every media host (the emulator, a caching proxy);
// nullopt for any other URL.
std::optional<Url> discord_media_source(std::string_view url, const Url& cdn_base);

// An attachment URL to refresh before fetching: unsigned, or its `ex` (hex unix seconds) at or
// before `now_s` plus a minute's margin. Never for the media hosts' other paths (stickers,
// avatars, proxied images), which are not signed.
bool needs_refresh(std::string_view url, std::uint64_t now_s);

// The `refreshed` URL for `original` in a POST /attachments/refresh-urls answer.
std::optional<std::string> refreshed_url(const std::string& body, std::string_view original);

}  // namespace cordgate::adapters::discord
