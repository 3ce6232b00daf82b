#include <core/action_refusals.hpp>
#include <core/admin_commands.hpp>
#include <core/archive/room_history.hpp>
#include <core/avatars.hpp>
#include <core/command_list.hpp>
#include <core/file_transfers.hpp>
#include <core/from_discord.hpp>
#include <core/from_xmpp.hpp>
#include <core/from_xmpp_commands.hpp>
#include <core/gateway_status.hpp>
#include <core/own_avatar.hpp>
#include <core/projection.hpp>
#include <core/relationships.hpp>
#include <core/rooms.hpp>

namespace cordgate::core {
namespace {

template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace

Effects apply(State& state, archive::Store& archive, const Event& event, std::uint64_t position) {
    Effects out;
    out.reserve(2);  // most events make one or two effects
    ApplyContext ctx(state, archive, position, event.ts, event.user, out);
    // Registration creates the session; everything else belongs to an existing one, and an
    // event for a user who is not registered (anymore) has nothing to act on.
    if (const auto* reg = std::get_if<XmppRegister>(&event.payload)) {
        from_xmpp::on_register(ctx, *reg);
        return out;
    }
    // Privileges concern every user of one server, not one session.
    if (const auto* priv = std::get_if<XmppPrivileges>(&event.payload)) {
        from_xmpp::on_privileges(ctx, *priv);
        return out;
    }
    // An upload service serves every user of one server.
    if (const auto* service = std::get_if<XmppUploadService>(&event.payload)) {
        file_transfers::on_upload_service(ctx, *service);
        return out;
    }
    // A restarted Discord adapter holds no sessions: log every registered user in again. The
    // file copies it was making are lost.
    if (const auto* started = std::get_if<DiscordAdapterStarted>(&event.payload)) {
        state.dm_strangers = started->dm_strangers;
        state.own_avatar_interval_s = started->own_avatar_interval_s;
        for (auto& [jid, session] : state.sessions) {
            ctx.emit_for(jid, LoginDiscord{session.sealed_token});
            ApplyContext for_user(state, archive, position, event.ts, jid, out);
            file_transfers::on_discord_restart(for_user, session);
        }
        return out;
    }
    // An administrator's command acts on every session, and its sender need not have one.
    if (const auto* cmd = std::get_if<XmppCommand>(&event.payload);
        cmd && is_admin_command(cmd->node)) {
        admin_commands::run(ctx, *cmd);
        return out;
    }
    // A command or query from someone unregistered still gets an answer: the client waits on
    // its iq.
    if (!state.sessions.contains(event.user)) {
        if (const auto* cmd = std::get_if<XmppCommand>(&event.payload)) {
            from_xmpp::on_command_without_session(ctx, *cmd);
            return out;
        }
        if (const auto* query = std::get_if<XmppQuery>(&event.payload)) {
            from_xmpp::on_query_without_session(ctx, *query);
            return out;
        }
    }
    auto it = state.sessions.find(event.user);
    if (it == state.sessions.end()) return out;
    Session& session = it->second;
    file_transfers::expire(ctx, session);
    std::visit(
        Overloaded{
            [&](const XmppRegister&) {},
            [&](const XmppMessage& m) { from_xmpp::on_message(ctx, session, m); },
            [&](const XmppUnregister& u) { from_xmpp::on_unregister(ctx, session, u); },
            [&](const XmppCorrection& c) { from_xmpp::on_correction(ctx, session, c); },
            [&](const XmppRetraction& r) { from_xmpp::on_retraction(ctx, session, r); },
            [&](const XmppReactions& r) { from_xmpp::on_reactions(ctx, session, r); },
            [&](const XmppChatState& s) { from_xmpp::on_chat_state(ctx, session, s); },
            [&](const XmppMarker& m) { from_xmpp::on_marker(ctx, session, m); },
            [&](const XmppPresence& p) { from_xmpp::on_presence(ctx, session, p); },
            [&](const XmppMucJoin& j) { rooms::on_join(ctx, session, j); },
            [&](const XmppQuery& q) { from_xmpp::on_query(ctx, session, q); },
            [&](const XmppCommand& c) { from_xmpp::on_command(ctx, session, c); },
            [&](const DiscordReady& r) { from_discord::on_ready(ctx, session, r); },
            [&](const DiscordMessageCreate& m) {
                from_discord::on_message_create(ctx, session, m);
            },
            [&](const DiscordMessageUpdate& m) {
                from_discord::on_message_update(ctx, session, m);
            },
            [&](const DiscordMessageDelete& m) {
                from_discord::on_message_delete(ctx, session, m);
            },
            [&](const DiscordReactionAdd& r) {
                from_discord::on_reaction(ctx, session, r.user_id, r.channel_id, r.message_id,
                                          r.emoji, true);
            },
            [&](const DiscordReactionRemove& r) {
                from_discord::on_reaction(ctx, session, r.user_id, r.channel_id, r.message_id,
                                          r.emoji, false);
            },
            [&](const DiscordMessageDeleteBulk& b) {
                from_discord::on_message_delete_bulk(ctx, session, b);
            },
            [&](const DiscordReactionRemoveAll& r) {
                from_discord::on_reactions_removed(ctx, session, r.channel_id, r.message_id,
                                                   std::nullopt);
            },
            [&](const DiscordReactionRemoveEmoji& r) {
                from_discord::on_reactions_removed(ctx, session, r.channel_id, r.message_id,
                                                   r.emoji);
            },
            [&](const DiscordTypingStart& t) { from_discord::on_typing(ctx, session, t); },
            [&](const DiscordMessageAck& a) { from_discord::on_ack(ctx, session, a); },
            [&](const DiscordPresenceUpdate& p) { from_discord::on_presence(ctx, session, p); },
            [&](const DiscordRelationshipAdd& r) {
                from_discord::on_relationship_add(ctx, session, r);
            },
            [&](const DiscordRelationshipRemove& r) {
                from_discord::on_relationship_remove(ctx, session, r);
            },
            [&](const DiscordRelationshipUpdate& r) {
                from_discord::on_relationship_update(ctx, session, r);
            },
            [&](const DiscordUserUpdate& u) { from_discord::on_user_update(ctx, session, u); },
            [&](const DiscordUserProfile& p) { from_discord::on_profile(ctx, session, p); },
            [&](const DiscordGuildCreate& g) { rooms::add_guild(ctx, session, g.guild); },
            [&](const DiscordChannelCreate& c) { rooms::add_channel(ctx, session, c.channel); },
            [&](const DiscordChannelUpdate& c) { rooms::update_channel(ctx, session, c.channel); },
            [&](const DiscordChannelDelete& c) { rooms::remove_channel(ctx, session, c.channel); },
            [&](const DiscordThreadCreate& t) {
                rooms::add_thread(session, t.thread, t.parent_id);
            },
            [&](const DiscordGuildDelete& g) { rooms::on_guild_delete(ctx, session, g); },
            [&](const DiscordGuildUpdate& g) { rooms::on_guild_update(ctx, session, g); },
            [&](const DiscordGuildRoleUpdate& r) { rooms::on_role_update(ctx, session, r); },
            [&](const DiscordGuildRoleDelete& r) { rooms::on_role_delete(ctx, session, r); },
            [&](const DiscordGuildEmojisUpdate& e) { rooms::on_emojis_update(session, e); },
            [&](const DiscordThreadUpdate& t) { rooms::on_thread_update(session, t); },
            [&](const DiscordThreadDelete& t) { rooms::on_thread_delete(session, t); },
            [&](const DiscordThreadListSync& t) { rooms::on_thread_list_sync(session, t); },
            [&](const DiscordChannelRecipientAdd& r) {
                rooms::add_recipient(ctx, session, r.channel_id, r.user);
            },
            [&](const DiscordChannelRecipientRemove& r) {
                rooms::remove_recipient(ctx, session, r.channel_id, r.user);
            },
            [&](const DiscordGuildMemberUpdate& m) {
                from_discord::on_member_update(ctx, session, m);
            },
            [&](const DiscordAvatar& a) { avatars::on_avatar(ctx, session, a); },
            [&](const XmppOwnAvatar& a) { own_avatar::on_own_avatar(ctx, session, a); },
            [&](const DiscordMemberListUpdate& u) {
                rooms::on_member_list_update(ctx, session, u);
            },
            [&](const DiscordGuildMemberRemove& m) {
                rooms::remove_member(ctx, session, m.guild_id, m.user);
            },
            [&](const DiscordChannelHistory& h) { from_discord::on_history(ctx, session, h); },
            [&](const DiscordLoginFailed& f) { gateway_status::on_login_failed(ctx, session, f); },
            [&](const DiscordEffectFailed& f) {
                if (file_transfers::on_effect_failed(ctx, session, f)) return;
                if (archive::on_effect_failed(ctx, session, f)) return;
                if (rooms::on_effect_failed(ctx, session, f)) return;
                if (own_avatar::on_effect_failed(ctx, session, f)) return;
                if (action_refusals::on_effect_failed(ctx, session, f)) return;
                if (relationships::on_effect_failed(ctx, session, f)) return;
                gateway_status::on_effect_failed(ctx, session, f);
            },
            [&](const DiscordRequiredAction& r) {
                action_refusals::on_required_action(ctx, session, r);
            },
            [&](const EventRefused& r) { gateway_status::on_event_refused(ctx, session, r); },
            [&](const DiscordRestPaused& p) { gateway_status::on_rest_paused(ctx, session, p); },
            // Handled above, before the session lookup.
            [&](const XmppPrivileges&) {},
            [&](const DiscordAdapterStarted&) {},
            [&](const XmppUploadService&) {},
            // Only says what the user's server refused (logged by the adapter).
            [&](const XmppStanzaError&) {},
            [&](const XmppUploadSlot& s) { file_transfers::on_slot(ctx, session, s); },
            [&](const DiscordFileRehosted& r) { file_transfers::on_rehosted(ctx, session, r); },
            [&](const DiscordFileProbed& p) { file_transfers::on_probed(ctx, session, p); },
            [&](const XmppArchiveQuery& q) { archive::on_query(ctx, session, q); },
        },
        event.payload);
    return out;
}

}  // namespace cordgate::core
