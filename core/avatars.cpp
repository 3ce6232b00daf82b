#include <core/avatars.hpp>

namespace cordgate::core::avatars {
namespace {

// The decoded size of a base64 text (XEP-0084's bytes attribute), without decoding it.
std::uint64_t decoded_size(std::string_view b64) {
    std::size_t padding = 0;
    while (padding < 2 && b64.size() > padding && b64[b64.size() - 1 - padding] == '=') ++padding;
    return b64.size() / 4 * 3 - padding;
}

SendXmppAvatar metadata(const DiscordUserProfile& profile, std::string from, std::string to) {
    SendXmppAvatar a;
    a.from = std::move(from);
    a.to = std::move(to);
    a.node = "metadata";
    if (profile.avatar_base64 && profile.avatar_sha1) {
        a.id = profile.avatar_sha1;
        a.image_type = profile.avatar_type.value_or("image/png");
        a.bytes = decoded_size(*profile.avatar_base64);
    }
    return a;
}

}  // namespace

bool is_avatar_query(std::string_view query) {
    return query == kMetadataQuery || query == kDataQuery;
}

std::optional<SendXmppAvatar> answer(const DiscordUserProfile& profile, const PendingQuery& query) {
    const bool has_image = profile.avatar_base64 && profile.avatar_sha1;
    if (query.query == kMetadataQuery) {
        // An avatar Discord has but the CDN did not give us is unknown, not absent.
        if (!has_image && profile.user.avatar) return std::nullopt;
        SendXmppAvatar a = metadata(profile, query.to, query.from);
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

SendXmppAvatar notification(const DiscordUserProfile& profile, const std::string& puppet,
                            const std::string& user_jid) {
    return metadata(profile, puppet, user_jid);
}

}  // namespace cordgate::core::avatars
