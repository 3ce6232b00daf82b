#pragma once
// Who cordgate says it is to Discord, in one place. A user token is used the way the official
// web client uses it: a browser User-Agent, the client's "super properties" base64-encoded in
// X-Super-Properties on every REST request and the same object as IDENTIFY `properties`,
// X-Discord-Locale/-Timezone, Origin/Referer of discord.com, and API v9. A bot token keeps a
// library's identity (`DiscordBot (...)`, API v10), as Discord asks of bots.
//
// References (read for the shape, nothing copied): discord-userdoccers pages/reference.mdx
// ("Client Properties"); discord.py-self discord/http.py (HTTPClient.request: the header set);
// mautrix-discord's discordgo fork droid.go (DroidFetchHeaders, DroidWSHeaders).
//
// The build number ages: Discord ships a new web build several times a week and a very old
// number stands out. It is configuration ([discord.client] client_build_number); the README
// says how an operator finds the current one.

#include <adapters/discord/header_list.hpp>

#include <cstdint>
#include <string>

namespace cordgate::adapters::discord {

// [discord.client] in the adapter's TOML; every key optional.
struct ClientProfileConfig {
    std::string user_agent =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/142.0.0.0 Safari/537.36";
    std::string os = "Windows";
    std::string os_version = "10";
    std::string browser = "Chrome";
    std::string browser_version = "142.0.0.0";
    std::string release_channel = "stable";
    std::int64_t client_build_number = 470000;
    std::string system_locale = "en-US";
    std::string timezone = "UTC";  // an IANA name, as the browser reports it
    std::string origin = "https://discord.com";
    // IDENTIFY capabilities: the official client's bitfield, as discord.py-self sends it
    // (discord/flags.py, Capabilities.default(): bits 0, 2-10, 12 and 14). The bits that change
    // what cordgate reads are DEDUPE_USER_OBJECTS and PRIORITIZED_READY_PAYLOAD (READY
    // deduplicated and completed by READY_SUPPLEMENTAL, ready_assembly.hpp) and CLIENT_STATE_V2
    // (guild fields under `properties`, json_read.hpp); discord-userdoccers
    // pages/gateway/using-gateway.mdx, "Gateway Capabilities". 0 asks for the legacy READY.
    std::int64_t capabilities = 22525;
};

class ClientProfile {
  public:
    static ClientProfile for_user(const ClientProfileConfig& config);
    static ClientProfile for_bot();

    bool is_user() const { return user_; }
    // The gateway and REST version this profile speaks (9 for the official client, 10 for bots).
    int api_version() const { return user_ ? 9 : 10; }
    const std::string& user_agent() const { return user_agent_; }
    // The super properties as a JSON object, and base64 of it (the header's value).
    const std::string& properties_json() const { return properties_json_; }
    const std::string& super_properties() const { return super_properties_; }
    std::int64_t capabilities() const { return capabilities_; }

    // Sent with every REST request besides Authorization, Host and Content-Type.
    const HeaderList& rest_headers() const { return rest_headers_; }
    // Sent with the websocket upgrade request.
    const HeaderList& websocket_headers() const { return websocket_headers_; }

  private:
    bool user_ = false;
    std::string user_agent_;
    std::string properties_json_;
    std::string super_properties_;
    std::int64_t capabilities_ = 0;
    HeaderList rest_headers_;
    HeaderList websocket_headers_;
};

}  // namespace cordgate::adapters::discord
