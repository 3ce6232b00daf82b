#include <tests/emulator/client_profile_check.hpp>

#include <array>

namespace cordgate::tests::emulator {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// The official clients use API and gateway v9 (discord.py-self pins v9 in discord/http.py and
// discord/gateway.py); v10 or an unversioned path is a library's tell.
constexpr int kOfficialApiVersion = 9;

std::string str_member(const rapidjson::Value& v, const char* name, bool* ok) {
    auto it = v.FindMember(name);
    if (it == v.MemberEnd() || !it->value.IsString()) {
        *ok = false;
        return {};
    }
    return {it->value.GetString(), it->value.GetStringLength()};
}

// What the official clients put in `browser`: the apps and the common web browsers
// (discord-userdoccers pages/reference.mdx, "Browser Type").
bool claims_official_client(std::string_view browser) {
    static constexpr std::array<std::string_view, 13> names = {
        "Discord Client", "Discord Android", "Discord iOS",    "Discord Embedded", "Discord VR",
        "Chrome",         "Chrome iOS",      "Android Chrome", "Firefox",          "Safari",
        "Mobile Safari",  "Microsoft Edge",  "Opera"};
    for (auto n : names)
        if (browser == n) return true;
    return false;
}

}  // namespace

std::optional<std::string> base64_decode(std::string_view in) {
    std::string out;
    out.reserve(in.size() * 3 / 4);
    std::uint32_t acc = 0;
    int bits = 0;
    std::size_t i = 0;
    for (; i < in.size() && in[i] != '='; ++i) {
        const auto pos = kAlphabet.find(in[i]);
        if (pos == std::string_view::npos) return std::nullopt;
        acc = (acc << 6) | static_cast<std::uint32_t>(pos);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xff);
        }
    }
    for (; i < in.size(); ++i)
        if (in[i] != '=') return std::nullopt;
    return out;
}

std::string base64_encode(std::string_view in) {
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const auto n = (static_cast<std::uint8_t>(in[i]) << 16) |
                       (static_cast<std::uint8_t>(in[i + 1]) << 8) |
                       static_cast<std::uint8_t>(in[i + 2]);
        for (int s = 18; s >= 0; s -= 6) out += kAlphabet[(n >> s) & 63];
    }
    if (i < in.size()) {
        std::uint32_t n = static_cast<std::uint8_t>(in[i]) << 16;
        if (i + 1 < in.size()) n |= static_cast<std::uint8_t>(in[i + 1]) << 8;
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += i + 1 < in.size() ? kAlphabet[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::optional<SuperProperties> parse_super_properties(std::string_view header, std::string* why) {
    auto fail = [&](std::string reason) -> std::optional<SuperProperties> {
        if (why) *why = std::move(reason);
        return std::nullopt;
    };
    const auto text = base64_decode(header);
    if (!text) return fail("not base64");
    rapidjson::Document doc;
    doc.Parse(text->data(), text->size());
    if (doc.HasParseError() || !doc.IsObject()) return fail("not a JSON object");
    SuperProperties p;
    bool ok = true;
    p.os = str_member(doc, "os", &ok);
    if (!ok) return fail("os: missing or not a string");
    p.browser = str_member(doc, "browser", &ok);
    if (!ok) return fail("browser: missing or not a string");
    p.release_channel = str_member(doc, "release_channel", &ok);
    if (!ok) return fail("release_channel: missing or not a string");
    p.system_locale = str_member(doc, "system_locale", &ok);
    if (!ok) return fail("system_locale: missing or not a string");
    auto build = doc.FindMember("client_build_number");
    if (build == doc.MemberEnd() || !build->value.IsInt64())
        return fail("client_build_number: missing or not an integer");
    p.client_build_number = build->value.GetInt64();
    return p;
}

std::vector<ProfileMismatch> ClientProfileCheck::on_rest(std::uint64_t user_id,
                                                         std::string_view user_agent,
                                                         const std::string* super_properties,
                                                         int api_version) {
    std::vector<ProfileMismatch> out;
    // discord.py and discord.js send `DiscordBot (url, version)`, as Discord asks of bots.
    if (user_agent.rfind("DiscordBot", 0) == 0)
        out.push_back({"bot_user_agent", std::string(user_agent)});
    if (!super_properties) {
        out.push_back({"missing_super_properties", "no X-Super-Properties header"});
    } else {
        std::string why;
        if (auto p = parse_super_properties(*super_properties, &why)) {
            last_rest_[user_id] = *p;
        } else {
            out.push_back({"malformed_super_properties", why});
        }
    }
    if (api_version != kOfficialApiVersion)
        out.push_back({"api_version", api_version ? "REST /api/v" + std::to_string(api_version)
                                                  : "REST /api without a version"});
    return out;
}

std::vector<ProfileMismatch> ClientProfileCheck::on_socket(std::string_view user_agent,
                                                           std::string_view origin) {
    std::vector<ProfileMismatch> out;
    if (user_agent.empty() || user_agent.rfind("DiscordBot", 0) == 0)
        out.push_back({"socket_profile", "gateway socket User-Agent '" + std::string(user_agent) +
                                             "'"});
    if (origin != "https://discord.com")
        out.push_back({"socket_profile", "gateway socket Origin '" + std::string(origin) + "'"});
    return out;
}

std::vector<ProfileMismatch> ClientProfileCheck::on_identify(std::uint64_t user_id,
                                                             const rapidjson::Value& d,
                                                             int gateway_version) {
    std::vector<ProfileMismatch> out;
    if (gateway_version != kOfficialApiVersion)
        out.push_back({"api_version", "gateway v=" + std::to_string(gateway_version)});
    static const rapidjson::Value empty(rapidjson::kObjectType);
    const rapidjson::Value* props = &empty;
    if (d.IsObject())
        if (auto it = d.FindMember("properties"); it != d.MemberEnd() && it->value.IsObject())
            props = &it->value;
    bool ok = true;
    const std::string os = str_member(*props, "os", &ok);
    ok = true;
    const std::string browser = str_member(*props, "browser", &ok);
    std::optional<std::int64_t> build;
    if (auto it = props->FindMember("client_build_number");
        it != props->MemberEnd() && it->value.IsInt64())
        build = it->value.GetInt64();
    if (auto it = last_rest_.find(user_id); it != last_rest_.end()) {
        const SuperProperties& rest = it->second;
        std::string diff;
        auto add = [&](const std::string& field, const std::string& gw, const std::string& http) {
            if (gw == http) return;
            if (!diff.empty()) diff += "; ";
            diff += field + ": IDENTIFY '" + gw + "', REST '" + http + "'";
        };
        add("os", os, rest.os);
        add("browser", browser, rest.browser);
        add("client_build_number", build ? std::to_string(*build) : "absent",
            std::to_string(rest.client_build_number));
        if (!diff.empty()) out.push_back({"identify_properties_mismatch", diff});
    }
    if (check_capabilities && claims_official_client(browser)) {
        std::int64_t caps = 0;
        if (d.IsObject())
            if (auto it = d.FindMember("capabilities"); it != d.MemberEnd() && it->value.IsInt64())
                caps = it->value.GetInt64();
        if (caps == 0)
            out.push_back({"capabilities_zero", "browser '" + browser + "' with capabilities 0"});
    }
    return out;
}

}  // namespace cordgate::tests::emulator
