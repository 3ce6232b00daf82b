#include <core/avatars.hpp>
#include <core/channel_permissions.hpp>
#include <core/contacts.hpp>
#include <core/conversation.hpp>
#include <core/from_xmpp.hpp>
#include <core/puppet_disco.hpp>
#include <core/puppets.hpp>
#include <core/rooms.hpp>
#include <core/xmpp_effects.hpp>

namespace cordgate::core::from_xmpp {
namespace {

std::vector<std::string> puppet_features() {
    return {kPuppetFeatures.begin(), kPuppetFeatures.end()};
}

// The caps node (XEP-0115) the adapter advertises on puppet presences, with any ver: the
// list is the one the ver was computed from, whatever the ver.
bool is_caps_node(const std::string& node) {
    return node.size() > kPuppetCapsNode.size() && node.starts_with(kPuppetCapsNode) &&
           node[kPuppetCapsNode.size()] == '#';
}

void answer_error(ApplyContext& ctx, const XmppQuery& query, const char* condition) {
    ctx.emit(SendXmppIqError{query.to, query.from, query.iq_id, "cancel", condition, std::nullopt});
}

// disco#items of the gateway's domain (the XMPP adapter routes it here because the rooms a
// user can join are state). Until rooms exist the list is empty, as it was when the adapter
// answered it itself.
bool answer_domain_items(ApplyContext& ctx, const XmppQuery& query) {
    auto to = Jid::parse(query.to);
    if (query.query != "disco_items" || query.node || !to || !to->is_domain()) return false;
    ctx.emit(SendXmppDiscoItems{query.to, query.from, query.iq_id, std::nullopt, {}});
    return true;
}

}  // namespace

void on_query_without_session(ApplyContext& ctx, const XmppQuery& query) {
    // Browsing the gateway before registering is normal; every other query names a puppet or
    // room that only a session has. An iq get always gets an answer (RFC 6120 §8.2.3).
    if (answer_domain_items(ctx, query)) return;
    answer_error(ctx, query, "item-not-found");
}

void on_query(ApplyContext& ctx, Session& session, const XmppQuery& query) {
    if (bare_jid(query.from) != session.jid) return;
    if (query.to == session.gateway && query.query == "disco_items" && !query.node) {
        rooms::answer_room_list(ctx, session, query);
        return;
    }
    if (const Room* room = room_of_jid(session, query.to)) {
        if (!permissions::user_can(session, *room, permissions::kViewChannel)) {
            answer_error(ctx, query, "item-not-found");  // as for a channel it does not have
        } else if (query.query == "disco_info") {
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
    const bool profile_query = query.query == "vcard" || avatars::is_avatar_query(query.query);
    if (profile_query && session.login_state == "ready") {
        // Profiles are fetched when a client asks, not at login, which would meet Discord's
        // rate limits with every friend at once. The answer waits for discord.user_profile.
        auto& waiting = session.pending_vcards[c.user.id];
        waiting.push_back(PendingQuery{query.from, query.to, query.iq_id, query.query});
        if (waiting.size() == 1) {
            ctx.emit(FetchDiscordUser{c.user.id, true});
            session.profile_by_effect[ctx.state().last_discord_effect] = c.user.id;
        }
    } else if (query.query == "vcard") {
        ctx.emit(puppet_vcard(c.user, PendingQuery{query.from, query.to, query.iq_id}));
    } else if (profile_query) {
        answer_error(ctx, query, "item-not-found");  // no session to fetch the image with
    } else if (query.query == "disco_info" && (!query.node || is_caps_node(*query.node))) {
        // Bots are flagged so clients can show them as such (XEP-0030 registry: client/bot).
        // The caps answer has no identity name: it must be exactly what the ver hashes.
        std::optional<std::string> name;
        if (!query.node) name = c.roster_name();
        ctx.emit(SendXmppDiscoInfo{
            query.to,
            query.from,
            query.iq_id,
            query.node,
            {DiscoIdentity{std::string(kPuppetIdentityCategory),
                           std::string(puppet_identity_type(c.user.bot)), std::move(name)}},
            puppet_features()});
    } else {
        answer_error(ctx, query, "service-unavailable");
    }
}

}  // namespace cordgate::core::from_xmpp
