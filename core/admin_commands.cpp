#include <core/admin_commands.hpp>

#include <core/command_list.hpp>
#include <core/command_result.hpp>
#include <core/from_xmpp.hpp>
#include <core/from_xmpp_commands.hpp>
#include <core/gateway_status.hpp>
#include <core/jid.hpp>

#include <array>
#include <charconv>
#include <string_view>
#include <vector>

namespace cordgate::core::admin_commands {
namespace {

// XEP-0133 §4: every form of the admin commands carries this FORM_TYPE.
constexpr const char* kFormType = "http://jabber.org/protocol/admin";

FormField form_type_field() {
    return FormField{"FORM_TYPE", "hidden", std::nullopt, kFormType, false};
}

void complete(ApplyContext& ctx, const XmppCommand& command, std::string note,
              const char* note_type = "info", std::optional<DataForm> form = std::nullopt) {
    SendXmppCommandResult r = command_result_for(ctx, command);
    r.status = "completed";
    r.note_type = note_type;
    r.note = std::move(note);
    r.form = std::move(form);
    ctx.emit(std::move(r));
}

std::string plural(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out += ", ";
        out += item;
    }
    return out;
}

// A jid-multi or text-multi field's values, one a line (xmpp_events.hpp, XmppCommand).
std::vector<std::string> lines_of(const XmppCommand& command, const std::string& var) {
    std::vector<std::string> out;
    auto it = command.values.find(var);
    if (it == command.values.end()) return out;
    std::string_view rest = it->second;
    while (!rest.empty()) {
        auto nl = rest.find('\n');
        std::string_view line = rest.substr(0, nl);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!line.empty()) out.emplace_back(line);
        if (nl == std::string_view::npos) break;
        rest.remove_prefix(nl + 1);
    }
    return out;
}

// The registered users the form's accountjids name, as bare JIDs; what names nobody registered
// (or no JID) goes to `unknown`.
std::vector<std::string> named_users(ApplyContext& ctx, const XmppCommand& command,
                                     std::vector<std::string>& unknown) {
    std::vector<std::string> users;
    for (const std::string& text : lines_of(command, "accountjids")) {
        auto jid = Jid::parse(text);
        std::string bare = jid ? jid->bare() : text;
        if (jid && ctx.state().sessions.contains(bare)) {
            users.push_back(std::move(bare));
        } else {
            unknown.push_back(std::move(bare));
        }
    }
    return users;
}

std::string unknown_note(const std::vector<std::string>& unknown) {
    if (unknown.empty()) return "";
    return " Not registered: " + joined(unknown) + ".";
}

// What the list shows of one session: the core's login state and why, no token.
std::string session_line(const Session& session) {
    std::string line = session.jid + ": " + session.login_state;
    if (session.login_state == "ready" && session.self) {
        line += " as " + session.self->username;
    }
    if (session.login_state == "failed" && session.failure) line += " (" + *session.failure + ")";
    if (session.required_action) line += ", Discord wants " + *session.required_action;
    line +=
        ", " + plural(session.online_resources.size(), "XMPP client", "XMPP clients") + " online";
    return line;
}

// ---- the commands -------------------------------------------------------------------------

DataForm users_form() {
    // XEP-0133 §4.28 (get-registered-users-list) asks how many at most.
    FormField max{"max_items", "list-single", "Maximum number of items to show", "none", false};
    max.options.emplace();
    for (const char* n : {"25", "50", "75", "100", "150", "200"}) {
        max.options->push_back(FormOption{n, n});
    }
    max.options->push_back(FormOption{"none", "All"});
    return DataForm{"List registered users", std::nullopt, {form_type_field(), std::move(max)}};
}

void list_users(ApplyContext& ctx, const XmppCommand& command) {
    std::size_t limit = ctx.state().sessions.size();
    if (auto it = command.values.find("max_items"); it != command.values.end()) {
        std::size_t n = 0;
        const std::string& v = it->second;
        auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
        if (ec == std::errc{} && end == v.data() + v.size() && n < limit) limit = n;
    }
    FormField jids{"registereduserjids", "jid-multi", "The list of all users", std::nullopt, false};
    FormField sessions{"sessions", "text-multi", "Discord sessions", std::nullopt, false};
    jids.values.emplace();
    sessions.values.emplace();
    for (const auto& [jid, session] : ctx.state().sessions) {  // std::map: in JID order
        if (jids.values->size() == limit) break;
        jids.values->push_back(jid);
        sessions.values->push_back(session_line(session));
    }
    DataForm result{"Registered users",
                    std::nullopt,
                    {form_type_field(), std::move(jids), std::move(sessions)},
                    "result"};
    std::string note = plural(ctx.state().sessions.size(), "registered user", "registered users");
    if (limit < ctx.state().sessions.size()) note += ", " + std::to_string(limit) + " shown";
    complete(ctx, command, note + ".", "info", std::move(result));
}

