#include <adapters/xmpp/gateway.hpp>

#include <adapters/xmpp/stanza_limit.hpp>
#include <runtime/ask_core.hpp>

#include <spdlog/spdlog.h>

namespace cordgate::adapters::xmpp {
namespace {

// Peer-controlled text in a log line: bounded, and without control characters that could fake
// extra lines.
std::string printable(std::string_view text, std::size_t max = 128) {
    std::string out;
    for (char c : text.substr(0, max)) {
        out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c;
    }
    if (text.size() > max) out += "...";
    return out;
}

}  // namespace

Gateway::Gateway(const Config& config, const common::PublicKey& discord_key, BusPort& bus,
                 WallClock wall_clock, XmppMetrics& metrics)
    : inbound_{config.component_jid, config.allowed_domains, config.max_body_bytes, discord_key,
               config.admins},
      outbound_{config.component_jid},
      senders_{config.component_jid},
      bus_(bus),
      metrics_(metrics),
      max_stanza_bytes_(config.max_stanza_bytes),
      wall_clock_(std::move(wall_clock)),
      uploads_(config.component_jid, config.allowed_domains, config.files),
      status_(config.control_endpoint, runtime::ask_core),
      component_(
          ComponentOptions{config.host, config.port, config.component_jid, config.secret,
                           config.reconnect_min, config.reconnect_max,
                           StreamLimits{.max_stanza_bytes = config.max_inbound_stanza_bytes}},
          ComponentCallbacks{[this] { carry_out(uploads_.start(wall_clock_())); }, nullptr,
                             [this](Element& stanza) { on_stanza(stanza); }}) {}

void Gateway::publish(std::string user, core::EventPayload payload) {
    core::Event event;
    event.origin = "xmpp";
    event.ts = wall_clock_();
    event.user = std::move(user);
    event.payload = std::move(payload);
    bus_.publish(std::move(event));
    metrics_.events_published.inc();
}

void Gateway::send(const Element& stanza) {
    if (component_.send(stanza)) metrics_.stanza_out(stanza_kind(stanza.name));
}

void Gateway::send_raw(std::string_view xml) {
    if (component_.send_raw(xml)) metrics_.stanza_out(stanza_kind_of_text(xml));
}

void Gateway::carry_out(UploadOut out) {
    for (const auto& stanza : out.stanzas) send(stanza);
    for (auto& [user, payload] : out.events) {
        if (const auto* found = std::get_if<core::XmppUploadService>(&payload)) {
            spdlog::info("upload service of {}: {}", found->domain,
                         found->service.empty() ? "none" : found->service);
        }
        publish(std::move(user), std::move(payload));
    }
}

void Gateway::run_once(std::chrono::milliseconds timeout) {
    // Effects first, then the network, so the stanzas they queue are written in the same turn;
    // then one sleep on both sockets. Sleeping on each in turn made an effect wait out the
    // network's timeout (and a stanza the bus's) whenever the other side was quiet.
    bus_.poll(std::chrono::milliseconds(0),
              [this](const core::Effect& effect) { return on_effect(effect); });
    component_.run_once(std::chrono::milliseconds(0));
    if (uploads_.awaited() > 0) carry_out(uploads_.expire(wall_clock_()));
    if (status_.waiting() > 0) {
        for (const Element& answer : status_.finished()) component_.send(answer);
    }
    // While output is queued (the server reads slower than we write), the wait also ends once
    // the socket takes more. The kernel reports that when a third of its buffer is free: a few
    // large writes. Waking every millisecond instead cost 1.5 µs per message behind prosody,
    // with 14 messages written per wake (bench/RESULTS.md, session 8).
    bus_.wait(timeout, component_.socket_fd(), component_.has_pending_output());
}

void Gateway::on_stanza(Element& stanza) {
    metrics_.stanza_in(stanza_kind(stanza.name));
    // Answers to the gateway's own XEP-0363 questions, before the users' stanzas: they come
    // from services and servers, not from users of the allowed domains.
    if (auto answered = uploads_.on_reply(stanza, wall_clock_())) {
        carry_out(std::move(*answered));
        return;
    }
    Inbound in = translate(stanza, inbound_);
    // Notes are written by translate() and never quote stanza content, so they are safe to log
    // whatever the stanza carried (a registration token, a private message).
    if (!in.event && !in.reply && in.note.starts_with("dropped")) {
        spdlog::info("<{}/> from {}: {}", printable(stanza.name, 32),
                     printable(stanza.attr_or("from", "?")), printable(in.note, 256));
    } else {
        spdlog::debug("<{}/> from {}: {}", printable(stanza.name, 32),
                      printable(stanza.attr_or("from", "?")), printable(in.note, 256));
    }
    if (in.event) {
        if (const auto* priv = std::get_if<core::XmppPrivileges>(&*in.event)) {
            outbound_.privilege_ns = priv->namespace_;
            spdlog::info("server {} granted {} privileges in {}", priv->from, priv->perms.size(),
                         priv->namespace_);
        }
        publish(std::move(in.user), std::move(*in.event));
    }
    if (in.status_command) {
        spdlog::info("status command from {}", printable(in.status_command->from));
        if (auto answer = status_.start(*in.status_command)) component_.send(*answer);
    }
    if (in.reply) {
        if (in.reply->attr_or("type") == "error") spdlog::info("answered an error: {}", in.note);
        send(*in.reply);
    }
}

bool Gateway::on_effect(const core::Effect& effect) {
    const bool done = carry_out(effect);
    (done ? metrics_.effects_done : metrics_.effects_waiting).inc();
    return done;
}

bool Gateway::carry_out(const core::Effect& effect) {
    if (effect.target() != core::Target::xmpp) {
        spdlog::warn("effect {} ({}) is not for the XMPP adapter; skipped", effect.id,
                     effect.type());
        return true;
    }
    // Effects wait on the bus while the server is away; they are resent in order once back.
    if (!component_.connected()) return false;
    if (const auto* slot = std::get_if<core::RequestXmppUploadSlot>(&effect.payload)) {
        if (auto local = uploads_.local_slot(effect.user, *slot))
            carry_out(std::move(*local));
        else
            send(uploads_.request_slot(effect.user, *slot, wall_clock_()));
        return true;
    }
    switch (write_stanza_within(effect, outbound_, max_stanza_bytes_, text_, from_)) {
        case Fit::whole:
            break;
        case Fit::cut:
            spdlog::warn("effect {} ({}): body cut to fit the server's {} byte stanza limit",
                         effect.id, effect.type(), max_stanza_bytes_);
            break;
        case Fit::no_stanza:
            spdlog::warn("effect {} ({}) has no stanza form; skipped", effect.id, effect.type());
            return true;
        case Fit::too_big:
            spdlog::error(
                "effect {} ({}) is {} bytes, over the server's {} byte stanza limit; "
                "skipped, and {} told",
                effect.id, effect.type(), text_.size(), max_stanza_bytes_, printable(effect.user));
            send_raw(too_big_notice(effect, outbound_, text_.size(), max_stanza_bytes_));
            return true;
    }
    if (!senders_.allowed(from_)) {
        spdlog::error("effect {} ({}) would send from '{}', outside {}; skipped", effect.id,
                      effect.type(), printable(from_), outbound_.gateway);
        return true;
    }
    send_raw(text_);
    spdlog::debug("effect {} ({}) sent", effect.id, effect.type());
    return true;
}

}  // namespace cordgate::adapters::xmpp
