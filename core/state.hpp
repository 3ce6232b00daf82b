#pragma once
// The projection's state: plain data in ordered containers, so that iterating it is
// deterministic and a snapshot is just its canonical encoding.

#include <core/archive/archive_wait.hpp>
#include <core/codec.hpp>
#include <core/codec_enum.hpp>
#include <core/discord_types.hpp>
#include <core/file_transfers_state.hpp>
#include <core/message_ids.hpp>
#include <core/pending_actions.hpp>
#include <core/preferences.hpp>
#include <core/rooms_state.hpp>
#include <core/snowflake.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace cordgate::core {

// Where a Discord user stands with the user, besides friendship (is_friend): a friend request
// either way, or blocked (discord-userdoccers resources/relationships.mdx, types 3, 4 and 2).
enum class Relation {
    incoming_request,  // they asked: the puppet's subscription request waits for the user
    outgoing_request,  // the user asked (an XMPP subscribe, or the official app)
    blocked,           // the user blocked them: no roster item, no presence, no messages
};

inline constexpr auto enum_names(Relation) {
    using R = Relation;
    return std::array<EnumName<R>, 3>{{{R::incoming_request, "incoming_request"},
                                       {R::outgoing_request, "outgoing_request"},
                                       {R::blocked, "blocked"}}};
}

// A Discord user the XMPP user can talk to: a friend or a DM partner; or someone with a friend
// request either way, or blocked (relation).
struct Contact {
    DiscordUser user;
    std::optional<std::string> nickname;  // the user's own name for this friend
    std::optional<Snowflake> dm_channel;
    bool is_friend = false;
    bool in_roster = false;                  // a roster item was pushed, or a subscription offered
    std::string status = "offline";          // Discord: online, idle, dnd, offline
    std::optional<std::string> status_text;  // custom status or activity, as a line of text
    // XEP-0153 hash of the avatar: the SHA-1 of the CDN's image, "" once the user removed it.
    std::optional<std::string> avatar_sha1;
    // Added later (absent: none, as for every contact before it).
    std::optional<Relation> relation{};
    // The Discord avatar hash whose image avatar_sha1 is: another in `user.avatar` is fetched.
    std::optional<std::string> avatar_of{};

    static constexpr auto fields = std::tuple{field("user", &Contact::user),
                                              field("nickname", &Contact::nickname),
                                              field("dm_channel", &Contact::dm_channel),
                                              field("is_friend", &Contact::is_friend),
                                              field("in_roster", &Contact::in_roster),
                                              field("status", &Contact::status),
                                              field("status_text", &Contact::status_text),
                                              field("avatar_sha1", &Contact::avatar_sha1),
                                              field("relation", &Contact::relation),
                                              field("avatar_of", &Contact::avatar_of)};

    const std::string& roster_name() const { return nickname ? *nickname : user.display_name(); }
    bool blocked() const { return relation == Relation::blocked; }
};

// The user's XMPP avatar on its way to Discord (own_avatar.cpp). Hashes are XEP-0153 SHA-1s.
struct OwnAvatar {
    std::optional<std::string> announced;    // what the user's presence last said ("" none)
    std::optional<std::string> fetching;     // asked of the user's server, not answered yet
    std::optional<std::string> published;    // sent to Discord and not refused: not sent again
    std::optional<std::string> refused;      // refused (Discord, the server, too large): not again
    std::optional<std::string> told;         // the last hash the user was told about
    std::optional<std::uint64_t> effect_id;  // the discord.set_own_avatar on its way
    std::optional<std::int64_t> sent_at_ms;  // its event's ts: the next waits the interval

    static constexpr auto fields = std::tuple{field("announced", &OwnAvatar::announced),
                                              field("fetching", &OwnAvatar::fetching),
                                              field("published", &OwnAvatar::published),
                                              field("refused", &OwnAvatar::refused),
                                              field("told", &OwnAvatar::told),
                                              field("effect_id", &OwnAvatar::effect_id),
                                              field("sent_at_ms", &OwnAvatar::sent_at_ms)};
};

