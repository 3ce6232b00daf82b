#include <core/action_refusals.hpp>
#include <core/content.hpp>
#include <core/conversation.hpp>
#include <core/from_xmpp.hpp>
#include <core/outgoing_content.hpp>
#include <core/puppets.hpp>
#include <core/split_message.hpp>

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

namespace {

template <class Change>
ActionOrigin origin_of(const Change& change, const std::string& xmpp_id) {
    return ActionOrigin{change.from, change.to, change.id, xmpp_id};
}

// A correction of a message that went to Discord in parts edits the parts whose text changed,
// when the new text splits into as many parts; otherwise the parts would no longer line up
// with the messages Discord has, and the correction is refused with why.
void correct_split(ApplyContext& ctx, Session& session, const XmppCorrection& correction,
                   const std::string& content, SplitMessage& split, const ActionOrigin& origin,
                   Snowflake channel) {
    std::vector<std::string> parts = split_message(content);
    if (parts.size() != split.texts.size() || !split.all_echoed()) {
        action_refusals::answer(
            ctx, origin, Refusal::too_long,
            "This message went to Discord as " + std::to_string(split.texts.size()) +
                " messages; a correction can change their text but not their number (the new "
                "text needs " +
                std::to_string(parts.size()) + "). Send the new text as a new message.");
        return;
    }
    bool first = true;
    for (std::size_t k = 0; k < parts.size(); ++k) {
        if (parts[k] == split.texts[k]) continue;
        const Snowflake id = split.ids[k];
        session.messages.pending_edits[id] = parts[k];
        // A room reflects the correction once, with the whole text, when the first edited
        // part's echo comes.
        if (first && correction.id) {
            auto& ids = session.messages.pending_edit_ids;
            if (!ids) ids.emplace();
            (*ids)[id] = *correction.id;
        }
        first = false;
        split.texts[k] = parts[k];
        action_refusals::emit_action(ctx, session, EditDiscordMessage{channel, id, parts[k]},
                                     origin);
    }
}

}  // namespace

void on_correction(ApplyContext& ctx, Session& session, const XmppCorrection& correction) {
    if (bare_jid(correction.from) != session.jid) return;
    // A message Discord refused with a captcha is sent again, corrected.
    if (action_refusals::resend_corrected(ctx, session, correction)) return;
    auto target = target_or_refuse(ctx, session, correction, correction.replace_id);
    if (!target || !own_or_refuse(ctx, session, correction, *target)) return;
    const ActionOrigin origin = origin_of(correction, correction.replace_id);
    if (action_refusals::refuse_while_required(ctx, session, origin)) return;
    // A correction carries no references (the event has none); "@nick" still pings.
    const std::string content =
        discord_content(session, room_of_jid(session, correction.to), correction.body, {});
    if (SplitMessage* split = session.actions().split(correction.replace_id)) {
        correct_split(ctx, session, correction, content, *split, origin, target->channel);
        return;
    }
    if (code_points(content) > kDiscordMaxCodePoints) {
        action_refusals::answer(ctx, origin, Refusal::too_long,
                                "The corrected text is over Discord's 2,000 characters, which "
                                "one message cannot hold; send it as a new message (it is then "
                                "split into parts).");
        return;
    }
    session.messages.pending_edits[target->message] = content;
    if (correction.id) {
        auto& ids = session.messages.pending_edit_ids;
        if (!ids) ids.emplace();
        (*ids)[target->message] = *correction.id;
    }
    action_refusals::emit_action(
        ctx, session, EditDiscordMessage{target->channel, target->message, content}, origin);
}

void on_retraction(ApplyContext& ctx, Session& session, const XmppRetraction& retraction) {
    auto target = target_or_refuse(ctx, session, retraction, retraction.retract_id);
    if (!target || !own_or_refuse(ctx, session, retraction, *target)) return;
    const ActionOrigin origin = origin_of(retraction, retraction.retract_id);
    if (action_refusals::refuse_while_required(ctx, session, origin)) return;
    // Every part of a split message goes; each is forgotten now, so the MESSAGE_DELETE that
    // follows is not sent back as a retraction.
    std::vector<Snowflake> messages{target->message};
    if (const SplitMessage* split = session.actions().split(retraction.retract_id)) {
        messages.clear();
        for (Snowflake id : split->ids) {
            if (!id.empty()) messages.push_back(id);
        }
        session.pending->split_by_xmpp.erase(retraction.retract_id);
    }
    for (Snowflake id : messages) {
        session.messages.forget(id);
        action_refusals::emit_action(ctx, session, DeleteDiscordMessage{target->channel, id},
                                     origin);
    }
}

void on_reactions(ApplyContext& ctx, Session& session, const XmppReactions& reactions) {
    // Anyone's message takes reactions, in a DM as in a room.
    auto target = target_or_refuse(ctx, session, reactions, reactions.target_id);
    if (!target || !session.self) return;
    const ActionOrigin origin = origin_of(reactions, reactions.target_id);
    if (action_refusals::refuse_while_required(ctx, session, origin)) return;
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
        if (!wanted.count(r)) {
            action_refusals::emit_action(
                ctx, session, RemoveDiscordReaction{target->channel, target->message, r}, origin);
        }
    }
    for (const auto& r : wanted) {
        if (!mine.count(r)) {
            action_refusals::emit_action(
                ctx, session, AddDiscordReaction{target->channel, target->message, r}, origin);
        }
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
