#pragma once
// Discord relationships beyond friendship, as XMPP subscriptions (RFC 6121 §3): a friend request
// to the user is a subscription request from the puppet; the user's answer (subscribed or
// unsubscribed) accepts or declines it at Discord. A subscription request from the user to
// someone who is not a contact is a friend request at Discord, answered (subscribed or
// unsubscribed) when Discord says the other side accepted or declined. Blocked users are no
// contacts: no roster item, no presence, and their messages are not shown.

#include <core/apply_context.hpp>
#include <core/event.hpp>
#include <core/state.hpp>

namespace cordgate::core::relationships {

// READY's relationships that are not friendships (friends are from_discord::on_ready's): pending
// requests either way and blocked users. A request already put to the user in an earlier session
// is not asked again; one that vanished while no session listened is withdrawn.
void on_ready(ApplyContext& ctx, Session& session, const DiscordReady& ready);

// RELATIONSHIP_ADD / _REMOVE of any type.
void on_add(ApplyContext& ctx, Session& session, const DiscordRelationship& rel);
void on_remove(ApplyContext& ctx, Session& session, const DiscordRelationshipRemove& remove);

// A subscription stanza (subscribe, subscribed, unsubscribe, unsubscribed) from the user to
// the puppet of `user`, whether or not the session knows them.
void on_subscription(ApplyContext& ctx, Session& session, Snowflake user,
                     const XmppPresence& presence);

// discord.effect_failed of a friend request or its answer: true when it was one (told to the
// user, and a pending subscription ended).
bool on_effect_failed(ApplyContext& ctx, Session& session, const DiscordEffectFailed& failed);

// Whether the user blocked this Discord user: their messages, typing and presence are not shown.
bool is_blocked(const Session& session, Snowflake user);

}  // namespace cordgate::core::relationships
