#pragma once
// The gateway's XEP-0050 ad-hoc commands, in one place: the XMPP adapter lists them (disco
// items of the commands node, answered statically) and accepts only these nodes; the core
// (from_xmpp_commands.cpp, admin_commands.cpp) carries them out.

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

// Commands for the administrators of [xmpp] admins only, with XEP-0133 node names where the XEP
// has one. Nobody else is shown them (XEP-0050 §2.2 lets the list depend on who asks), and
// anyone else executing one gets <forbidden/> from the adapter. The core carries out all but
// the status, which the XMPP adapter answers from the core's control endpoint: the report is
// runtime data (heartbeats, the log's size) that the log's fold cannot see.
inline constexpr std::string_view kAdminUsers =
    "http://jabber.org/protocol/admin#get-registered-users-list";
inline constexpr std::string_view kAdminEndSession =
    "http://jabber.org/protocol/admin#end-user-session";
inline constexpr std::string_view kAdminDeleteUser = "http://jabber.org/protocol/admin#delete-user";
inline constexpr std::string_view kAdminAnnounce = "http://jabber.org/protocol/admin#announce";
inline constexpr std::string_view kAdminStatus = "cordgate:admin#status";

inline constexpr std::array<CommandInfo, 5> kAdminCommands{{
    {kAdminUsers, "List registered users and their Discord sessions"},
    {kAdminEndSession, "End users' Discord sessions (they stay registered)"},
    {kAdminDeleteUser, "Unregister users"},
    {kAdminAnnounce, "Send an announcement to every registered user"},
    {kAdminStatus, "Show the gateway's status (as cordgate status)"},
}};

inline bool is_admin_command(std::string_view node) {
    for (const auto& c : kAdminCommands) {
        if (c.node == node) return true;
    }
    return false;
}

}  // namespace cordgate::core
