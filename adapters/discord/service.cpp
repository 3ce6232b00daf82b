#include <adapters/discord/avatar.hpp>
#include <adapters/discord/gateway_frame.hpp>
#include <adapters/discord/gateway_session.hpp>
#include <adapters/discord/hot_dispatch.hpp>
#include <adapters/discord/io.hpp>
#include <adapters/discord/json_escapes.hpp>
#include <adapters/discord/json_read.hpp>
#include <adapters/discord/rate_limiter.hpp>
#include <adapters/discord/refusal.hpp>
#include <adapters/discord/rest_request.hpp>
#include <adapters/discord/service.hpp>
#include <adapters/discord/translate.hpp>
#include <common/bus_client.hpp>
#include <common/logging.hpp>
#include <core/json_doc.hpp>

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <unistd.h>

#include <map>
#include <random>

namespace cordgate::adapters::discord {

namespace asio = boost::asio;

namespace {

// How often the loop drives timers (heartbeats, reconnects, rate-limit resets) and polls the
// bus in case a wake-up was missed; effects themselves wake the loop through the bus socket.
// An idle adapter wakes 100 times a second, which costs next to nothing.
constexpr auto kLoopPeriod = std::chrono::milliseconds(10);
constexpr int kTransportRetries = 3;
// A gateway frame bigger than this could not travel the bus as one event anyway (the bus caps
// frames at 16 MiB), so it is skipped unparsed instead of being decoded for nothing.
constexpr std::size_t kMaxFrameBytes = 16 * 1024 * 1024;

// How long an effect for a user without a session waits for that user's login. After a restart
// of this adapter the core re-sends unacknowledged effects on hello, before the logins it sends
// in answer to discord.adapter_started; a user who never logs in again (unregistered meanwhile)
// must not hold effects forever.
constexpr Millis kHoldForLoginMs = 30000;

Millis monotonic_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

struct Job {
    core::Effect effect;
    RestRequest request;
    std::optional<core::Snowflake> opening_dm_with;
    int transport_failures = 0;
};

struct Session {
    std::string user;
    std::string token;  // clear text, wiped on destruction
    std::unique_ptr<GatewaySession> gateway;
    std::unique_ptr<WebSocket> socket;
    std::uint64_t id = 0;          // tells this session from an earlier one of the same user
    std::uint64_t generation = 0;  // tells this session's current socket from stale ones
    std::unique_ptr<HttpClient> http;
    RateLimiter limiter;
    std::map<RateLimiter::Ticket, Job> jobs;
    std::map<core::Snowflake, core::Snowflake> dm_channels;  // recipient -> DM channel
    std::optional<std::string> connect_url;
    Millis connect_at = 0;
    bool failed = false;
    // A discord.set_presence that came before the gateway existed (GET /gateway pending).
    std::optional<GatewayPresence> presence;

    ~Session() { common::wipe(token); }
};

}  // namespace

struct Service::Impl {
    asio::io_context& io;
    Config config;
    common::KeyPair keys;
    std::function<std::int64_t()> wall_clock_ms;
    asio::ssl::context tls{asio::ssl::context::tls_client};
    asio::steady_timer timer;
    common::BusClient bus;
    // ZeroMQ's notification descriptor (a dup of ZMQ_FD): readable when the bus may have input.
    // It signals edges, not levels, so every wake-up drains the socket; the tick catches an edge
    // that a send of ours consumed.
    asio::posix::stream_descriptor bus_wake;
    Url api;               // origin of the REST base
    std::string api_path;  // its path, e.g. /api/v9
    Url cdn;               // origin of the CDN (avatars)
    std::string cdn_path;
    std::unique_ptr<HttpClient> cdn_http;  // no Authorization: shared by every session
    std::map<std::string, std::unique_ptr<Session>> sessions;
    // Effects that arrived before their user's login, with when they arrived (see
    // kHoldForLoginMs); taken from the bus as `later` and completed once carried out.
    std::map<std::string, std::vector<std::pair<Millis, core::Effect>>> held;
    std::mt19937_64 random{std::random_device{}()};
    RateLimiter::Ticket next_ticket = 1;
    std::uint64_t next_generation = 1;
    bool stopping = false;

