#include <tests/emulator/gateway.hpp>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>

namespace cordgate::tests::emulator {
namespace {

constexpr std::size_t kReplayBufferLimit = 10000;

enum Op : int {
    kDispatch = 0,
    kHeartbeat = 1,
    kIdentify = 2,
    kPresenceUpdate = 3,
    kResume = 6,
    kReconnect = 7,
    kRequestMembers = 8,
    kInvalidSession = 9,
    kHello = 10,
    kHeartbeatAck = 11,
    kGuildSubscriptions = 14,  // deprecated, still sent by discord.js-selfbot-v13's users
    kGuildSubscriptionsBulk = 37,
};

std::string serialise_json(const rapidjson::Value& v) {
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    v.Accept(w);
    return {buf.GetString(), buf.GetSize()};
}

std::string str_field(const rapidjson::Value& v, const char* name) {
    if (!v.IsObject()) return {};
    auto it = v.FindMember(name);
    if (it == v.MemberEnd() || !it->value.IsString()) return {};
    return {it->value.GetString(), it->value.GetStringLength()};
}

constexpr std::uint64_t kGuildPresences = 1ULL << 8;
constexpr std::uint64_t kMessageContent = 1ULL << 15;

// The intent a dispatch needs in a guild channel and in a DM (0 = always delivered).
std::pair<std::uint64_t, std::uint64_t> intents_for(std::string_view type) {
    if (type.rfind("MESSAGE_REACTION", 0) == 0) return {1ULL << 10, 1ULL << 13};
    if (type.rfind("MESSAGE_", 0) == 0) return {1ULL << 9, 1ULL << 12};
    if (type == "TYPING_START") return {1ULL << 11, 1ULL << 14};
    return {0, 0};
}

bool wants(const GatewaySession& s, const Channel& ch, std::string_view type) {
    if (!s.intents) return true;
    const auto [guild_bit, dm_bit] = intents_for(type);
    const std::uint64_t bit = ch.guild_id ? guild_bit : dm_bit;
    return bit == 0 || (*s.intents & bit) != 0;
}

// Close codes after which Discord would not accept a RESUME of the session.
bool ends_session(std::uint16_t code) {
    return code == 1000 || code == 1001 || code == 4004 || code == 4007 || code == 4009 ||
           (code >= 4010 && code <= 4014);
}

std::uint64_t steady_now_ms() {
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::steady_clock::now().time_since_epoch())
                                          .count());
}

}  // namespace

Gateway::Gateway(World& world, Scheduler scheduler, std::string gateway_url,
                 std::uint64_t heartbeat_interval_ms)
    : world_(world),
      scheduler_(std::move(scheduler)),
      gateway_url_(std::move(gateway_url)),
      heartbeat_interval_ms_(heartbeat_interval_ms) {}

std::uint64_t Gateway::on_open(Connection& conn, int version, bool zlib_stream,
                               std::optional<SocketHeaders> socket) {
    const std::uint64_t id = next_conn_id_++;
    conns_[id] = Conn{&conn, {}, version, zlib_stream, false, {}, std::move(socket)};
    JsonOut d;
    d.obj().kn("heartbeat_interval", static_cast<std::int64_t>(heartbeat_interval_ms_));
    d.key("_trace").arr().str("cordgate-emulator").end_arr().end();
    send_op(id, kHello, d.take());
    if (version != 9 && version != 10) server_close(id, 4012, "Invalid API version.");
    return id;
}

void Gateway::send_op(std::uint64_t conn_id, int op, std::string_view d) {
    auto it = conns_.find(conn_id);
    if (it == conns_.end() || it->second.closing) return;
    std::string frame = "{\"op\":" + std::to_string(op) + ",\"d\":";
    frame.append(d);
    frame += ",\"s\":null,\"t\":null}";
    it->second.conn->send(frame);
}

bool Gateway::over_command_limit(Conn& c) {
    const auto now = steady_now_ms();
    while (!c.received_ms.empty() && c.received_ms.front() + kCommandWindowMs <= now)
        c.received_ms.pop_front();
    c.received_ms.push_back(now);
    return c.received_ms.size() > kCommandLimit;
}

