#pragma once
// One user's gateway connection: the pure GatewaySession driven over a WebSocket. It opens the
// socket when the session asks, feeds it frames, time and closes, translates new dispatches
// into events, and reports when the session is over for good (a fatal close code).
//
// Sockets are replaced on every reconnect; a generation number tells the current socket's
// callbacks from those of a socket already given up.

#include <adapters/discord/asio_fwd.hpp>
#include <adapters/discord/discord_metrics.hpp>
#include <adapters/discord/gateway_session.hpp>
#include <adapters/discord/header_list.hpp>
#include <adapters/discord/ready_assembly.hpp>
#include <core/event.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cordgate::adapters::discord {

class WebSocket;

class GatewayConnection {
  public:
    struct Hooks {
        std::function<void(core::EventPayload)> publish;  // a new dispatch, translated
        // The session is over (fatal close code, bad URL); nothing more will happen.
        std::function<void(std::string reason, std::optional<int> close_code)> failed;
        std::function<Millis()> clock;   // monotonic milliseconds
        std::function<double()> jitter;  // uniform in [0, 1): the first heartbeat's place
        std::function<void(GatewayMilestone)> milestone;  // for metrics; may be empty
    };

    GatewayConnection(boost::asio::io_context& io, boost::asio::ssl::context& tls,
                      GatewayOptions options, HeaderList websocket_headers, std::string user,
                      Hooks hooks);
    ~GatewayConnection();  // closes with 1000: Discord ends the session
    GatewayConnection(const GatewayConnection&) = delete;
    GatewayConnection& operator=(const GatewayConnection&) = delete;

    void start();
    // Heartbeats, due reconnects and held presence updates; call often (every loop tick).
    void tick();
    void set_presence(GatewayPresence presence);
    void set_subscription(const core::SubscribeDiscordGuild& wish);
    // Closes the socket without a word to the session machine (the session failed elsewhere).
    void close();
    // Where the session machine stands (for the adapter's heartbeat).
    GatewaySession::State state() const { return session_.state(); }

  private:
    void apply(GatewayStep step);
    // Tells hooks_.milestone what the session machine's last step amounted to.
    void note_state();
    void connect();
    void on_frame(std::string_view frame);
    void translate_and_publish(std::string_view name, std::optional<std::int64_t> seq,
                               const rapidjson::Value* d);
    // READY and READY_SUPPLEMENTAL go through ready_, which may hold READY for the second; each
    // event is published as soon as it is read. `frame_bytes`: the frame's size; `started`:
    // when on_frame began reading it.
    void read_and_publish_login(std::string_view name, std::optional<std::int64_t> seq,
                                const ReadySource& d, std::size_t frame_bytes,
                                std::chrono::steady_clock::time_point started);
    // A READY or READY_SUPPLEMENTAL that slice_login_dispatch() could read without a DOM.
    void on_login_frame(const SlicedLoginDispatch& login, std::size_t frame_bytes, Millis now,
                        std::chrono::steady_clock::time_point started);
    // False, with the session given up, when discord.ready is too big for the bus.
    bool fits_bus(const core::EventPayload& first);

    boost::asio::io_context& io_;
    boost::asio::ssl::context& tls_;
    GatewaySession session_;
    ReadyAssembly ready_;
    HeaderList websocket_headers_;
    bool compress_;
    std::size_t max_message_bytes_;
    std::size_t login_bytes_ = 0;  // the frames of the login so far: READY, READY_SUPPLEMENTAL
    std::string user_;
    Hooks hooks_;
    std::unique_ptr<WebSocket> socket_;
    std::uint64_t generation_ = 0;
    std::optional<std::string> connect_url_;
    Millis connect_at_ = 0;
    bool over_ = false;
    bool connected_before_ = false;
    GatewaySession::State noted_state_ = GatewaySession::State::idle;
};

}  // namespace cordgate::adapters::discord