    Impl(asio::io_context& i, Config c, common::KeyPair k, std::function<std::int64_t()> clock)
        : io(i),
          config(std::move(c)),
          keys(std::move(k)),
          wall_clock_ms(std::move(clock)),
          timer(i),
          bus(common::BusClientOptions{config.bus_endpoint, "discord", core::Target::discord}),
          bus_wake(i, ::dup(bus.fd())),
          api(require_url(config.api_base, "discord.api_base")),
          api_path(api.target == "/" ? "" : api.target),
          cdn(require_url(config.cdn_base, "discord.cdn_base")),
          cdn_path(cdn.target == "/" ? "" : cdn.target) {
        tls.set_default_verify_paths();
        // A private CA (a test server, a TLS-inspecting proxy) on top of the system's.
        if (!config.ca_file.empty()) tls.load_verify_file(config.ca_file.string());
        tls.set_verify_mode(asio::ssl::verify_peer);
    }

    // ---- events ---------------------------------------------------------------------------

    void publish(const std::string& user, core::EventPayload payload) {
        core::Event e;
        e.origin = "discord";
        e.ts = wall_clock_ms();
        e.user = user;
        e.payload = std::move(payload);
        bus.publish(std::move(e));
    }

    void effect_failed(const core::Effect& effect, std::string reason,
                       std::optional<int> status = std::nullopt,
                       std::optional<core::Refusal> refusal = std::nullopt) {
        spdlog::warn("discord[{}]: effect {} ({}) failed: {}", effect.user, effect.id,
                     effect.type(), reason);
        publish(effect.user,
                core::DiscordEffectFailed{effect.id, std::move(reason), status, refusal});
    }

    // ---- the loop -------------------------------------------------------------------------

    void wait_for_bus() {
        bus_wake.async_wait(asio::posix::stream_descriptor::wait_read,
                            [this](const boost::system::error_code& ec) {
                                if (ec || stopping) return;
                                poll_bus();
                                wait_for_bus();
                            });
    }

    void poll_bus() {
        bus.poll(std::chrono::milliseconds(0),
                 [this](const core::Effect& effect) { return on_effect(effect); });
    }

    void schedule() {
        timer.expires_after(kLoopPeriod);
        timer.async_wait([this](const boost::system::error_code& ec) {
            if (ec || stopping) return;
            tick();
            schedule();
        });
    }

    // Carries out the effects that waited for `user`'s login (or fails them all).
    void release_held(const std::string& user) {
        auto it = held.find(user);
        if (it == held.end()) return;
        auto waiting = std::move(it->second);
        held.erase(it);
        for (auto& [since, effect] : waiting) {
            if (!sessions.count(user)) {
                effect_failed(effect, "no Discord session for this user: the login failed");
                bus.complete(effect.id);
            } else if (on_effect(effect) == common::BusClient::Outcome::done) {
                bus.complete(effect.id);
            }
        }
    }

    void expire_held(Millis now) {
        for (auto it = held.begin(); it != held.end();) {
            auto& waiting = it->second;
            while (!waiting.empty() && now - waiting.front().first > kHoldForLoginMs) {
                const core::Effect& effect = waiting.front().second;
                effect_failed(effect, "no Discord session for this user (no login came)");
                bus.complete(effect.id);
                waiting.erase(waiting.begin());
            }
            it = waiting.empty() ? held.erase(it) : std::next(it);
        }
    }

    void tick() {
        poll_bus();
        if (!held.empty()) expire_held(monotonic_ms());
        const Millis now = monotonic_ms();
        for (auto& [user, s] : sessions) {
            if (s->failed) continue;
            if (s->connect_url && now >= s->connect_at) connect(*s);
            if (s->gateway) {
                if (auto deadline = s->gateway->next_deadline(); deadline && now >= *deadline) {
                    apply(*s, s->gateway->on_tick(now));
                }
            }
            pump(*s, now);
        }
    }

    // ---- effects --------------------------------------------------------------------------

