#include <core/conversation.hpp>
#include <core/from_xmpp.hpp>
#include <core/puppets.hpp>
#include <core/rooms.hpp>
#include <core/xmpp_effects.hpp>

namespace cordgate::core::from_xmpp {
namespace {

// What a puppet's client "supports": what the gateway translates to and from Discord.
const std::vector<std::string>& puppet_features() {
    static const std::vector<std::string> features{
        "http://jabber.org/protocol/chatstates",
        "http://jabber.org/protocol/disco#info",
        "jabber:x:oob",
        "urn:xmpp:chat-markers:0",
        "urn:xmpp:message-correct:0",
        "urn:xmpp:message-retract:0",
        "urn:xmpp:reactions:0",
        "urn:xmpp:receipts",
        "urn:xmpp:reply:0",
        "vcard-temp",
    };
    return features;
}

void answer_error(ApplyContext& ctx, const XmppQuery& query, const char* condition) {
    ctx.emit(SendXmppIqError{query.to, query.from, query.iq_id, "cancel", condition, std::nullopt});
}

}  // namespace

void on_query(ApplyContext& ctx, Session& session, const XmppQuery& query) {
    if (bare_jid(query.from) != session.jid) return;
    if (query.to == session.gateway && query.query == "disco_items" && !query.node) {
        rooms::answer_room_list(ctx, session, query);
        return;
    }
    if (const Room* room = room_of_jid(session, query.to)) {
        if (query.query == "disco_info") {
            rooms::answer_disco_info(ctx, *room, query);
        } else {
            answer_error(ctx, query, "service-unavailable");
        }
        return;
    }
    auto puppet = puppet_user(session, query.to);
    auto contact = puppet ? session.contacts.find(*puppet) : session.contacts.end();
    if (contact == session.contacts.end()) {
        answer_error(ctx, query, "item-not-found");
        return;
    }
    const Contact& c = contact->second;
    if (query.query == "vcard" && session.login_state == "ready") {
        // Profiles are fetched when a client asks, not at login, which would meet Discord's
        // rate limits with every friend at once. The answer waits for discord.user_profile.
        auto& waiting = session.pending_vcards[c.user.id];
        waiting.push_back(PendingQuery{query.from, query.to, query.iq_id});
        if (waiting.size() == 1) {
            ctx.emit(FetchDiscordUser{c.user.id, true});
            session.profile_by_effect[ctx.state().last_discord_effect] = c.user.id;
        }
    } else if (query.query == "vcard") {
        SendXmppVcard vcard;
        vcard.from = query.to;
        vcard.to = query.from;
        vcard.iq_id = query.iq_id;
        vcard.full_name = c.user.display_name();
        vcard.nickname = c.user.username;
        vcard.url = "https://discord.com/users/" + c.user.id.str();
        ctx.emit(std::move(vcard));
    } else if (query.query == "disco_info" && !query.node) {
        // Bots are flagged so clients can show them as such (XEP-0030 registry: client/bot).
        ctx.emit(
            SendXmppDiscoInfo{query.to,
                              query.from,
                              query.iq_id,
                              std::nullopt,
                              {DiscoIdentity{"client", c.user.bot ? "bot" : "pc", c.roster_name()}},
                              puppet_features()});
    } else {
        answer_error(ctx, query, "service-unavailable");
    }
}

}  // namespace cordgate::core::from_xmpp
