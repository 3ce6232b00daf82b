#include <core/action_refusals.hpp>
#include <core/conversation.hpp>
#include <core/gateway_status.hpp>
#include <core/outgoing_content.hpp>
#include <core/puppets.hpp>
#include <core/split_message.hpp>

#include <algorithm>

namespace cordgate::core::action_refusals {
namespace {

// What the user can do about a captcha. cordgate cannot show one: it is Discord's page, tied to
// the official client. Solving one there (doing the same action in the official app or at
// discord.com/app) usually lets the account act without one for a while.
constexpr const char* kCaptchaAdvice =
    "Discord asked for a captcha before it would take your message, and cordgate cannot show "
    "you one. Open Discord in the official app or at https://discord.com/app and send a message "
    "there; if it asks for a captcha, solve it. That usually lets your account send from here "
    "again for a while. Then send the gateway the ad-hoc command \"retry\" (or correct the "
    "message) to send what was kept: the last 5 refused messages are kept, nothing was lost.";

std::string verification_advice(const std::string& what) {
    return "Discord requires you to " + what +
           " in the official app (or at https://discord.com/app) before it takes messages from "
           "this account. Until then cordgate sends nothing to Discord for you: each try would "
           "be refused again.";
}

}  // namespace

XmppError xmpp_error_for(Refusal kind) {
    switch (kind) {
        case Refusal::captcha:
            return {"auth", "policy-violation"};
        case Refusal::verification_required:
            return {"auth", "not-authorized"};
        case Refusal::too_long:
            return {"modify", "not-acceptable"};
        case Refusal::forbidden:
            return {"auth", "forbidden"};
        case Refusal::not_found:
            return {"cancel", "item-not-found"};
        case Refusal::rate_limited:
            return {"wait", "resource-constraint"};
        case Refusal::server_error:
            return {"wait", "service-unavailable"};
        case Refusal::transport:
            return {"wait", "remote-server-timeout"};
        case Refusal::session_gone:
            return {"wait", "service-unavailable"};
        case Refusal::other:
            return {"cancel", "undefined-condition"};
    }
    return {"cancel", "undefined-condition"};
}

void emit_action(ApplyContext& ctx, Session& session, EffectPayload payload,
                 const ActionOrigin& origin) {
    const std::uint64_t id = ctx.emit(std::move(payload));
    // Only sends keep their payload.
    session.actions().remember(id, ActionOrigin{origin.from, origin.to, origin.id, origin.xmpp_id});
}

void send(ApplyContext& ctx, Session& session, ActionOrigin origin) {
    const std::uint64_t id = ctx.emit(*origin.send);
    session.actions().remember(id, std::move(origin));
}

void answer(ApplyContext& ctx, const ActionOrigin& origin, Refusal kind, std::string text) {
    const XmppError e = xmpp_error_for(kind);
    ctx.emit(SendXmppMessageError{origin.to, origin.from, origin.id, e.type, e.condition,
                                  std::move(text)});
}

std::string required_action_text(const std::string& action) {
    if (action == "REQUIRE_VERIFIED_EMAIL" || action == "REQUIRE_REVERIFIED_EMAIL") {
        return "verify your email address";
    }
    if (action == "REQUIRE_VERIFIED_PHONE" || action == "REQUIRE_REVERIFIED_PHONE") {
        return "verify your phone number";
    }
    if (action == "REQUIRE_CAPTCHA") return "solve a captcha";
    return "verify your account (email/phone)";
}

bool refuse_while_required(ApplyContext& ctx, const Session& session, const ActionOrigin& origin) {
    if (!session.required_action) return false;
    answer(ctx, origin, Refusal::verification_required,
           verification_advice(required_action_text(*session.required_action)) +
               " This was not sent.");
    return true;
}

void on_required_action(ApplyContext& ctx, Session& session, const DiscordRequiredAction& update) {
    if (session.required_action == update.required_action) return;
    session.required_action = update.required_action;
    gateway_status::show(ctx, session);
    if (session.required_action) {
        gateway_status::tell(ctx, session,
                             verification_advice(required_action_text(*session.required_action)));
    } else {
        gateway_status::tell(ctx, session,
                             "Discord no longer requires anything of your account: messages "
                             "go through again.");
    }
}

bool on_effect_failed(ApplyContext& ctx, Session& session, const DiscordEffectFailed& failed) {
    if (!session.pending) return false;
    std::optional<ActionOrigin> origin = session.pending->take(failed.effect_id);
    if (!origin) return false;
    const Refusal kind = failed.kind();
    std::string text = failed.reason;
    if (origin->send && kind == Refusal::captcha) {
        // Discord stored nothing (the challenge comes instead of the message), so the kept
        // message keeps its nonce and its xmpp_by_nonce entry: its resend's echo links it.
        const SplitMessage* split = session.pending->split(origin->xmpp_id);
        KeptMessage kept{*origin, split ? split->texts.size() : 1};
        session.pending->keep(std::move(kept));
        text += ". Kept: solve a captcha in the official Discord app, then run \"retry\".";
        answer(ctx, *origin, kind, std::move(text));
        gateway_status::tell(ctx, session, kCaptchaAdvice);
        return true;
    }
    if (origin->send) {
        session.messages.xmpp_by_nonce.erase(origin->send->nonce);
        session.messages.recipient_by_nonce.erase(origin->send->nonce);
    }
    answer(ctx, *origin, kind, std::move(text));
    if (kind == Refusal::verification_required && !session.required_action) {
        on_required_action(ctx, session, DiscordRequiredAction{"code 40002"});
    }
    return true;
}

std::string retry_kept(ApplyContext& ctx, Session& session) {
    if (!session.pending || session.pending->kept.empty()) return "No refused messages are kept.";
    if (session.required_action) {
        return verification_advice(required_action_text(*session.required_action)) +
               " The kept messages stay kept.";
    }
    std::vector<KeptMessage> kept = std::move(session.pending->kept);
    session.pending->kept.clear();
    // Same nonce as the first try: Discord did not store a captcha'd message, and if a retry
    // overlaps one that did get through, enforce_nonce makes Discord answer with that one.
    for (auto& k : kept) send(ctx, session, std::move(k.origin));
    return "Sent " + std::to_string(kept.size()) + (kept.size() == 1 ? " message" : " messages") +
           " to Discord again.";
}

bool resend_corrected(ApplyContext& ctx, Session& session, const XmppCorrection& correction) {
    if (!session.pending) return false;
    auto& kept = session.pending->kept;
    auto it = std::find_if(kept.begin(), kept.end(), [&](const KeptMessage& k) {
        return k.origin.xmpp_id == correction.replace_id &&
               bare_jid(k.origin.from) == bare_jid(correction.from);
    });
    if (it == kept.end()) return false;
    ActionOrigin retry{correction.from, correction.to, correction.id, it->origin.xmpp_id,
                       it->origin.send};
    if (refuse_while_required(ctx, session, retry)) return true;
    if (it->parts > 1) {
        answer(ctx, retry, Refusal::too_long,
               "This message went to Discord in " + std::to_string(it->parts) +
                   " parts and one was refused; run \"retry\" to send the kept part, or send "
                   "the new text as a new message.");
        return true;
    }
    std::string content =
        discord_content(session, room_of_jid(session, correction.to), correction.body, {});
    if (code_points(content) > kDiscordMaxCodePoints) {
        answer(ctx, retry, Refusal::too_long,
               "The corrected text is over Discord's 2,000 characters; send it as a new "
               "message, which is split into parts.");
        return true;
    }
    retry.send->content = std::move(content);
    kept.erase(it);
    send(ctx, session, std::move(retry));
    return true;
}

}  // namespace cordgate::core::action_refusals
