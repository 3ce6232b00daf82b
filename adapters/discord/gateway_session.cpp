#include <adapters/discord/gateway_session.hpp>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace cordgate::adapters::discord {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void key_string(Writer& w, const char* key, std::string_view value) {
    w.Key(key);
    w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

std::string json_string(const rapidjson::Value* d, const char* key) {
    if (!d || !d->IsObject()) return {};
    auto it = d->FindMember(key);
    if (it == d->MemberEnd() || !it->value.IsString()) return {};
    return std::string(it->value.GetString(), it->value.GetStringLength());
}

constexpr int kOpDispatch = 0;
constexpr int kOpHeartbeat = 1;
constexpr int kOpPresenceUpdate = 3;
constexpr int kOpReconnect = 7;
constexpr int kOpInvalidSession = 9;
constexpr int kOpHello = 10;
constexpr int kOpHeartbeatAck = 11;

// A close that keeps the session resumable on Discord's side (1000/1001 would end it).
constexpr int kCloseKeepSession = 4000;
constexpr int kCloseNormal = 1000;

// The presence object of op 3 and of IDENTIFY: a custom status is an activity of type 4
// whose text is `state` (its `name` must be "Custom Status").
void write_presence(Writer& w, const GatewayPresence& p) {
    w.StartObject();
    key_string(w, "status", p.status);
    w.Key("since");
    w.Int(0);
    w.Key("activities");
    w.StartArray();
    if (p.custom_status) {
        w.StartObject();
        w.Key("type");
        w.Int(4);
        key_string(w, "name", "Custom Status");
        key_string(w, "state", *p.custom_status);
        w.EndObject();
    }
    w.EndArray();
    w.Key("afk");
    w.Bool(p.afk);
    w.EndObject();
}

// Discord's limit on op 3 per connection.
constexpr std::size_t kPresencesPerWindow = 5;
constexpr Millis kPresenceWindow = 20000;

}  // namespace

std::string presence_update_frame(const GatewayPresence& presence) {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    w.Key("op");
    w.Int(kOpPresenceUpdate);
    w.Key("d");
    write_presence(w, presence);
    w.EndObject();
    return b.GetString();
}

GatewayStep GatewaySession::set_presence(GatewayPresence presence, Millis now) {
    GatewayStep step;
    presence_ = std::move(presence);
    // The next IDENTIFY carries it; if that went out already, or for a RESUME (which carries
    // none), it goes after READY / RESUMED; when the limit is reached, once it allows.
    presence_pending_ = true;
    send_presence(step, now);
    return step;
}

std::optional<Millis> GatewaySession::presence_due() const {
    if (!presence_pending_ || state_ != State::ready) return std::nullopt;
    if (presence_sent_.size() < kPresencesPerWindow) return Millis{0};
    return presence_sent_[presence_sent_.size() - kPresencesPerWindow] + kPresenceWindow;
}

void GatewaySession::send_presence(GatewayStep& step, Millis now) {
    auto due = presence_due();
    if (!due || *due > now) return;
    step.send.push_back(presence_update_frame(presence_));
    presence_pending_ = false;
    presence_sent_.push_back(now);
    while (presence_sent_.size() > kPresencesPerWindow) presence_sent_.pop_front();
}

GatewayStep GatewaySession::set_subscription(const core::SubscribeDiscordGuild& wish, Millis now) {
    GatewayStep step;
    if (options_.bot) return step;
    subscriptions_.set(wish, now);
    if (state_ == State::ready) step.send = subscriptions_.take(now);
    return step;
}

GatewaySession::GatewaySession(GatewayOptions options) : options_(std::move(options)) {}

std::string GatewaySession::connect_url(bool resume) const {
    std::string base = resume && !resume_url_.empty() ? resume_url_ : options_.gateway_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    std::string url = base + "/?v=" + std::to_string(options_.api_version) + "&encoding=json";
    if (options_.compress) url += "&compress=zlib-stream";
    return url;
}

GatewayStep GatewaySession::start(Millis now) {
    GatewayStep step;
    state_ = State::connecting;
    step.connect_url = connect_url(false);
    step.connect_at = now;
    return step;
}

void GatewaySession::on_connected(Millis, double jitter) {
    if (state_ == State::failed) return;
    state_ = State::waiting_hello;
    awaiting_ack_ = false;
    next_heartbeat_.reset();
    jitter_ = std::clamp(jitter, 0.0, 1.0);
}

std::string GatewaySession::heartbeat_frame() const {
    if (seq_ == 0) return R"({"op":1,"d":null})";
    return R"({"op":1,"d":)" + std::to_string(seq_) + "}";
}

