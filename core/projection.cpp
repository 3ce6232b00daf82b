#include <core/from_discord.hpp>
#include <core/from_xmpp.hpp>
#include <core/from_xmpp_commands.hpp>
#include <core/projection.hpp>

namespace cordgate::core {
namespace {

template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace

Effects apply(State& state, const Event& event, std::uint64_t position) {
    Effects out;
    out.reserve(2);  // most events make one or two effects
    ApplyContext ctx(state, position, event.user, out);
    // Registration creates the session; everything else belongs to an existing one, and an
    // event for a user who is not registered (anymore) has nothing to act on.
    if (const auto* reg = std::get_if<XmppRegister>(&event.payload)) {
        from_xmpp::on_register(ctx, *reg);
        return out;
    }
    // Privileges concern every user of one server, not one session.
    if (const auto* priv = std::get_if<XmppPrivileges>(&event.payload)) {
        from_xmpp::on_privileges(ctx, *priv);
        return out;
    }
    // A restarted Discord adapter holds no sessions: log every registered user in again.
    if (std::holds_alternative<DiscordAdapterStarted>(event.payload)) {
        for (const auto& [jid, session] : state.sessions) {
            ctx.emit_for(jid, LoginDiscord{session.sealed_token});
        }
        return out;
    }
    // A command or query from someone unregistered still gets an answer: the client waits on
    // its iq.
    if (!state.sessions.contains(event.user)) {
        if (const auto* cmd = std::get_if<XmppCommand>(&event.payload)) {
            from_xmpp::on_command_without_session(ctx, *cmd);
            return out;
        }
        if (const auto* query = std::get_if<XmppQuery>(&event.payload)) {
            from_xmpp::on_query_without_session(ctx, *query);
            return out;
        }
    }
    auto it = state.sessions.find(event.user);
    if (it == state.sessions.end()) return out;
    Session& session = it->second;
    std::visit(Overloaded{
                   [&](const XmppRegister&) {},
                   [&](const XmppMessage& m) { from_xmpp::on_message(ctx, session, m); },
                   [&](const XmppUnregister& u) { from_xmpp::on_unregister(ctx, session, u); },
                   [&](const XmppPresence& p) { from_xmpp::on_presence(ctx, session, p); },
                   [&](const XmppQuery& q) { from_xmpp::on_query(ctx, session, q); },
                   [&](const XmppCommand& c) { from_xmpp::on_command(ctx, session, c); },
                   [&](const DiscordReady& r) { from_discord::on_ready(ctx, session, r); },
                   [&](const DiscordMessageCreate& m) {
                       from_discord::on_message_create(ctx, session, m);
                   },
                   // Events the projection does not act on yet (corrections, presence, ...).
                   [&](const auto&) {},
               },
               event.payload);
    return out;
}

}  // namespace cordgate::core
