#include <core/content.hpp>
#include <core/conversation.hpp>
#include <core/from_xmpp.hpp>
#include <core/puppets.hpp>

#include <algorithm>

namespace cordgate::core::from_xmpp {
namespace {

struct Target {
    Snowflake channel;
    Snowflake message;
};

// The Discord message an XMPP id names, and the channel to act on, when the stanza comes from
// the user and is addressed to one of the session's chats.
std::optional<Target> target_of(const Session& session, const std::string& from,
                                const std::string& to, const std::string& xmpp_id) {
    if (bare_jid(from) != session.jid) return std::nullopt;
    auto channel = channel_for_jid(session, bare_jid(to));
    auto message = session.messages.discord_id(xmpp_id);
    if (!channel || !message) return std::nullopt;
    return Target{*channel, *message};
}

// A change the gateway cannot carry out is answered, so the client does not show an edit,
// retraction or reaction that never happened: a stanza error from the JID the change addressed
// to the full JID that sent it, with its id (RFC 6120 §8.3).
template <class Change>
void refuse(ApplyContext& ctx, const Change& change, const char* error_type, const char* condition,
            const char* text) {
    ctx.emit(SendXmppMessageError{change.to, change.from, change.id, error_type, condition, text});
}

// The target of a correction, retraction or reactions; item-not-found when the chat or the
// message is not one the session knows. From someone other than the user (the server stamps
// `from`, so it cannot happen) there is nobody to answer.
template <class Change>
std::optional<Target> target_or_refuse(ApplyContext& ctx, const Session& session,
                                       const Change& change, const std::string& xmpp_id) {
    if (bare_jid(change.from) != session.jid) return std::nullopt;
    auto target = target_of(session, change.from, change.to, xmpp_id);
    if (!target) refuse(ctx, change, "cancel", "item-not-found", "no such message in this chat");
    return target;
}

// Discord lets people edit and delete only what they wrote.
template <class Change>
bool own_or_refuse(ApplyContext& ctx, const Session& session, const Change& change,
                   const Target& target) {
    if (session.messages.sent_by_user.count(target.message)) return true;
    refuse(ctx, change, "auth", "forbidden", "only your own messages can be changed");
    return false;
}

}  // namespace

void on_correction(ApplyContext& ctx, Session& session, const XmppCorrection& correction) {
    auto target = target_or_refuse(ctx, session, correction, correction.replace_id);
    if (!target || !own_or_refuse(ctx, session, correction, *target)) return;
    session.messages.pending_edits[target->message] = correction.body;
    if (correction.id) {
        auto& ids = session.messages.pending_edit_ids;
        if (!ids) ids.emplace();
        (*ids)[target->message] = *correction.id;
    }
    ctx.emit(EditDiscordMessage{target->channel, target->message, correction.body});
}

void on_retraction(ApplyContext& ctx, Session& session, const XmppRetraction& retraction) {
    auto target = target_or_refuse(ctx, session, retraction, retraction.retract_id);
    if (!target || !own_or_refuse(ctx, session, retraction, *target)) return;
    // Forgotten now, so the MESSAGE_DELETE that follows is not sent back as a retraction.
    session.messages.forget(target->message);
    ctx.emit(DeleteDiscordMessage{target->channel, target->message});
}

void on_reactions(ApplyContext& ctx, Session& session, const XmppReactions& reactions) {
    // Anyone's message takes reactions, in a DM as in a room.
    auto target = target_or_refuse(ctx, session, reactions, reactions.target_id);
    if (!target || !session.self) return;
    auto& on_message = session.messages.reactions[target->message];
    // XMPP sends the whole set; Discord takes one reaction at a time. A custom emoji shows as
    // :name: in XMPP and goes back to Discord as the name:id someone reacted with.
    std::set<std::string> wanted;
    for (const auto& shown : reactions.reactions) {
        std::string rest = shown;
        for (const auto& [user, theirs] : on_message) {
            for (const auto& r : theirs) {
                if (reaction_for_xmpp(r) == shown) rest = r;
            }
        }
        wanted.insert(rest);
    }
    std::set<std::string>& mine = on_message[session.self->id];
    for (const auto& r : mine) {
        if (!wanted.count(r)) ctx.emit(RemoveDiscordReaction{target->channel, target->message, r});
    }
    for (const auto& r : wanted) {
        if (!mine.count(r)) ctx.emit(AddDiscordReaction{target->channel, target->message, r});
    }
    mine = std::move(wanted);
}

void on_chat_state(ApplyContext& ctx, Session& session, const XmppChatState& state) {
    if (state.state != "composing" || bare_jid(state.from) != session.jid) return;
    auto channel = channel_for_jid(session, bare_jid(state.to));
    if (channel) ctx.emit(TriggerDiscordTyping{*channel});
}

void on_marker(ApplyContext& ctx, Session& session, const XmppMarker& marker) {
    // Read means displayed (XEP-0333); a receipt (XEP-0184) only says a client got it.
    if (marker.marker != "displayed" && marker.marker != "acknowledged") return;
    auto target = target_of(session, marker.from, marker.to, marker.target_id);
    if (!target || !session.messages.mark_read(target->channel, target->message)) return;
    ctx.emit(AckDiscordMessage{target->channel, target->message});
}

}  // namespace cordgate::core::from_xmpp
