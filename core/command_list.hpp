#pragma once
// The gateway's XEP-0050 ad-hoc commands, in one place: the XMPP adapter lists them (disco
// items of the commands node, answered statically) and accepts only these nodes; the core
// (from_xmpp_commands.cpp) carries them out.

#include <array>
#include <string_view>

namespace cordgate::core {

struct CommandInfo {
    std::string_view node;
    std::string_view name;  // what a client shows in its command menu
};

inline constexpr std::string_view kCommandStatus = "status";
inline constexpr std::string_view kCommandLogin = "login";
inline constexpr std::string_view kCommandLogout = "logout";
inline constexpr std::string_view kCommandResync = "resync";
inline constexpr std::string_view kCommandRetry = "retry";
inline constexpr std::string_view kCommandPreferences = "preferences";

inline constexpr std::array<CommandInfo, 6> kCommands{{
    {kCommandStatus, "Show the Discord connection status"},
    {kCommandLogin, "Log in to Discord (optionally with a new token)"},
    {kCommandLogout, "Log out of Discord"},
    {kCommandResync, "Send all contacts to the roster again"},
    {kCommandRetry, "Send again the messages Discord refused with a captcha"},
    {kCommandPreferences, "Preferences (publish my XMPP avatar to Discord)"},
}};

inline bool is_command(std::string_view node) {
    for (const auto& c : kCommands) {
        if (c.node == node) return true;
    }
    return false;
}

}  // namespace cordgate::core
