#include <adapters/discord/file_policy.hpp>

#include <rapidjson/document.h>

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

namespace cordgate::adapters::discord {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool v4_refused(const std::array<unsigned char, 4>& a) {
    const unsigned b0 = a[0], b1 = a[1];
    return b0 == 0 || b0 == 10 || b0 == 127 || (b0 == 169 && b1 == 254) ||
           (b0 == 172 && (b1 & 0xF0) == 16) || (b0 == 192 && b1 == 168) ||
           (b0 == 100 && (b1 & 0xC0) == 64) || b0 >= 224;
}

}  // namespace

SourceCheck check_upload_source(std::string_view text, const FilesConfig& config) {
    SourceCheck out;
    const std::string_view scheme = text.substr(0, text.find("://"));
    if (scheme != "https" && scheme != "http") return out;
    auto url = parse_url(text);
    if (!url || url->host.empty()) return out;
    if (!url->tls && !is_loopback(url->host)) {
        out.verdict = SourceVerdict::plain_http_off_loopback;
        return out;
    }
    const std::string host = lower(url->host);
    // An entry is read as the authority of a URL with the source's scheme: "host" means that
    // scheme's default port, "host:port" and "[v6]:port" name one.
    const std::string scheme_prefix = url->tls ? "https://" : "http://";
    const bool listed = std::any_of(
        config.upload_hosts.begin(), config.upload_hosts.end(), [&](const std::string& entry) {
            auto allowed = parse_url(scheme_prefix + entry);
            return allowed && allowed->target == "/" && lower(allowed->host) == host &&
                   allowed->port == url->port;
        });
    if (!listed) {
        out.verdict = SourceVerdict::host_not_allowed;
        return out;
    }
    out.verdict = SourceVerdict::allowed;
    out.url = std::move(*url);
    return out;
}

std::string describe_refusal(SourceVerdict verdict, std::string_view url) {
    switch (verdict) {
        case SourceVerdict::allowed:
            return "";
        case SourceVerdict::malformed:
            return "the file's URL is not an http(s) URL: " + std::string(url);
        case SourceVerdict::plain_http_off_loopback:
            return "the file's URL is plain http, which is fetched only on loopback: " +
                   std::string(url);
        case SourceVerdict::host_not_allowed:
            return "the file is not on your server's upload host, so the gateway does not fetch "
                   "it: " +
                   std::string(url);
    }
    return "";
}

bool address_refused(std::string_view ip, bool allow_private) {
    const std::string text(ip);
    std::array<unsigned char, 4> v4{};
    if (inet_pton(AF_INET, text.c_str(), v4.data()) == 1) return !allow_private && v4_refused(v4);
    std::array<unsigned char, 16> v6{};
    if (inet_pton(AF_INET6, text.c_str(), v6.data()) != 1) return true;
    if (allow_private) return false;
    const bool zero_prefix =
        std::all_of(v6.begin(), v6.begin() + 10, [](auto b) { return b == 0; });
    if (zero_prefix && v6[10] == 0xFF && v6[11] == 0xFF)  // ::ffff:a.b.c.d
        return v4_refused({v6[12], v6[13], v6[14], v6[15]});
    const bool all_zero_but_last =
        std::all_of(v6.begin(), v6.begin() + 15, [](auto b) { return b == 0; });
    if (all_zero_but_last && (v6[15] == 0 || v6[15] == 1)) return true;  // :: and ::1
    if ((v6[0] & 0xFE) == 0xFC) return true;                             // fc00::/7
    if (v6[0] == 0xFE && (v6[1] & 0xC0) == 0x80) return true;            // fe80::/10
    if (v6[0] == 0xFF) return true;                                      // multicast
    return false;
}

namespace {

// The origin of `url` when it is one of Discord's media hosts: the CDN, the media proxy, and
// the proxy of external images (images-ext-1, images-ext-2, ...).
std::optional<std::string_view> discord_media_origin(std::string_view url) {
    for (std::string_view origin : {std::string_view("https://cdn.discordapp.com/"),
                                    std::string_view("https://media.discordapp.net/")}) {
        if (url.substr(0, origin.size()) == origin) return url.substr(0, origin.size() - 1);
    }
    constexpr std::string_view kExt = "https://images-ext-";
    constexpr std::string_view kExtHost = ".discordapp.net/";
    if (url.substr(0, kExt.size()) != kExt) return std::nullopt;
    std::size_t i = kExt.size();
    const std::size_t digits = i;
    while (i < url.size() && i - digits < 3 && url[i] >= '0' && url[i] <= '9') ++i;
    if (i == digits || url.substr(i, kExtHost.size()) != kExtHost) return std::nullopt;
    return url.substr(0, i + kExtHost.size() - 1);
}

}  // namespace

std::optional<std::string> discord_cdn_target(std::string_view url) {
    auto origin = discord_media_origin(url);
    if (!origin) return std::nullopt;
    return std::string(url.substr(origin->size()));
}

std::optional<Url> discord_media_source(std::string_view url, const Url& cdn_base) {
    auto target = discord_cdn_target(url);
    if (!target) return std::nullopt;
    if (cdn_base.tls && cdn_base.host == "cdn.discordapp.com") return parse_url(url);
    Url source = cdn_base;
    source.target = (cdn_base.target == "/" ? "" : cdn_base.target) + *target;
    return source;
}

bool needs_refresh(std::string_view url, std::uint64_t now_s) {
    // Only attachments are signed (stickers, avatars and the media proxy's images are not).
    const auto target = discord_cdn_target(url);
    if (target && !target->starts_with("/attachments/") &&
        !target->starts_with("/ephemeral-attachments/"))
        return false;
    const std::size_t q = url.find('?');
    if (q == std::string_view::npos) return true;
    std::string_view query = url.substr(q + 1);
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view part = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (part.substr(0, 3) != "ex=") continue;
        const std::string_view hex = part.substr(3);
        std::uint64_t ex = 0;
        auto [p, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), ex, 16);
        if (ec != std::errc{} || p != hex.data() + hex.size()) return true;
        return ex <= now_s + 60;
    }
    return true;
}

std::optional<std::string> refreshed_url(const std::string& body, std::string_view original) {
    rapidjson::Document doc;
    doc.Parse(body.c_str(), body.size());
    if (doc.HasParseError() || !doc.IsObject()) return std::nullopt;
    auto list = doc.FindMember("refreshed_urls");
    if (list == doc.MemberEnd() || !list->value.IsArray()) return std::nullopt;
    for (const auto& item : list->value.GetArray()) {
        if (!item.IsObject()) continue;
        auto o = item.FindMember("original");
        auto r = item.FindMember("refreshed");
        if (o == item.MemberEnd() || r == item.MemberEnd() || !o->value.IsString() ||
            !r->value.IsString())
            continue;
        if (std::string_view(o->value.GetString(), o->value.GetStringLength()) == original)
            return std::string(r->value.GetString(), r->value.GetStringLength());
    }
    return std::nullopt;
}

}  // namespace cordgate::adapters::discord
