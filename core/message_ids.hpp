#pragma once
// What the session remembers of each recent chat message: its ids on both networks, whether the
// user wrote it, who reacted with what, and edits of it on their way to Discord. Corrections,
// retractions, reactions, markers and replies all resolve through here.

#include <core/codec.hpp>
#include <core/snowflake.hpp>

#include <map>
#include <optional>
#include <set>
#include <string>

namespace cordgate::core {

struct MessageIds {
    std::map<Snowflake, std::string> xmpp_by_discord;
    std::map<std::string, Snowflake> discord_by_xmpp;
    // Messages the user sent from XMPP that Discord has not echoed yet: nonce -> XMPP id.
    std::map<std::string, std::string> xmpp_by_nonce;
    // The same messages when they open a DM: nonce -> recipient, so the echo teaches the DM
    // channel's id.
    std::map<std::string, Snowflake> recipient_by_nonce;
    // Messages the user wrote (from XMPP or the official app): only those can be edited.
    std::set<Snowflake> sent_by_user;
    // Per message, per Discord user, the reactions in REST form (the emoji, or name:id).
    std::map<Snowflake, std::map<Snowflake, std::set<std::string>>> reactions;
    // Edits the user made from XMPP that Discord has not echoed yet: message -> content. The
    // echo must not come back to the user's clients as a correction of their own.
    std::map<Snowflake, std::string> pending_edits;
    // The XMPP id of each of those corrections, so a room reflects the correction with the id
    // the client chose once Discord has it (optional: snapshots from before it still load).
    std::optional<std::map<Snowflake, std::string>> pending_edit_ids{};
    // How far the user has read each channel, from either side: a MESSAGE_ACK at or before it
    // is the echo of a marker they sent from XMPP (or old news), not something to tell them.
    std::map<Snowflake, Snowflake> read_up_to;

    static constexpr auto fields =
        std::tuple{field("xmpp_by_discord", &MessageIds::xmpp_by_discord),
                   field("discord_by_xmpp", &MessageIds::discord_by_xmpp),
                   field("xmpp_by_nonce", &MessageIds::xmpp_by_nonce),
                   field("recipient_by_nonce", &MessageIds::recipient_by_nonce),
                   field("sent_by_user", &MessageIds::sent_by_user),
                   field("reactions", &MessageIds::reactions),
                   field("pending_edits", &MessageIds::pending_edits),
                   field("read_up_to", &MessageIds::read_up_to),
                   field("pending_edit_ids", &MessageIds::pending_edit_ids)};

    // How many recent messages per session keep their ids. Snowflakes grow with time, so the
    // smallest key is the oldest message: evicting it keeps memory per session bounded.
    static constexpr std::size_t kRemembered = 10000;

    // A new message's ids are usually the largest keys yet (snowflakes grow, and so do the
    // derived XMPP ids within a digit count): those are put at the end without a search, and
    // the oldest goes by its iterator. link() was 14% of the core's time in a flood.
    void link(Snowflake discord, const std::string& xmpp) {
        put_newest(xmpp_by_discord, discord, xmpp);
        put_newest(discord_by_xmpp, xmpp, discord);
        while (xmpp_by_discord.size() > kRemembered) forget(xmpp_by_discord.begin());
    }

    // Records that the user read `channel` up to `message`; false when that is no news.
    bool mark_read(Snowflake channel, Snowflake message) {
        Snowflake& read = read_up_to[channel];
        if (!(read < message)) return false;
        read = message;
        return true;
    }

    void forget(Snowflake discord) {
        if (auto it = xmpp_by_discord.find(discord); it != xmpp_by_discord.end()) {
            forget(it);
        } else {
            forget_details(discord);
        }
    }

    const std::string* xmpp_id(Snowflake discord) const {
        auto it = xmpp_by_discord.find(discord);
        return it == xmpp_by_discord.end() ? nullptr : &it->second;
    }
    // Takes the XMPP id of the user's pending correction of `discord`, if one was kept.
    std::optional<std::string> take_edit_id(Snowflake discord) {
        if (!pending_edit_ids) return std::nullopt;
        auto it = pending_edit_ids->find(discord);
        if (it == pending_edit_ids->end()) return std::nullopt;
        std::string id = std::move(it->second);
        pending_edit_ids->erase(it);
        if (pending_edit_ids->empty()) pending_edit_ids.reset();
        return id;
    }

    // The Discord message an XMPP id names: the id the message was sent or shown with, or, in a
    // room, its stanza-id (the snowflake itself; XEP-0424, XEP-0444 and XEP-0461 name room
    // messages so).
    std::optional<Snowflake> discord_id(const std::string& xmpp) const {
        auto it = discord_by_xmpp.find(xmpp);
        if (it != discord_by_xmpp.end()) return it->second;
        auto id = Snowflake::parse(xmpp);
        if (id && xmpp_by_discord.count(*id)) return id;
        return std::nullopt;
    }

  private:
    void forget(std::map<Snowflake, std::string>::iterator it) {
        const Snowflake discord = it->first;
        auto back = discord_by_xmpp.find(it->second);
        if (back != discord_by_xmpp.end() && back->second == discord) discord_by_xmpp.erase(back);
        xmpp_by_discord.erase(it);
        forget_details(discord);
    }

    template <class Map, class Key, class Value>
    static void put_newest(Map& map, const Key& key, const Value& value) {
        if (map.empty() || map.rbegin()->first < key) {
            map.emplace_hint(map.end(), key, value);
        } else {
            map[key] = value;
        }
    }

    void forget_details(Snowflake discord) {
        sent_by_user.erase(discord);
        reactions.erase(discord);
        pending_edits.erase(discord);
        if (pending_edit_ids) pending_edit_ids->erase(discord);
    }
};

}  // namespace cordgate::core