void Gateway::on_text(std::uint64_t conn_id, std::string_view text) {
    auto it = conns_.find(conn_id);
    if (it == conns_.end() || it->second.closing) return;
    rapidjson::Document doc;
    doc.Parse(text.data(), text.size());
    if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("op") || !doc["op"].IsInt()) {
        server_close(conn_id, 4002, "Error while decoding payload.");
        return;
    }
    if (over_command_limit(it->second)) {
        server_close(conn_id, 4008, "Rate limited.");
        return;
    }
    const int op = doc["op"].GetInt();
    static const rapidjson::Value null_value;
    const rapidjson::Value& d = doc.HasMember("d") ? doc["d"] : null_value;
    switch (op) {
        case kHeartbeat:
            // Accepted before IDENTIFY too: discord.py heartbeats first.
            if (heartbeat_ack_delay_ms_ == 0) {
                send_op(conn_id, kHeartbeatAck, "null");
            } else {
                scheduler_(heartbeat_ack_delay_ms_,
                           [this, conn_id] { send_op(conn_id, kHeartbeatAck, "null"); });
            }
            break;
        case kIdentify:
            identify(conn_id, d);
            break;
        case kResume:
            if (hold_resumes_) {
                held_resumes_.emplace_back(conn_id, std::string(text));
            } else {
                resume(conn_id, std::string(text));
            }
            break;
        case kRequestMembers:
            request_members(conn_id, d);
            break;
        case kPresenceUpdate:
            // Kept per session for the control API (what the client asked to show).
            if (auto sit = sessions_.find(it->second.session_id);
                sit != sessions_.end() && d.IsObject()) {
                sit->second.presence_json = serialise_json(d);
                spdlog::info("gateway: session {} presence {}", sit->first,
                             sit->second.presence_json);
            }
            break;
        case kGuildSubscriptions:
            // Bad shapes are ignored: never 4001 for a subscription.
            if (auto u = parse_guild_subscription(d)) subscribe(conn_id, {*u});
            break;
        case kGuildSubscriptionsBulk:
            subscribe(conn_id, parse_bulk_subscriptions(d));
            break;
        default:
            // Voice state and other user-client opcodes: ignored, never closed with 4001.
            spdlog::debug("gateway: conn {} op {} ignored", conn_id, op);
            break;
    }
}

std::string Gateway::ready_payload(const GatewaySession& s, const User& u) const {
    JsonOut j;
    j.obj().kn("v", s.version);
    world_.write_user(j.key("user"), u);
    j.kv("session_id", s.id).kv("session_type", "normal");
    j.kv("resume_gateway_url", gateway_url_);
    j.key("guilds").arr();
    for (auto gid : world_.guilds_of(u.id)) {
        if (u.bot) {
            j.obj().ks("id", gid).kb("unavailable", true).end();
        } else {
            world_.write_guild(j, world_.guilds.at(gid), u.id);
        }
    }
    if (!u.bot)
        for (const auto& g : ready_extras_.guilds) j.raw(g);
    j.end_arr();
    j.key("application").obj().ks("id", world_.application_id).kn("flags", 0).end();
    j.key("_trace").arr().str("cordgate-emulator").end_arr();
    if (u.bot) {
        j.key("shard").arr().num(0).num(1).end_arr();
        j.key("private_channels").arr().end_arr().key("relationships").arr().end_arr();
    } else {
        j.key("private_channels").arr();
        for (auto cid : world_.private_channels_of(u.id))
            world_.write_channel(j, world_.channels.at(cid), u.id);
        for (const auto& c : ready_extras_.private_channels) j.raw(c);
        j.end_arr();
        j.key("relationships").arr();
        auto rel = world_.relationships.find(u.id);
        if (rel != world_.relationships.end())
            for (const auto& r : rel->second) world_.write_relationship(j, r);
        for (const auto& r : ready_extras_.relationships) j.raw(r);
        j.end_arr();
        j.key("presences").arr();
        if (rel != world_.relationships.end())
            for (const auto& r : rel->second)
                if (auto it = world_.users.find(r.user_id); it != world_.users.end())
                    world_.write_presence(j, it->second, 0);
        j.end_arr();
        j.key("users").arr().end_arr().key("merged_members").arr().end_arr();
        j.key("read_state").obj().key("entries").arr().end_arr().kb("partial", false);
        j.kn("version", 0).end();
        j.key("user_guild_settings").obj().key("entries").arr().end_arr().kb("partial", false);
        j.kn("version", 0).end();
        j.key("user_settings").obj().kv("status", u.status).kv("locale", "en-US").end();
        j.key("sessions").arr().end_arr().kv("country_code", "US");
        j.key("guild_join_requests").arr().end_arr().key("connected_accounts").arr().end_arr();
        j.kv("auth_session_id_hash", "emulator").kn("api_code_version", 0);
        // Present only while Discord wants the user to verify the account in the official app.
        if (const std::string& action = standing_.required_action(u.id); !action.empty())
            j.kv("required_action", action);
    }
    j.end();
    return j.take();
}

