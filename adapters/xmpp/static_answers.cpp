#include <adapters/xmpp/static_answers.hpp>

#include <adapters/xmpp/namespaces.hpp>

namespace cordgate::adapters::xmpp {

Element iq_result(const Element& iq) {
    Element reply("iq", ns::kComponent);
    reply.set("type", "result");
    if (const auto* to = iq.attr("to")) reply.set("from", *to);
    if (const auto* from = iq.attr("from")) reply.set("to", *from);
    if (const auto* id = iq.attr("id")) reply.set("id", *id);
    return reply;
}

Element gateway_disco_info(const Element& iq) {
    Element reply = iq_result(iq);
    Element& query = reply.add("query", ns::kDiscoInfo);
    Element& identity = query.add("identity", ns::kDiscoInfo);
    identity.set("category", "gateway").set("type", "discord").set("name", "Discord");
    for (const char* feature :
         {ns::kDiscoInfo, ns::kDiscoItems, ns::kRegister, ns::kCommands, ns::kPing, ns::kVcard,
          ns::kChatStates, ns::kReceipts, ns::kMarkers, ns::kCorrect, ns::kRetract1, ns::kReactions,
          ns::kReply, ns::kOob}) {
        query.add("feature", ns::kDiscoInfo).set("var", feature);
    }
    return reply;
}

Element gateway_disco_items(const Element& iq) {
    Element reply = iq_result(iq);
    Element& query = reply.add("query", ns::kDiscoItems);
    // Registration and removal go through XEP-0077, so no ad-hoc command is offered yet; the
    // node is still answered so clients listing commands get an empty list, not an error.
    if (const Element* q = iq.child("query", ns::kDiscoItems)) {
        if (const auto* node = q->attr("node")) query.set("node", *node);
    }
    return reply;
}

Element register_form(const Element& iq) {
    Element reply = iq_result(iq);
    Element& query = reply.add("query", ns::kRegister);
    query.add("instructions", ns::kRegister,
              "Enter your Discord token as the password to link your Discord account.");
    query.add("password", ns::kRegister);
    Element& form = query.add("x", ns::kDataForms);
    form.set("type", "form");
    form.add("title", ns::kDataForms, "Discord gateway registration");
    form.add("instructions", ns::kDataForms, "Enter your Discord token.");
    Element& token = form.add("field", ns::kDataForms);
    token.set("var", "token").set("type", "text-private").set("label", "Discord token");
    token.add("required", ns::kDataForms);
    return reply;
}

}  // namespace cordgate::adapters::xmpp