// One registered XMPP user.
struct Session {
    std::string jid;      // bare JID
    std::string gateway;  // the component domain they registered with
    std::string sealed_token;
    std::string login_state = "logging_in";     // logging_in, ready, failed, logged_out
    std::optional<std::string> failure;         // why the last login failed
    std::optional<std::string> discord_status;  // the status last set from XMPP presence
    std::optional<DiscordUser> self;
    std::map<Snowflake, Contact> contacts;
    std::map<Snowflake, Snowflake> dm_partner_by_channel;
    MessageIds messages;
    // The user's available XMPP resources (full JID -> show, "" for plain available).
    std::map<std::string, std::string> online_resources;
    // vCard queries waiting for a profile fetch, by the Discord user they ask about.
    std::map<Snowflake, std::vector<PendingQuery>> pending_vcards;
    std::map<std::uint64_t, Snowflake> profile_by_effect;  // fetch effect id -> user
    std::map<Snowflake, Guild> guilds;
    std::map<Snowflake, Room> rooms;  // guild channels and group DMs, by channel id
    // History fetches on their way, by the id of the discord.fetch_history effect, so a failed
    // fetch still completes the join.
    std::map<std::uint64_t, Snowflake> history_by_effect;
    std::map<Snowflake, Snowflake> thread_parent;  // thread channel -> the room it belongs to
    // The newest message seen per channel, so a fresh Discord login (after a restart of the
    // Discord adapter) fetches what was said while no session was listening.
    std::map<Snowflake, Snowflake> last_message_by_channel;
    // Added later (optional, so snapshots from before them still load):
    // Discord's required_action (READY, USER_REQUIRED_ACTION_UPDATE, or a 40002 refusal):
    // while set, the user's actions are refused here instead of meeting a 403 each.
    std::optional<std::string> required_action{};
    // The user's actions on their way to Discord, kept messages, split messages.
    std::optional<PendingActions> pending{};
    // Friend requests on their way to Discord (discord.add_relationship effect id -> the user
    // asked about), so a refusal can be told and the pending subscription ended.
    std::optional<std::map<std::uint64_t, Snowflake>> relationship_by_effect{};
    // READY's user.premium_type (absent or 0: no Nitro): animated custom emoji need Nitro.
    std::optional<int> premium_type{};
    // Discord files on their way to the user's upload service, and the messages they hold.
    std::optional<FileTransfers> files{};
    std::optional<Preferences> preferences{};
    std::optional<OwnAvatar> own_avatar{};
    // Archive queries waiting for Discord's history, by channel (core/archive/).
    std::optional<std::map<Snowflake, archive::ArchiveWait>> archive_waits{};

    PendingActions& actions() {
        if (!pending) pending.emplace();
        return *pending;
    }

    static constexpr auto fields =
        std::tuple{field("jid", &Session::jid),
                   field("gateway", &Session::gateway),
                   field("sealed_token", &Session::sealed_token),
                   field("login_state", &Session::login_state),
                   field("failure", &Session::failure),
                   field("discord_status", &Session::discord_status),
                   field("self", &Session::self),
                   field("contacts", &Session::contacts),
                   field("dm_partner_by_channel", &Session::dm_partner_by_channel),
                   field("messages", &Session::messages),
                   field("online_resources", &Session::online_resources),
                   field("pending_vcards", &Session::pending_vcards),
                   field("profile_by_effect", &Session::profile_by_effect),
                   field("guilds", &Session::guilds),
                   field("rooms", &Session::rooms),
                   field("history_by_effect", &Session::history_by_effect),
                   field("thread_parent", &Session::thread_parent),
                   field("last_message_by_channel", &Session::last_message_by_channel),
                   field("required_action", &Session::required_action),
                   field("pending", &Session::pending),
                   field("relationship_by_effect", &Session::relationship_by_effect),
                   field("premium_type", &Session::premium_type),
                   field("files", &Session::files),
                   field("preferences", &Session::preferences),
                   field("own_avatar", &Session::own_avatar),
                   field("archive_waits", &Session::archive_waits)};

    const Preferences& prefs() const {
        static const Preferences defaults;
        return preferences ? *preferences : defaults;
    }
};

// What a user's server lets the gateway do for its users (XEP-0356), by server domain.
struct Privileges {
    std::string roster = "none";   // none, get, set, both
    std::string message = "none";  // none, outgoing
    // Added later: XEP-0356 v2 IQ permissions, "namespace=type" (type get, set or both).
    std::vector<std::string> iq{};

    static constexpr auto fields =
        std::tuple{field("roster", &Privileges::roster), field("message", &Privileges::message),
                   field("iq", &Privileges::iq)};

    bool can_set_roster() const { return roster == "set" || roster == "both"; }
    bool can_send_as_user() const { return message == "outgoing"; }
    // Publishing to the user's PEP (bookmarks) is an IQ set in the pubsub namespace.
    bool can_publish_pep() const {
        for (const auto& p : iq) {
            if (p == "http://jabber.org/protocol/pubsub=set" ||
                p == "http://jabber.org/protocol/pubsub=both") {
                return true;
            }
        }
        return false;
    }
};

struct State {
    std::map<std::string, Session> sessions;       // by bare JID
    std::map<std::string, Privileges> privileges;  // by user server domain
    // The last effect id handed out per target; ids are derived here so replay reproduces them.
    std::uint64_t last_xmpp_effect = 0;
    std::uint64_t last_discord_effect = 0;
    // Added later: [discord] dm_strangers as the running Discord adapter announced it
    // (discord.adapter_started). Absent, as before adapters said, DMs with anyone may open.
    std::optional<bool> dm_strangers{};
    // The XEP-0363 upload service of each user server (xmpp.upload_service), by domain.
    std::optional<std::map<std::string, UploadService>> upload_services{};
    // [discord] own_avatar_interval_s as the running Discord adapter announced it.
    std::optional<std::int64_t> own_avatar_interval_s{};

    static constexpr auto fields =
        std::tuple{field("sessions", &State::sessions),
                   field("privileges", &State::privileges),
                   field("last_xmpp_effect", &State::last_xmpp_effect),
                   field("last_discord_effect", &State::last_discord_effect),
                   field("dm_strangers", &State::dm_strangers),
                   field("upload_services", &State::upload_services),
                   field("own_avatar_interval_s", &State::own_avatar_interval_s)};
};

inline std::string encode_state(const State& s) {
    return encode(s);
}
inline State decode_state(std::string_view text) {
    return decode<State>(text);
}

}  // namespace cordgate::core