void Gateway::identify(std::uint64_t conn_id, const rapidjson::Value& d) {
    Conn& c = conns_.at(conn_id);
    if (!c.session_id.empty()) {
        server_close(conn_id, 4005, "Already authenticated.");
        return;
    }
    User* u = world_.user_by_token(str_field(d, "token"));
    if (!u) {
        server_close(conn_id, 4004, "Authentication failed.");
        return;
    }
    // Checked before the session exists: a flag that earns the account a required_action
    // shows in this READY, not as an update after it.
    if (!u->bot) {
        record_flags(u->id, profile_.on_identify(u->id, d, c.version));
        if (c.socket)
            record_flags(u->id, profile_.on_socket(c.socket->user_agent, c.socket->origin));
    }
    if (!u->bot && live_sessions(u->id) >= policy_.max_sessions) {
        spdlog::info("gateway: {} refused: {} has {} sessions", conn_id, u->username,
                     live_sessions(u->id));
        server_close(conn_id, 4015, "Too many sessions.");
        return;
    }
    char sid[33];
    std::snprintf(sid, sizeof sid, "%032llx", static_cast<unsigned long long>(next_session_++));
    GatewaySession& s = sessions_[sid];
    sessions_by_user_[u->id].push_back(&s);
    s.id = sid;
    s.user_id = u->id;
    s.bot = u->bot;
    s.version = c.version;
    s.conn_id = conn_id;
    if (u->bot && d.HasMember("intents") && d["intents"].IsUint64())
        s.intents = d["intents"].GetUint64();
    if (!u->bot && d.HasMember("capabilities") && d["capabilities"].IsUint64())
        s.capabilities = d["capabilities"].GetUint64();
    if (d.HasMember("presence") && d["presence"].IsObject())
        s.presence_json = serialise_json(d["presence"]);
    c.session_id = sid;
    spdlog::info("gateway: {} identified as {} ({}), session {}", conn_id, u->username,
                 u->bot ? "bot" : "user", s.id);
    const ReadyShape shape = ReadyShape::from_capabilities(s.capabilities);
    if (shape.dedupe) {
        const ReadySession session{s.id, s.version, gateway_url_, standing_.required_action(u->id)};
        dispatch(s, "READY", deduplicated_ready(world_, *u, shape, session, ready_extras_));
        if (shape.prioritized)
            dispatch(s, "READY_SUPPLEMENTAL", ready_supplemental(world_, *u, ready_extras_));
        return;
    }
    dispatch(s, "READY", ready_payload(s, *u));
    if (u->bot) {
        for (auto gid : world_.guilds_of(u->id)) {
            JsonOut g;
            world_.write_guild(g, world_.guilds.at(gid));
            dispatch(s, "GUILD_CREATE", g.take());
        }
    }
}

void Gateway::record_flags(std::uint64_t user_id, const std::vector<ProfileMismatch>& found) {
    for (const auto& m : found) {
        spdlog::info("emulator flag: user {} {}: {}", user_id, m.kind, m.detail);
        if (standing_.record(user_id, m)) send_required_action(user_id);
    }
}

bool Gateway::set_required_action(std::uint64_t user_id, const std::string& action) {
    if (!standing_.set_required_action(user_id, action)) return false;
    send_required_action(user_id);
    return true;
}

void Gateway::send_required_action(std::uint64_t user_id) {
    // discord-userdoccers: USER_REQUIRED_ACTION_UPDATE {required_action: ?string}; null once
    // the user has done what was asked.
    JsonOut j;
    j.obj().key("required_action").str_or_null(standing_.required_action(user_id)).end();
    dispatch_user(user_id, "USER_REQUIRED_ACTION_UPDATE", j.take());
}

void Gateway::resume(std::uint64_t conn_id, const std::string& payload) {
    auto cit = conns_.find(conn_id);
    if (cit == conns_.end() || cit->second.closing) return;
    rapidjson::Document doc;
    doc.Parse(payload.data(), payload.size());
    static const rapidjson::Value null_value;
    const rapidjson::Value& d = doc.HasMember("d") ? doc["d"] : null_value;
    const std::string sid = str_field(d, "session_id");
    std::uint64_t seq = 0;
    if (d.IsObject() && d.HasMember("seq") && d["seq"].IsUint64()) seq = d["seq"].GetUint64();
    auto sit = sessions_.find(sid);
    if (sit != sessions_.end()) expire_if_stale(sit->second);
    User* u = world_.user_by_token(str_field(d, "token"));
    if (sit == sessions_.end() || sit->second.invalidated || !u || u->id != sit->second.user_id) {
        spdlog::info("gateway: resume of unknown session '{}' refused", sid);
        send_op(conn_id, kInvalidSession, "false");
        return;
    }
    GatewaySession& s = sit->second;
    if (seq > s.seq) {
        server_close(conn_id, 4007, "Invalid seq.");
        return;
    }
    if (!s.buffer.empty() && seq + 1 < s.buffer.front().first) {
        // The dispatches after `seq` no longer all fit in the buffer: a gap would be silent loss.
        spdlog::info("gateway: session {} fell out of the replay buffer", s.id);
        s.invalidated = true;
        send_op(conn_id, kInvalidSession, "false");
        return;
    }
    if (s.conn_id && s.conn_id != conn_id) {
        // A resume takes the session over from a connection the client gave up on.
        const std::uint64_t old = s.conn_id;
        detach(s);
        if (auto o = conns_.find(old); o != conns_.end()) {
            o->second.closing = true;
            o->second.conn->drop();
        }
    }
    s.conn_id = conn_id;
    s.away_since_ms.reset();
    ++s.resumes;
    cit->second.session_id = s.id;
    std::size_t replayed = 0;
    for (const auto& [frame_seq, frame] : s.buffer) {
        if (frame_seq <= seq) continue;
        cit->second.conn->send(frame);
        ++replayed;
    }
    spdlog::info("gateway: session {} resumed from seq {}, replayed {}", s.id, seq, replayed);
    dispatch(s, "RESUMED", "{\"_trace\":[\"cordgate-emulator\"]}");
}

