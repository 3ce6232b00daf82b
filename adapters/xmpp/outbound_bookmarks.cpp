// xmpp.bookmark -> an XEP-0402 bookmark published to the user's own PEP, wrapped in an XEP-0356
// privileged IQ: the server runs the inner IQ as if the user's client had sent it.

#include <adapters/xmpp/namespaces.hpp>
#include <adapters/xmpp/outbound_parts.hpp>

namespace cordgate::adapters::xmpp::detail {
namespace {

void add_field(Element& form, const char* var, const char* value) {
    form.add("field", ns::kDataForms).set("var", var).add("value", ns::kDataForms, value);
}

}  // namespace

Element bookmark(const core::SetXmppBookmark& p, const std::string& gateway) {
    Element outer = stanza("iq", gateway, p.user);
    outer.set("type", "set").set("id", p.id);
    Element& inner = outer.add("privileged_iq", ns::kPrivilege2).add(Element("iq", ns::kClient));
    inner.set("type", "set").set("to", p.user).set("id", p.id + "-bookmark");
    Element& pubsub = inner.add("pubsub", ns::kPubsub);
    Element& item = pubsub.add("publish", ns::kPubsub)
                        .set("node", ns::kBookmarks)
                        .add("item", ns::kPubsub)
                        .set("id", p.room);
    Element& conference = item.add("conference", ns::kBookmarks);
    conference.set("name", p.name).set("autojoin", p.autojoin ? "true" : "false");
    if (p.nick) conference.add("nick", ns::kBookmarks, *p.nick);
    // XEP-0402 §3: the node must keep every bookmark and stay private to the user.
    Element& form = pubsub.add("publish-options", ns::kPubsub).add("x", ns::kDataForms);
    form.set("type", "submit");
    form.add("field", ns::kDataForms)
        .set("var", "FORM_TYPE")
        .set("type", "hidden")
        .add("value", ns::kDataForms, "http://jabber.org/protocol/pubsub#publish-options");
    add_field(form, "pubsub#persist_items", "true");
    add_field(form, "pubsub#max_items", "max");
    add_field(form, "pubsub#send_last_published_item", "never");
    add_field(form, "pubsub#access_model", "whitelist");
    return outer;
}

}  // namespace cordgate::adapters::xmpp::detail
