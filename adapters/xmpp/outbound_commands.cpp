// xmpp.command_result -> the XEP-0050 <command/> answer, with its XEP-0004 form when the
// command asks for input.

#include <adapters/xmpp/namespaces.hpp>
#include <adapters/xmpp/outbound_parts.hpp>

namespace cordgate::adapters::xmpp::detail {
namespace {

void add_form(Element& command, const core::DataForm& form) {
    Element& x = command.add("x", ns::kDataForms);
    x.set("type", form.form_type.value_or("form"));
    x.add("title", ns::kDataForms, form.title);
    if (form.instructions) x.add("instructions", ns::kDataForms, *form.instructions);
    for (const auto& f : form.form_fields) {
        Element& field = x.add("field", ns::kDataForms);
        field.set("var", f.var).set("type", f.type).set_if("label", f.label);
        // XEP-0004's schema orders a field's children: required, values, options.
        if (f.required) field.add("required", ns::kDataForms);
        if (f.value) field.add("value", ns::kDataForms, *f.value);
        if (f.values) {
            for (const auto& v : *f.values) field.add("value", ns::kDataForms, v);
        }
        if (f.options) {
            for (const auto& o : *f.options) {
                field.add("option", ns::kDataForms)
                    .set_if("label", o.label)
                    .add("value", ns::kDataForms, o.value);
            }
        }
    }
}

}  // namespace

Element command_result(const core::SendXmppCommandResult& p) {
    Element iq = stanza("iq", p.from, p.to);
    iq.set("type", "result").set("id", p.iq_id);
    Element& c = iq.add("command", ns::kCommands);
    c.set("node", p.node).set("sessionid", p.session_id).set("status", p.status);
    // Every form the gateway asks for is the command's last step, so the only way on is
    // "complete" (XEP-0050 §3.4); a client shows it as the submit button.
    if (p.status == "executing") {
        c.add("actions", ns::kCommands).set("execute", "complete").add("complete", ns::kCommands);
    }
    if (p.note) c.add("note", ns::kCommands, *p.note).set("type", p.note_type.value_or("info"));
    if (p.form) add_form(c, *p.form);
    return iq;
}

}  // namespace cordgate::adapters::xmpp::detail