void Gateway::request_members(std::uint64_t conn_id, const rapidjson::Value& d) {
    if (!d.IsObject() || !d.HasMember("guild_id")) return;
    auto gid = snowflake_of(d["guild_id"]);
    Conn& c = conns_.at(conn_id);
    auto sit = sessions_.find(c.session_id);
    if (!gid || sit == sessions_.end() || !world_.guilds.count(*gid)) return;
    const Guild& g = world_.guilds.at(*gid);
    JsonOut j;
    j.obj().ks("guild_id", g.id).kn("chunk_index", 0).kn("chunk_count", 1);
    j.key("members").arr();
    for (const auto& m : g.members) world_.write_member(j, g, m, true);
    j.end_arr();
    if (d.HasMember("nonce") && d["nonce"].IsString()) j.kv("nonce", d["nonce"].GetString());
    j.end();
    dispatch(sit->second, "GUILD_MEMBERS_CHUNK", j.take());
}

void Gateway::dispatch(GatewaySession& s, std::string_view type, std::string_view d) {
    const std::uint64_t seq = ++s.seq;
    char seq_text[24];
    const auto seq_size = static_cast<std::size_t>(
        std::to_chars(seq_text, seq_text + sizeof seq_text, seq).ptr - seq_text);
    constexpr std::string_view kHead = "{\"op\":0,\"s\":", kType = ",\"t\":\"", kD = "\",\"d\":";
    std::string frame;
    frame.reserve(kHead.size() + 20 + kType.size() + type.size() + kD.size() + d.size() + 1);
    frame.append(kHead).append(seq_text, seq_size).append(kType).append(type).append(kD);
    frame.append(d).push_back('}');
    // The replay buffer keeps the frame; the connection copies it into its output.
    s.buffer.emplace_back(seq, std::move(frame));
    if (s.buffer.size() > kReplayBufferLimit) s.buffer.pop_front();
    if (s.conn_id) {
        auto it = conns_.find(s.conn_id);
        if (it != conns_.end() && !it->second.closing)
            it->second.conn->send(s.buffer.back().second);
    }
}

bool Gateway::receives(const GatewaySession& s, const Channel& ch, std::string_view type,
                       const Message* m) const {
    if (s.invalidated || !world_.can_see(s.user_id, ch) || !wants(s, ch, type)) return false;
    // DMs and group DMs reach user accounts whatever they subscribed to; bots have intents.
    if (s.bot || !ch.guild_id) return true;
    GuildEvent e;
    if (type == "TYPING_START") {
        e.kind = GuildEventKind::kTyping;
    } else if (type.rfind("MESSAGE_", 0) == 0) {
        e.kind = GuildEventKind::kMessage;
    } else {
        return true;  // channel and thread changes are stateful: always sent
    }
    auto g = world_.guilds.find(ch.guild_id);
    if (g == world_.guilds.end()) return true;
    e.large_guild = world_.is_large(g->second);
    if (m) {
        e.subject = m->author_id;
        e.mentions_viewer =
            std::find(m->mentions.begin(), m->mentions.end(), s.user_id) != m->mentions.end();
    }
    Viewer v;
    v.user_id = s.user_id;
    auto sub = s.subscriptions.find(ch.guild_id);
    if (sub != s.subscriptions.end()) v.subscription = &sub->second;
    return user_session_receives(v, e);
}

template <class Fn>
void Gateway::for_each_receiver(const Channel& ch, std::string_view type, Fn&& fn,
                                const Message* m) {
    if (ch.guild_id) {
        for (auto& [id, s] : sessions_)
            if (receives(s, ch, type, m)) fn(s);
        return;
    }
    // A DM or group DM: only its recipients' sessions, not a walk over all of them (a
    // thousand in the e2e bench's scale runs, for every message).
    const auto& users = ch.recipients;
    for (auto u = users.begin(); u != users.end(); ++u) {
        if (std::find(users.begin(), u, *u) != u) continue;  // a DM with oneself
        auto it = sessions_by_user_.find(*u);
        if (it == sessions_by_user_.end()) continue;
        for (GatewaySession* s : it->second)
            if (receives(*s, ch, type, m)) fn(*s);
    }
}

