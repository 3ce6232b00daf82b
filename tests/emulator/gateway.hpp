#pragma once
// Gateway v9/v10 protocol logic, independent of the websocket transport: HELLO, heartbeats,
// IDENTIFY (bot and user shapes), RESUME with in-order replay from a per-session buffer,
// dispatch fan-out, and the faults the control API can inject.

#include <tests/emulator/account_standing.hpp>
#include <tests/emulator/client_profile_check.hpp>
#include <tests/emulator/json_out.hpp>
#include <tests/emulator/member_list.hpp>
#include <tests/emulator/ready_shape.hpp>
#include <tests/emulator/subscriptions.hpp>
#include <tests/emulator/user_routing.hpp>
#include <tests/emulator/world.hpp>

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace cordgate::tests::emulator {

// One websocket as the gateway sees it. The transport owns it and reports its end through
// Gateway::on_close; frames are JSON text, the transport applies zlib-stream if asked.
class Connection {
  public:
    virtual ~Connection() = default;
    // Copies the frame into the connection's output.
    virtual void send(std::string_view frame) = 0;
    virtual void close(std::uint16_t code, std::string reason) = 0;
    // An abrupt TCP drop: no close frame, as when a network path dies.
    virtual void drop() = 0;
    // A websocket ping (payload up to 125 bytes); the client's pong comes back through
    // Gateway::on_pong.
    virtual void ping(std::string_view payload) = 0;
    // Bytes given to send() that have not reached the socket yet.
    virtual std::size_t unsent() const = 0;
    // Runs `fn` once, never from within this call, when unsent() is at most `bytes` or the
    // connection has failed: a flood's producer waits here for the client to keep up.
    virtual void when_unsent_at_most(std::size_t bytes, std::function<void()> fn) = 0;
};

// Runs `fn` after `ms` milliseconds on the emulator's single thread (0 = next turn).
using Scheduler = std::function<void(std::uint64_t ms, std::function<void()> fn)>;

struct GatewaySession {
    std::string id;
    std::uint64_t user_id = 0;
    bool bot = false;
    int version = 10;
    std::uint64_t seq = 0;
    std::deque<std::pair<std::uint64_t, std::string>> buffer;  // (seq, frame) for RESUME
    std::uint64_t conn_id = 0;                                 // 0 = away
    bool invalidated = false;
    int resumes = 0;
    // Bots filter dispatches by intents; user accounts send none and get everything.
    std::optional<std::uint64_t> intents;
    // IDENTIFY `capabilities` of a user account: the shape of its READY (ready_shape.hpp).
    std::uint64_t capabilities = 0;
    // The `d` of the last op 3 PRESENCE_UPDATE (or IDENTIFY's presence), as sent; empty = none.
    std::string presence_json;
    // Payloads of the websocket pongs the client sent, oldest first (the last 16).
    std::deque<std::string> pongs;
    // User accounts: op 37 / op 14 subscriptions by guild, and the member lists sent (by
    // guild, then list id: channels with the same list id share one list, as the client
    // dedupes them by id).
    std::map<std::uint64_t, GuildSubscription> subscriptions;
    struct HeldList {
        std::uint64_t channel_id = 0;  // a channel the list is computed for
        std::vector<ListRange> ranges;
        std::vector<MemberListItem> held;  // what the session has been sent
    };
    std::map<std::uint64_t, std::map<std::string, HeldList>> member_lists;
    // Since when (steady ms) the session has had no connection; nullopt while it has one.
    std::optional<std::uint64_t> away_since_ms;
    std::uint64_t away_count = 0;  // tells a stale expiry timer from the current one
};

// How long Discord keeps a session nobody is connected to, and how many an account may have.
struct SessionPolicy {
    // A session dropped without a 1000/1001 close "will remain active and timeout after a few
    // minutes" (discord-userdoccers gateway/using-gateway, "Disconnecting"); after that a
    // RESUME gets op 9 d:false.
    std::uint64_t resume_window_ms = 3 * 60 * 1000;
    // User accounts "are limited to a maximum of 50 active Gateway sessions at a time"
    // (using-gateway, "Sharding"); beyond it close 4015 "Too many sessions"
    // (gateway/opcodes-and-close-codes). An away session still counts until it expires. Bots:
    // not limited here.
    std::size_t max_sessions = 50;
};

struct SocketHeaders {
    std::string user_agent;
    std::string origin;
};

class Gateway {
  public:
    Gateway(World& world, Scheduler scheduler, std::string gateway_url,
            std::uint64_t heartbeat_interval_ms);
    // sessions_by_user_ points into sessions_.
    Gateway(const Gateway&) = delete;
    Gateway& operator=(const Gateway&) = delete;

    // Transport events.
    // `socket` is what the upgrade request said of the client (nullopt: not known, unit tests);
    // a user's IDENTIFY on the connection checks it against the official client.
    std::uint64_t on_open(Connection& conn, int version, bool zlib_stream,
                          std::optional<SocketHeaders> socket = std::nullopt);
    void on_text(std::uint64_t conn_id, std::string_view text);
    // `client_code` is the close code the client sent, or 0 for a drop without a close frame.
    void on_close(std::uint64_t conn_id, std::uint16_t client_code);
    void on_pong(std::uint64_t conn_id, std::string_view payload);

    // Fan-out; `d` is the already-serialised payload. Bot sessions get only what their
    // intents ask for (GUILD_/DIRECT_MESSAGES, _REACTIONS, _TYPING, GUILD_PRESENCES).
    void dispatch_channel(const Channel& ch, std::string_view type, const std::string& d);
    // MESSAGE_CREATE / MESSAGE_UPDATE: also applies the MESSAGE_CONTENT intent.
    void dispatch_message(const Channel& ch, std::string_view type, const Message& m);
    void dispatch_user(std::uint64_t user_id, std::string_view type, const std::string& d);
    // To every member of the guild (GUILD_MEMBER_*: bots need GUILD_MEMBERS, 1<<1), plus
    // `also_user` (e.g. a member who just left).
    void dispatch_guild(const Guild& g, std::string_view type, const std::string& d,
                        std::uint64_t also_user = 0);
    // GUILD_MEMBER_ADD/UPDATE/REMOVE about `subject`: bots as dispatch_guild, user accounts
    // only when subscribed to it (user_routing.hpp). `subject` gets it even when no longer a
    // member (a REMOVE).
    void dispatch_member_event(const Guild& g, std::string_view type, const std::string& d,
                               std::uint64_t subject);
    // PRESENCE_UPDATE `d` of `subject` in guild `g` to the guild's members: bots with
    // GUILD_PRESENCES, user accounts when subscribed to the presence.
    void dispatch_presence(const Guild& g, std::uint64_t subject, const std::string& d);
    // Recomputes the member lists sessions hold of `g` and sends each its changes as
    // INSERT/UPDATE/DELETE (a guild's members, roles or presences changed).
    void refresh_member_lists(const Guild& g);
    // Forgets a user's subscription of a guild it left.
    void forget_guild(std::uint64_t user_id, std::uint64_t guild_id);
    // Whether some connection that would get `type` in `ch` has at most `bytes` unsent (or
    // none would get it). If all have more: false, and `resume` runs once the least behind
    // has drained to `bytes` (a flood's next batch).
    bool wait_for_room(const Channel& ch, std::string_view type, std::size_t bytes,
                       std::function<void()> resume);

    // Faults. `session_id` empty = every connected session (optionally of `user_id` only).
    // Return the ids of the sessions affected.
    std::vector<std::string> drop(const std::string& session_id, std::uint64_t user_id);
    std::vector<std::string> reconnect(const std::string& session_id, std::uint64_t user_id);
    std::vector<std::string> invalid_session(const std::string& session_id, std::uint64_t user_id,
                                             bool resumable);
    std::vector<std::string> close(const std::string& session_id, std::uint64_t user_id,
                                   std::uint16_t code);
    // A websocket ping to each selected connection (a transport-level check of the client).
    std::vector<std::string> ping(const std::string& session_id, std::uint64_t user_id,
                                  std::string_view payload);
    void set_heartbeat_ack_delay(std::uint64_t ms) { heartbeat_ack_delay_ms_ = ms; }
    void set_session_policy(SessionPolicy policy) { policy_ = policy; }
    const SessionPolicy& session_policy() const { return policy_; }
    // Steady milliseconds for the resume window; the steady clock unless a test sets one.
    void set_clock(std::function<std::uint64_t()> steady_ms) { steady_ms_ = std::move(steady_ms); }
    void set_ready_extras(ReadyExtras extras) { ready_extras_ = std::move(extras); }
    // Hostile input for clients: `frames` go out verbatim as text frames (no sequence number,
    // not buffered for RESUME); `dispatches` (type, d as raw JSON text) are sequenced and
    // buffered like real ones, whatever `d` holds.
    std::vector<std::string> raw(
        const std::string& session_id, std::uint64_t user_id,
        const std::vector<std::string>& frames,
        const std::vector<std::pair<std::string, std::string>>& dispatches);
    // While held, RESUMEs wait (so a test can inject dispatches "while the client is away"
    // without racing its reconnect); release processes them in arrival order.
    void hold_resumes(bool hold);

    // The client-profile checks of user accounts (REST and IDENTIFY share the last super
    // properties seen) and what each account has been flagged for.
    ClientProfileCheck& profile() { return profile_; }
    AccountStanding& standing() { return standing_; }
    // Records `found` against the account; when that earns it a required_action (strict
    // mode), its sessions get USER_REQUIRED_ACTION_UPDATE.
    void record_flags(std::uint64_t user_id, const std::vector<ProfileMismatch>& found);
    // Sets ("" clears) the account's required_action; USER_REQUIRED_ACTION_UPDATE to its
    // sessions when it changed. Returns whether it changed.
    bool set_required_action(std::uint64_t user_id, const std::string& action);

    void write_sessions(JsonOut& j) const;
    // The dispatch frames a session was sent after `since` (its replay buffer), as JSON.
    void write_dispatches(JsonOut& j, const std::string& session_id, std::uint64_t since) const;
    const std::map<std::string, GatewaySession>& sessions() const { return sessions_; }

  private:
    struct Conn {
        Connection* conn = nullptr;
        std::string session_id;
        int version = 10;
        bool zlib_stream = false;
        bool closing = false;
        std::deque<std::uint64_t> received_ms;  // the last kCommandLimit payloads' arrival
        std::optional<SocketHeaders> socket;
    };
    // Discord's gateway limit: 120 payloads per 60 s per connection, closed with 4008 beyond
    // (discord-api-docs topics/gateway "Rate Limiting"; userdoccers the same).
    static constexpr std::size_t kCommandLimit = 120;
    static constexpr std::uint64_t kCommandWindowMs = 60'000;
    bool over_command_limit(Conn& c);

    void send_op(std::uint64_t conn_id, int op, std::string_view d);
    void identify(std::uint64_t conn_id, const rapidjson::Value& d);
    void resume(std::uint64_t conn_id, const std::string& payload);
    void request_members(std::uint64_t conn_id, const rapidjson::Value& d);
    void dispatch(GatewaySession& s, std::string_view type, std::string_view d);
    bool receives(const GatewaySession& s, const Channel& ch, std::string_view type,
                  const Message* m = nullptr) const;
    // op 37 / op 14 of a user session.
    void subscribe(std::uint64_t conn_id, const std::vector<SubscriptionUpdate>& updates);
    void sync_member_lists(GatewaySession& s, const Guild& g);
    void send_thread_list(GatewaySession& s, const Guild& g);
    // The routing facts of `s` toward guild `g`.
    Viewer viewer_of(const GatewaySession& s, std::uint64_t guild_id, std::uint64_t subject,
                     const std::set<std::uint64_t>& affine) const;
    // Calls fn(GatewaySession&) for every session that gets `type` in `ch`.
    template <class Fn>
    void for_each_receiver(const Channel& ch, std::string_view type, Fn&& fn,
                           const Message* m = nullptr);
    void server_close(std::uint64_t conn_id, std::uint16_t code, const std::string& reason);
    void detach(GatewaySession& s);
    std::vector<GatewaySession*> select(const std::string& session_id, std::uint64_t user_id);
    std::string ready_payload(const GatewaySession& s, const User& u) const;

    void send_required_action(std::uint64_t user_id);
    // The session lost its connection: the resume window starts.
    void start_resume_window(GatewaySession& s);
    // Ends the session when its window has passed; returns whether it did.
    bool expire_if_stale(GatewaySession& s);
    std::size_t live_sessions(std::uint64_t user_id);

    World& world_;
    ClientProfileCheck profile_;
    AccountStanding standing_;
    Scheduler scheduler_;
    std::string gateway_url_;
    std::uint64_t heartbeat_interval_ms_;
    std::uint64_t heartbeat_ack_delay_ms_ = 0;
    bool hold_resumes_ = false;
    SessionPolicy policy_;
    std::function<std::uint64_t()> steady_ms_;
    ReadyExtras ready_extras_;
    std::vector<std::pair<std::uint64_t, std::string>> held_resumes_;
    std::uint64_t next_conn_id_ = 1;
    std::uint64_t next_session_ = 1;
    std::map<std::uint64_t, Conn> conns_;
    std::map<std::string, GatewaySession> sessions_;  // never erased: an ended one is invalidated
    std::map<std::uint64_t, std::vector<GatewaySession*>> sessions_by_user_;  // in creation order
    std::string message_text_;  // dispatch_message's buffer, reused
};

}  // namespace cordgate::tests::emulator
