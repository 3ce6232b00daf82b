#include <adapters/discord/effect_executor.hpp>
#include <adapters/discord/gateway_connection.hpp>
#include <adapters/discord/io.hpp>
#include <adapters/discord/json_read.hpp>
#include <adapters/discord/presence_policy.hpp>
#include <adapters/discord/route_pace.hpp>
#include <adapters/discord/session_health.hpp>
#include <adapters/discord/session_supervisor.hpp>
#include <common/logging.hpp>

#include <spdlog/spdlog.h>

#include <chrono>

namespace cordgate::adapters::discord {
namespace {

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// How long an effect for a user without a session waits for that user's login. After a restart
// of this adapter the core re-sends unacknowledged effects on hello, before the logins it sends
// in answer to discord.adapter_started; a user who never logs in again (unregistered meanwhile)
// must not hold effects forever.
constexpr Millis kHoldForLoginMs = 30000;

// The pipeline's way out: requests to the API origin with the session's token and profile.
class HttpTransport : public RestTransport {
  public:
    HttpTransport(HttpClient& http, std::string api_path)
        : http_(http), api_path_(std::move(api_path)) {}
    void send(const RestRequest& r, std::function<void(HttpResponse)> done) override {
        HeaderList extra;
        if (!r.context_properties.empty()) {
            extra.emplace_back("X-Context-Properties", r.context_properties);
        }
        http_.request(r.method, api_path_ + r.path, r.body, r.content_type, std::move(done),
                      std::move(extra));
    }

  private:
    HttpClient& http_;
    std::string api_path_;
};

}  // namespace

struct SessionSupervisor::Session {
    std::string user;
    std::string token;     // clear text, wiped on destruction
    std::uint64_t id = 0;  // tells this session from an earlier one of the same user
    std::unique_ptr<HttpClient> http;
    std::unique_ptr<HttpTransport> transport;
    std::unique_ptr<RestPipeline> rest;
    std::unique_ptr<EffectExecutor> executor;
    std::unique_ptr<GatewayConnection> gateway;
    // A discord.set_presence that came before the gateway existed (GET /gateway pending).
    std::optional<GatewayPresence> presence;
    // discord.subscribe_guild effects that came before the gateway existed, by guild.
    std::map<core::Snowflake, core::SubscribeDiscordGuild> subscriptions;
    int gateway_url_failures = 0;
    std::optional<Millis> ask_gateway_url_at;
    bool failed = false;
    std::string failure;  // why, once failed
    // What the last heartbeat said, and since when (wall clock): health() dates changes.
    std::optional<common::bus::GatewayState> reported;
    std::int64_t reported_since_ms = 0;

