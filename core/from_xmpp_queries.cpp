#include <core/from_xmpp.hpp>
#include <core/puppets.hpp>
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
    auto puppet = puppet_user(session, query.to);
    auto contact = puppet ? session.contacts.find(*puppet) : session.contacts.end();
    if (contact == session.contacts.end()) {
        answer_error(ctx, query, "item-not-found");
        return;
    }
    const Contact& c = contact->second;
    if (query.query == "vcard") {
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
