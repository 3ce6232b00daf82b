#include <core/carbons.hpp>
#include <core/content.hpp>
#include <core/conversation.hpp>
#include <core/from_discord.hpp>
#include <core/puppets.hpp>
#include <core/rooms.hpp>

#include <algorithm>
#include <utility>

namespace cordgate::core::from_discord {
namespace {

bool is_self(const Session& session, Snowflake user) {
    return session.self && session.self->id == user;
}

std::string rest_form(const DiscordEmoji& emoji) {
    return emoji.id ? emoji.name + ":" + emoji.id->str() : emoji.name;
}

// Discord names a custom emoji by its id; its name may have changed since the reaction, or be
// gone with a deleted emoji (the adapter calls it "_"), so "blob:77" and "_:77" are one emoji.
bool names(std::string_view kept, const DiscordEmoji& emoji) {
    if (!emoji.id) return kept == emoji.name;
    const std::string suffix = ":" + emoji.id->str();
    return kept.size() > suffix.size() && kept.ends_with(suffix);
}

// How the chat names the message reacted to: in a room its stanza-id, the snowflake (XEP-0444
// §4.1); in a DM the id it was shown with.
std::string shown_id(const Conversation& conv, Snowflake message, const std::string& xmpp_id) {
    return conv.is_dm() ? xmpp_id : message.str();
}

// XEP-0444 sends the whole set of one person's reactions each time, so every change shows
// what is left (an empty set takes them all back).
void show(ApplyContext& ctx, Session& session, const Conversation& conv, Snowflake user,
          const std::string& target, const std::set<std::string>& reactions) {
    std::vector<std::string> shown;
    for (const auto& r : reactions) shown.push_back(reaction_for_xmpp(r));

    if (conv.is_dm() && is_self(session, user)) {
        SendXmppCarbon carbon;
        carbon.id = ctx.derived_id();
        carbon.reactions_to = target;
        carbon.reactions = std::move(shown);
        send_carbon(ctx, session, conv.id, std::move(carbon));
        return;
    }
    std::optional<DiscordUser> who;
    if (conv.is_dm()) {
        if (user != conv.id) return;
        who = session.contacts.at(conv.id).user;
    } else {
        who = is_self(session, user) ? session.self : std::nullopt;
        if (!who) {
            // Reactions carry only the user id; someone the room has not seen yet gets a name
            // when they first write, until then the id stands in.
            who = DiscordUser{user, user.str(), std::nullopt, std::nullopt, false};
            if (const RoomMember* m = rooms::member(session, session.rooms.at(conv.id), user)) {
                who = m->user;
            }
        }
    }
    SendXmppReactions r;
    r.id = ctx.derived_id();
    r.target_id = target;
    r.reactions = std::move(shown);
    deliver(ctx, session, conv, *who, std::move(r));
}

}  // namespace

void on_reaction(ApplyContext& ctx, Session& session, Snowflake user, Snowflake channel,
                 Snowflake message, const DiscordEmoji& emoji, bool added) {
    auto conv = conversation_of(session, channel);
    const std::string* target = session.messages.xmpp_id(message);
    if (!conv || !target) return;
    std::set<std::string>& theirs = session.messages.reactions[message][user];
    auto same = [&](const std::string& kept) { return names(kept, emoji); };
    bool changed = added ? std::none_of(theirs.begin(), theirs.end(), same) &&
                               theirs.insert(rest_form(emoji)).second
                         : std::erase_if(theirs, same) > 0;
    // The echo of a reaction the user made from XMPP finds it already in place.
    if (!changed) return;
    show(ctx, session, *conv, user, shown_id(*conv, message, *target), theirs);
}

void on_reactions_removed(ApplyContext& ctx, Session& session, Snowflake channel, Snowflake message,
                          const std::optional<DiscordEmoji>& emoji) {
    auto conv = conversation_of(session, channel);
    const std::string* target = session.messages.xmpp_id(message);
    auto kept = session.messages.reactions.find(message);
    if (!conv || !target || kept == session.messages.reactions.end()) return;
    for (auto& [user, theirs] : kept->second) {
        std::size_t removed =
            emoji ? std::erase_if(theirs, [&](const std::string& r) { return names(r, *emoji); })
                  : std::exchange(theirs, {}).size();
        if (removed > 0) show(ctx, session, *conv, user, shown_id(*conv, message, *target), theirs);
    }
}

}  // namespace cordgate::core::from_discord
