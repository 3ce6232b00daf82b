#include <core/action_refusals.hpp>
#include <core/command_list.hpp>
#include <core/command_result.hpp>
#include <core/contacts.hpp>
#include <core/from_xmpp_commands.hpp>
#include <core/gateway_status.hpp>
#include <core/preferences_command.hpp>
#include <core/puppets.hpp>

namespace cordgate::core::from_xmpp {
namespace {

void complete(ApplyContext& ctx, const XmppCommand& command, std::string note,
              const char* note_type = "info") {
    SendXmppCommandResult r = command_result_for(ctx, command);
    r.status = "completed";
    r.note_type = note_type;
    r.note = std::move(note);
    ctx.emit(std::move(r));
}

std::string plural(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

void status(ApplyContext& ctx, const Session& session, const XmppCommand& command) {
    std::string note = "Discord: " + session.login_state;
    if (session.login_state == "ready" && session.self) {
        note += " as " + session.self->username;
    }
    note += "; " + plural(session.contacts.size(), "contact", "contacts") + ".";
    complete(ctx, command, std::move(note));
}

void logout(ApplyContext& ctx, Session& session, const XmppCommand& command) {
    end_discord_session(ctx, session, "logged out by the user");
    complete(ctx, command, "Logged out of Discord. Run \"login\" to log in again.");
}

DataForm login_form() {
    FormField token{"token", "text-private", "Discord token (optional)", std::nullopt, false};
    return DataForm{"Log in to Discord",
                    "Leave the token empty to log in with the one the gateway already has.",
                    {std::move(token)}};
}

void login(ApplyContext& ctx, Session& session, const XmppCommand& command) {
    if (command.action == "execute" && !command.session_id) {
        SendXmppCommandResult r = command_result_for(ctx, command);
        r.status = "executing";
        r.form = login_form();
        ctx.emit(std::move(r));
        return;
    }
    // The adapter sealed the token to the Discord adapter's key; it is stored as it came.
    if (auto token = command.values.find("token"); token != command.values.end()) {
        session.sealed_token = token->second;
    }
    // Ids before effects: derived_id() counts the effects emitted so far.
    SendXmppCommandResult r = command_result_for(ctx, command);
    ctx.emit(LoginDiscord{session.sealed_token});
    session.login_state = "logging_in";
    gateway_status::show(ctx, session);
    r.status = "completed";
    r.note_type = "info";
    r.note = "Logging in to Discord; your contacts appear once Discord accepts the token.";
    ctx.emit(std::move(r));
}

void resync(ApplyContext& ctx, Session& session, const XmppCommand& command) {
    for (auto& [id, contact] : session.contacts) resend_contact(ctx, session, contact);
    complete(ctx, command,
             "Sent " + plural(session.contacts.size(), "contact", "contacts") + " again.");
}

}  // namespace

void end_discord_session(ApplyContext& ctx, Session& session, std::string reason) {
    // The user's clients would otherwise keep showing contacts online that the gateway no
    // longer hears about.
    for (auto& [id, contact] : session.contacts) {
        if (contact.status == "offline") continue;
        contact.status = "offline";
        contact.status_text.reset();
        if (session.online_resources.empty()) continue;
        auto p = puppet_presence(session, contact, session.jid);
        p.id = ctx.derived_id();
        ctx.emit(std::move(p));
    }
    ctx.emit(LogoutDiscord{std::move(reason)});
    session.login_state = "logged_out";
    gateway_status::show(ctx, session);  // the gateway's contact says so too
}

void on_command(ApplyContext& ctx, Session& session, const XmppCommand& command) {
    // Only the registered user runs commands on their session: the server stamps `from`.
    if (bare_jid(command.from) != session.jid) return;
    if (command.action == "cancel") {
        SendXmppCommandResult r = command_result_for(ctx, command);
        r.status = "canceled";
        ctx.emit(std::move(r));
        return;
    }
    if (command.node == kCommandStatus) {
        status(ctx, session, command);
    } else if (command.node == kCommandLogout) {
        logout(ctx, session, command);
    } else if (command.node == kCommandLogin) {
        login(ctx, session, command);
    } else if (command.node == kCommandResync) {
        resync(ctx, session, command);
    } else if (command.node == kCommandPreferences) {
        preferences_command::run(ctx, session, command);
    } else if (command.node == kCommandRetry) {
        // Ids before effects, as in login: derived_id() counts the effects emitted so far.
        SendXmppCommandResult r = command_result_for(ctx, command);
        r.status = "completed";
        r.note_type = "info";
        r.note = action_refusals::retry_kept(ctx, session);
        ctx.emit(std::move(r));
    } else {
        complete(ctx, command, "Unknown command.", "error");
    }
}

void on_command_without_session(ApplyContext& ctx, const XmppCommand& command) {
    complete(ctx, command, "You are not registered with this gateway: register first.", "error");
}

}  // namespace cordgate::core::from_xmpp
