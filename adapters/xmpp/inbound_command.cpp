// XEP-0050 <command/> on the gateway's domain -> xmpp.command. The core holds the command's
// state and answers; here the request is checked and a submitted `token` field is sealed to
// the Discord adapter's key and wiped, exactly as an XEP-0077 registration token is. The
// administrators' commands are refused here to anyone not in [xmpp] admins, and marked `admin`
// for those who are.

#include <adapters/xmpp/inbound_parts.hpp>
#include <adapters/xmpp/namespaces.hpp>
#include <adapters/xmpp/stanza_error.hpp>
#include <core/command_list.hpp>

namespace cordgate::adapters::xmpp::detail {
namespace {

constexpr std::size_t kMaxFields = 32;
constexpr std::size_t kMaxVarBytes = 256;
constexpr std::size_t kMaxValueBytes = 4096;
constexpr std::size_t kMaxSessionIdBytes = 256;
constexpr const char* kTokenField = "token";

bool known_action(const std::string& a) {
    return a == "execute" || a == "next" || a == "prev" || a == "complete" || a == "cancel";
}

// A field's <value/>s, one a line: a jid-multi or text-multi field has several (XEP-0004 §3.3).
std::string all_values(const Element& field) {
    std::string out;
    bool first = true;
    for (const auto& v : field.children) {
        if (v.name != "value" || v.ns != ns::kDataForms) continue;
        if (!first) out += '\n';
        out += v.text;
        first = false;
    }
    return out;
}

// The first <value/> of a field, or nullptr (a field may be submitted empty).
std::string* first_value(Element& field) {
    for (auto& v : field.children) {
        if (v.name == "value" && v.ns == ns::kDataForms) return &v.text;
    }
    return nullptr;
}

void wipe_token_fields(Element& command) {
    for (auto& form : command.children) {
        if (form.name != "x" || form.ns != ns::kDataForms) continue;
        for (auto& f : form.children) {
            if (f.attr_or("var") != kTokenField) continue;
            if (std::string* v = first_value(f)) common::wipe(*v);
        }
    }
}

}  // namespace

Inbound translate_command(Element& iq, Element& command, const Addresses& a,
                          const InboundContext& ctx) {
    core::XmppCommand c;
    c.from = a.from.full();
    c.to = a.to.full();
    c.iq_id = iq.attr_or("id");
    c.node = command.attr_or("node");
    const bool admin_node = core::is_admin_command(c.node);
    if (!core::is_command(c.node) && !admin_node) {
        wipe_token_fields(command);
        return answer(error_reply(iq, kItemNotFound, "no such command"), "unknown command");
    }
    if (admin_node) {
        if (!ctx.is_admin(a.from.bare())) {
            wipe_token_fields(command);
            return answer(error_reply(iq, kForbidden, "for the gateway's administrators only"),
                          "refused: administrator's command from someone else");
        }
        c.admin = true;
    }
    c.action = command.attr_or("action", "execute");
    if (!known_action(c.action)) {
        wipe_token_fields(command);
        return answer(error_reply(iq, kBadRequest, "unknown action"), "bad command action");
    }
    if (const auto* sid = command.attr("sessionid")) {
        if (sid->empty() || sid->size() > kMaxSessionIdBytes) {
            wipe_token_fields(command);
            return answer(error_reply(iq, kBadRequest, "bad sessionid"), "bad command session");
        }
        c.session_id = *sid;
    }
    for (auto& form : command.children) {
        if (form.name != "x" || form.ns != ns::kDataForms) continue;
        for (auto& f : form.children) {
            if (f.name != "field" || f.ns != ns::kDataForms) continue;
            std::string var = f.attr_or("var");
            std::string* value = first_value(f);
            const bool token = var == kTokenField;
            std::string values = token ? std::string() : all_values(f);
            if (var.empty() || var.size() > kMaxVarBytes || c.values.size() >= kMaxFields ||
                (value && value->size() > kMaxValueBytes) || values.size() > kMaxValueBytes) {
                wipe_token_fields(command);
                return answer(error_reply(iq, kNotAcceptable, "form field too large or too many"),
                              "refused: command form out of bounds");
            }
            if (!token) {
                c.values[var] = std::move(values);
                continue;
            }
            // An empty token means "keep the one I have"; the core sees no field then.
            if (!value || value->empty()) continue;
            if (!plausible_token(*value)) {
                wipe_token_fields(command);
                return answer(error_reply(iq, kNotAcceptable, "that is not a Discord token"),
                              "refused: command with an unusable token");
            }
            c.values[var] = common::seal(*value, ctx.discord_key);
            common::wipe(*value);
        }
    }
    Inbound in;
    in.user = a.from.bare();
    in.note = "command " + c.node + " " + c.action;
    if (c.node == core::kAdminStatus) {
        in.status_command = std::move(c);
    } else {
        in.event = std::move(c);
    }
    return in;
}

}  // namespace cordgate::adapters::xmpp::detail
