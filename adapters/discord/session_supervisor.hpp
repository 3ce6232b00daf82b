#pragma once
// The Discord sessions of every registered user: login (unseal the token, ask GET /gateway,
// start the gateway connection), logout, and the effects that come before their user's login,
// held until it (or failed after kHoldForLoginMs).
//
// - discord.login opens the sealed token in memory and starts the session; a session that
//   cannot log in publishes discord.login_failed and stays failed until the next login.
// - A REST effect goes to the session's EffectExecutor; discord.set_presence to its gateway;
//   discord.fetch_avatar (the CDN, no token) to the one AvatarFetcher, session or not.
// - After an adapter restart there are no sessions: effects for a user without one wait for the
//   login the core sends in answer to discord.adapter_started.

#include <adapters/discord/asio_fwd.hpp>
#include <adapters/discord/avatar_fetcher.hpp>
#include <adapters/discord/client_profile.hpp>
#include <adapters/discord/config.hpp>
#include <adapters/discord/core_link.hpp>
#include <adapters/discord/discord_metrics.hpp>
#include <adapters/discord/file_store.hpp>
#include <adapters/discord/rest_pipeline.hpp>
#include <common/heartbeat.hpp>
#include <common/sealed_box.hpp>

#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace cordgate::adapters::discord {

class SessionSupervisor {
  public:
    enum class Taken { done, later };

    SessionSupervisor(boost::asio::io_context& io, boost::asio::ssl::context& tls,
                      const Config& config, common::KeyPair keys, CoreLink& core,
                      std::function<Millis()> clock, DiscordMetrics& metrics);
    ~SessionSupervisor();
    SessionSupervisor(const SessionSupervisor&) = delete;
    SessionSupervisor& operator=(const SessionSupervisor&) = delete;

    Taken on_effect(const core::Effect& effect);
    // Drives every session: held effects that waited too long, GET /gateway retries,
    // heartbeats and reconnects, requests whose turn has come.
    void tick();
    // Ends every session, reporting what was underway as failed.
    void stop();

    const RestGuards& guards() const { return guards_; }

    // Each session's state for the adapter's heartbeat (common/heartbeat.hpp); `wall_ms` is
    // when a change it finds happened, to within the heartbeat's interval.
    std::vector<common::bus::SessionHealth> health(std::int64_t wall_ms);
    // Discord's invalid-request limit as counted now, for the heartbeat.
    common::bus::InvalidRequests invalid_requests();

  private:
    struct Session;

    void login(const std::string& user, const std::string& sealed_token);
    void ask_gateway_url(Session& s);
    void start_gateway(Session& s, const std::string& url);
    void login_failed(Session& s, const std::string& reason, std::optional<int> code);
    void end_session(Session& s, const std::string& why);
    void release_held(const std::string& user);
    void expire_held(Millis now);
    Session* find(const std::string& user, std::uint64_t id);
    void fetch_cdn(const std::string& path, std::function<void(HttpResponse)> done);

    boost::asio::io_context& io_;
    boost::asio::ssl::context& tls_;
    const Config& config_;
    common::KeyPair keys_;
    CoreLink& core_;
    DiscordMetrics& metrics_;
    std::function<Millis()> clock_;
    ClientProfile profile_;
    RestGuards guards_;
    Url api_;
    std::string api_path_;
    Url cdn_;
    std::string cdn_path_;
    std::unique_ptr<HttpClient> cdn_http_;    // no Authorization: shared by every session
    std::unique_ptr<AvatarFetcher> avatars_;  // every session's discord.fetch_avatar
    std::unique_ptr<LocalFileStore> store_;   // [files] store_dir, when set
    Millis next_store_sweep_ = 0;
    std::map<std::string, std::unique_ptr<Session>> sessions_;
    // Effects that arrived before their user's login, with when they arrived.
    std::map<std::string, std::vector<std::pair<Millis, core::Effect>>> held_;
    std::mt19937_64 random_{std::random_device{}()};
    std::uint64_t next_id_ = 1;
};

}  // namespace cordgate::adapters::discord