std::string GatewaySession::identify_frame() const {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    w.Key("op");
    w.Int(2);
    w.Key("d");
    w.StartObject();
    key_string(w, "token", options_.token);
    w.Key("properties");
    w.RawValue(options_.identify_properties.data(), options_.identify_properties.size(),
               rapidjson::kObjectType);
    w.Key("presence");
    write_presence(w, presence_);
    if (options_.bot) {
        w.Key("intents");
        w.Int64(options_.intents);
    } else {
        // The READY shape follows from the bits (ready_assembly.hpp reads both shapes).
        w.Key("capabilities");
        w.Int64(options_.capabilities);
        w.Key("client_state");
        w.StartObject();
        w.Key("guild_versions");
        w.StartObject();
        w.EndObject();
        w.EndObject();
    }
    w.Key("compress");
    w.Bool(false);
    w.EndObject();
    w.EndObject();
    return b.GetString();
}

std::string GatewaySession::resume_frame() const {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    w.Key("op");
    w.Int(6);
    w.Key("d");
    w.StartObject();
    key_string(w, "token", options_.token);
    key_string(w, "session_id", session_id_);
    w.Key("seq");
    w.Int64(seq_);
    w.EndObject();
    w.EndObject();
    return b.GetString();
}

Millis GatewaySession::backoff() const {
    // The first reconnect goes at once: most drops are one-offs. Then doubling, capped.
    if (attempts_ == 0) return 0;
    Millis delay = options_.reconnect_min;
    for (int i = 1; i < attempts_ && delay < options_.reconnect_max; ++i) delay *= 2;
    return std::min(delay, options_.reconnect_max);
}

void GatewaySession::forget_session() {
    session_id_.clear();
    resume_url_.clear();
    seq_ = 0;
}

GatewayStep GatewaySession::reconnect(Millis now, bool resume, std::optional<int> close_code,
                                      Millis delay) {
    GatewayStep step;
    if (!resume) forget_session();
    step.close = close_code;
    step.connect_url = connect_url(resume && resumable());
    step.connect_at = now + delay;
    ++attempts_;
    state_ = State::connecting;
    presence_sent_.clear();  // the limit is per connection
    subscriptions_.on_disconnected();
    next_heartbeat_.reset();
    awaiting_ack_ = false;
    return step;
}

GatewayStep GatewaySession::on_payload(int op, std::optional<std::int64_t> s, std::string_view t,
                                       const rapidjson::Value* d, Millis now) {
    GatewayStep step;
    if (state_ == State::failed || state_ == State::idle || state_ == State::connecting) {
        return step;
    }
    switch (op) {
        case kOpHello: {
            Millis interval = 0;
            if (d && d->IsObject()) {
                auto it = d->FindMember("heartbeat_interval");
                if (it != d->MemberEnd() && it->value.IsInt64()) interval = it->value.GetInt64();
            }
            // A nonsensical interval would spin or starve the heartbeat; Discord's is ~41 s.
            heartbeat_interval_ = std::clamp<Millis>(interval, 100, 600000);
            next_heartbeat_ =
                now +
                static_cast<Millis>(std::floor(static_cast<double>(heartbeat_interval_) * jitter_));
            awaiting_ack_ = false;
            if (resumable()) {
                state_ = State::resuming;
                step.send.push_back(resume_frame());
            } else {
                state_ = State::identifying;
                step.send.push_back(identify_frame());
                presence_pending_ = false;  // the IDENTIFY carries the current presence
            }
            return step;
        }
        case kOpHeartbeatAck:
            awaiting_ack_ = false;
            return step;
        case kOpHeartbeat:
            // The server asks for one now; it does not move our own schedule.
            step.send.push_back(heartbeat_frame());
            return step;
        case kOpReconnect:
            return reconnect(now, true, kCloseKeepSession, 0);
        case kOpInvalidSession: {
            const bool can_resume = d && d->IsBool() && d->GetBool() && resumable();
            if (can_resume) return reconnect(now, true, kCloseKeepSession, 0);
            return reconnect(now, false, kCloseNormal, options_.invalid_session_delay);
        }
        case kOpDispatch:
            break;
        default:
            return step;  // unknown opcodes are ignored, as Discord's own clients do
    }

    // A dispatch. During a resume the server replays what we missed; anything at or below
    // what we already have would be a repeat.
    if (s) {
        if (*s <= seq_ && t != "READY") return step;
        seq_ = *s;
    }
    if (t == "READY") {
        session_id_ = json_string(d, "session_id");
        resume_url_ = json_string(d, "resume_gateway_url");
        state_ = State::ready;
        attempts_ = 0;
    } else if (t == "RESUMED") {
        state_ = State::ready;
        attempts_ = 0;
    }
    // Set after the IDENTIFY went out, or while resuming (a RESUME carries no presence).
    send_presence(step, now);
    if ((t == "READY" || t == "RESUMED") && !options_.bot) {
        subscriptions_.on_session_start();
        for (auto& frame : subscriptions_.take(now)) step.send.push_back(std::move(frame));
    }
    step.dispatch = true;
    return step;
}

