#include <core/avatars.hpp>
#include <core/contacts.hpp>
#include <core/from_discord.hpp>
#include <core/puppets.hpp>
#include <core/relationships.hpp>
#include <core/rooms.hpp>

namespace cordgate::core::from_discord {
namespace {

// The puppet's presence to every client of the user, when they can see it at all.
void show_presence(ApplyContext& ctx, const Session& session, const Contact& contact) {
    if (!contact.in_roster || session.online_resources.empty()) return;
    auto p = puppet_presence(session, contact, session.jid);
    p.id = ctx.derived_id();
    ctx.emit(std::move(p));
}

// A presence that carries the user's profile (they changed their name or avatar): the roster
// item gets the new name, and a new avatar is fetched when clients were told the old one's hash,
// so the next presence carries the new hash (XEP-0153) and a metadata notification goes out.
void take_profile(ApplyContext& ctx, Session& session, Contact& contact, const DiscordUser& user) {
    const std::string old_name = contact.roster_name();
    const bool new_avatar = contact.user.avatar != user.avatar;
    contact.user.username = user.username;
    contact.user.global_name = user.global_name;
    contact.user.avatar = user.avatar;
    if (contact.roster_name() != old_name) rename_contact(ctx, session, contact);
    if (!new_avatar || !contact.avatar_sha1 || session.login_state != "ready") return;
    auto& waiting = session.pending_vcards[contact.user.id];
    if (!waiting.empty()) return;  // a fetch is on its way and will bring the new one
    session.pending_vcards.erase(contact.user.id);
    ctx.emit(FetchDiscordUser{contact.user.id, true});
    session.profile_by_effect[ctx.state().last_discord_effect] = contact.user.id;
}

}  // namespace

void on_presence(ApplyContext& ctx, Session& session, const DiscordPresenceUpdate& update) {
    rooms::on_member_presence(ctx, session, update);
    auto it = session.contacts.find(update.user_id);
    if (it == session.contacts.end() || it->second.blocked()) return;
    Contact& contact = it->second;
    if (update.user) take_profile(ctx, session, contact, *update.user);
    // Each guild the friend shares sends the same update again: only a change is news.
    if (contact.status == update.status && contact.status_text == update.custom_status) return;
    contact.status = update.status;
    contact.status_text = update.custom_status;
    show_presence(ctx, session, contact);
}

void on_relationship_add(ApplyContext& ctx, Session& session, const DiscordRelationshipAdd& add) {
    relationships::on_add(ctx, session, add.relationship);
}

void on_relationship_remove(ApplyContext& ctx, Session& session,
                            const DiscordRelationshipRemove& remove) {
    relationships::on_remove(ctx, session, remove);
}

void on_relationship_update(ApplyContext& ctx, Session& session,
                            const DiscordRelationshipUpdate& update) {
    if (update.relationship_type != DiscordRelationship::kFriend) return;
    auto it = session.contacts.find(update.user_id);
    if (it == session.contacts.end() || !it->second.is_friend) return;
    if (it->second.nickname == update.nickname) return;
    it->second.nickname = update.nickname;
    rename_contact(ctx, session, it->second);
}

void on_user_update(ApplyContext&, Session& session, const DiscordUserUpdate& update) {
    if (session.self && session.self->id == update.user.id) session.self = update.user;
}

void on_profile(ApplyContext& ctx, Session& session, const DiscordUserProfile& profile) {
    auto contact = session.contacts.find(profile.user.id);
    if (contact != session.contacts.end()) {
        contact->second.user = profile.user;
        bool new_avatar = contact->second.avatar_sha1 != profile.avatar_sha1;
        contact->second.avatar_sha1 = profile.avatar_sha1;
        // XEP-0153: a new hash in the presence tells clients to fetch the vCard again; XEP-0084:
        // the metadata notification tells them to fetch the avatar node.
        if (new_avatar && contact->second.status != "offline") {
            show_presence(ctx, session, contact->second);
        }
        if (new_avatar && contact->second.in_roster) {
            ctx.emit(
                avatars::notification(profile, puppet_jid(session, profile.user.id), session.jid));
        }
    }
    for (auto it = session.profile_by_effect.begin(); it != session.profile_by_effect.end();) {
        it = it->second == profile.user.id ? session.profile_by_effect.erase(it) : ++it;
    }
    auto waiting = session.pending_vcards.find(profile.user.id);
    if (waiting == session.pending_vcards.end()) return;
    for (const auto& query : waiting->second) {
        if (query.query && avatars::is_avatar_query(*query.query)) {
            if (auto a = avatars::answer(profile, query)) {
                ctx.emit(std::move(*a));
            } else {
                ctx.emit(SendXmppIqError{query.to, query.from, query.iq_id, "cancel",
                                         "item-not-found", std::nullopt});
            }
            continue;
        }
        SendXmppVcard vcard = puppet_vcard(profile.user, query);
        vcard.description = profile.bio;
        if (profile.avatar_base64) {
            vcard.photo_type = profile.avatar_type.value_or("image/png");
            vcard.photo_base64 = profile.avatar_base64;
        }
        ctx.emit(std::move(vcard));
    }
    session.pending_vcards.erase(waiting);
}

}  // namespace cordgate::core::from_discord
