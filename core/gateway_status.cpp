#include <core/action_refusals.hpp>
#include <core/from_discord.hpp>
#include <core/gateway_status.hpp>

namespace cordgate::core::gateway_status {

void show(ApplyContext& ctx, const Session& session) {
    SendXmppPresence p;
    p.from = session.gateway;
    p.to = session.jid;
    p.id = ctx.derived_id();
    const std::string& state = session.login_state;
    if (state == "ready" && session.required_action) {
        // Discord takes nothing from the account until the user does what it asks.
        p.show = "xa";
        p.status = "Discord requires you to " +
                   action_refusals::required_action_text(*session.required_action) +
                   " in the official app";
    } else if (state == "ready") {
        p.status = "Logged in as " + (session.self ? session.self->username : std::string("?"));
    } else if (state == "logging_in") {
        p.show = "dnd";
        p.status = "Logging in…";
    } else if (state == "failed") {
        p.show = "xa";
        p.status = "Not logged in: " + session.failure.value_or("login failed");
    } else {
        p.presence_type = "unavailable";
        p.status = "Logged out";
    }
    ctx.emit(std::move(p));
}

SendXmppPresence probe(ApplyContext& ctx, const Session& session) {
    SendXmppPresence p;
    p.from = session.gateway;
    p.to = session.jid;
    p.id = ctx.derived_id();
    p.presence_type = "probe";
    return p;
}

void tell(ApplyContext& ctx, const Session& session, std::string text) {
    SendXmppMessage m;
    m.from = session.gateway;
    m.to = session.jid;
    m.id = ctx.derived_id();
    m.body = std::move(text);
    ctx.emit(std::move(m));
}

void on_login_failed(ApplyContext& ctx, Session& session, const DiscordLoginFailed& failed) {
    // Told once per failure: the adapter does not retry a bad token on its own.
    session.login_state = "failed";
    session.failure = failed.reason;
    show(ctx, session);
    tell(ctx, session,
         "Discord login failed: " + failed.reason +
             ". Give a new token with the 'login' command, or register again.");
}

void on_effect_failed(ApplyContext& ctx, Session& session, const DiscordEffectFailed& failed) {
    // A profile that could not be fetched still answers the vCard queries waiting for it,
    // with what the session knows.
    if (auto fetch = session.profile_by_effect.find(failed.effect_id);
        fetch != session.profile_by_effect.end()) {
        auto contact = session.contacts.find(fetch->second);
        if (contact != session.contacts.end()) {
            // Without an image: the photo stays as the state knows it (avatars::follow).
            from_discord::on_profile(ctx, session,
                                     DiscordUserProfile{contact->second.user, std::nullopt});
        }
        session.profile_by_effect.erase(fetch);
        return;
    }
    tell(ctx, session, "Discord did not accept an action: " + failed.reason);
}

void on_rest_paused(ApplyContext& ctx, const Session& session, const DiscordRestPaused& paused) {
    if (!paused.paused) {
        tell(ctx, session,
             "Discord accepts this gateway's requests again; what you sent meanwhile "
             "is on its way.");
        return;
    }
    tell(ctx, session,
         "Discord's network (Cloudflare) has temporarily blocked this gateway's address after too "
         "many refused requests. Nothing you send is lost: it waits and goes out when the block "
         "lifts (next try in " +
             std::to_string((paused.retry_in_ms + 999) / 1000) + " s).");
}

void on_event_refused(ApplyContext& ctx, const Session& session, const EventRefused& refused) {
    const std::string_view type = refused.refused_type;
    const std::string where = " (" + refused.refused_type + ", log position " +
                              std::to_string(ctx.position()) + "): " + refused.reason;
    if (type == DiscordMessageCreate::type || type == DiscordMessageUpdate::type ||
        type == DiscordChannelHistory::type) {
        tell(ctx, session, "A Discord message could not be read and was skipped" + where);
    } else if (type == XmppMessage::type || type == XmppCorrection::type) {
        tell(ctx, session,
             "A message you sent could not be read and did not reach Discord" + where);
    }
}

}  // namespace cordgate::core::gateway_status
