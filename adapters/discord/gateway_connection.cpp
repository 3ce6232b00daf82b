#include <adapters/discord/gateway_connection.hpp>
#include <adapters/discord/gateway_frame.hpp>
#include <adapters/discord/hot_dispatch.hpp>
#include <adapters/discord/io.hpp>
#include <adapters/discord/ready_source.hpp>
#include <adapters/discord/translate.hpp>
#include <adapters/discord/url.hpp>
#include <common/bus_protocol.hpp>
#include <core/codec.hpp>
#include <core/json_doc.hpp>

#include <spdlog/spdlog.h>

#include <chrono>

namespace cordgate::adapters::discord {
namespace {

// The envelope around a payload (type, user, origin, ts, ...) is well under this.
constexpr std::size_t kEnvelopeSlack = 64 * 1024;
// discord.ready is smaller than the READY and READY_SUPPLEMENTAL it comes from (0.41-0.44 of
// them measured, bench/RESULTS.md "Issue #22: heavy login"): below a quarter of a bus frame of
// those it cannot outgrow one, and is not encoded twice just to be measured.
constexpr std::size_t kCheckEventAbove = common::bus::kMaxFrameBytes / 4;

}  // namespace

GatewayConnection::GatewayConnection(boost::asio::io_context& io, boost::asio::ssl::context& tls,
                                     GatewayOptions options, HeaderList websocket_headers,
                                     std::string user, Hooks hooks)
    : io_(io),
      tls_(tls),
      session_(options),
      ready_(!options.bot && ReadyAssembly::supplemental_follows(options.capabilities)),
      websocket_headers_(std::move(websocket_headers)),
      compress_(options.compress),
      max_message_bytes_(options.max_message_bytes),
      user_(std::move(user)),
      hooks_(std::move(hooks)) {}

GatewayConnection::~GatewayConnection() {
    apply(session_.stop());
    close();
}

void GatewayConnection::start() {
    apply(session_.start(hooks_.clock()));
}

void GatewayConnection::tick() {
    if (over_) return;
    const Millis now = hooks_.clock();
    if (connect_url_ && now >= connect_at_) connect();
    if (auto deadline = session_.next_deadline(); deadline && now >= *deadline) {
        apply(session_.on_tick(now));
    }
}

void GatewayConnection::set_presence(GatewayPresence presence) {
    apply(session_.set_presence(std::move(presence), hooks_.clock()));
}

void GatewayConnection::set_subscription(const core::SubscribeDiscordGuild& wish) {
    apply(session_.set_subscription(wish, hooks_.clock()));
}

void GatewayConnection::close() {
    connect_url_.reset();
    if (socket_) socket_->close(1000);
    socket_.reset();
}

void GatewayConnection::connect() {
    std::string url_text = std::move(*connect_url_);
    connect_url_.reset();
    if (hooks_.milestone) {
        hooks_.milestone(connected_before_ ? GatewayMilestone::reconnect
                                           : GatewayMilestone::connect);
    }
    connected_before_ = true;
    Url url;
    try {
        url = require_url(url_text, "gateway URL");
    } catch (const std::invalid_argument& e) {
        over_ = true;
        hooks_.failed(e.what(), std::nullopt);
        return;
    }
    const std::uint64_t generation = ++generation_;
    spdlog::debug("discord[{}]: connecting to {}://{}:{}", user_, url.tls ? "wss" : "ws", url.host,
                  url.port);
    WebSocket::Handlers h;
    h.on_open = [this, generation] {
        if (generation != generation_) return;
        spdlog::debug("discord[{}]: gateway connected", user_);
        session_.on_connected(hooks_.clock(), hooks_.jitter());
    };
    h.on_message = [this, generation](std::string_view text) {
        if (generation == generation_) on_frame(text);
    };
    h.on_closed = [this, generation](std::optional<int> code, std::string why) {
        if (generation != generation_) return;
        spdlog::info("discord[{}]: gateway closed ({}{})", user_,
                     code ? "code " + std::to_string(*code) + ", " : "", why);
        apply(session_.on_closed(code, hooks_.clock()));
    };
    h.on_too_big = [this, generation](std::size_t bytes, std::size_t limit) {
        if (generation != generation_) return;
        spdlog::error(
            "discord[{}]: a gateway message of at least {} bytes is over the {} byte "
            "limit",
            user_, bytes, limit);
        socket_.reset();  // closed already, with 1009
        apply(session_.on_message_too_big(bytes));
    };
    socket_ = std::make_unique<WebSocket>(io_, tls_, std::move(h));
    socket_->connect(url, compress_, max_message_bytes_, websocket_headers_);
}

void GatewayConnection::on_frame(std::string_view frame) {
    const Millis now = hooks_.clock();
    // Nearly every frame of a busy session is one of the few dispatches read without a DOM.
    if (auto hot = read_hot_dispatch(frame)) {
        GatewayStep step = session_.on_payload(0, hot->seq, hot->name, nullptr, now);
        if (step.dispatch) hooks_.publish(std::move(hot->payload));
        apply(std::move(step));
        return;
    }
    const auto started = std::chrono::steady_clock::now();
    // The login's dispatches are the largest frames: read in slices, never as one DOM.
    if (auto login = slice_login_dispatch(frame)) {
        on_login_frame(*login, frame.size(), now, started);
        return;
    }
    GatewayStep step;
    {
        std::string text(frame);  // the DOM's storage: parse_gateway_frame decodes in place
        core::StackJson json;     // no 64 KiB heap chunk per gateway event (core/json_doc.hpp)
        rapidjson::Document& doc = json.doc();
        if (!parse_gateway_frame(text, doc)) {
            spdlog::error("discord[{}]: gateway frame is not a JSON object ({} bytes), skipped",
                          user_, text.size());
            return;
        }
        const auto [op, seq, name, d] = read_frame_header(doc);
        if (op < 0) {
            spdlog::error("discord[{}]: gateway frame without an op, skipped", user_);
            return;
        }
        if (op != 0 && op != 1 && op != 7 && op != 9 && op != 10 && op != 11) {
            // Discord adds opcodes now and then; one we do not know is not worth a reconnect.
            spdlog::warn("discord[{}]: gateway op {} unknown, skipped", user_, op);
            return;
        }
        step = session_.on_payload(op, seq, name, d, now);
        if (step.dispatch && (name == "READY" || name == "READY_SUPPLEMENTAL")) {
            // A login JsonCursor declined (an escaped surrogate, say): read from the DOM.
            if (d && d->IsObject()) {
                read_and_publish_login(name, seq, DomReadySource(*d), frame.size(), started);
            } else {
                spdlog::error(
                    "discord[{}]: dispatch {} (s={}) malformed, skipped: d: expected an object",
                    user_, name, seq.value_or(0));
            }
            if (over_) return;  // the login could not be passed on: the session failed
        } else if (step.dispatch) {
            translate_and_publish(name, seq, d);
        }
    }
    apply(std::move(step));
}

void GatewayConnection::translate_and_publish(std::string_view name,
                                              std::optional<std::int64_t> seq,
                                              const rapidjson::Value* d) {
    static const rapidjson::Value kNull;
    Translation tr = translate_dispatch(name, d ? *d : kNull);
    for (const auto& why : tr.skipped) {
        spdlog::warn("discord[{}]: dispatch {} (s={}): an entry left out: {}", user_, name,
                     seq.value_or(0), why);
    }
    switch (tr.kind) {
        case Translation::Kind::event:
            hooks_.publish(std::move(*tr.payload));
            break;
        case Translation::Kind::ignored:
            spdlog::debug("discord[{}]: dispatch {} (s={}) not used, skipped", user_, name,
                          seq.value_or(0));
            break;
        case Translation::Kind::malformed:
            spdlog::error("discord[{}]: dispatch {} (s={}) malformed, skipped: {}", user_, name,
                          seq.value_or(0), tr.error);
            break;
    }
}

void GatewayConnection::on_login_frame(const SlicedLoginDispatch& login, std::size_t frame_bytes,
                                       Millis now, std::chrono::steady_clock::time_point started) {
    // What the session machine reads of READY (its session id and resume URL) as a small DOM.
    core::StackJson json;
    rapidjson::Document& fields = json.doc();
    fields.SetObject();
    for (const char* key : {"session_id", "resume_gateway_url"}) {
        login.d.with(key, [&](const Json& v) {
            if (!v.IsString()) return;
            rapidjson::Value copy(v.GetString(), v.GetStringLength(), fields.GetAllocator());
            fields.AddMember(rapidjson::StringRef(key), copy, fields.GetAllocator());
        });
    }
    GatewayStep step = session_.on_payload(0, login.seq, login.name, &fields, now);
    if (step.dispatch) {
        read_and_publish_login(login.name, login.seq, login.d, frame_bytes, started);
        if (over_) return;  // the login could not be passed on: the session failed
    }
    apply(std::move(step));
}

void GatewayConnection::read_and_publish_login(std::string_view name,
                                               std::optional<std::int64_t> seq,
                                               const ReadySource& d, std::size_t frame_bytes,
                                               std::chrono::steady_clock::time_point started) {
    login_bytes_ = name == "READY" ? frame_bytes : login_bytes_ + frame_bytes;
    Skipped skipped;
    std::size_t published = 0;
    auto publish = [&](core::EventPayload e) {
        if (over_) return;
        if (published == 0 && !fits_bus(e)) return;
        hooks_.publish(std::move(e));
        ++published;
    };
    try {
        if (name == "READY") {
            ready_.on_ready(d, skipped, publish);
        } else {
            ready_.on_supplemental(d, skipped, publish);
        }
    } catch (const MalformedPayload& e) {
        spdlog::error("discord[{}]: dispatch {} (s={}) malformed, skipped: {}", user_, name,
                      seq.value_or(0), e.what());
        return;
    }
    for (const auto& why : skipped) {
        spdlog::warn("discord[{}]: dispatch {} (s={}): an entry left out: {}", user_, name,
                     seq.value_or(0), why);
    }
    if (over_) return;
    // What a login cost the adapter, for the operator of a heavy account (and bench/login).
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    if (ready_.holding()) {
        spdlog::info(
            "discord[{}]: {} of {} bytes read in {:.1f} ms; READY held until "
            "READY_SUPPLEMENTAL",
            user_, name, frame_bytes, ms);
    } else if (published > 0) {
        spdlog::info(
            "discord[{}]: {} of {} bytes read in {:.1f} ms: discord.ready and {} presences "
            "published",
            user_, name, frame_bytes, ms, published - 1);
    }
}

bool GatewayConnection::fits_bus(const core::EventPayload& first) {
    const auto* ready = std::get_if<core::DiscordReady>(&first);
    if (!ready || login_bytes_ <= kCheckEventAbove) return true;
    // The one event that grows with the account: it must fit a bus frame, or the core would
    // refuse it on every resend and the session would never be ready.
    const std::size_t event_bytes = core::encode(*ready).size();
    if (event_bytes + kEnvelopeSlack <= static_cast<std::size_t>(common::bus::kMaxFrameBytes)) {
        return true;
    }
    spdlog::error("discord[{}]: discord.ready of {} bytes does not fit a bus frame", user_,
                  event_bytes);
    apply(session_.give_up("Discord's login data makes an event of " +
                           std::to_string(event_bytes >> 20) + " MiB, over the " +
                           std::to_string(common::bus::kMaxFrameBytes >> 20) +
                           " MiB an event may have on cordgate's bus, so the session cannot start. "
                           "Leaving some Discord servers makes it smaller"));
    return false;
}

void GatewayConnection::apply(GatewayStep step) {
    if (socket_) {
        for (auto& frame : step.send) socket_->send(std::move(frame));
    }
    if (step.close && socket_) {
        socket_->close(*step.close);
        socket_.reset();
    }
    if (step.connect_url) {
        if (!step.close && socket_) socket_.reset();  // the old socket is gone already
        connect_url_ = std::move(step.connect_url);
        connect_at_ = step.connect_at;
    }
    if (step.failed && !over_) {
        over_ = true;
        close();
        hooks_.failed(step.failed->reason, step.failed->close_code);
    }
    note_state();
}

void GatewayConnection::note_state() {
    const GatewaySession::State state = session_.state();
    if (state == noted_state_) return;
    const GatewaySession::State before = noted_state_;
    noted_state_ = state;
    if (!hooks_.milestone) return;
    if (state == GatewaySession::State::identifying) hooks_.milestone(GatewayMilestone::identify);
    if (state == GatewaySession::State::resuming) hooks_.milestone(GatewayMilestone::resume);
    if (state == GatewaySession::State::ready && before == GatewaySession::State::resuming) {
        hooks_.milestone(GatewayMilestone::resumed);
    }
}

}  // namespace cordgate::adapters::discord
