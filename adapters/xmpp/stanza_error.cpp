#include <adapters/xmpp/stanza_error.hpp>

#include <adapters/xmpp/namespaces.hpp>

namespace cordgate::adapters::xmpp {

Element error_element(std::string_view type, std::string_view condition, std::string_view text) {
    Element error("error", ns::kComponent);
    error.set("type", std::string(type));
    error.add(std::string(condition), ns::kStanzas);
    if (!text.empty()) error.add("text", ns::kStanzas, std::string(text));
    return error;
}

Element error_reply(const Element& request, StanzaErrorKind kind, std::string_view text) {
    Element reply(request.name, ns::kComponent);
    reply.set("type", "error");
    if (const auto* to = request.attr("to")) reply.set("from", *to);
    if (const auto* from = request.attr("from")) reply.set("to", *from);
    if (const auto* id = request.attr("id")) reply.set("id", *id);
    reply.add(error_element(kind.type, kind.condition, text));
    return reply;
}

}  // namespace cordgate::adapters::xmpp
