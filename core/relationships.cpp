#include <core/action_refusals.hpp>
#include <core/contacts.hpp>
#include <core/gateway_status.hpp>
#include <core/puppets.hpp>
#include <core/relationships.hpp>

#include <set>

namespace cordgate::core::relationships {
namespace {

// cordgate cannot show Discord's hCaptcha, which Discord asks for often on friend requests from
// an unfamiliar client (discord.js-selfbot-v13#387: captchas after a few requests a day).
constexpr const char* kCaptchaAdvice =
    " Discord wants a captcha for it, which cordgate cannot show: send or accept the request in "
    "the official Discord app, solving the captcha there.";

void puppet_says(ApplyContext& ctx, const Session& session, Snowflake user, const char* type,
                 std::optional<std::string> status = std::nullopt) {
    SendXmppPresence p;
    p.from = puppet_jid(session, user);
    p.to = session.jid;
    p.id = ctx.derived_id();
    p.presence_type = type;
    p.status = std::move(status);
    ctx.emit(std::move(p));
}

// The friend request as a subscription request from the puppet (RFC 6121 §3.1.1), whatever the
// roster permission: only the user can decide it.
void ask(ApplyContext& ctx, const Session& session, const Contact& contact) {
    puppet_says(ctx, session, contact.user.id, "subscribe",
                "Discord friend request from " + contact.user.display_name() + " (" +
                    contact.user.username + ")");
}

// PUT /users/@me/relationships/{id}: sends a request or accepts theirs. While Discord requires
// an action of the account it is not attempted (one more 403 against the address).
bool put_relationship(ApplyContext& ctx, Session& session, Snowflake user) {
    if (session.required_action) {
        gateway_status::tell(ctx, session,
                             "Discord requires you to " +
                                 action_refusals::required_action_text(*session.required_action) +
                                 " in the official app first: the friend request was not sent.");
        return false;
    }
    const std::uint64_t id = ctx.emit(AddDiscordRelationship{user});
    if (!session.relationship_by_effect) session.relationship_by_effect.emplace();
    (*session.relationship_by_effect)[id] = user;
    return true;
}

// A contact for someone the session has never seen (an XMPP subscribe to any Discord id): named
// by the id until Discord's RELATIONSHIP_ADD brings the user object.
Contact& contact_for(Session& session, Snowflake user) {
    auto it = session.contacts.find(user);
    if (it != session.contacts.end()) return it->second;
    DiscordUser placeholder;
    placeholder.id = user;
    placeholder.username = user.str();
    return upsert_contact(session, placeholder);
}

void forget_relation(ApplyContext& ctx, const Session& session, Contact& contact) {
    const std::optional<Relation> was = contact.relation;
    contact.relation.reset();
    if (was == Relation::incoming_request) {
        // The request is withdrawn: the puppet cancels its subscription request (RFC 6121 §3.3).
        puppet_says(ctx, session, contact.user.id, "unsubscribe");
    } else if (was == Relation::outgoing_request) {
        // Declined: the puppet denies the user's pending subscription request (unsubscribed,
        // RFC 6121 §3.2); accepted meanwhile: it approves it.
        puppet_says(ctx, session, contact.user.id,
                    contact.is_friend ? "subscribed" : "unsubscribed");
    }
}

}  // namespace

bool is_blocked(const Session& session, Snowflake user) {
    auto it = session.contacts.find(user);
    return it != session.contacts.end() && it->second.blocked();
}

void on_ready(ApplyContext& ctx, Session& session, const DiscordReady& ready) {
    std::set<Snowflake> listed;
    for (const auto& rel : ready.relationships) {
        if (rel.type == DiscordRelationship::kIncomingRequest ||
            rel.type == DiscordRelationship::kOutgoingRequest ||
            rel.type == DiscordRelationship::kBlocked) {
            listed.insert(rel.user.id);
            on_add(ctx, session, rel);
        }
    }
    for (auto& [id, contact] : session.contacts) {
        if (contact.relation && !listed.count(id)) forget_relation(ctx, session, contact);
    }
}

void on_add(ApplyContext& ctx, Session& session, const DiscordRelationship& rel) {
    switch (rel.type) {
        case DiscordRelationship::kFriend: {
            Contact& contact = upsert_contact(session, rel.user);
            const bool requested = contact.relation == Relation::incoming_request ||
                                   contact.relation == Relation::outgoing_request;
            contact.relation.reset();
            contact.is_friend = true;
            contact.nickname = rel.nickname;
            // A request accepted either way: the user's own subscription request, if any, is
            // approved (their server ignores an unsolicited one).
            if (requested) puppet_says(ctx, session, rel.user.id, "subscribed");
            offer_contact(ctx, session, contact);
            return;
        }
        case DiscordRelationship::kIncomingRequest: {
            Contact& contact = upsert_contact(session, rel.user);
            if (contact.relation == Relation::incoming_request) return;  // asked already
            contact.relation = Relation::incoming_request;
            ask(ctx, session, contact);
            return;
        }
        case DiscordRelationship::kOutgoingRequest:
            upsert_contact(session, rel.user).relation = Relation::outgoing_request;
            return;
        case DiscordRelationship::kBlocked: {
            Contact& contact = upsert_contact(session, rel.user);
            contact.relation = Relation::blocked;
            contact.is_friend = false;
            withdraw_contact(ctx, session, contact);
            return;
        }
        default:
            return;  // implicit relationships (5) and types to come change nothing here
    }
}

void on_remove(ApplyContext& ctx, Session& session, const DiscordRelationshipRemove& remove) {
    auto it = session.contacts.find(remove.user_id);
    if (it == session.contacts.end()) return;
    Contact& contact = it->second;
    switch (remove.relationship_type) {
        case DiscordRelationship::kFriend:
            contact.is_friend = false;
            withdraw_contact(ctx, session, contact);
            return;
        case DiscordRelationship::kIncomingRequest:
            if (contact.relation == Relation::incoming_request) {
                forget_relation(ctx, session, contact);
            }
            return;
        case DiscordRelationship::kOutgoingRequest:
            if (contact.relation == Relation::outgoing_request) {
                forget_relation(ctx, session, contact);
            }
            return;
        case DiscordRelationship::kBlocked:
            if (!contact.blocked()) return;
            contact.relation.reset();
            // Unblocked: a DM partner is a contact again (a friendship ended with the block).
            if (contact.dm_channel) offer_contact(ctx, session, contact);
            return;
        default:
            return;
    }
}

void on_subscription(ApplyContext& ctx, Session& session, Snowflake user,
                     const XmppPresence& presence) {
    const std::string& type = *presence.presence_type;
    if (session.self && session.self->id == user) return;
    auto found = session.contacts.find(user);
    Contact* contact = found == session.contacts.end() ? nullptr : &found->second;
    const bool incoming = contact && contact->relation == Relation::incoming_request;
    if (type == "subscribed" || (type == "subscribe" && incoming)) {
        // The user accepts the friend request; the puppet becomes a contact at Discord's
        // RELATIONSHIP_ADD (type 1).
        if (incoming) put_relationship(ctx, session, user);
        return;
    }
    if (type == "unsubscribed") {
        if (!incoming) return;  // otherwise it only confirms what the puppet asked
        contact->relation.reset();
        ctx.emit(RemoveDiscordRelationship{user});
        return;
    }
    if (type == "unsubscribe") {
        if (contact) puppet_says(ctx, session, user, "unsubscribed");
        return;
    }
    // subscribe
    if (contact && contact->blocked()) {
        puppet_says(ctx, session, user, "unsubscribed");
        gateway_status::tell(ctx, session,
                             "You blocked " + contact->user.display_name() +
                                 " on Discord: unblock them in the official app first.");
        return;
    }
    if (contact && (contact->is_friend || contact->in_roster)) {
        // A Discord contact is always visible to the user: accept, then show where it is.
        puppet_says(ctx, session, user, "subscribed");
        contact->in_roster = true;
        auto current = puppet_presence(session, *contact, session.jid);
        current.id = ctx.derived_id();
        ctx.emit(std::move(current));
        return;
    }
    if (contact && contact->relation == Relation::outgoing_request) return;  // on its way
    if (session.login_state != "ready") {
        puppet_says(ctx, session, user, "unsubscribed");
        return;
    }
    if (!put_relationship(ctx, session, user)) {
        puppet_says(ctx, session, user, "unsubscribed");
        return;
    }
    contact_for(session, user).relation = Relation::outgoing_request;
}

bool on_effect_failed(ApplyContext& ctx, Session& session, const DiscordEffectFailed& failed) {
    if (!session.relationship_by_effect) return false;
    auto it = session.relationship_by_effect->find(failed.effect_id);
    if (it == session.relationship_by_effect->end()) return false;
    const Snowflake user = it->second;
    session.relationship_by_effect->erase(it);
    auto found = session.contacts.find(user);
    std::string who = found == session.contacts.end() ? user.str() : found->second.roster_name();
    std::string text = "Discord did not take the friend request with " + who + ": " + failed.reason;
    if (failed.kind() == Refusal::captcha) text += kCaptchaAdvice;
    if (found != session.contacts.end() && found->second.relation == Relation::outgoing_request) {
        // The user's subscription request ends with the refusal.
        found->second.relation.reset();
        puppet_says(ctx, session, user, "unsubscribed");
    }
    gateway_status::tell(ctx, session, std::move(text));
    if (failed.kind() == Refusal::verification_required && !session.required_action) {
        action_refusals::on_required_action(ctx, session, DiscordRequiredAction{"code 40002"});
    }
    return true;
}

}  // namespace cordgate::core::relationships
