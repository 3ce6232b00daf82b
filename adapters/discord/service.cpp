#include <adapters/discord/core_link.hpp>
#include <adapters/discord/service.hpp>
#include <adapters/discord/session_supervisor.hpp>
#include <common/bus_client.hpp>
#include <common/logging.hpp>

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <unistd.h>

namespace cordgate::adapters::discord {

namespace asio = boost::asio;

namespace {

// How often the loop drives timers (heartbeats, reconnects, rate-limit resets) and polls the
// bus in case a wake-up was missed; effects themselves wake the loop through the bus socket.
// An idle adapter wakes 100 times a second, which costs next to nothing.
constexpr auto kLoopPeriod = std::chrono::milliseconds(10);

Millis monotonic_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace

struct Service::Impl : CoreLink {
    asio::io_context& io;
    Config config;
    std::function<std::int64_t()> wall_clock_ms;
    DiscordMetrics metrics;
    asio::ssl::context tls{asio::ssl::context::tls_client};
    asio::steady_timer timer;
    common::BusClient bus;
    // ZeroMQ's notification descriptor (a dup of ZMQ_FD): readable when the bus may have input.
    // It signals edges, not levels, so every wake-up drains the socket; the tick catches an edge
    // that a send of ours consumed.
    asio::posix::stream_descriptor bus_wake;
    SessionSupervisor sessions;
    bool stopping = false;
    std::int64_t started_ms = 0;
    Millis next_heartbeat = 0;  // monotonic

    Impl(asio::io_context& i, Config c, common::KeyPair keys, std::function<std::int64_t()> clock,
         metrics::Registry& registry)
        : io(i),
          config(std::move(c)),
          wall_clock_ms(std::move(clock)),
          metrics(registry),
          timer(i),
          bus(common::BusClientOptions{config.bus_endpoint, "discord", core::Target::discord}),
          bus_wake(i, ::dup(bus.fd())),
          sessions(i, trusted(tls, config), config, std::move(keys), *this, monotonic_ms, metrics),
          started_ms(wall_clock_ms()) {}

    // The TLS context, set up before the supervisor (which keeps a reference) is built.
    static asio::ssl::context& trusted(asio::ssl::context& tls, const Config& config) {
        tls.set_default_verify_paths();
        // A private CA (a test server, a TLS-inspecting proxy) on top of the system's.
        if (!config.ca_file.empty()) tls.load_verify_file(config.ca_file.string());
        tls.set_verify_mode(asio::ssl::verify_peer);
        return tls;
    }

    void publish(const std::string& user, core::EventPayload payload) override {
        core::Event e;
        e.origin = "discord";
        e.ts = wall_clock_ms();
        e.user = user;
        e.payload = std::move(payload);
        if (const auto* file = std::get_if<core::DiscordFileRehosted>(&e.payload);
            file && file->ok) {
            metrics.files_rehosted.inc();
            metrics.file_bytes_rehosted.inc(file->bytes.value_or(0));
        }
        bus.publish(std::move(e));
        metrics.events_published.inc();
    }

    void complete(std::uint64_t effect_id) override {
        bus.complete(effect_id);
        metrics.effects_completed.inc();
    }

    void wait_for_bus() {
        bus_wake.async_wait(asio::posix::stream_descriptor::wait_read,
                            [this](const boost::system::error_code& ec) {
                                if (ec || stopping) return;
                                poll_bus();
                                wait_for_bus();
                            });
    }

    void poll_bus() {
        bus.poll(std::chrono::milliseconds(0), [this](const core::Effect& effect) {
            if (sessions.on_effect(effect) == SessionSupervisor::Taken::done) {
                metrics.effects_done.inc();
                return common::BusClient::Outcome::done;
            }
            metrics.effects_underway.inc();
            return common::BusClient::Outcome::later;
        });
    }

    void schedule() {
        timer.expires_after(kLoopPeriod);
        timer.async_wait([this](const boost::system::error_code& ec) {
            if (ec || stopping) return;
            tick();
            schedule();
        });
    }

    void tick() {
        poll_bus();
        sessions.tick();
        if (monotonic_ms() >= next_heartbeat) send_heartbeat();
    }

    // Alive, each session's state and the invalid-request budget: for `cordgate status`.
    void send_heartbeat() {
        next_heartbeat = monotonic_ms() + common::bus::kHeartbeatInterval.count();
        common::bus::Heartbeat h;
        h.origin = "discord";
        h.started_ms = started_ms;
        h.sent_ms = wall_clock_ms();
        h.sessions = sessions.health(h.sent_ms);
        h.invalid_requests = sessions.invalid_requests();
        metrics.sessions(*h.sessions);
        metrics.invalid_requests_window.set(h.invalid_requests->count);
        metrics.bus_unacked_events.set(static_cast<std::int64_t>(bus.unacknowledged_events()));
        bus.send_heartbeat(core::encode(h));
    }
};

Service::Service(asio::io_context& io, Config config, common::KeyPair keys,
                 std::function<std::int64_t()> wall_clock_ms, metrics::Registry& registry)
    : impl_(std::make_unique<Impl>(io, std::move(config), std::move(keys), std::move(wall_clock_ms),
                                   registry)) {}

Service::~Service() {
    stop();
}

void Service::start() {
    // The core answers with a login for every registered user: sessions survive a restart.
    impl_->publish("", core::DiscordAdapterStarted{std::to_string(impl_->wall_clock_ms()),
                                                   impl_->config.dm_strangers,
                                                   impl_->config.own_avatar_interval_s});
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

bool Service::bus_answered() const {
    return impl_->bus.welcomed();
}

void Service::stop() {
    if (impl_->stopping) return;
    impl_->stopping = true;
    impl_->timer.cancel();
    impl_->bus_wake.cancel();
    impl_->sessions.stop();
    // Publish what is left (effect failures) before the process goes.
    impl_->bus.poll(std::chrono::milliseconds(100),
                    [](const core::Effect&) { return common::BusClient::Outcome::retry; });
}

}  // namespace cordgate::adapters::discord
