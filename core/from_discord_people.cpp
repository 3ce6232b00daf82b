#include <core/avatars.hpp>
#include <core/contacts.hpp>
#include <core/from_discord.hpp>
#include <core/presence_text.hpp>
#include <core/puppets.hpp>
#include <core/relationships.hpp>
#include <core/rooms.hpp>

namespace cordgate::core::from_discord {
namespace {

// A user object that carries their profile (a presence after they changed their name or avatar,
// a guild member update): the roster item gets the new name, a new avatar is fetched.
void take_profile(ApplyContext& ctx, Session& session, Contact& contact, const DiscordUser& user) {
    const std::string old_name = contact.roster_name();
    // Each shared guild repeats it: only a new hash is asked for (once; READY asks again).
    const bool new_avatar = contact.user.avatar != user.avatar;
    contact.user.username = user.username;
    contact.user.global_name = user.global_name;
    contact.user.avatar = user.avatar;
    if (contact.roster_name() != old_name) rename_contact(ctx, session, contact);
    if (new_avatar) avatars::follow(ctx, session, contact);
}

}  // namespace

void on_presence(ApplyContext& ctx, Session& session, const DiscordPresenceUpdate& update) {
    rooms::on_member_presence(ctx, session, update);
    auto it = session.contacts.find(update.user_id);
    if (it == session.contacts.end() || it->second.blocked()) return;
    Contact& contact = it->second;
    if (update.user) take_profile(ctx, session, contact, *update.user);
    const auto text = presence_text::status_text(update);
    // Each guild the friend shares sends the same update again: only a change is news.
    if (contact.status == update.status && contact.status_text == text) return;
    contact.status = update.status;
    contact.status_text = text;
    show_presence(ctx, session, contact);
}

void on_member_update(ApplyContext& ctx, Session& session, const DiscordGuildMemberUpdate& m) {
    rooms::update_member(ctx, session, m.guild_id, m.member);
    auto it = session.contacts.find(m.member.user.id);
    if (it == session.contacts.end() || it->second.blocked()) return;
    take_profile(ctx, session, it->second, m.member.user);
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
        if (profile.user.avatar && profile.avatar_sha1) {
            std::optional<std::uint64_t> bytes;
            if (profile.avatar_base64) bytes = avatars::decoded_size(*profile.avatar_base64);
            avatars::take(ctx, session, contact->second,
                          avatars::Image{*profile.user.avatar, *profile.avatar_sha1,
                                         profile.avatar_type, bytes});
        } else {
            // Removed, or an image the CDN did not give: cleared, or asked for (again).
            avatars::follow(ctx, session, contact->second);
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
