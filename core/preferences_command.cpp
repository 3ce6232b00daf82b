#include <core/command_result.hpp>
#include <core/own_avatar.hpp>
#include <core/preferences_command.hpp>

#include <optional>
#include <string>

namespace cordgate::core::preferences_command {
namespace {

// XEP-0004 §3.3: a boolean is "0"/"false" or "1"/"true".
std::optional<bool> parse_bool(const std::string& value) {
    if (value == "1" || value == "true") return true;
    if (value == "0" || value == "false") return false;
    return std::nullopt;
}

DataForm form_of(const Preferences& prefs) {
    DataForm form{"Preferences", "Choose what the gateway does for you.", {}};
    for (const auto& p : kBoolPreferences) {
        form.form_fields.push_back(FormField{std::string(p.var), "boolean", std::string(p.label),
                                             prefs.*p.member ? "1" : "0", false});
    }
    return form;
}

std::string summary(const Preferences& prefs) {
    std::string text;
    for (const auto& p : kBoolPreferences) {
        if (!text.empty()) text += "; ";
        text += std::string(p.label) + ": " + (prefs.*p.member ? "on" : "off");
    }
    return text;
}

}  // namespace

void run(ApplyContext& ctx, Session& session, const XmppCommand& command) {
    SendXmppCommandResult r = command_result_for(ctx, command);
    if (command.action == "execute" && !command.session_id) {
        r.status = "executing";
        r.form = form_of(session.prefs());
        ctx.emit(std::move(r));
        return;
    }
    Preferences next = session.prefs();
    for (const auto& p : kBoolPreferences) {
        auto value = command.values.find(std::string(p.var));
        if (value == command.values.end()) continue;  // a field left out keeps its value
        auto parsed = parse_bool(value->second);
        if (!parsed) {
            r.status = "completed";
            r.note_type = "error";
            r.note = "\"" + value->second + "\" is not a boolean for " + std::string(p.var) +
                     "; nothing was changed.";
            ctx.emit(std::move(r));
            return;
        }
        next.*p.member = *parsed;
    }
    const bool enabled_avatar = next.publish_avatar && !session.prefs().publish_avatar;
    session.preferences = next;
    r.status = "completed";
    r.note_type = "info";
    r.note = "Saved. " + summary(next) + ".";
    ctx.emit(std::move(r));
    if (enabled_avatar) own_avatar::on_enabled(ctx, session);
}

}  // namespace cordgate::core::preferences_command
