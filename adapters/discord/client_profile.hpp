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
#include <config/sections.hpp>

#include <cstdint>
#include <string>

namespace cordgate::adapters::discord {

// [discord.client] of cordgate.toml; every key optional, defaults in config/sections.hpp.
using ClientProfileConfig = config::DiscordClientSection;

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