void Gateway::dispatch_channel(const Channel& ch, std::string_view type, const std::string& d) {
    for_each_receiver(ch, type, [&](GatewaySession& s) { dispatch(s, type, d); });
}

bool Gateway::wait_for_room(const Channel& ch, std::string_view type, std::size_t bytes,
                            std::function<void()> resume) {
    // Only when every receiver is behind: a client that stopped reading must not hold up the
    // others (nor the flood, as long as one of them keeps up).
    bool room = false;
    Connection* least = nullptr;
    std::size_t least_unsent = 0;
    for_each_receiver(ch, type, [&](GatewaySession& s) {
        auto it = s.conn_id ? conns_.find(s.conn_id) : conns_.end();
        if (room || it == conns_.end() || it->second.closing) return;
        const std::size_t unsent = it->second.conn->unsent();
        room = unsent <= bytes;
        if (!least || unsent < least_unsent) {
            least = it->second.conn;
            least_unsent = unsent;
        }
    });
    if (room || !least) return true;
    least->when_unsent_at_most(bytes, std::move(resume));
    return false;
}

void Gateway::dispatch_message(const Channel& ch, std::string_view type, const Message& m) {
    // One buffer for every message: its capacity stays, so a flood allocates nothing here.
    std::string& full = message_text_;
    full.clear();
    world_.append_message_json(full, m);
    std::string redacted;
    for_each_receiver(
        ch, type,
        [&](GatewaySession& s) {
            // Without MESSAGE_CONTENT a bot still sees DMs, its own messages and mentions of it.
            const bool mentioned =
                std::find(m.mentions.begin(), m.mentions.end(), s.user_id) != m.mentions.end();
            const bool redact = s.intents && !(*s.intents & kMessageContent) && ch.guild_id &&
                                m.author_id != s.user_id && !mentioned;
            if (redact && redacted.empty()) redacted = world_.message_json(m, true);
            dispatch(s, type, redact ? redacted : full);
        },
        &m);
}

void Gateway::dispatch_user(std::uint64_t user_id, std::string_view type, const std::string& d) {
    auto it = sessions_by_user_.find(user_id);
    if (it == sessions_by_user_.end()) return;
    for (GatewaySession* session : it->second) {
        GatewaySession& s = *session;
        if (s.invalidated) continue;
        if (type == "PRESENCE_UPDATE" && s.intents && !(*s.intents & kGuildPresences)) continue;
        dispatch(s, type, d);
    }
}

void Gateway::dispatch_guild(const Guild& g, std::string_view type, const std::string& d,
                             std::uint64_t also_user) {
    constexpr std::uint64_t kGuildMembers = 1ULL << 1;
    for (auto& [id, s] : sessions_) {
        if (s.invalidated) continue;
        if (s.user_id != also_user && !world_.member(g.id, s.user_id)) continue;
        if (type.rfind("GUILD_MEMBER", 0) == 0 && s.intents && !(*s.intents & kGuildMembers))
            continue;
        dispatch(s, type, d);
    }
}

Viewer Gateway::viewer_of(const GatewaySession& s, std::uint64_t guild_id, std::uint64_t subject,
                          const std::set<std::uint64_t>& affine) const {
    Viewer v;
    v.user_id = s.user_id;
    v.affine = &affine;
    if (auto sub = s.subscriptions.find(guild_id); sub != s.subscriptions.end())
        v.subscription = &sub->second;
    if (auto lists = s.member_lists.find(guild_id); lists != s.member_lists.end()) {
        for (const auto& [list_id, list] : lists->second)
            for (const MemberListItem& item : list.held)
                if (item.user_id == subject) v.subject_in_member_list = true;
    }
    return v;
}

void Gateway::dispatch_member_event(const Guild& g, std::string_view type, const std::string& d,
                                    std::uint64_t subject) {
    constexpr std::uint64_t kGuildMembers = 1ULL << 1;
    GuildEvent e;
    e.kind =
        type == "GUILD_MEMBER_ADD" ? GuildEventKind::kMemberAdd : GuildEventKind::kMemberChange;
    e.subject = subject;
    e.large_guild = world_.is_large(g);
    for (auto& [id, s] : sessions_) {
        if (s.invalidated) continue;
        if (s.user_id != subject && !world_.member(g.id, s.user_id)) continue;
        if (s.bot) {
            if (!s.intents || (*s.intents & kGuildMembers)) dispatch(s, type, d);
            continue;
        }
        const std::set<std::uint64_t> affine = world_.affine_users(s.user_id);
        if (user_session_receives(viewer_of(s, g.id, subject, affine), e)) dispatch(s, type, d);
    }
}