    common::BusClient::Outcome on_effect(const core::Effect& effect) {
        using Outcome = common::BusClient::Outcome;
        if (const auto* login = std::get_if<core::LoginDiscord>(&effect.payload)) {
            this->login(effect.user, login->sealed_token);
            release_held(effect.user);
            return Outcome::done;
        }
        if (const auto* logout = std::get_if<core::LogoutDiscord>(&effect.payload)) {
            if (auto existing = sessions.find(effect.user); existing != sessions.end()) {
                spdlog::info("discord[{}]: logging out ({})", effect.user, logout->reason);
                end_session(*existing->second, logout->reason);
                sessions.erase(existing);
            }
            return Outcome::done;
        }
        auto it = sessions.find(effect.user);
        if (it == sessions.end()) {
            spdlog::debug("discord[{}]: effect {} ({}) waits for the user's login", effect.user,
                          effect.id, effect.type());
            held[effect.user].emplace_back(monotonic_ms(), effect);
            return Outcome::later;
        }
        if (it->second->failed) {
            effect_failed(effect, "the user's Discord session failed to log in");
            return Outcome::done;
        }
        Session& s = *it->second;
        if (const auto* p = std::get_if<core::SetDiscordPresence>(&effect.payload)) {
            // A gateway opcode, not a REST call: done once handed to the session.
            GatewayPresence presence{p->status, p->custom_status};
            if (s.gateway) {
                apply(s, s.gateway->set_presence(std::move(presence)));
            } else {
                s.presence = std::move(presence);
            }
            return Outcome::done;
        }
        Job job{effect, {}, std::nullopt, 0};
        try {
            std::optional<RestRequest> request;
            if (auto recipient = dm_needed(effect.payload)) {
                auto known = s.dm_channels.find(*recipient);
                if (known != s.dm_channels.end()) {
                    request = request_for(effect.payload, known->second);
                } else {
                    request = open_dm(*recipient);
                    job.opening_dm_with = recipient;
                }
            } else {
                request = request_for(effect.payload);
            }
            if (!request) {
                effect_failed(effect,
                              std::string("not an effect this adapter knows: ") + effect.type());
                return Outcome::done;
            }
            job.request = std::move(*request);
        } catch (const std::invalid_argument& e) {
            effect_failed(effect, e.what());
            return Outcome::done;
        }
        const RateLimiter::Ticket ticket = next_ticket++;
        s.limiter.enqueue(job.request.route, ticket);
        s.jobs.emplace(ticket, std::move(job));
        pump(s, monotonic_ms());  // now, not at the next tick: that waited up to a loop period
        return Outcome::later;
    }

    void finish(Session& s, RateLimiter::Ticket ticket) {
        auto it = s.jobs.find(ticket);
        if (it == s.jobs.end()) return;
        bus.complete(it->second.effect.id);
        s.jobs.erase(it);
    }

    void pump(Session& s, Millis now) {
        if (!s.http) return;
        for (RateLimiter::Ticket ticket : s.limiter.take_ready(now)) {
            auto it = s.jobs.find(ticket);
            if (it == s.jobs.end()) {
                s.limiter.on_abandoned(ticket);
                continue;
            }
            const RestRequest& r = it->second.request;
            s.http->request(r.method, api_path + r.path, r.body, r.content_type,
                            [this, user = s.user, generation = s.id, ticket](HttpResponse res) {
                                on_response(user, generation, ticket, std::move(res));
                                send_next(user, generation);
                            });
        }
    }

    // A response frees its bucket: what waits behind it goes now, not at the next tick (which
    // capped a session at one request per loop period, ~90 sends/s; bench/RESULTS.md).
    void send_next(const std::string& user, std::uint64_t generation) {
        auto it = sessions.find(user);
        if (it == sessions.end() || it->second->id != generation || it->second->failed) return;
        pump(*it->second, monotonic_ms());
    }

