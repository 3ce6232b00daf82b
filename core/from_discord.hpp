#pragma once
// From Discord to XMPP: what happened on Discord, for the user's XMPP clients.

#include <core/apply_context.hpp>
#include <core/event.hpp>

namespace cordgate::core::from_discord {

// from_discord.cpp: logging in, and new messages.
void on_ready(ApplyContext& ctx, Session& session, const DiscordReady& ready);
void on_message_create(ApplyContext& ctx, Session& session, const DiscordMessageCreate& msg);
// A fetched history: the messages a join waits for, or those missed while not logged in.
void on_history(ApplyContext& ctx, Session& session, const DiscordChannelHistory& history);

// from_discord_changes.cpp: what happens to messages afterwards.
void on_message_update(ApplyContext& ctx, Session& session, const DiscordMessageUpdate& upd);
void on_message_delete(ApplyContext& ctx, Session& session, const DiscordMessageDelete& del);
void on_message_delete_bulk(ApplyContext& ctx, Session& session,
                            const DiscordMessageDeleteBulk& bulk);
void on_typing(ApplyContext& ctx, Session& session, const DiscordTypingStart& typing);
void on_ack(ApplyContext& ctx, Session& session, const DiscordMessageAck& ack);

// from_discord_reactions.cpp: one person's reaction, or a moderator removing them all (emoji
// absent) or every reaction with one emoji.
void on_reaction(ApplyContext& ctx, Session& session, Snowflake user, Snowflake channel,
                 Snowflake message, const DiscordEmoji& emoji, bool added);
void on_reactions_removed(ApplyContext& ctx, Session& session, Snowflake channel,
                          Snowflake message, const std::optional<DiscordEmoji>& emoji);

// from_discord_people.cpp: contacts, their presence and profiles.
void on_presence(ApplyContext& ctx, Session& session, const DiscordPresenceUpdate& presence);
// GUILD_MEMBER_ADD/UPDATE: the member in the guild's rooms, and a contact's new name or avatar.
void on_member_update(ApplyContext& ctx, Session& session, const DiscordGuildMemberUpdate& m);
void on_relationship_add(ApplyContext& ctx, Session& session, const DiscordRelationshipAdd& add);
void on_relationship_remove(ApplyContext& ctx, Session& session,
                            const DiscordRelationshipRemove& remove);
// A friend's nickname (the user's own name for them) changed: so does their roster item's.
void on_relationship_update(ApplyContext& ctx, Session& session,
                            const DiscordRelationshipUpdate& update);
void on_user_update(ApplyContext& ctx, Session& session, const DiscordUserUpdate& update);
void on_profile(ApplyContext& ctx, Session& session, const DiscordUserProfile& profile);

}  // namespace cordgate::core::from_discord
