#include <tests/emulator/signed_url.hpp>

#include <tests/emulator/snowflake.hpp>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <charconv>
#include <cstdio>
#include <vector>

namespace cordgate::tests::emulator {
namespace {

constexpr std::string_view kKey = "cordgate-emulator-cdn-signing-key";

std::string hex(std::uint64_t v) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(v));
    return buf;
}

std::optional<std::uint64_t> parse_hex(std::string_view s) {
    std::uint64_t v = 0;
    if (s.empty() || s.size() > 16) return std::nullopt;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 16);
    if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
    return v;
}

// The query's `name=value` pairs in order, raw.
std::vector<std::pair<std::string_view, std::string_view>> split_query(std::string_view q) {
    std::vector<std::pair<std::string_view, std::string_view>> out;
    while (!q.empty()) {
        const std::size_t amp = q.find('&');
        const std::string_view part = q.substr(0, amp);
        q = amp == std::string_view::npos ? std::string_view{} : q.substr(amp + 1);
        if (part.empty()) continue;
        const std::size_t eq = part.find('=');
        if (eq == std::string_view::npos)
            out.emplace_back(part, std::string_view{});
        else
            out.emplace_back(part.substr(0, eq), part.substr(eq + 1));
    }
    return out;
}

}  // namespace

std::optional<AttachmentPath> parse_attachment_path(std::string_view path) {
    constexpr std::string_view kPrefix = "/attachments/";
    if (path.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
    path.remove_prefix(kPrefix.size());
    const std::size_t s1 = path.find('/');
    if (s1 == std::string_view::npos) return std::nullopt;
    const std::size_t s2 = path.find('/', s1 + 1);
    if (s2 == std::string_view::npos) return std::nullopt;
    const auto channel = parse_snowflake(path.substr(0, s1));
    const auto attachment = parse_snowflake(path.substr(s1 + 1, s2 - s1 - 1));
    const std::string_view name = path.substr(s2 + 1);
    if (!channel || !attachment || name.empty() || name.find('/') != std::string_view::npos)
        return std::nullopt;
    return AttachmentPath{*channel, *attachment, std::string(name)};
}

std::string sign_attachment(const AttachmentPath& p, std::uint64_t expires_s,
                            std::uint64_t issued_s) {
    const std::string data = std::to_string(p.channel_id) + "/" + std::to_string(p.attachment_id) +
                             "|" + hex(expires_s) + "|" + hex(issued_s);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), kKey.data(), static_cast<int>(kKey.size()),
         reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &len);
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(len * 2);
    for (unsigned int i = 0; i < len; ++i) {
        out.push_back(kDigits[mac[i] >> 4]);
        out.push_back(kDigits[mac[i] & 0xF]);
    }
    return out;
}

std::string signed_attachment_url(const AttachmentPath& p, std::uint64_t now_s, std::uint64_t ttl_s,
                                  std::string_view keep_query) {
    const std::uint64_t ex = now_s + ttl_s;
    std::string url = std::string(kCdnOrigin) + "/attachments/" + std::to_string(p.channel_id) +
                      "/" + std::to_string(p.attachment_id) + "/" + p.filename + "?";
    if (!keep_query.empty()) url.append(keep_query).append("&");
    url += "ex=" + hex(ex) + "&is=" + hex(now_s) + "&hm=" + sign_attachment(p, ex, now_s) + "&";
    return url;
}

Signature check_signature(const AttachmentPath& p, std::string_view query, std::uint64_t now_s) {
    std::optional<std::uint64_t> ex, is;
    std::string_view hm;
    for (const auto& [k, v] : split_query(query)) {
        if (k == "ex") ex = parse_hex(v);
        if (k == "is") is = parse_hex(v);
        if (k == "hm") hm = v;
    }
    if (!ex || !is || hm.empty()) return Signature::missing;
    if (hm != sign_attachment(p, *ex, *is)) return Signature::forged;
    return now_s >= *ex ? Signature::expired : Signature::valid;
}

std::string refresh_attachment_url(std::string_view url, std::uint64_t now_s, std::uint64_t ttl_s) {
    std::string_view rest = url;
    bool ours = false;
    for (std::string_view origin : {std::string_view("https://cdn.discordapp.com"),
                                    std::string_view("https://media.discordapp.net")}) {
        if (rest.substr(0, origin.size()) == origin) {
            rest.remove_prefix(origin.size());
            ours = true;
            break;
        }
    }
    if (!ours) return std::string(url);
    const std::size_t q = rest.find('?');
    const auto path = parse_attachment_path(rest.substr(0, q));
    if (!path) return std::string(url);
    std::string keep;
    if (q != std::string_view::npos) {
        for (const auto& [k, v] : split_query(rest.substr(q + 1))) {
            if (k == "ex" || k == "is" || k == "hm") continue;
            if (!keep.empty()) keep += "&";
            keep.append(k).append("=").append(v);
        }
    }
    return signed_attachment_url(*path, now_s, ttl_s, keep);
}

}  // namespace cordgate::tests::emulator
