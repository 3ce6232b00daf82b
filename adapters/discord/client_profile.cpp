#include <adapters/discord/client_profile.hpp>
#include <adapters/discord/encodings.hpp>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace cordgate::adapters::discord {
namespace {

constexpr const char* kBotUserAgent = "DiscordBot (https://github.com/cordgate, 0.1)";

// The object the web client builds once per page load, in the order it writes the keys.
std::string properties_of(const ClientProfileConfig& c) {
    rapidjson::StringBuffer b;
    rapidjson::Writer<rapidjson::StringBuffer> w(b);
    auto text = [&w](const char* key, const std::string& value) {
        w.Key(key);
        w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
    };
    w.StartObject();
    text("os", c.os);
    text("browser", c.browser);
    text("device", "");
    text("system_locale", c.system_locale);
    text("browser_user_agent", c.user_agent);
    text("browser_version", c.browser_version);
    text("os_version", c.os_version);
    text("referrer", "");
    text("referring_domain", "");
    text("referrer_current", "");
    text("referring_domain_current", "");
    text("release_channel", c.release_channel);
    w.Key("client_build_number");
    w.Int64(c.client_build_number);
    w.Key("client_event_source");
    w.Null();
    w.EndObject();
    return b.GetString();
}

}  // namespace

ClientProfile ClientProfile::for_user(const ClientProfileConfig& c) {
    ClientProfile p;
    p.user_ = true;
    p.user_agent_ = c.user_agent;
    p.properties_json_ = properties_of(c);
    p.super_properties_ = base64(p.properties_json_);
    p.capabilities_ = c.capabilities;
    p.rest_headers_ = {
        {"User-Agent", c.user_agent},
        {"Accept", "*/*"},
        {"Accept-Language", c.system_locale + "," + c.system_locale.substr(0, 2) + ";q=0.9"},
        {"Origin", c.origin},
        {"Referer", c.origin + "/channels/@me"},
        {"Sec-Fetch-Dest", "empty"},
        {"Sec-Fetch-Mode", "cors"},
        {"Sec-Fetch-Site", "same-origin"},
        {"X-Discord-Locale", c.system_locale},
        {"X-Discord-Timezone", c.timezone},
        {"X-Debug-Options", "bugReporterEnabled"},
        {"X-Super-Properties", p.super_properties_},
    };
    p.websocket_headers_ = {
        {"User-Agent", c.user_agent},
        {"Origin", c.origin},
        {"Accept-Language", c.system_locale + "," + c.system_locale.substr(0, 2) + ";q=0.9"},
        {"Cache-Control", "no-cache"},
        {"Pragma", "no-cache"},
    };
    return p;
}

ClientProfile ClientProfile::for_bot() {
    ClientProfile p;
    p.user_agent_ = kBotUserAgent;
    p.properties_json_ = R"({"os":"linux","browser":"cordgate","device":"cordgate"})";
    p.rest_headers_ = {{"User-Agent", kBotUserAgent}};
    p.websocket_headers_ = {{"User-Agent", kBotUserAgent}};
    return p;
}

}  // namespace cordgate::adapters::discord