    void on_response(const std::string& user, std::uint64_t generation, RateLimiter::Ticket ticket,
                     HttpResponse res) {
        auto it = sessions.find(user);
        if (it == sessions.end() || it->second->id != generation) return;
        Session& s = *it->second;
        auto job_it = s.jobs.find(ticket);
        if (job_it == s.jobs.end()) return;
        Job& job = job_it->second;
        const Millis now = monotonic_ms();
        if (res.status == 0) {
            s.limiter.on_abandoned(ticket);
            if (++job.transport_failures < kTransportRetries) {
                spdlog::warn("discord[{}]: {} {} failed ({}), retrying", user, job.request.method,
                             job.request.route, res.error);
                s.limiter.enqueue(job.request.route, ticket);
            } else {
                effect_failed(job.effect, res.error);
                finish(s, ticket);
            }
            return;
        }
        auto header = [&](const char* name) -> std::string_view {
            auto h = res.headers.find(name);
            return h == res.headers.end() ? std::string_view() : std::string_view(h->second);
        };
        RateLimitInfo info = rate_limit_info(res.status, header, res.body);
        if (s.limiter.on_response(ticket, info, now)) {
            spdlog::warn("discord[{}]: rate limited on {} ({}), retrying in {} ms", user,
                         job.request.route, info.global ? "global" : "route",
                         info.retry_after.value_or(0));
            return;
        }
        if (res.status >= 200 && res.status < 300) {
            if (job.opening_dm_with) {
                auto channel = channel_id_of(res.body);
                if (!channel) {
                    effect_failed(job.effect, "opening the DM gave no channel id");
                    finish(s, ticket);
                    return;
                }
                s.dm_channels[*job.opening_dm_with] = *channel;
                job.opening_dm_with.reset();
                job.request = *request_for(job.effect.payload, *channel);
                s.limiter.enqueue(job.request.route, ticket);
                return;
            }
            if (const auto* f = std::get_if<core::FetchDiscordUser>(&job.effect.payload)) {
                // With an avatar to fetch, the effect finishes when the CDN has answered.
                if (publish_profile(s, ticket, f->profile, res.body)) return;
            }
            if (const auto* h = std::get_if<core::FetchDiscordHistory>(&job.effect.payload)) {
                publish_history(s, job, h->channel_id, res.body);
            }
            spdlog::debug("discord[{}]: effect {} done ({} {})", user, job.effect.id,
                          job.request.method, job.request.route);
            finish(s, ticket);
            return;
        }
        std::string reason = "HTTP " + std::to_string(res.status) + " on " + job.request.route;
        if (auto message = error_message(res.body)) reason += ": " + *message;
        if (res.status == 401) login_failed(s, "Discord refused the token (" + reason + ")", {});
        const RefusalInfo refused = classify_refusal(res.status, res.body);
        effect_failed(job.effect, refused.reason, res.status, refused.kind);
        finish(s, ticket);
    }

    static std::optional<std::string> error_message(const std::string& body) {
        const std::string text = repaired_json_text(body);  // the reason is published
        rapidjson::Document doc;
        doc.Parse(text.data(), text.size());
        if (doc.HasParseError() || !doc.IsObject()) return std::nullopt;
        try {
            return opt_string(doc, "message", "");
        } catch (const MalformedPayload&) {
            return std::nullopt;
        }
    }

    // Publishes discord.user_profile, or fetches the avatar first (profile requests of a user
    // with one) and returns true: the job is finished then by fetch_avatar.
    bool publish_profile(Session& s, RateLimiter::Ticket ticket, bool with_avatar,
                         const std::string& body) {
        const Job& job = s.jobs.at(ticket);
        const std::string text = repaired_json_text(body);
        rapidjson::Document doc;
        doc.Parse(text.data(), text.size());
        core::DiscordUserProfile profile;
        try {
            if (doc.HasParseError()) throw MalformedPayload("not JSON");
            // /users/{id}/profile nests the user; /users/{id} is the user.
            const Json* nested = member(doc, "user");
            const Json& u = nested ? *nested : doc;
            profile.user = user(u, nested ? "user" : "");
            if (const Json* up = member(doc, "user_profile"))
                profile.bio = opt_string(*up, "bio", "user_profile");
            if (!profile.bio) profile.bio = opt_string(u, "bio", "user");
        } catch (const MalformedPayload& e) {
            effect_failed(job.effect,
                          std::string("the user Discord returned is malformed: ") + e.what());
            return false;
        }
        if (with_avatar && profile.user.avatar) {
            fetch_avatar(s, ticket, std::move(profile));
            return true;
        }
        publish(s.user, std::move(profile));
        return false;
    }

