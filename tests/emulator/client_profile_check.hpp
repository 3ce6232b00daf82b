#pragma once
// Does a user-token client look like the official Discord client? Checks each REST request
// (User-Agent, X-Super-Properties, API version) and each IDENTIFY (properties against the
// super properties last seen on REST, capabilities, gateway version) and returns every
// mismatch as a (kind, detail) pair. Bot tokens are never checked: a bot is expected to send
// `DiscordBot (...)` and no super properties. Pure: no clock, no I/O; the caller records.

#include <rapidjson/document.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cordgate::tests::emulator {

struct ProfileMismatch {
    std::string kind;  // bot_user_agent, missing_super_properties, ...
    std::string detail;
};

// The fields of X-Super-Properties the emulator compares; the real header carries more
// (browser_version, os_version, client_event_source, ...), which are not checked.
struct SuperProperties {
    std::string os;
    std::string browser;
    std::string release_channel;
    std::int64_t client_build_number = 0;
    std::string system_locale;
};

// Decodes the header (standard base64 of a JSON object). nullopt and `why` filled when it is
// not base64, not a JSON object, or lacks one of the five fields with the right type.
std::optional<SuperProperties> parse_super_properties(std::string_view header, std::string* why);

// Standard base64 (RFC 4648 §4, padding optional); nullopt on any other character.
std::optional<std::string> base64_decode(std::string_view in);
std::string base64_encode(std::string_view in);

class ClientProfileCheck {
  public:
    // `api_version` is the N of /api/vN (0 = no version in the path).
    std::vector<ProfileMismatch> on_rest(std::uint64_t user_id, std::string_view user_agent,
                                         const std::string* super_properties, int api_version);
    // `identify_d` is IDENTIFY's `d`; `gateway_version` the `v` of the websocket URL.
    std::vector<ProfileMismatch> on_identify(std::uint64_t user_id,
                                             const rapidjson::Value& identify_d,
                                             int gateway_version);

    // The gateway's websocket upgrade: the web client's browser sends its own User-Agent and
    // Origin https://discord.com there too, so a bot's or a library's upgrade stands out.
    std::vector<ProfileMismatch> on_socket(std::string_view user_agent, std::string_view origin);

    // The official client always sends its capabilities; a library that claims to be it and
    // sends 0 asks for a READY no official client has asked for in years. Off for tests of
    // such libraries (POST /_emulator/profile {"capabilities_check": false}).
    bool check_capabilities = true;

    void clear() { last_rest_.clear(); }

  private:
    std::map<std::uint64_t, SuperProperties> last_rest_;  // by user: the last valid header
};

}  // namespace cordgate::tests::emulator
