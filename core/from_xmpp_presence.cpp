#include <core/contacts.hpp>
#include <core/from_xmpp.hpp>
#include <core/gateway_status.hpp>
#include <core/own_avatar.hpp>
#include <core/own_presence.hpp>
#include <core/puppets.hpp>
#include <core/relationships.hpp>
#include <core/rooms.hpp>

namespace cordgate::core::from_xmpp {

void on_presence(ApplyContext& ctx, Session& session, const XmppPresence& presence) {
    if (bare_jid(presence.from) != session.jid) return;
    if (rooms::on_presence(ctx, session, presence)) return;
    auto puppet = puppet_user(session, presence.to);
    const std::string type = presence.presence_type.value_or("");
    if (puppet) {
        if (type == "subscribe" || type == "unsubscribe" || type == "subscribed" ||
            type == "unsubscribed") {
            // A subscription to anyone on Discord may be a friend request.
            relationships::on_subscription(ctx, session, *puppet, presence);
            return;
        }
        auto contact = session.contacts.find(*puppet);
        if (contact == session.contacts.end()) return;  // the adapter answers unknown puppets
        if (type == "probe" && !contact->second.blocked()) {
            auto p = puppet_presence(session, contact->second, presence.from);
            p.id = ctx.derived_id();
            ctx.emit(std::move(p));
        }
        return;
    }
    // Presence to the gateway itself, or broadcast (XEP-0356 presence permission).
    if (type == "probe") {
        gateway_status::show(ctx, session);
    } else if (type.empty()) {
        bool first = session.online_resources.empty();
        session.online_resources[presence.from] = presence.show.value_or("");
        // A client that just came online learns where its contacts are.
        if (first) {
            gateway_status::show(ctx, session);
            for (const auto& [id, contact] : session.contacts) {
                if (!contact.in_roster || contact.status == "offline") continue;
                auto p = puppet_presence(session, contact, session.jid);
                p.id = ctx.derived_id();
                ctx.emit(std::move(p));
            }
        }
    } else if (type == "unavailable") {
        session.online_resources.erase(presence.from);
    }
    if (type.empty() || type == "unavailable") own_presence::update(ctx, session, presence.status);
    if (type.empty() && presence.photo)
        own_avatar::on_presence_photo(ctx, session, *presence.photo);
}

void on_privileges(ApplyContext& ctx, const XmppPrivileges& privileges) {
    Privileges granted;
    for (const auto& perm : privileges.perms) {
        if (perm.access == "roster") granted.roster = perm.type;
        if (perm.access == "message") granted.message = perm.type;
        if (perm.access == "iq") granted.iq = perm.namespaces;
    }
    ctx.state().privileges[privileges.from] = granted;
    // The server advertises privileges each time the component connects. Whatever the gateway
    // knew of its users' clients may be stale by then: the server may have restarted, and
    // presence sent while the component was away bounced. Forget it and ask the server again;
    // the answers bring every online client its contacts' presence back.
    for (auto& [jid, session] : ctx.state().sessions) {
        auto user = Jid::parse(jid);
        if (!user || user->domain != privileges.from) continue;
        session.online_resources.clear();
        ctx.emit_for(jid, gateway_status::probe(ctx, session));
    }
}

}  // namespace cordgate::core::from_xmpp