    ~Session() {
        // Members go in reverse order: the gateway and executor before the pipeline they use.
        gateway.reset();
        executor.reset();
        rest.reset();
        if (http) http->shutdown();
        common::wipe(token);
    }
};

SessionSupervisor::SessionSupervisor(boost::asio::io_context& io, boost::asio::ssl::context& tls,
                                     const Config& config, common::KeyPair keys, CoreLink& core,
                                     std::function<Millis()> clock, DiscordMetrics& metrics)
    : io_(io),
      tls_(tls),
      config_(config),
      keys_(std::move(keys)),
      core_(core),
      metrics_(metrics),
      clock_(std::move(clock)),
      profile_(config.bot ? ClientProfile::for_bot() : ClientProfile::for_user(config.client)),
      guards_{InvalidRequestBudget(config.invalid_requests), BanBreaker(config.ban), &metrics.rest},
      api_(require_url(config.api_base, "discord.api_base")),
      api_path_(api_.target == "/" ? "" : api_.target),
      cdn_(require_url(config.cdn_base, "discord.cdn_base")),
      cdn_path_(cdn_.target == "/" ? "" : cdn_.target),
      avatars_(std::make_unique<AvatarFetcher>(
          [this](const std::string& path, std::function<void(HttpResponse)> done) {
              fetch_cdn(path, std::move(done));
          },
          cdn_path_,
          [this](const std::string& user, core::EventPayload payload) {
              core_.publish(user, std::move(payload));
          },
          clock_)) {
    if (!config.files.store_dir.empty()) {
        store_ = std::make_unique<LocalFileStore>(config.files.store_dir, config.files.store);
        spdlog::info("file store: {} ({} bytes kept of {})", config.files.store_dir.string(),
                     store_->bytes_stored(), config.files.store.quota_bytes);
    }
}

SessionSupervisor::~SessionSupervisor() {
    stop();
}

SessionSupervisor::Taken SessionSupervisor::on_effect(const core::Effect& effect) {
    if (const auto* login = std::get_if<core::LoginDiscord>(&effect.payload)) {
        this->login(effect.user, login->sealed_token);
        release_held(effect.user);
        return Taken::done;
    }
    if (const auto* logout = std::get_if<core::LogoutDiscord>(&effect.payload)) {
        if (auto existing = sessions_.find(effect.user); existing != sessions_.end()) {
            spdlog::info("discord[{}]: logging out ({})", effect.user, logout->reason);
            end_session(*existing->second, logout->reason);
            sessions_.erase(existing);
        }
        return Taken::done;
    }
    if (const auto* a = std::get_if<core::FetchDiscordAvatar>(&effect.payload)) {
        if (avatars_) avatars_->request(effect.user, a->user_id, a->avatar);
        return Taken::done;
    }
    auto it = sessions_.find(effect.user);
    if (it == sessions_.end()) {
        spdlog::debug("discord[{}]: effect {} ({}) waits for the user's login", effect.user,
                      effect.id, effect.type());
        held_[effect.user].emplace_back(clock_(), effect);
        return Taken::later;
    }
    Session& s = *it->second;
    if (s.failed) {
        core_.effect_failed(effect, "the user's Discord session failed to log in", std::nullopt,
                            core::Refusal::session_gone);
        return Taken::done;
    }
    if (const auto* p = std::get_if<core::SetDiscordPresence>(&effect.payload)) {
        // A gateway opcode, not a REST call: done once handed to the session.
        GatewayPresence presence = gateway_presence(*p, config_.status_without_xmpp);
        if (s.gateway) {
            s.gateway->set_presence(std::move(presence));
        } else {
            s.presence = std::move(presence);
        }
        return Taken::done;
    }
    if (const auto* wish = std::get_if<core::SubscribeDiscordGuild>(&effect.payload)) {
        // op 37: kept by the session and sent (again) whenever a connection is ready.
        if (s.gateway) {
            s.gateway->set_subscription(*wish);
        } else {
            s.subscriptions[wish->guild_id] = *wish;
        }
        return Taken::done;
    }
    if (!s.executor->execute(effect)) return Taken::done;
    s.rest->pump();  // now, not at the next tick
    return Taken::later;
}

void SessionSupervisor::release_held(const std::string& user) {
    auto it = held_.find(user);
    if (it == held_.end()) return;
    auto waiting = std::move(it->second);
    held_.erase(it);
    for (auto& [since, effect] : waiting) {
        if (!sessions_.count(user)) {
            core_.effect_failed(effect, "no Discord session for this user: the login failed",
                                std::nullopt, core::Refusal::session_gone);
            core_.complete(effect.id);
        } else if (on_effect(effect) == Taken::done) {
            core_.complete(effect.id);
        }
    }
}

void SessionSupervisor::expire_held(Millis now) {
    for (auto it = held_.begin(); it != held_.end();) {
        auto& waiting = it->second;
        while (!waiting.empty() && now - waiting.front().first > kHoldForLoginMs) {
            const core::Effect& effect = waiting.front().second;
            core_.effect_failed(effect, "no Discord session for this user (no login came)",
                                std::nullopt, core::Refusal::session_gone);
            core_.complete(effect.id);
            waiting.erase(waiting.begin());
        }
        it = waiting.empty() ? held_.erase(it) : std::next(it);
    }
}

void SessionSupervisor::tick() {
    const Millis now = clock_();
    if (!held_.empty()) expire_held(now);
    if (avatars_) avatars_->pump();
    if (store_ && now >= next_store_sweep_) {
        // Expiry between files, not only when the next one needs room.
        constexpr Millis kSweepEvery = 3600 * 1000;
        next_store_sweep_ = now + kSweepEvery;
        if (std::size_t n = store_->sweep(unix_now()); n > 0)
            spdlog::info("file store: {} expired files deleted", n);
    }
    for (auto& [user, s] : sessions_) {
        if (s->failed) continue;
        if (s->ask_gateway_url_at && now >= *s->ask_gateway_url_at) ask_gateway_url(*s);
        if (s->gateway) s->gateway->tick();
        s->rest->pump();
    }
}

void SessionSupervisor::login(const std::string& user, const std::string& sealed_token) {
    std::string token;
    try {
        token = common::open(sealed_token, keys_);
    } catch (const common::SealedBoxError& e) {
        spdlog::error("discord[{}]: login refused: the token cannot be unsealed ({})", user,
                      e.what());
        core_.publish(user, core::DiscordLoginFailed{
                                std::string("the token cannot be unsealed: ") + e.what(), {}});
        return;
    }
    auto existing = sessions_.find(user);
    if (existing != sessions_.end()) {
        // The same token on a live session (e.g. a resent login effect): nothing to do.
        if (!existing->second->failed && existing->second->token == token) {
            common::wipe(token);
            return;
        }
        end_session(*existing->second, "replaced by a new login");
        sessions_.erase(existing);
    }
    auto s = std::make_unique<Session>();
    s->user = user;
    s->token = std::move(token);
    s->id = next_id_++;
    s->http = std::make_unique<HttpClient>(
        io_, tls_, api_, config_.bot ? "Bot " + s->token : s->token, profile_.rest_headers());
    s->transport = std::make_unique<HttpTransport>(*s->http, api_path_);
    s->rest = std::make_unique<RestPipeline>(
        *s->transport, guards_, clock_, config_.retry,
        profile_.is_user() && config_.pace_ahead ? default_pace : nullptr);
    s->rest->on_blocked_changed([this, user](std::optional<Millis> until) {
        const Millis now = clock_();
        core_.publish(user, core::DiscordRestPaused{until.has_value(),
                                                    until ? std::max<Millis>(0, *until - now) : 0});
    });
    s->executor = std::make_unique<EffectExecutor>(
        user, *s->rest, core_,
        [this](const std::string& path, std::function<void(HttpResponse)> done) {
            fetch_cdn(path, std::move(done));
        },
        cdn_path_, profile_.is_user() ? DmBody::recipients : DmBody::recipient_id,
        [this](const std::string& who, RestPipeline& rest, CoreLink& link) {
            return std::make_unique<FileJobs>(
                who, rest, link, config_.files, cdn_,
                [this](TransferOptions options) {
                    return std::make_unique<Transfer>(io_, tls_, options);
                },
                [] { return static_cast<std::uint64_t>(unix_now()); }, store_.get());
        });
    s->executor->on_unauthorized([this, user, id = s->id](std::string reason) {
        if (Session* now = find(user, id)) login_failed(*now, reason, std::nullopt);
    });
    spdlog::info("discord[{}]: logging in with token {}", user, common::redacted(s->token));
    Session& ref = *s;
    sessions_[user] = std::move(s);
    if (!config_.gateway_url.empty()) {
        start_gateway(ref, config_.gateway_url);
    } else {
        ask_gateway_url(ref);
    }
}

SessionSupervisor::Session* SessionSupervisor::find(const std::string& user, std::uint64_t id) {
    auto it = sessions_.find(user);
    if (it == sessions_.end() || it->second->id != id) return nullptr;
    return it->second.get();
}

void SessionSupervisor::ask_gateway_url(Session& s) {
    s.ask_gateway_url_at.reset();
    s.rest->submit(get_gateway(), [this, user = s.user, id = s.id](RestOutcome outcome) {
        Session* s2 = find(user, id);
        if (!s2) return;
        const HttpResponse& res = outcome.response;
        std::optional<std::string> url;
        if (outcome.ok()) {
            rapidjson::Document doc;
            doc.Parse(res.body.data(), res.body.size());
            try {
                if (!doc.HasParseError()) url = opt_string(doc, "url", "");
            } catch (const MalformedPayload&) {
            }
        }
        if (url) {
            s2->gateway_url_failures = 0;
            start_gateway(*s2, *url);
            return;
        }
        if (res.status == 401) {
            login_failed(*s2, "Discord refused the token (HTTP 401 on GET /gateway)", {});
            return;
        }
        // The pipeline has retried what is worth retrying at once; after that, back off
        // further, doubling, up to the reconnect maximum.
        Millis delay = config_.reconnect_min.count();
        for (int i = 0; i < s2->gateway_url_failures && delay < config_.reconnect_max.count(); ++i)
            delay *= 2;
        delay = std::min<Millis>(delay, config_.reconnect_max.count());
        ++s2->gateway_url_failures;
        spdlog::warn("discord[{}]: GET /gateway failed ({}), retrying in {} ms", user,
                     res.error.empty() ? "HTTP " + std::to_string(res.status) : res.error, delay);
        s2->ask_gateway_url_at = clock_() + delay;
    });
    s.rest->pump();
}

void SessionSupervisor::start_gateway(Session& s, const std::string& url) {
    GatewayOptions o;
    o.token = s.token;
    o.bot = config_.bot;
    o.gateway_url = url;
    o.api_version = profile_.api_version();
    o.identify_properties = profile_.properties_json();
    o.capabilities = profile_.capabilities();
    o.compress = config_.compress;
    o.max_message_bytes = config_.max_gateway_message_bytes;
    o.reconnect_min = config_.reconnect_min.count();
    o.reconnect_max = config_.reconnect_max.count();
    o.invalid_session_delay = 1000 + static_cast<Millis>(random_() % 4000);
    GatewayConnection::Hooks hooks;
    hooks.publish = [this, user = s.user](core::EventPayload payload) {
        core_.publish(user, std::move(payload));
    };
    hooks.failed = [this, user = s.user, id = s.id](std::string reason, std::optional<int> code) {
        if (Session* s2 = find(user, id)) login_failed(*s2, reason, code);
    };
    hooks.clock = clock_;
    hooks.milestone = [this](GatewayMilestone m) { metrics_.gateway(m); };
    hooks.jitter = [this] { return std::uniform_real_distribution<double>(0, 1)(random_); };
    s.gateway = std::make_unique<GatewayConnection>(
        io_, tls_, std::move(o), profile_.websocket_headers(), s.user, std::move(hooks));
    if (s.presence) {
        s.gateway->set_presence(std::move(*s.presence));
        s.presence.reset();
    }
    for (const auto& [guild, wish] : s.subscriptions) s.gateway->set_subscription(wish);
    s.subscriptions.clear();
    s.gateway->start();
}

void SessionSupervisor::login_failed(Session& s, const std::string& reason,
                                     std::optional<int> code) {
    if (s.failed) return;
    s.failed = true;
    s.failure = reason;
    spdlog::error("discord[{}]: session failed, not retrying: {}", s.user, reason);
    if (s.gateway) s.gateway->close();
    core_.publish(s.user, core::DiscordLoginFailed{reason, code});
}

void SessionSupervisor::end_session(Session& s, const std::string& why) {
    s.gateway.reset();  // closes with 1000
    s.rest->abandon_all();
    s.executor->abandon(why);
    if (s.http) s.http->shutdown();
}

std::vector<common::bus::SessionHealth> SessionSupervisor::health(std::int64_t wall_ms) {
    std::vector<common::bus::SessionHealth> out;
    for (auto& [user, s] : sessions_) {
        std::optional<GatewaySession::State> gateway;
        if (s->gateway) gateway = s->gateway->state();
        common::bus::GatewayState now = session_health(s->failed, gateway);
        if (s->reported != now) {
            s->reported = now;
            s->reported_since_ms = wall_ms;
        }
        common::bus::SessionHealth h{user, now, s->reported_since_ms, std::nullopt};
        if (s->failed) h.reason = s->failure;
        out.push_back(std::move(h));
    }
    return out;
}

common::bus::InvalidRequests SessionSupervisor::invalid_requests() {
    InvalidRequestBudget& budget = guards_.budget;
    return common::bus::InvalidRequests{budget.count(clock_()), budget.limits().limit,
                                        budget.limits().window / 1000};
}

void SessionSupervisor::fetch_cdn(const std::string& path, std::function<void(HttpResponse)> done) {
    if (!cdn_http_) {
        cdn_http_ = std::make_unique<HttpClient>(io_, tls_, cdn_, std::string(),
                                                 HeaderList{{"User-Agent", profile_.user_agent()}});
    }
    cdn_http_->request("GET", path, "", "", std::move(done));
}

void SessionSupervisor::stop() {
    avatars_.reset();  // before the CDN client: no answer reaches it afterwards
    if (cdn_http_) cdn_http_->shutdown();
    for (auto& [user, s] : sessions_) end_session(*s, "the adapter is stopping");
    sessions_.clear();
}

}  // namespace cordgate::adapters::discord