    void fetch_avatar(Session& s, RateLimiter::Ticket ticket, core::DiscordUserProfile profile) {
        std::string path;
        try {
            path = cdn_path + avatar_path(profile.user.id, *profile.user.avatar);
        } catch (const std::invalid_argument& e) {
            spdlog::warn("discord[{}]: avatar of {} not fetched: {}", s.user, profile.user.id.str(),
                         e.what());
            publish(s.user, std::move(profile));
            finish(s, ticket);
            return;
        }
        if (!cdn_http) cdn_http = std::make_unique<HttpClient>(io, tls, cdn, std::string());
        cdn_http->request(
            "GET", path, "", "",
            [this, user = s.user, generation = s.id, ticket, path,
             profile = std::move(profile)](HttpResponse res) mutable {
                auto it = sessions.find(user);
                // A session ended meanwhile has reported the effect as failed already.
                if (it == sessions.end() || it->second->id != generation) return;
                if (res.status == 200 && !res.body.empty()) {
                    auto type = res.headers.find("content-type");
                    AvatarImage a = avatar_image(
                        res.body, type == res.headers.end() ? std::string_view() : type->second);
                    profile.avatar_type = std::move(a.type);
                    profile.avatar_base64 = std::move(a.base64);
                    profile.avatar_sha1 = std::move(a.sha1_hex);
                } else {
                    // The profile is still worth having without its picture.
                    spdlog::warn("discord[{}]: avatar {} not fetched ({}), profile sent without it",
                                 user, path,
                                 res.status ? "HTTP " + std::to_string(res.status) : res.error);
                }
                publish(user, std::move(profile));
                finish(*it->second, ticket);
            });
    }

    void publish_history(Session& s, const Job& job, core::Snowflake channel_id,
                         const std::string& body) {
        try {
            HistoryTranslation h = translate_history(channel_id, body);
            for (const auto& why : h.skipped) {
                spdlog::error("discord[{}]: history of {}: message {} malformed, left out", s.user,
                              channel_id.str(), why);
            }
            publish(s.user, std::move(h.history));
        } catch (const MalformedPayload& e) {
            effect_failed(job.effect, std::string("the channel history is malformed: ") + e.what());
        }
    }

    // ---- sessions -------------------------------------------------------------------------

    void login(const std::string& user, const std::string& sealed_token) {
        std::string token;
        try {
            token = common::open(sealed_token, keys);
        } catch (const common::SealedBoxError& e) {
            spdlog::error("discord[{}]: login refused: the token cannot be unsealed ({})", user,
                          e.what());
            publish(user, core::DiscordLoginFailed{
                              std::string("the token cannot be unsealed: ") + e.what(), {}});
            return;
        }
        auto existing = sessions.find(user);
        if (existing != sessions.end()) {
            // The same token on a live session (e.g. a resent login effect): nothing to do.
            if (!existing->second->failed && existing->second->token == token) {
                common::wipe(token);
                return;
            }
            end_session(*existing->second, "replaced by a new login");
            sessions.erase(existing);
        }
        auto s = std::make_unique<Session>();
        s->user = user;
        s->token = std::move(token);
        s->id = next_generation++;
        s->http =
            std::make_unique<HttpClient>(io, tls, api, config.bot ? "Bot " + s->token : s->token);
        spdlog::info("discord[{}]: logging in with token {}", user, common::redacted(s->token));
        Session& ref = *s;
        sessions[user] = std::move(s);
        if (!config.gateway_url.empty()) {
            start_gateway(ref, config.gateway_url);
            return;
        }
        RestRequest r = get_gateway();
        ref.http->request(r.method, api_path + r.path, "", "",
                          [this, user, generation = ref.id](HttpResponse res) {
                              on_gateway_url(user, generation, std::move(res));
                          });
    }

    void on_gateway_url(const std::string& user, std::uint64_t generation, HttpResponse res) {
        auto it = sessions.find(user);
        if (it == sessions.end() || it->second->id != generation) return;
        Session& s = *it->second;
        rapidjson::Document doc;
        doc.Parse(res.body.data(), res.body.size());
        std::optional<std::string> url;
        if (res.status == 200 && !doc.HasParseError()) {
            try {
                url = opt_string(doc, "url", "");
            } catch (const MalformedPayload&) {
            }
        }
        if (!url) {
            if (res.status == 401) {
                login_failed(s, "Discord refused the token (HTTP 401 on GET /gateway)", {});
                return;
            }
            // Transient (network, 5xx): try again after the usual backoff.
            spdlog::warn("discord[{}]: GET /gateway failed ({}), retrying", user,
                         res.error.empty() ? "HTTP " + std::to_string(res.status) : res.error);
            auto retry = std::make_shared<asio::steady_timer>(io, config.reconnect_min);
            retry->async_wait([this, user, generation, retry](const boost::system::error_code& ec) {
                auto again = sessions.find(user);
                if (ec || again == sessions.end() || again->second->id != generation) return;
                RestRequest r = get_gateway();
                again->second->http->request(r.method, api_path + r.path, "", "",
                                             [this, user, generation](HttpResponse res2) {
                                                 on_gateway_url(user, generation, std::move(res2));
                                             });
            });
            return;
        }
        start_gateway(s, *url);
    }

