#pragma once
// A contact's place in the user's XMPP client: its roster item (or, without the XEP-0356
// roster permission, a subscription offered by the puppet) and its presence.

#include <core/apply_context.hpp>
#include <core/state.hpp>
#include <core/xmpp_effects.hpp>

namespace cordgate::core {

Contact& upsert_contact(Session& session, const DiscordUser& user);

// What the user's server lets the gateway do for this session's user.
const Privileges& privileges_for(const State& state, const Session& session);

// Puts the contact in the user's roster once: a roster set when the server allows it, else a
// subscription request from the puppet that the user's client accepts. Then asks for its avatar
// when the state has no image of its current one (avatars::follow).
void offer_contact(ApplyContext& ctx, Session& session, Contact& contact);

// The same, even when it was offered before (the user's resync command: a roster item they
// deleted, a subscription they never answered).
void resend_contact(ApplyContext& ctx, Session& session, Contact& contact);

// Its roster item gets the contact's current name. Only a roster set can rename an item: without
// the roster permission the name the user's client keeps is its own.
void rename_contact(ApplyContext& ctx, Session& session, Contact& contact);

// Takes it out again (unregistration, a friend removed).
void withdraw_contact(ApplyContext& ctx, Session& session, Contact& contact);

// The vCard (XEP-0054) of a Discord user, answering `query`: names and profile link; the
// caller adds what a profile fetch brought (bio, avatar).
SendXmppVcard puppet_vcard(const DiscordUser& user, const PendingQuery& query);

// The puppet's presence to every client of the user, when they can see it at all.
void show_presence(ApplyContext& ctx, const Session& session, const Contact& contact);

// The puppet's presence as the user's client should see it; `to` is a bare or full JID.
SendXmppPresence puppet_presence(const Session& session, const Contact& contact,
                                 const std::string& to);

}  // namespace cordgate::core
