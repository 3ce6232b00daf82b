#pragma once
// When Discord says no to something the user did from XMPP: the error goes back on the stanza
// that asked for it (RFC 6120 §8.3, XEP-0045 for rooms), with a condition that matches Discord's
// reason and a text naming it; a captcha keeps the message for a resend; a verification demand
// stops further actions until Discord lifts it.

#include <core/apply_context.hpp>
#include <core/event.hpp>
#include <core/state.hpp>

#include <string>

namespace cordgate::core::action_refusals {

// The stanza error (RFC 6120 §8.3.2 type, §8.3.3 condition) for each kind of refusal.
struct XmppError {
    const char* type;
    const char* condition;
};
XmppError xmpp_error_for(Refusal kind);

// Emits discord.send_message for origin.send and remembers the stanza it carries out under the
// effect's id.
void send(ApplyContext& ctx, Session& session, ActionOrigin origin);
// The same for any other effect that carries out a stanza (edit, delete, reaction).
void emit_action(ApplyContext& ctx, Session& session, EffectPayload payload,
                 const ActionOrigin& origin);

// The error stanza on the origin.
void answer(ApplyContext& ctx, const ActionOrigin& origin, Refusal kind, std::string text);

// discord.effect_failed of an effect that carried out a stanza of the user: answered, and
// true; false when the effect was none of those.
bool on_effect_failed(ApplyContext& ctx, Session& session, const DiscordEffectFailed& failed);

// While Discord requires something of the account, a user's action is answered at once with
// an error (not attempted: each attempt would be one more 403 counted against the IP) and this
// returns true.
bool refuse_while_required(ApplyContext& ctx, const Session& session, const ActionOrigin& origin);

// What Discord's required_action asks of the user, in words.
std::string required_action_text(const std::string& required_action);

void on_required_action(ApplyContext& ctx, Session& session, const DiscordRequiredAction& update);

// The `retry` command: sends the kept messages again; the command's note.
std::string retry_kept(ApplyContext& ctx, Session& session);

// A correction of a kept message: sends it again with the corrected text. False when the
// correction names no kept message.
bool resend_corrected(ApplyContext& ctx, Session& session, const XmppCorrection& correction);

}  // namespace cordgate::core::action_refusals