void Gateway::dispatch_presence(const Guild& g, std::uint64_t subject, const std::string& d) {
    GuildEvent e;
    e.kind = GuildEventKind::kPresence;
    e.subject = subject;
    e.large_guild = world_.is_large(g);
    for (const Member& m : g.members) {
        auto it = sessions_by_user_.find(m.user_id);
        if (it == sessions_by_user_.end()) continue;
        std::optional<std::set<std::uint64_t>> affine;
        for (GatewaySession* session : it->second) {
            GatewaySession& s = *session;
            if (s.invalidated) continue;
            if (s.bot) {
                if (!s.intents || (*s.intents & kGuildPresences)) dispatch(s, "PRESENCE_UPDATE", d);
                continue;
            }
            if (!affine) affine = world_.affine_users(s.user_id);
            if (user_session_receives(viewer_of(s, g.id, subject, *affine), e))
                dispatch(s, "PRESENCE_UPDATE", d);
        }
    }
}

void Gateway::subscribe(std::uint64_t conn_id, const std::vector<SubscriptionUpdate>& updates) {
    auto c = conns_.find(conn_id);
    if (c == conns_.end()) return;
    auto sit = sessions_.find(c->second.session_id);
    // Bots have intents instead; before IDENTIFY there is no one to subscribe.
    if (sit == sessions_.end() || sit->second.bot) return;
    GatewaySession& s = sit->second;
    for (const SubscriptionUpdate& u : updates) {
        auto git = world_.guilds.find(u.guild_id);
        if (git == world_.guilds.end() || !world_.member(u.guild_id, s.user_id)) continue;
        const Guild& g = git->second;
        GuildSubscription& sub = s.subscriptions[g.id];
        const SubscriptionChange change = apply_update(sub, u);
        const bool large = world_.is_large(g);
        spdlog::info(
            "gateway: session {} subscribes to guild {} (typing {}, threads {}, "
            "member_updates {}, {} members, {} channels)",
            s.id, g.id, sub.typing, sub.threads, sub.member_updates, sub.members.size(),
            sub.channels.size());
        if (change.newly_subscribed && large) {
            // The first subscription of a large guild refreshes it (guild-subscriptions.mdx,
            // "How It Works"; discord.py-self state.py).
            JsonOut j;
            world_.write_guild(j, g, s.user_id);
            dispatch(s, "GUILD_CREATE", j.take());
        }
        const bool effective = !large || sub.subscribed;
        if (effective && (change.threads_on || (change.newly_subscribed && large && sub.threads)))
            send_thread_list(s, g);
        if (change.channels_changed || (change.newly_subscribed && large)) sync_member_lists(s, g);
    }
}

void Gateway::send_thread_list(GatewaySession& s, const Guild& g) {
    // THREAD_LIST_SYNC without channel_ids: the guild's whole active list (gateway-events.mdx,
    // "Thread List Sync": for user accounts "the full list is sent through this event on
    // subscription"), with the user's own thread members.
    JsonOut j;
    j.obj().ks("guild_id", g.id).key("threads").arr();
    for (auto tid : g.thread_ids)
        if (const Channel* t = world_.channel(tid); t && world_.can_see(s.user_id, *t))
            world_.write_channel(j, *t, s.user_id);
    j.end_arr().key("members").arr();
    for (auto tid : g.thread_ids) {
        const Channel* t = world_.channel(tid);
        if (!t || !world_.joined_thread(s.user_id, *t)) continue;
        j.obj().ks("id", tid).ks("user_id", s.user_id);
        j.kv("join_timestamp", "2024-01-01T00:00:00.000000+00:00").kn("flags", 0).end();
    }
    j.end_arr().end();
    dispatch(s, "THREAD_LIST_SYNC", j.take());
}

void Gateway::sync_member_lists(GatewaySession& s, const Guild& g) {
    auto& lists = s.member_lists[g.id];
    lists.clear();
    const GuildSubscription& sub = s.subscriptions[g.id];
    // A large guild's subscriptions do nothing until the guild itself is subscribed.
    if (world_.is_large(g) && !sub.subscribed) return;
    for (const auto& [cid, ranges] : sub.channels) {
        const Channel* ch = world_.channel(cid);
        if (!ch || ch->guild_id != g.id || !world_.can_see(s.user_id, *ch)) continue;
        GatewaySession::HeldList& list = lists[member_list_id(world_, g, *ch)];
        if (!list.channel_id) list.channel_id = cid;
        std::set<ListRange> merged(list.ranges.begin(), list.ranges.end());
        merged.insert(ranges.begin(), ranges.end());
        list.ranges.assign(merged.begin(), merged.end());
    }
    for (auto& [list_id, held] : lists) {
        const MemberList list = build_member_list(world_, g, *world_.channel(held.channel_id));
        std::vector<ListOp> ops;
        for (const ListRange& r : held.ranges) ops.push_back(sync_op(list, r));
        held.held = held_items(list, held.ranges);
        dispatch(s, "GUILD_MEMBER_LIST_UPDATE", member_list_update_json(g.id, list, ops));
    }
}

