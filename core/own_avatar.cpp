#include <core/gateway_status.hpp>
#include <core/own_avatar.hpp>

#include <array>
#include <string_view>

namespace cordgate::core::own_avatar {
namespace {

// discord-userdoccers reference.mdx, "CDN Data": JPG, GIF and PNG data URIs; WebP too, which
// discord.py-self's _get_mime_type_for_image (utils.py) recognises for avatars.
constexpr std::array<std::string_view, 4> kTypes{"image/png", "image/jpeg", "image/gif",
                                                 "image/webp"};

bool discord_takes(const std::string& type) {
    for (auto t : kTypes) {
        if (t == type) return true;
    }
    return false;
}

OwnAvatar& state_of(Session& session) {
    if (!session.own_avatar) session.own_avatar.emplace();
    return *session.own_avatar;
}

std::int64_t interval_ms(ApplyContext& ctx) {
    return ctx.state().own_avatar_interval_s.value_or(kDefaultIntervalS) * 1000;
}

std::string minutes(std::int64_t ms) {
    std::int64_t m = (ms + 59'999) / 60'000;
    return std::to_string(m) + (m == 1 ? " minute" : " minutes");
}

// Each hash is told about once, whatever happens to it, so a client that sends its presence
// often is not answered with the same line each time.
void tell_once(ApplyContext& ctx, Session& session, const std::string& sha1, std::string text) {
    OwnAvatar& own = state_of(session);
    if (own.told == sha1) return;
    own.told = sha1;
    gateway_status::tell(ctx, session, std::move(text));
}

// True when a change now would come sooner than the interval after the last one.
bool held_back(ApplyContext& ctx, Session& session, const std::string& sha1) {
    OwnAvatar& own = state_of(session);
    if (!own.sent_at_ms) return false;
    const std::int64_t wait = interval_ms(ctx);
    const std::int64_t since = ctx.ts() - *own.sent_at_ms;
    if (since >= wait) return false;
    tell_once(ctx, session, sha1,
              "Your XMPP avatar changed. Discord allows few avatar changes, so the gateway "
              "changes it at most once every " +
                  minutes(wait) + ": it goes to Discord with your first presence after " +
                  minutes(wait - since) + ".");
    return true;
}

// Asks the user's server for the image the presence announced, if Discord should get it.
void consider(ApplyContext& ctx, Session& session) {
    if (!session.prefs().publish_avatar) return;
    OwnAvatar& own = state_of(session);
    // No avatar on XMPP leaves the Discord one as it is: removing it is the user's to do.
    if (!own.announced || own.announced->empty()) return;
    const std::string sha1 = *own.announced;
    if (own.published == sha1 || own.refused == sha1 || own.fetching == sha1) return;
    if (held_back(ctx, session, sha1)) return;
    own.fetching = sha1;
    ctx.emit(FetchXmppOwnAvatar{session.gateway, session.jid, sha1});
}

}  // namespace

void on_presence_photo(ApplyContext& ctx, Session& session, const std::string& photo) {
    state_of(session).announced = photo;
    consider(ctx, session);
}

void on_own_avatar(ApplyContext& ctx, Session& session, const XmppOwnAvatar& answer) {
    OwnAvatar& own = state_of(session);
    // An answer to an older fetch: a newer hash was asked for since.
    if (own.fetching != answer.sha1) return;
    own.fetching.reset();
    if (!session.prefs().publish_avatar) return;
    const std::string& sha1 = answer.sha1;
    if (answer.error || !answer.image_type || !answer.image_base64 || !answer.bytes) {
        own.refused = sha1;
        tell_once(ctx, session, sha1,
                  "Your XMPP avatar was not published to Discord: your server did not give it "
                  "to the gateway (" +
                      answer.error.value_or("no image") + ").");
        return;
    }
    if (*answer.bytes > kMaxBytes) {
        own.refused = sha1;
        tell_once(ctx, session, sha1,
                  "Your XMPP avatar was not published to Discord: it is " +
                      std::to_string(*answer.bytes / 1024) +
                      " KiB and Discord takes avatars up to 10 MiB.");
        return;
    }
    if (!discord_takes(*answer.image_type)) {
        own.refused = sha1;
        tell_once(ctx, session, sha1,
                  "Your XMPP avatar was not published to Discord: Discord takes PNG, JPEG, GIF "
                  "and WebP images, not " +
                      *answer.image_type + ".");
        return;
    }
    if (own.published == sha1) return;
    if (held_back(ctx, session, sha1)) return;
    own.effect_id = ctx.emit(SetDiscordOwnAvatar{sha1, *answer.image_type, *answer.image_base64});
    own.published = sha1;
    own.sent_at_ms = ctx.ts();
}

void on_enabled(ApplyContext& ctx, Session& session) {
    OwnAvatar& own = state_of(session);
    own.refused.reset();
    own.told.reset();
    consider(ctx, session);
}

bool on_effect_failed(ApplyContext& ctx, Session& session, const DiscordEffectFailed& failed) {
    if (!session.own_avatar || session.own_avatar->effect_id != failed.effect_id) return false;
    OwnAvatar& own = *session.own_avatar;
    own.effect_id.reset();
    // Never sent again by itself: Discord answers a retry of a rate-limited change with the same
    // refusal and counts it. A new image, or turning the preference off and on, tries again.
    if (own.published) own.refused = own.published;
    own.published.reset();
    std::string text = "Discord refused your new avatar: " + failed.reason +
                       ". It is not sent again; change your avatar, or run \"preferences\" "
                       "and turn publishing off and on, to try again.";
    own.told = own.refused;
    gateway_status::tell(ctx, session, std::move(text));
    return true;
}

}  // namespace cordgate::core::own_avatar
