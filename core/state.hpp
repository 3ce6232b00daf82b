#pragma once
// The projection's state: plain data in ordered containers, so that iterating it is
// deterministic and a snapshot is just its canonical encoding.

#include <core/codec.hpp>
#include <core/discord_types.hpp>
#include <core/snowflake.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace cordgate::core {

// A Discord user the XMPP user can talk to: a friend or a DM partner.
struct Contact {
    DiscordUser user;
    std::optional<std::string> nickname;  // the user's own name for this friend
    std::optional<Snowflake> dm_channel;
    bool is_friend = false;
    bool in_roster = false;                  // a roster item was pushed, or a subscription offered
    std::string status = "offline";          // Discord: online, idle, dnd, offline
    std::optional<std::string> status_text;  // custom status or activity, as a line of text

    static constexpr auto fields = std::tuple{field("user", &Contact::user),
                                              field("nickname", &Contact::nickname),
                                              field("dm_channel", &Contact::dm_channel),
                                              field("is_friend", &Contact::is_friend),
                                              field("in_roster", &Contact::in_roster),
                                              field("status", &Contact::status),
                                              field("status_text", &Contact::status_text)};

    const std::string& roster_name() const { return nickname ? *nickname : user.display_name(); }
};

// Both directions of the Discord message id <-> XMPP stanza id map for one chat message.
struct MessageIds {
    std::map<Snowflake, std::string> xmpp_by_discord;
    std::map<std::string, Snowflake> discord_by_xmpp;
    // Messages the user sent from XMPP that Discord has not echoed yet: nonce -> XMPP id.
    std::map<std::string, std::string> xmpp_by_nonce;

    static constexpr auto fields =
        std::tuple{field("xmpp_by_discord", &MessageIds::xmpp_by_discord),
                   field("discord_by_xmpp", &MessageIds::discord_by_xmpp),
                   field("xmpp_by_nonce", &MessageIds::xmpp_by_nonce)};

    // How many recent messages per session keep their ids. Snowflakes grow with time, so the
    // smallest key is the oldest message: evicting it keeps memory per session bounded.
    static constexpr std::size_t kRemembered = 10000;

    void link(Snowflake discord, const std::string& xmpp) {
        xmpp_by_discord[discord] = xmpp;
        discord_by_xmpp[xmpp] = discord;
        while (xmpp_by_discord.size() > kRemembered) {
            auto oldest = xmpp_by_discord.begin();
            auto back = discord_by_xmpp.find(oldest->second);
            if (back != discord_by_xmpp.end() && back->second == oldest->first) {
                discord_by_xmpp.erase(back);
            }
            xmpp_by_discord.erase(oldest);
        }
    }
};

// One registered XMPP user.
struct Session {
    std::string jid;      // bare JID
    std::string gateway;  // the component domain they registered with
    std::string sealed_token;
    std::string login_state = "logging_in";  // "logging_in" | "ready"
    std::optional<DiscordUser> self;
    std::map<Snowflake, Contact> contacts;
    std::map<Snowflake, Snowflake> dm_partner_by_channel;
    MessageIds messages;
    // The user's available XMPP resources (full JID -> show, "" for plain available).
    std::map<std::string, std::string> online_resources;

    static constexpr auto fields =
        std::tuple{field("jid", &Session::jid),
                   field("gateway", &Session::gateway),
                   field("sealed_token", &Session::sealed_token),
                   field("login_state", &Session::login_state),
                   field("self", &Session::self),
                   field("contacts", &Session::contacts),
                   field("dm_partner_by_channel", &Session::dm_partner_by_channel),
                   field("messages", &Session::messages),
                   field("online_resources", &Session::online_resources)};
};

// What a user's server lets the gateway do for its users (XEP-0356), by server domain.
struct Privileges {
    std::string roster = "none";   // none, get, set, both
    std::string message = "none";  // none, outgoing

    static constexpr auto fields =
        std::tuple{field("roster", &Privileges::roster), field("message", &Privileges::message)};

    bool can_set_roster() const { return roster == "set" || roster == "both"; }
    bool can_send_as_user() const { return message == "outgoing"; }
};

struct State {
    std::map<std::string, Session> sessions;       // by bare JID
    std::map<std::string, Privileges> privileges;  // by user server domain
    // The last effect id handed out per target; ids are derived here so replay reproduces them.
    std::uint64_t last_xmpp_effect = 0;
    std::uint64_t last_discord_effect = 0;

    static constexpr auto fields =
        std::tuple{field("sessions", &State::sessions), field("privileges", &State::privileges),
                   field("last_xmpp_effect", &State::last_xmpp_effect),
                   field("last_discord_effect", &State::last_discord_effect)};
};

inline std::string encode_state(const State& s) {
    return encode(s);
}
inline State decode_state(std::string_view text) {
    return decode<State>(text);
}

}  // namespace cordgate::core