void Gateway::refresh_member_lists(const Guild& g) {
    for (auto& [id, s] : sessions_) {
        if (s.invalidated) continue;
        auto lists = s.member_lists.find(g.id);
        if (lists == s.member_lists.end()) continue;
        for (auto& [list_id, held] : lists->second) {
            const Channel* ch = world_.channel(held.channel_id);
            if (!ch || !world_.can_see(s.user_id, *ch)) continue;
            const MemberList list = build_member_list(world_, g, *ch);
            std::vector<MemberListItem> now = held_items(list, held.ranges);
            const std::vector<ListOp> ops = diff_member_list(held.held, now);
            held.held = std::move(now);
            if (!ops.empty())
                dispatch(s, "GUILD_MEMBER_LIST_UPDATE", member_list_update_json(g.id, list, ops));
        }
    }
}

void Gateway::forget_guild(std::uint64_t user_id, std::uint64_t guild_id) {
    auto it = sessions_by_user_.find(user_id);
    if (it == sessions_by_user_.end()) return;
    for (GatewaySession* s : it->second) {
        s->subscriptions.erase(guild_id);
        s->member_lists.erase(guild_id);
    }
}

void Gateway::write_dispatches(JsonOut& j, const std::string& session_id,
                               std::uint64_t since) const {
    j.arr();
    if (auto it = sessions_.find(session_id); it != sessions_.end())
        for (const auto& [seq, frame] : it->second.buffer)
            if (seq > since) j.raw(frame);
    j.end_arr();
}

std::vector<std::string> Gateway::raw(
    const std::string& session_id, std::uint64_t user_id, const std::vector<std::string>& frames,
    const std::vector<std::pair<std::string, std::string>>& dispatches) {
    std::vector<std::string> ids;
    for (GatewaySession* s : select(session_id, user_id)) {
        ids.push_back(s->id);
        auto it = conns_.find(s->conn_id);
        if (it == conns_.end() || it->second.closing) continue;
        for (const auto& f : frames) it->second.conn->send(f);
        for (const auto& [type, d] : dispatches) dispatch(*s, type, d);
    }
    return ids;
}

void Gateway::detach(GatewaySession& s) {
    if (auto it = conns_.find(s.conn_id); it != conns_.end()) it->second.session_id.clear();
    s.conn_id = 0;
}

void Gateway::server_close(std::uint64_t conn_id, std::uint16_t code, const std::string& reason) {
    auto it = conns_.find(conn_id);
    if (it == conns_.end() || it->second.closing) return;
    if (auto sit = sessions_.find(it->second.session_id); sit != sessions_.end()) {
        if (ends_session(code)) sit->second.invalidated = true;
        detach(sit->second);
        start_resume_window(sit->second);
    }
    it->second.closing = true;
    it->second.conn->close(code, reason);
}

void Gateway::on_close(std::uint64_t conn_id, std::uint16_t client_code) {
    auto it = conns_.find(conn_id);
    if (it == conns_.end()) return;
    if (!it->second.closing) {
        if (auto sit = sessions_.find(it->second.session_id); sit != sessions_.end()) {
            // 1000/1001 from the client ends its session; anything else (or a drop) keeps it
            // resumable.
            if (client_code == 1000 || client_code == 1001) sit->second.invalidated = true;
            if (sit->second.conn_id == conn_id) {
                sit->second.conn_id = 0;
                start_resume_window(sit->second);
            }
        }
    }
    conns_.erase(it);
}

std::vector<GatewaySession*> Gateway::select(const std::string& session_id, std::uint64_t user_id) {
    std::vector<GatewaySession*> out;
    for (auto& [id, s] : sessions_) {
        if (s.invalidated || !s.conn_id) continue;
        if (!session_id.empty() && id != session_id) continue;
        if (user_id && s.user_id != user_id) continue;
        out.push_back(&s);
    }
    return out;
}

std::vector<std::string> Gateway::drop(const std::string& session_id, std::uint64_t user_id) {
    std::vector<std::string> ids;
    for (GatewaySession* s : select(session_id, user_id)) {
        ids.push_back(s->id);
        const std::uint64_t conn_id = s->conn_id;
        detach(*s);
        start_resume_window(*s);
        if (auto it = conns_.find(conn_id); it != conns_.end()) {
            it->second.closing = true;
            it->second.conn->drop();
        }
    }
    return ids;
}

std::vector<std::string> Gateway::ping(const std::string& session_id, std::uint64_t user_id,
                                       std::string_view payload) {
    std::vector<std::string> ids;
    for (GatewaySession* s : select(session_id, user_id)) {
        ids.push_back(s->id);
        if (auto it = conns_.find(s->conn_id); it != conns_.end()) it->second.conn->ping(payload);
    }
    return ids;
}