    void start_gateway(Session& s, const std::string& url) {
        GatewayOptions o;
        o.token = s.token;
        o.bot = config.bot;
        o.gateway_url = url;
        o.compress = config.compress;
        o.reconnect_min = config.reconnect_min.count();
        o.reconnect_max = config.reconnect_max.count();
        o.invalid_session_delay = 1000 + static_cast<Millis>(random() % 4000);
        s.gateway = std::make_unique<GatewaySession>(std::move(o));
        if (s.presence) {
            apply(s, s.gateway->set_presence(std::move(*s.presence)));
            s.presence.reset();
        }
        apply(s, s.gateway->start(monotonic_ms()));
    }

    void connect(Session& s) {
        std::string url_text = std::move(*s.connect_url);
        s.connect_url.reset();
        Url url;
        try {
            url = require_url(url_text, "gateway URL");
        } catch (const std::invalid_argument& e) {
            login_failed(s, e.what(), {});
            return;
        }
        const std::uint64_t generation = ++s.generation;
        const std::string user = s.user;
        spdlog::debug("discord[{}]: connecting to {}://{}:{}", user, url.tls ? "wss" : "ws",
                      url.host, url.port);
        WebSocket::Handlers h;
        h.on_open = [this, user, generation] {
            if (Session* s2 = current(user, generation)) {
                spdlog::debug("discord[{}]: gateway connected", user);
                s2->gateway->on_connected(monotonic_ms(),
                                          std::uniform_real_distribution<double>(0, 1)(random));
            }
        };
        h.on_message = [this, user, generation](std::string_view text) {
            if (Session* s2 = current(user, generation)) on_frame(*s2, text);
        };
        h.on_closed = [this, user, generation](std::optional<int> code, std::string why) {
            if (Session* s2 = current(user, generation)) {
                spdlog::info("discord[{}]: gateway closed ({}{})", user,
                             code ? "code " + std::to_string(*code) + ", " : "", why);
                apply(*s2, s2->gateway->on_closed(code, monotonic_ms()));
            }
        };
        s.socket = std::make_unique<WebSocket>(io, tls, std::move(h));
        s.socket->connect(url, config.compress);
    }

    Session* current(const std::string& user, std::uint64_t generation) {
        auto it = sessions.find(user);
        if (it == sessions.end() || it->second->generation != generation) return nullptr;
        return it->second.get();
    }