DataForm accounts_form(const char* title, const char* instructions) {
    return DataForm{
        title,
        instructions,
        {form_type_field(),
         FormField{"accountjids", "jid-multi", "The Jabber ID(s) to act on", std::nullopt, true}}};
}

DataForm end_session_form() {
    return accounts_form("End users' Discord sessions",
                         "They stay registered and can log in again with the login command.");
}

void end_sessions(ApplyContext& ctx, const XmppCommand& command) {
    std::vector<std::string> unknown;
    std::vector<std::string> users = named_users(ctx, command, unknown);
    for (const std::string& jid : users) {
        Session& session = ctx.state().sessions.at(jid);
        ApplyContext for_user = ctx.for_user(jid);
        from_xmpp::end_discord_session(for_user, session, "ended by an administrator");
        gateway_status::tell(for_user, session,
                             "An administrator ended your Discord session. Run \"login\" to log "
                             "in again.");
    }
    if (users.empty()) {
        complete(ctx, command, "No registered user named." + unknown_note(unknown), "error");
        return;
    }
    complete(ctx, command,
             "Ended the Discord session of " + joined(users) + "." + unknown_note(unknown));
}

DataForm delete_user_form() {
    return accounts_form("Unregister users",
                         "As if each had unregistered: their contacts and rooms are withdrawn "
                         "and their Discord session ends.");
}

void delete_users(ApplyContext& ctx, const XmppCommand& command) {
    std::vector<std::string> unknown;
    std::vector<std::string> users = named_users(ctx, command, unknown);
    for (const std::string& jid : users) {
        Session& session = ctx.state().sessions.at(jid);
        ApplyContext for_user = ctx.for_user(jid);  // `jid` outlives the session it names
        from_xmpp::on_unregister(for_user, session, XmppUnregister{session.gateway});
    }
    if (users.empty()) {
        complete(ctx, command, "No registered user named." + unknown_note(unknown), "error");
        return;
    }
    complete(ctx, command, "Unregistered " + joined(users) + "." + unknown_note(unknown));
}

DataForm announce_form() {
    // XEP-0133 §4.23 (announce) has the text in a text-multi `announcement`.
    return DataForm{"Send an announcement to every registered user",
                    "It comes as a message from the gateway.",
                    {form_type_field(),
                     FormField{"announcement", "text-multi", "Announcement", std::nullopt, true}}};
}

void announce(ApplyContext& ctx, const XmppCommand& command) {
    std::string text;
    for (const std::string& line : lines_of(command, "announcement")) {
        if (!text.empty()) text += '\n';
        text += line;
    }
    if (text.empty()) {
        complete(ctx, command, "The announcement is empty: nothing sent.", "error");
        return;
    }
    for (auto& [jid, session] : ctx.state().sessions) {
        ApplyContext for_user = ctx.for_user(jid);
        gateway_status::tell(for_user, session, text);
    }
    complete(ctx, command,
             "Sent to " +
                 plural(ctx.state().sessions.size(), "registered user", "registered users") + ".");
}

struct AdminCommand {
    std::string_view node;
    DataForm (*form)();                              // what the first step asks for
    void (*run)(ApplyContext&, const XmppCommand&);  // the submitted form
};

constexpr std::array<AdminCommand, 4> kRegistry{{
    {kAdminUsers, users_form, list_users},
    {kAdminEndSession, end_session_form, end_sessions},
    {kAdminDeleteUser, delete_user_form, delete_users},
    {kAdminAnnounce, announce_form, announce},
}};

const AdminCommand* find(std::string_view node) {
    for (const auto& c : kRegistry) {
        if (c.node == node) return &c;
    }
    return nullptr;
}

}  // namespace

void run(ApplyContext& ctx, const XmppCommand& command) {
    if (!command.admin.value_or(false)) {
        SendXmppIqError e;
        e.from = command.to;
        e.to = command.from;
        e.iq_id = command.iq_id;
        e.error_type = "auth";
        e.condition = "forbidden";
        e.text = "for the gateway's administrators only";
        ctx.emit(std::move(e));
        return;
    }
    const AdminCommand* c = find(command.node);
    if (!c) {
        // The status is the XMPP adapter's to answer; it never reaches the core from it.
        complete(ctx, command, "This command is not carried out here.", "error");
        return;
    }
    if (command.action == "cancel") {
        SendXmppCommandResult r = command_result_for(ctx, command);
        r.status = "canceled";
        ctx.emit(std::move(r));
        return;
    }
    if (command.action == "execute" && !command.session_id) {
        SendXmppCommandResult r = command_result_for(ctx, command);
        r.status = "executing";
        r.form = c->form();
        ctx.emit(std::move(r));
        return;
    }
    c->run(ctx, command);
}

}  // namespace cordgate::core::admin_commands