void Gateway::on_pong(std::uint64_t conn_id, std::string_view payload) {
    auto it = conns_.find(conn_id);
    if (it == conns_.end()) return;
    auto sit = sessions_.find(it->second.session_id);
    if (sit == sessions_.end()) return;
    std::deque<std::string>& pongs = sit->second.pongs;
    pongs.emplace_back(payload);
    if (pongs.size() > 16) pongs.pop_front();
}

std::vector<std::string> Gateway::reconnect(const std::string& session_id, std::uint64_t user_id) {
    std::vector<std::string> ids;
    for (GatewaySession* s : select(session_id, user_id)) {
        ids.push_back(s->id);
        send_op(s->conn_id, kReconnect, "null");
    }
    return ids;
}

std::vector<std::string> Gateway::invalid_session(const std::string& session_id,
                                                  std::uint64_t user_id, bool resumable) {
    std::vector<std::string> ids;
    for (GatewaySession* s : select(session_id, user_id)) {
        ids.push_back(s->id);
        send_op(s->conn_id, kInvalidSession, resumable ? "true" : "false");
        if (!resumable) {
            s->invalidated = true;
            detach(*s);
        }
    }
    return ids;
}

std::vector<std::string> Gateway::close(const std::string& session_id, std::uint64_t user_id,
                                        std::uint16_t code) {
    std::vector<std::string> ids;
    for (GatewaySession* s : select(session_id, user_id)) {
        ids.push_back(s->id);
        server_close(s->conn_id, code, "closed by the emulator's control API");
    }
    return ids;
}

void Gateway::start_resume_window(GatewaySession& s) {
    if (s.invalidated) return;
    s.away_since_ms = steady_ms_ ? steady_ms_() : steady_now_ms();
    const std::uint64_t away = ++s.away_count;
    scheduler_(policy_.resume_window_ms, [this, id = s.id, away] {
        auto it = sessions_.find(id);
        if (it != sessions_.end() && it->second.away_count == away) expire_if_stale(it->second);
    });
}

bool Gateway::expire_if_stale(GatewaySession& s) {
    if (s.invalidated || s.conn_id || !s.away_since_ms) return false;
    const std::uint64_t now = steady_ms_ ? steady_ms_() : steady_now_ms();
    if (now - *s.away_since_ms < policy_.resume_window_ms) return false;
    spdlog::info("gateway: session {} expired after {} ms away", s.id, now - *s.away_since_ms);
    s.invalidated = true;
    s.buffer.clear();
    return true;
}

std::size_t Gateway::live_sessions(std::uint64_t user_id) {
    std::size_t n = 0;
    if (auto it = sessions_by_user_.find(user_id); it != sessions_by_user_.end())
        for (GatewaySession* s : it->second)
            if (!expire_if_stale(*s) && !s->invalidated) ++n;
    return n;
}

void Gateway::hold_resumes(bool hold) {
    hold_resumes_ = hold;
    if (hold) return;
    auto held = std::move(held_resumes_);
    held_resumes_.clear();
    for (auto& [conn_id, payload] : held) resume(conn_id, payload);
}

void Gateway::write_sessions(JsonOut& j) const {
    j.arr();
    for (const auto& [id, s] : sessions_) {
        j.obj().kv("session_id", id).ks("user_id", s.user_id).kb("bot", s.bot);
        j.kb("connected", s.conn_id != 0).kb("invalidated", s.invalidated);
        j.kn("seq", static_cast<std::int64_t>(s.seq)).kn("resumes", s.resumes);
        auto c = conns_.find(s.conn_id);
        j.kb("compress", c != conns_.end() && c->second.zlib_stream);
        j.key("presence");
        if (s.presence_json.empty()) {
            j.null();
        } else {
            j.raw(s.presence_json);
        }
        j.key("pongs").arr();
        for (const std::string& p : s.pongs) j.str(p);
        j.end_arr().key("subscriptions").obj();
        for (const auto& [gid, sub] : s.subscriptions) {
            j.key(std::to_string(gid)).obj().kb("subscribed", sub.subscribed);
            j.kb("typing", sub.typing).kb("activities", sub.activities).kb("threads", sub.threads);
            j.kb("member_updates", sub.member_updates).key("members").arr();
            for (auto uid : sub.members) j.snow(uid);
            j.end_arr().key("channels").obj();
            for (const auto& [cid, ranges] : sub.channels) {
                j.key(std::to_string(cid)).arr();
                for (const auto& [a, b] : ranges) j.arr().num(a).num(b).end_arr();
                j.end_arr();
            }
            j.end().key("thread_member_lists").arr();
            for (auto tid : sub.thread_member_lists) j.snow(tid);
            j.end_arr().end();
        }
        j.end().end();
    }
    j.end_arr();
}

}  // namespace cordgate::tests::emulator
