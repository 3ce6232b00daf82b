// Room effects -> stanzas: occupant presence (XEP-0045), subject, direct invitation
// (XEP-0249) and the rooms list (XEP-0030 disco#items).

#include <adapters/xmpp/namespaces.hpp>
#include <adapters/xmpp/outbound_parts.hpp>
#include <adapters/xmpp/stanza_error.hpp>

namespace cordgate::adapters::xmpp::detail {

Element muc_presence(const core::SendXmppMucPresence& p) {
    Element pr = stanza("presence", p.from, p.to);
    pr.set_if("id", p.id).set_if("type", p.presence_type);
    if (p.error_condition) {
        // A refused join: the MUC <x/> says which protocol failed, then the error (XEP-0045 §7.2).
        pr.set("type", "error");
        pr.add("x", ns::kMuc);
        pr.add(error_element("cancel", *p.error_condition, ""));
        return pr;
    }
    if (p.show) pr.add("show", ns::kComponent, *p.show);
    if (p.status) pr.add("status", ns::kComponent, *p.status);
    Element& x = pr.add("x", ns::kMucUser);
    Element& item = x.add("item", ns::kMucUser);
    item.set("affiliation", p.affiliation).set("role", p.role).set_if("jid", p.jid);
    for (int code : p.status_codes) {
        x.add("status", ns::kMucUser).set("code", std::to_string(code));
    }
    if (p.destroy_reason) {
        x.add("destroy", ns::kMucUser).add("reason", ns::kMucUser, *p.destroy_reason);
    }
    if (p.avatar_hash) {
        pr.add("x", ns::kVcardUpdate).add("photo", ns::kVcardUpdate, *p.avatar_hash);
    }
    return pr;
}

Element subject(const core::SendXmppSubject& p) {
    Element m = stanza("message", p.from, p.to);
    m.set("type", "groupchat").set("id", p.id);
    // An empty <subject/> is meaningful (XEP-0045 §8.1: the room has no subject), so it is
    // always written, and a body never is: a message with both is not a subject change.
    m.add("subject", ns::kComponent, p.subject);
    return m;
}

Element room_status(const core::SendXmppRoomStatus& p) {
    // XEP-0045 §10.2.1: a message from the room's bare JID with no body, only the status codes.
    Element m = stanza("message", p.from, p.to);
    m.set("type", "groupchat").set("id", p.id);
    Element& x = m.add("x", ns::kMucUser);
    for (int code : p.status_codes) {
        x.add("status", ns::kMucUser).set("code", std::to_string(code));
    }
    return m;
}

Element invite(const core::SendXmppInvite& p) {
    Element m = stanza("message", p.from, p.to);
    m.set("id", p.id);
    m.add("x", ns::kConference).set("jid", p.room).set_if("reason", p.reason);
    return m;
}

Element disco_items(const core::SendXmppDiscoItems& p) {
    Element iq = stanza("iq", p.from, p.to);
    iq.set("type", "result").set("id", p.iq_id);
    Element& q = iq.add("query", ns::kDiscoItems);
    q.set_if("node", p.node);
    for (const auto& i : p.items) {
        q.add("item", ns::kDiscoItems)
            .set("jid", i.jid)
            .set_if("name", i.name)
            .set_if("node", i.node);
    }
    return iq;
}

}  // namespace cordgate::adapters::xmpp::detail
