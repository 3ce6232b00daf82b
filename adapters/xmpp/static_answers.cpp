#include <adapters/xmpp/static_answers.hpp>

#include <adapters/xmpp/namespaces.hpp>
#include <core/command_list.hpp>

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

Element command_list(const Element& iq, bool admin) {
    Element reply = iq_result(iq);
    Element& query = reply.add("query", ns::kDiscoItems);
    query.set("node", ns::kCommands);
    // The users' list is the same for everyone: an unregistered user learns what registering
    // would offer, and the core answers "not registered" if they run a command anyway.
    const std::string jid = iq.attr_or("to");
    auto add = [&](const core::CommandInfo& c) {
        query.add("item", ns::kDiscoItems)
            .set("jid", jid)
            .set("node", std::string(c.node))
            .set("name", std::string(c.name));
    };
    for (const auto& c : core::kCommands) add(c);
    if (admin) {
        for (const auto& c : core::kAdminCommands) add(c);
    }
    return reply;
}

Element command_info(const Element& iq, std::string_view node) {
    Element reply = iq_result(iq);
    Element& query = reply.add("query", ns::kDiscoInfo);
    query.set("node", std::string(node));
    query.add("identity", ns::kDiscoInfo).set("category", "automation").set("type", "command-node");
    query.add("feature", ns::kDiscoInfo).set("var", ns::kCommands);
    query.add("feature", ns::kDiscoInfo).set("var", ns::kDataForms);
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
