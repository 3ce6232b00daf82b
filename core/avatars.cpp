#include <core/avatars.hpp>
#include <core/contacts.hpp>
#include <core/discord_effects.hpp>
#include <core/puppets.hpp>

namespace cordgate::core::avatars {
namespace {

// The metadata node: one info item, or none (no avatar).
SendXmppAvatar metadata(std::string from, std::string to, const std::optional<std::string>& sha1,
                        const std::optional<std::string>& type,
                        const std::optional<std::uint64_t>& bytes) {
    SendXmppAvatar a;
    a.from = std::move(from);
    a.to = std::move(to);
    a.node = "metadata";
    if (sha1 && !sha1->empty()) {
        a.id = sha1;
        a.image_type = type.value_or("image/png");
        a.bytes = bytes;
    }
    return a;
}

// The hash changed: the presence says so (XEP-0153), and the metadata node (XEP-0084).
void tell(ApplyContext& ctx, const Session& session, const Contact& contact,
          const std::optional<std::string>& type, const std::optional<std::uint64_t>& bytes) {
    if (contact.status != "offline") show_presence(ctx, session, contact);
    if (contact.in_roster) {
        ctx.emit(metadata(puppet_jid(session, contact.user.id), session.jid, contact.avatar_sha1,
                          type, bytes));
    }
}

}  // namespace

std::uint64_t decoded_size(std::string_view b64) {
    std::size_t padding = 0;
    while (padding < 2 && b64.size() > padding && b64[b64.size() - 1 - padding] == '=') ++padding;
    return b64.size() / 4 * 3 - padding;
}

bool is_avatar_query(std::string_view query) {
    return query == kMetadataQuery || query == kDataQuery;
}

std::optional<SendXmppAvatar> answer(const DiscordUserProfile& profile, const PendingQuery& query) {
    const bool has_image = profile.avatar_base64 && profile.avatar_sha1;
    if (query.query == kMetadataQuery) {
        // An avatar Discord has but the CDN did not give us is unknown, not absent.
        if (!has_image && profile.user.avatar) return std::nullopt;
        std::optional<std::uint64_t> bytes;
        if (has_image) bytes = decoded_size(*profile.avatar_base64);
        SendXmppAvatar a =
            metadata(query.to, query.from, has_image ? profile.avatar_sha1 : std::nullopt,
                     profile.avatar_type, bytes);
        a.iq_id = query.iq_id;
        return a;
    }
    if (!has_image) return std::nullopt;
    SendXmppAvatar a;
    a.from = query.to;
    a.to = query.from;
    a.iq_id = query.iq_id;
    a.node = "data";
    a.id = profile.avatar_sha1;
    a.data_base64 = profile.avatar_base64;
    return a;
}

void follow(ApplyContext& ctx, Session& session, Contact& contact) {
    if (!contact.in_roster || contact.blocked()) return;
    if (!contact.user.avatar || contact.user.avatar->empty()) {
        // Removed. A contact that never had one keeps a presence without any photo element.
        if (!contact.avatar_sha1 || contact.avatar_sha1->empty()) return;
        contact.avatar_sha1 = "";
        contact.avatar_of.reset();
        tell(ctx, session, contact, std::nullopt, std::nullopt);
        return;
    }
    if (contact.avatar_of == contact.user.avatar) return;
    ctx.emit(FetchDiscordAvatar{contact.user.id, *contact.user.avatar});
}

void take(ApplyContext& ctx, Session& session, Contact& contact, const Image& image) {
    contact.avatar_of = image.avatar;
    if (contact.avatar_sha1 == image.sha1) return;
    contact.avatar_sha1 = image.sha1;
    tell(ctx, session, contact, image.type, image.bytes);
}

void on_avatar(ApplyContext& ctx, Session& session, const DiscordAvatar& avatar) {
    auto it = session.contacts.find(avatar.user_id);
    if (it == session.contacts.end()) return;
    Contact& contact = it->second;
    // An image of a hash the contact no longer has: the fetch of the newer one is on its way.
    if (contact.user.avatar != avatar.avatar) return;
    // The CDN did not give it: the photo stays what it was, and the next change or login asks
    // again (the adapter has logged why).
    if (!avatar.sha1) return;
    take(ctx, session, contact,
         Image{avatar.avatar, *avatar.sha1, avatar.image_type, avatar.bytes});
}

}  // namespace cordgate::core::avatars