GatewayStep GatewaySession::on_closed(std::optional<int> code, Millis now) {
    GatewayStep step;
    if (state_ == State::failed || state_ == State::idle) return step;
    subscriptions_.on_disconnected();
    if (code) {
        const int c = *code;
        if (c == 4004 || (c >= 4010 && c <= 4015)) next_heartbeat_.reset();
        if (c == 4015) {
            // Reconnecting would open yet another session on an account that has too many.
            state_ = State::failed;
            step.failed = GatewayFailure{
                "Discord refused another session for this account (close 4015: too many "
                "sessions). Close some Discord sessions (Settings > Devices in the official "
                "app), then log in again",
                c};
            return step;
        }
        if (c == 4004) {
            state_ = State::failed;
            step.failed =
                GatewayFailure{"authentication failed (close 4004): the token is not valid", c};
            return step;
        }
        if (c >= 4010 && c <= 4014) {
            state_ = State::failed;
            static constexpr const char* kWhy[] = {"invalid shard", "sharding required",
                                                   "invalid API version", "invalid intents",
                                                   "disallowed intents"};
            step.failed = GatewayFailure{std::string("gateway refused the session (close ") +
                                             std::to_string(c) + ": " + kWhy[c - 4010] + ")",
                                         c};
            return step;
        }
        if (c == 4007 || c == 4009) return reconnect(now, false, std::nullopt, backoff());
    }
    return reconnect(now, true, std::nullopt, backoff());
}

GatewayStep GatewaySession::on_message_too_big(std::size_t bytes) {
    GatewayStep step;
    if (state_ == State::failed || state_ == State::idle) return step;
    const bool before_ready = state_ != State::ready;
    state_ = State::failed;
    next_heartbeat_.reset();
    const auto mib = [](std::size_t n) {
        char text[32];
        std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(n) / (1 << 20));
        return std::string(text);
    };
    const std::string size = "at least " + mib(bytes);
    const std::string limit = "the gateway's limit of " + mib(options_.max_message_bytes) +
                              " per message ([discord] max_gateway_message_mib)";
    step.failed = GatewayFailure{
        before_ready ? "Discord's login data (READY, " + size + ") is over " + limit +
                           ", so the session cannot start. The gateway's operator can raise "
                           "the limit; leaving some Discord servers makes READY smaller"
                     : "a message from Discord's gateway (" + size + ") is over " + limit +
                           "; the session stopped, as Discord would send it again on every "
                           "resume. The gateway's operator can raise the limit",
        std::nullopt};
    return step;
}

GatewayStep GatewaySession::give_up(std::string reason) {
    GatewayStep step;
    if (state_ == State::failed || state_ == State::idle) return step;
    state_ = State::failed;
    next_heartbeat_.reset();
    step.close = 1000;  // Discord may forget the session: it will not be resumed
    step.failed = GatewayFailure{std::move(reason), std::nullopt};
    return step;
}

GatewayStep GatewaySession::on_tick(Millis now) {
    GatewayStep step;
    if (state_ == State::failed) return step;
    send_presence(step, now);
    if (state_ == State::ready) {
        for (auto& frame : subscriptions_.take(now)) step.send.push_back(std::move(frame));
    }
    if (!next_heartbeat_ || now < *next_heartbeat_) return step;
    if (awaiting_ack_) {
        // No ACK for the last heartbeat: the connection is a zombie. Resume on a new one.
        return reconnect(now, true, kCloseKeepSession, 0);
    }
    step.send.push_back(heartbeat_frame());
    awaiting_ack_ = true;
    next_heartbeat_ = now + heartbeat_interval_;
    return step;
}

std::optional<Millis> GatewaySession::next_deadline() const {
    std::optional<Millis> at = next_heartbeat_;
    for (std::optional<Millis> other : {presence_due(), subscriptions_.due()}) {
        if (other && (!at || *other < *at)) at = other;
    }
    return at;
}

GatewayStep GatewaySession::stop() {
    GatewayStep step;
    if (state_ != State::idle && state_ != State::failed) step.close = kCloseNormal;
    state_ = State::idle;
    forget_session();
    next_heartbeat_.reset();
    subscriptions_.on_disconnected();
    return step;
}

}  // namespace cordgate::adapters::discord
