// xmpp.avatar -> XEP-0084 as a puppet's PEP service says it: an items result for a query, or a
// pubsub#event headline when the metadata changed.

#include <adapters/xmpp/namespaces.hpp>
#include <adapters/xmpp/outbound_parts.hpp>

namespace cordgate::adapters::xmpp::detail {
namespace {

void add_item(Element& items, const core::SendXmppAvatar& p, const char* item_ns) {
    if (p.node == "data") {
        Element& item = items.add("item", item_ns);
        item.set_if("id", p.id);
        item.add("data", ns::kAvatarData, p.data_base64.value_or(""));
        return;
    }
    // An empty <metadata/> says "no avatar" (XEP-0084 §4.2), published under the item id "current".
    Element& item = items.add("item", item_ns);
    item.set("id", p.id.value_or("current"));
    Element& metadata = item.add("metadata", ns::kAvatarMetadata);
    if (p.id) {
        metadata.add("info", ns::kAvatarMetadata)
            .set("id", *p.id)
            .set("type", p.image_type.value_or("image/png"))
            .set("bytes", std::to_string(p.bytes.value_or(0)));
    }
}

}  // namespace

Element avatar(const core::SendXmppAvatar& p) {
    const char* node = p.node == "data" ? ns::kAvatarData : ns::kAvatarMetadata;
    if (p.iq_id) {
        Element iq = stanza("iq", p.from, p.to);
        iq.set("type", "result").set("id", *p.iq_id);
        Element& items = iq.add("pubsub", ns::kPubsub).add("items", ns::kPubsub);
        items.set("node", node);
        add_item(items, p, ns::kPubsub);
        return iq;
    }
    Element message = stanza("message", p.from, p.to);
    message.set("type", "headline");
    Element& items = message.add("event", ns::kPubsubEvent).add("items", ns::kPubsubEvent);
    items.set("node", node);
    add_item(items, p, ns::kPubsubEvent);
    return message;
}

}  // namespace cordgate::adapters::xmpp::detail