    void on_frame(Session& s, std::string_view frame) {
        if (frame.size() > kMaxFrameBytes) {
            spdlog::error(
                "discord[{}]: gateway frame of {} bytes is over the {} byte limit, skipped", s.user,
                frame.size(), kMaxFrameBytes);
            return;
        }
        // Nearly every frame of a busy session is one of the few dispatches read without a DOM.
        if (auto hot = read_hot_dispatch(frame)) {
            GatewayStep step =
                s.gateway->on_payload(0, hot->seq, hot->name, nullptr, monotonic_ms());
            if (step.dispatch) publish(s.user, std::move(hot->payload));
            apply(s, std::move(step));
            return;
        }
        std::string text(frame);  // the DOM's storage: parse_gateway_frame decodes in place
        core::StackJson json;     // no 64 KiB heap chunk per gateway event (core/json_doc.hpp)
        rapidjson::Document& doc = json.doc();
        if (!parse_gateway_frame(text, doc)) {
            spdlog::error("discord[{}]: gateway frame is not a JSON object ({} bytes), skipped",
                          s.user, text.size());
            return;
        }
        const auto [op, seq, name, d] = read_frame_header(doc);
        if (op < 0) {
            spdlog::error("discord[{}]: gateway frame without an op, skipped", s.user);
            return;
        }
        if (op != 0 && op != 1 && op != 7 && op != 9 && op != 10 && op != 11) {
            // Discord adds opcodes now and then; one we do not know is not worth a reconnect.
            spdlog::warn("discord[{}]: gateway op {} unknown, skipped", s.user, op);
            return;
        }
        GatewayStep step = s.gateway->on_payload(op, seq, name, d, monotonic_ms());
        if (step.dispatch) {
            static const rapidjson::Value kNull;
            Translation tr = translate_dispatch(name, d ? *d : kNull);
            for (const auto& why : tr.skipped) {
                spdlog::warn("discord[{}]: dispatch {} (s={}): an entry left out: {}", s.user, name,
                             seq.value_or(0), why);
            }
            switch (tr.kind) {
                case Translation::Kind::event:
                    publish(s.user, std::move(*tr.payload));
                    break;
                case Translation::Kind::ignored:
                    spdlog::debug("discord[{}]: dispatch {} (s={}) not used, skipped", s.user, name,
                                  seq.value_or(0));
                    break;
                case Translation::Kind::malformed:
                    spdlog::error("discord[{}]: dispatch {} (s={}) malformed, skipped: {}", s.user,
                                  name, seq.value_or(0), tr.error);
                    break;
            }
        }
        apply(s, std::move(step));
    }

    void apply(Session& s, GatewayStep step) {
        if (s.socket) {
            for (auto& frame : step.send) s.socket->send(std::move(frame));
        }
        if (step.close && s.socket) {
            s.socket->close(*step.close);
            s.socket.reset();
        }
        if (step.connect_url) {
            if (!step.close && s.socket) s.socket.reset();  // the old socket is gone already
            s.connect_url = std::move(step.connect_url);
            s.connect_at = step.connect_at;
        }
        if (step.failed) login_failed(s, step.failed->reason, step.failed->close_code);
    }

    void login_failed(Session& s, const std::string& reason, std::optional<int> code) {
        if (s.failed) return;
        s.failed = true;
        spdlog::error("discord[{}]: session failed, not retrying: {}", s.user, reason);
        if (s.socket) {
            s.socket->close(1000);
            s.socket.reset();
        }
        publish(s.user, core::DiscordLoginFailed{reason, code});
    }

    void end_session(Session& s, const std::string& why) {
        if (s.gateway) s.gateway->stop();
        if (s.socket) s.socket->close(1000);
        s.socket.reset();
        if (s.http) s.http->shutdown();
        for (auto& [ticket, job] : s.jobs) {
            effect_failed(job.effect, "the session ended (" + why + ")");
            bus.complete(job.effect.id);
        }
        s.jobs.clear();
    }
};

Service::Service(asio::io_context& io, Config config, common::KeyPair keys,
                 std::function<std::int64_t()> wall_clock_ms)
    : impl_(std::make_unique<Impl>(io, std::move(config), std::move(keys),
                                   std::move(wall_clock_ms))) {}

Service::~Service() {
    stop();
}

void Service::start() {
    // The core answers with a login for every registered user: sessions survive a restart.
    impl_->publish("", core::DiscordAdapterStarted{std::to_string(impl_->wall_clock_ms()),
                                                   impl_->config.dm_strangers});
    impl_->tick();
    impl_->schedule();
    impl_->wait_for_bus();
}

void Service::run() {
    asio::io_context& io = impl_->io;
    while (!io.stopped()) {
        if (io.run_one() == 0) break;
        io.poll();
        impl_->bus.flush();
        if (impl_->bus.readable()) impl_->poll_bus();
    }
}

void Service::stop() {
    if (impl_->stopping) return;
    impl_->stopping = true;
    impl_->timer.cancel();
    impl_->bus_wake.cancel();
    if (impl_->cdn_http) impl_->cdn_http->shutdown();
    for (auto& [user, s] : impl_->sessions) impl_->end_session(*s, "the adapter is stopping");
    // Publish what is left (effect failures) before the process goes.
    impl_->bus.poll(std::chrono::milliseconds(100),
                    [](const core::Effect&) { return common::BusClient::Outcome::retry; });
}

}  // namespace cordgate::adapters::discord
