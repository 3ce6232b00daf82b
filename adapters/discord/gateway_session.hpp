#pragma once
// One Discord gateway session as a pure state machine: the I/O shell feeds it what happened
// (socket opened, a frame arrived, the socket closed, time passed) and carries out what it
// returns (frames to send, close, connect later, give up). Time and the heartbeat jitter are
// inputs, so every path — zombie connections, op 7, op 9, each close code — is unit-tested.
//
// Protocol (discord-protocol.md; Discord's opcodes-and-status-codes):
//   HELLO {heartbeat_interval}: first heartbeat after interval * jitter, then every interval.
//   A heartbeat still unacknowledged when the next is due: a zombie connection; close it
//   (non-1000, so the session stays resumable) and RESUME on resume_gateway_url.
//   IDENTIFY for a new session, RESUME {token, session_id, seq} when one exists.
//   op 7 RECONNECT: reconnect and resume. op 9 INVALID_SESSION: d true resume, d false forget
//   the session and IDENTIFY again after a delay.
//   Close codes: 4004 authentication failed, 4010-4014 and 4015 (too many sessions on the
//   account) are fatal (never retried); 4007 and 4009 need a new session; anything else (and a
//   plain TCP drop) resumes.
//   Presence updates: at most 5 per 20 s on a connection (Discord closes with 4008 beyond
//   that); a burst is coalesced into the latest presence, sent when the window allows. With
//   heartbeats that keeps a connection far below the 120 payloads per 60 s limit.
//   Guild subscriptions (op 37, user accounts): the set is kept across connections and sent
//   after READY and RESUMED, changes gathered and paced (guild_subscriptions.hpp).
//
// Frames returned in Step::send may contain the token: never log them.

#include <adapters/discord/guild_subscriptions.hpp>

#include <rapidjson/document.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cordgate::adapters::discord {

struct GatewayOptions {
    std::string token;  // clear text, in memory only
    bool bot = false;   // bots send intents; user accounts send capabilities
    std::int64_t intents = (1 << 0) | (1 << 9) | (1 << 10) | (1 << 12) | (1 << 13) | (1 << 15);
    std::string gateway_url;  // base url, e.g. wss://gateway.discord.gg
    int api_version = 10;
    // IDENTIFY `properties` as a JSON object (ClientProfile::properties_json), and the
    // capabilities a user account sends.
    std::string identify_properties = R"({"os":"linux","browser":"cordgate","device":"cordgate"})";
    std::int64_t capabilities = 0;
    bool compress = false;  // zlib-stream transport compression
    // The largest gateway message read (inflated); a larger one ends the session
    // (on_message_too_big). config.hpp says how the default was chosen.
    std::size_t max_message_bytes = 128u << 20;
    Millis reconnect_min = 1000;
    Millis reconnect_max = 60000;
    Millis invalid_session_delay = 2500;  // Discord asks for a random 1-5 s before re-IDENTIFY
};

// The user's own status (op 3 PRESENCE_UPDATE, and the presence in IDENTIFY): online, idle,
// dnd or invisible, with an optional custom status text. `afk` tells Discord that nobody is at
// this client, so it keeps sending push notifications to the user's phone. Before the core has
// said anything, IDENTIFY says "unknown" (Discord then keeps the status of the account's
// settings) and afk, as the official client does on a background connect.
struct GatewayPresence {
    std::string status = "unknown";
    std::optional<std::string> custom_status;
    bool afk = true;
};

// {"op":3,"d":{status, since 0, activities [type 4 custom status with state], afk}}.
std::string presence_update_frame(const GatewayPresence& presence);

struct GatewayFailure {
    std::string reason;
    std::optional<int> close_code;
};

// What the shell must do, in this order: send frames, close, connect, report a failure.
struct GatewayStep {
    std::vector<std::string> send;
    bool dispatch = false;     // the frame is a new dispatch: translate (t, d) and publish it
    std::optional<int> close;  // close the current socket with this code (and ignore its close)
    std::optional<std::string> connect_url;
    Millis connect_at = 0;
    std::optional<GatewayFailure> failed;  // the session is over; nothing more will be asked
};

class GatewaySession {
  public:
    enum class State { idle, connecting, waiting_hello, identifying, resuming, ready, failed };

    explicit GatewaySession(GatewayOptions options);

    GatewayStep start(Millis now);
    // The websocket is open; jitter in [0, 1) places the first heartbeat.
    void on_connected(Millis now, double jitter);
    GatewayStep on_payload(int op, std::optional<std::int64_t> s, std::string_view t,
                           const rapidjson::Value* d, Millis now);
    // The server closed (code) or the connection dropped (nullopt), or connecting failed.
    GatewayStep on_closed(std::optional<int> code, Millis now);
    // A message over options.max_message_bytes arrived (at least `bytes`; the socket closed
    // it with 1009). The session fails: Discord would send the same message on every RESUME
    // and every new session alike, so only the user or the operator can change the outcome.
    GatewayStep on_message_too_big(std::size_t bytes);
    // The shell found that the session cannot go on (what Discord sent cannot be passed on):
    // it fails with `reason`, without a reconnect.
    GatewayStep give_up(std::string reason);
    // Heartbeats and zombie detection; call at next_deadline().
    GatewayStep on_tick(Millis now);
    std::optional<Millis> next_deadline() const;
    // The user's status: sent now when the session is ready and the presence limit allows,
    // else with the next IDENTIFY, right after RESUMED, or when the limit allows (next_deadline).
    // Kept for every later IDENTIFY.
    GatewayStep set_presence(GatewayPresence presence, Millis now);
    // What the session should follow in a guild (op 37); ignored for bots, which have intents.
    GatewayStep set_subscription(const core::SubscribeDiscordGuild& wish, Millis now);
    // The shell's own decision to end the session (logout): close 1000, no reconnect.
    GatewayStep stop();

    State state() const { return state_; }
    std::int64_t seq() const { return seq_; }
    const std::string& session_id() const { return session_id_; }
    const GuildSubscriptions& subscriptions() const { return subscriptions_; }
    bool resumable() const { return !session_id_.empty(); }
    int reconnect_attempts() const { return attempts_; }

    // The URL to connect to, with ?v=..&encoding=json[&compress=zlib-stream].
    std::string connect_url(bool resume) const;

  private:
    std::string heartbeat_frame() const;
    std::string identify_frame() const;
    std::string resume_frame() const;
    GatewayStep reconnect(Millis now, bool resume, std::optional<int> close_code, Millis delay);
    // When the pending presence may go (nullopt: none pending, or not connected and ready).
    std::optional<Millis> presence_due() const;
    void send_presence(GatewayStep& step, Millis now);
    Millis backoff() const;
    void forget_session();

    GatewayOptions options_;
    State state_ = State::idle;
    std::string session_id_;
    std::string resume_url_;
    std::int64_t seq_ = 0;
    Millis heartbeat_interval_ = 0;
    std::optional<Millis> next_heartbeat_;
    bool awaiting_ack_ = false;
    int attempts_ = 0;  // connections since the last READY/RESUMED
    double jitter_ = 0;
    GatewayPresence presence_;
    bool presence_pending_ = false;
    std::deque<Millis> presence_sent_;  // the last few op 3 send times, oldest first
    GuildSubscriptions subscriptions_;
};

}  // namespace cordgate::adapters::discord
