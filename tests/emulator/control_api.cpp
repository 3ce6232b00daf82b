#include <tests/emulator/control_api.hpp>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <map>

namespace cordgate::tests::emulator {
namespace {

// A flood waits while every receiving connection has more than this unsent: about a batch
// (256 messages), on top of what the kernel's socket buffer already holds.
constexpr std::size_t kFloodUnsentBytes = 256 * 1024;

const rapidjson::Value* field(const rapidjson::Value& v, const char* name) {
    if (!v.IsObject()) return nullptr;
    auto it = v.FindMember(name);
    return it == v.MemberEnd() || it->value.IsNull() ? nullptr : &it->value;
}

std::uint64_t id_field(const rapidjson::Value& v, const char* name, bool required = true) {
    const rapidjson::Value* f = field(v, name);
    if (!f) {
        if (required) throw ApiError(400, 0, std::string("missing ") + name);
        return 0;
    }
    auto id = snowflake_of(*f);
    if (!id) throw ApiError(400, 0, std::string(name) + " is not a snowflake");
    return *id;
}

// An array of snowflakes; absent is empty.
std::vector<std::uint64_t> ids_field(const rapidjson::Value& v, const char* name) {
    std::vector<std::uint64_t> ids;
    const rapidjson::Value* f = field(v, name);
    if (!f) return ids;
    if (!f->IsArray()) throw ApiError(400, 0, std::string(name) + " must be an array");
    for (const auto& item : f->GetArray()) {
        auto id = snowflake_of(item);
        if (!id) throw ApiError(400, 0, std::string(name) + ": not a snowflake");
        ids.push_back(*id);
    }
    return ids;
}

std::string str_field(const rapidjson::Value& v, const char* name, std::string fallback = "") {
    const rapidjson::Value* f = field(v, name);
    return f && f->IsString() ? std::string(f->GetString(), f->GetStringLength()) : fallback;
}

std::int64_t int_field(const rapidjson::Value& v, const char* name, std::int64_t fallback) {
    const rapidjson::Value* f = field(v, name);
    return f && f->IsInt64() ? f->GetInt64() : fallback;
}

// The rich parts a test may give a message (`extra`), each a raw JSON value served as it is.
constexpr std::array<std::string_view, 6> kExtraKeys{
    "embeds", "sticker_items", "poll", "message_snapshots", "message_reference", "call"};

std::map<std::string, std::string> extra_field(const rapidjson::Value& v) {
    std::map<std::string, std::string> out;
    const rapidjson::Value* f = field(v, "extra");
    if (!f) return out;
    if (!f->IsObject()) throw ApiError(400, 0, "extra must be an object");
    for (const auto& m : f->GetObject()) {
        const std::string_view key(m.name.GetString(), m.name.GetStringLength());
        if (std::find(kExtraKeys.begin(), kExtraKeys.end(), key) == kExtraKeys.end())
            throw ApiError(400, 0, "extra: " + std::string(key) + " is not a rich part");
        rapidjson::StringBuffer buf;
        rapidjson::Writer<rapidjson::StringBuffer> w(buf);
        m.value.Accept(w);
        out[std::string(key)] = std::string(buf.GetString(), buf.GetSize());
    }
    return out;
}

double num_field(const rapidjson::Value& v, const char* name, double fallback) {
    const rapidjson::Value* f = field(v, name);
    return f && f->IsNumber() ? f->GetDouble() : fallback;
}

bool bool_field(const rapidjson::Value& v, const char* name, bool fallback) {
    const rapidjson::Value* f = field(v, name);
    return f && f->IsBool() ? f->GetBool() : fallback;
}

std::string serialise(const rapidjson::Value& v) {
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    v.Accept(w);
    return {buf.GetString(), buf.GetSize()};
}

HttpResponse affected(const std::vector<std::string>& ids) {
    JsonOut j;
    j.obj().key("sessions").arr();
    for (const auto& id : ids) j.str(id);
    j.end_arr().end();
    return HttpResponse::json(200, j.take());
}

// `attachments: [{filename, size, content_type?}]`: files whose bytes the CDN makes up
// (attachment_store.hpp), so a test can post large ones for free.
std::vector<Attachment> attachments_field(const rapidjson::Value& v) {
    std::vector<Attachment> out;
    const rapidjson::Value* f = field(v, "attachments");
    if (!f) return out;
    if (!f->IsArray()) throw ApiError(400, 0, "attachments must be an array");
    for (const auto& item : f->GetArray()) {
        Attachment a;
        a.filename = str_field(item, "filename");
        const rapidjson::Value* size = field(item, "size");
        if (a.filename.empty() || a.filename.find('/') != std::string::npos || !size ||
            !size->IsUint64())
            throw ApiError(400, 0, "attachments: each needs a filename and a size");
        a.size = size->GetUint64();
        a.content_type = str_field(item, "content_type", content_type_for(a.filename));
        out.push_back(std::move(a));
    }
    return out;
}

}  // namespace

HttpResponse ControlApi::handle(const HttpRequest& req) {
    try {
        const std::string path = req.path.substr(std::string_view("/_emulator").size());
        rapidjson::Document body;
        body.Parse(req.body.empty() ? "{}" : req.body.c_str());
        if (body.HasParseError() || !body.IsObject())
            throw ApiError(400, 0, "body must be a JSON object");
        const std::string& m = req.method;

        if (m == "GET" && path == "/requests") return requests(req);
        if (m == "GET" && path == "/cdn_requests") {
            JsonOut j;
            j.obj().key("requests").arr();
            for (const auto& r : cdn_.entries()) {
                j.obj()
                    .kn("seq", static_cast<std::int64_t>(r.seq))
                    .kn("t_ms", static_cast<std::int64_t>(r.t_ms))
                    .kv("path", r.path)
                    .kv("query", r.query)
                    .kn("status", r.status)
                    .end();
            }
            j.end_arr().end();
            return HttpResponse::json(200, j.take());
        }
        if (m == "DELETE" && path == "/cdn_requests") {
            cdn_.clear();
            return HttpResponse::json(200, "{}");
        }
        if (m == "GET" && path == "/sessions") {
            JsonOut j;
            gateway_.write_sessions(j);
            return HttpResponse::json(200, j.take());
        }
        if (m == "GET" && path == "/dispatches") {
            // What a session was sent (its replay buffer): a test checks what did not arrive.
            const std::string sid = req.query.count("session_id") ? req.query.at("session_id") : "";
            std::uint64_t since = 0;
            if (auto it = req.query.find("since"); it != req.query.end())
                since = parse_snowflake(it->second).value_or(0);
            JsonOut j;
            gateway_.write_dispatches(j, sid, since);
            return HttpResponse::json(200, j.take());
        }
        if (m == "GET" && path == "/messages") {
            const std::uint64_t cid =
                parse_snowflake(req.query.count("channel_id") ? req.query.at("channel_id") : "")
                    .value_or(0);
            JsonOut j;
            j.arr();
            for (const auto& [id, msg] : world_.messages[cid]) world_.write_message(j, msg);
            j.end_arr();
            return HttpResponse::json(200, j.take());
        }
        if (m == "GET" && path == "/flags") {
            JsonOut j;
            gateway_.standing().write_flags(j);
            return HttpResponse::json(200, j.take());
        }
        if (m == "DELETE" && path == "/flags") {
            gateway_.standing().clear_flags();
            return HttpResponse::json(200, "{}");
        }
        if (m == "GET" && path == "/invalid_requests") {
            JsonOut j;
            rest_.invalid_requests().write(j, clock_.steady_ms());
            return HttpResponse::json(200, j.take());
        }
        if (m == "DELETE" && path == "/invalid_requests") {
            rest_.invalid_requests().clear();
            return HttpResponse::json(200, "{}");
        }
        if (m == "GET" && path == "/ratelimits") return ratelimits();
        if (m == "DELETE" && path == "/captcha") {
            rest_.captcha().clear();
            return HttpResponse::json(200, "{}");
        }
        if (m != "POST") throw ApiError(404, 0, "unknown control endpoint " + m + " " + path);

        if (path == "/message") {
            NewMessage nm;
            nm.channel_id = id_field(body, "channel_id");
            nm.author_id = id_field(body, "author_id");
            nm.content = str_field(body, "content");
            nm.nonce = str_field(body, "nonce");
            if (const std::uint64_t reply = id_field(body, "reply_to", false))
                nm.reference = MessageReference{reply, nm.channel_id, 0};
            nm.type = static_cast<int>(int_field(body, "type", 0));
            nm.extra = extra_field(body);
            nm.attachments = attachments_field(body);
            if (nm.reference && nm.extra.count("message_reference"))
                throw ApiError(400, 0, "reply_to and extra.message_reference exclude each other");
            auto [msg, fresh] = ops_.create_message(std::move(nm));
            (void)fresh;
            return HttpResponse::json(200, world_.message_json(*msg));
        }
        if (path == "/cdn") {
            // The CDN's clock and rules: `advance_s` makes URLs issued so far older (expired
            // once past their `ex`), `ttl_s` is how long URLs issued from now on last,
            // `upload_limit` the per-file limit on sending.
            if (const rapidjson::Value* f = field(body, "advance_s"); f && f->IsUint64())
                world_.files.advance(f->GetUint64());
            if (const rapidjson::Value* f = field(body, "ttl_s"); f && f->IsUint64())
                world_.files.set_ttl(f->GetUint64());
            if (const rapidjson::Value* f = field(body, "upload_limit"); f && f->IsUint64())
                world_.files.set_upload_limit(f->GetUint64());
            JsonOut j;
            j.obj()
                .kn("now_s", static_cast<std::int64_t>(world_.files.now_s(world_.ids.now_ms())))
                .kn("ttl_s", static_cast<std::int64_t>(world_.files.ttl()))
                .kn("upload_limit", static_cast<std::int64_t>(world_.files.upload_limit()))
                .end();
            return HttpResponse::json(200, j.take());
        }
        if (path == "/edit") {
            std::optional<std::string> content;
            if (field(body, "content")) content = str_field(body, "content");
            // New rich parts replace those of the same key (a poll's new results, say).
            if (auto extra = extra_field(body); !extra.empty()) {
                Message* target =
                    world_.message(id_field(body, "channel_id"), id_field(body, "message_id"));
                if (!target) throw ApiError(404, 10008, "Unknown Message");
                for (auto& [key, value] : extra) target->extra[key] = std::move(value);
            }
            const Message& msg = ops_.edit_message(id_field(body, "channel_id"),
                                                   id_field(body, "message_id"), 0, content);
            return HttpResponse::json(200, world_.message_json(msg));
        }
        if (path == "/delete") {
            ops_.delete_message(id_field(body, "channel_id"), id_field(body, "message_id"));
            return HttpResponse::json(200, "{}");
        }
        if (path == "/delete_bulk") {
            const auto ids = ids_field(body, "message_ids");
            if (ids.empty()) throw ApiError(400, 0, "missing message_ids");
            ops_.delete_messages(id_field(body, "channel_id"), ids);
            return HttpResponse::json(200, "{}");
        }
        if (path == "/reactions_clear") {
            std::optional<Emoji> only;
            if (field(body, "emoji")) only = parse_emoji(str_field(body, "emoji"));
            ops_.clear_reactions(id_field(body, "channel_id"), id_field(body, "message_id"), only);
            return HttpResponse::json(200, "{}");
        }
        if (path == "/reaction") {
            const Emoji e = parse_emoji(str_field(body, "emoji"));
            if (e.name.empty()) throw ApiError(400, 0, "missing emoji");
            const auto cid = id_field(body, "channel_id"), mid = id_field(body, "message_id"),
                       uid = id_field(body, "user_id");
            if (bool_field(body, "remove", false)) {
                ops_.remove_reaction(cid, mid, uid, e);
            } else {
                ops_.add_reaction(cid, mid, uid, e);
            }
            return HttpResponse::json(200, "{}");
        }
        if (path == "/typing") {
            ops_.typing(id_field(body, "channel_id"), id_field(body, "user_id"),
                        clock_.unix_ms() / 1000);
            return HttpResponse::json(200, "{}");
        }
        if (path == "/presence") {
            const rapidjson::Value* act = field(body, "activities");
            ops_.presence(id_field(body, "user_id"), str_field(body, "status", "online"),
                          act && act->IsArray() ? serialise(*act) : "[]");
            return HttpResponse::json(200, "{}");
        }
        if (path == "/relationship") {
            const auto owner = id_field(body, "user_id"), target = id_field(body, "target_id");
            if (bool_field(body, "remove", false)) {
                ops_.remove_relationship(owner, target);
            } else {
                ops_.add_relationship(owner, target, static_cast<int>(int_field(body, "type", 1)),
                                      str_field(body, "nickname"));
            }
            return HttpResponse::json(200, "{}");
        }
        if (path == "/user") {
            // Someone changes their profile: Discord tells the others in a PRESENCE_UPDATE whose
            // user object carries the new fields (discord.py-self state.py,
            // _handle_presence_update -> user_update).
            const auto uid = id_field(body, "user_id");
            User* u = world_.user(uid);
            if (!u) throw ApiError(404, 10013, "Unknown User");
            if (field(body, "username")) u->username = str_field(body, "username");
            if (field(body, "global_name")) u->global_name = str_field(body, "global_name");
            if (field(body, "avatar")) u->avatar = str_field(body, "avatar");
            ops_.presence(uid, u->status, u->activities_json, true);
            return HttpResponse::json(200, world_.user_json(*u));
        }
        if (path == "/friend") {
            // user_id acts in their official client towards target_id (both sides told).
            const auto me = id_field(body, "user_id"), target = id_field(body, "target_id");
            const std::string action = str_field(body, "action", "request");
            if (action == "request" || action == "accept") {
                ops_.put_relationship(me, target, std::nullopt);
            } else if (action == "block") {
                ops_.put_relationship(me, target, 2);
            } else if (action == "remove" || action == "decline") {
                ops_.delete_relationship(me, target);
            } else {
                throw ApiError(400, 0, "action: request, accept, decline, remove or block");
            }
            return HttpResponse::json(200, "{}");
        }
        if (path == "/member") {
            const auto gid = id_field(body, "guild_id"), uid = id_field(body, "user_id");
            if (bool_field(body, "remove", false)) {
                ops_.remove_member(gid, uid);
            } else {
                ops_.set_member(gid, uid, str_field(body, "nick"), ids_field(body, "roles"));
            }
            return HttpResponse::json(200, "{}");
        }
        if (path == "/guild") {
            const auto gid = id_field(body, "guild_id");
            if (bool_field(body, "outage", false)) {
                ops_.guild_outage(gid);
            } else {
                if (!field(body, "name")) throw ApiError(400, 0, "missing name");
                ops_.rename_guild(gid, str_field(body, "name"));
            }
            return HttpResponse::json(200, "{}");
        }
        if (path == "/role") {
            const auto gid = id_field(body, "guild_id"), rid = id_field(body, "role_id", false);
            if (bool_field(body, "remove", false)) {
                ops_.remove_role(gid, rid);
                return HttpResponse::json(200, "{}");
            }
            std::optional<std::string> name, permissions;
            if (field(body, "name")) name = str_field(body, "name");
            if (field(body, "permissions")) permissions = str_field(body, "permissions");
            std::optional<bool> hoist;
            if (field(body, "hoist")) hoist = bool_field(body, "hoist", false);
            const Role& r = ops_.set_role(gid, rid, name, permissions, hoist);
            return HttpResponse::json(200, "{\"id\":\"" + std::to_string(r.id) + "\"}");
        }
        if (path == "/recipient") {
            const auto cid = id_field(body, "channel_id"), uid = id_field(body, "user_id");
            if (bool_field(body, "remove", false)) {
                ops_.remove_recipient(cid, uid);
            } else {
                ops_.add_recipient(cid, uid);
            }
            return HttpResponse::json(200, "{}");
        }
        if (path == "/thread") {
            std::optional<std::string> name;
            if (field(body, "name")) name = str_field(body, "name");
            ops_.update_thread(id_field(body, "thread_id"), name,
                               bool_field(body, "remove", false));
            return HttpResponse::json(200, "{}");
        }
        if (path == "/channel") {
            // Absent fields stay as they are; "" clears a topic.
            std::optional<std::string> name, topic;
            if (field(body, "name")) name = str_field(body, "name");
            if (field(body, "topic")) topic = str_field(body, "topic");
            const Channel& ch = ops_.update_channel(id_field(body, "channel_id"), name, topic);
            return HttpResponse::json(200, world_.channel_json(ch, 0));
        }
        if (path == "/flood") {
            const double rate = num_field(body, "rate", 0);
            const bool stamp = bool_field(body, "stamp", false);
            // A benchmark with a thousand sessions floods a thousand DMs at once: one call for
            // all of them, so that the floods do not start one HTTP round trip apart.
            if (const rapidjson::Value* many = field(body, "floods"); many && many->IsArray()) {
                for (const auto& one : many->GetArray()) check_flood(one);
                for (const auto& one : many->GetArray()) start_flood(one, rate, stamp);
            } else {
                check_flood(body);
                start_flood(body, rate, stamp);
            }
            return HttpResponse::json(200, "{\"started\":true}");
        }
        if (path.rfind("/fault/", 0) == 0) return fault(path.substr(7), body);
        if (path == "/ratelimits") return configure_ratelimits(body);
        if (path == "/strict") {
            StrictMode s = gateway_.standing().strict();
            s.enabled = bool_field(body, "enabled", true);
            s.threshold = static_cast<std::uint64_t>(
                std::max<std::int64_t>(1, int_field(body, "threshold", 1)));
            s.action = str_field(body, "action", s.action);
            gateway_.standing().set_strict(s);
            return HttpResponse::json(200, "{}");
        }
        if (path == "/profile") {
            gateway_.profile().check_capabilities =
                bool_field(body, "capabilities_check", gateway_.profile().check_capabilities);
            return HttpResponse::json(200, "{}");
        }
        if (path == "/required_action") {
            const std::uint64_t uid = id_field(body, "user_id");
            if (!world_.user(uid)) throw ApiError(404, 0, "unknown user");
            const bool changed = gateway_.set_required_action(uid, str_field(body, "action"));
            return HttpResponse::json(200, changed ? "{\"changed\":true}" : "{\"changed\":false}");
        }
        if (path == "/invalid_requests") {
            InvalidRequestPolicy p = rest_.invalid_requests().policy();
            p.threshold = static_cast<std::uint64_t>(
                int_field(body, "threshold", static_cast<std::int64_t>(p.threshold)));
            p.window_ms = static_cast<std::uint64_t>(
                int_field(body, "window_ms", static_cast<std::int64_t>(p.window_ms)));
            p.ban_ms = static_cast<std::uint64_t>(
                int_field(body, "ban_ms", static_cast<std::int64_t>(p.ban_ms)));
            rest_.invalid_requests().set_policy(p);
            if (bool_field(body, "clear", false)) rest_.invalid_requests().clear();
            return HttpResponse::json(200, "{}");
        }
        if (path == "/captcha") {
            CaptchaRule rule;
            rule.count = static_cast<int>(int_field(body, "count", 1));
            if (const rapidjson::Value* r = field(body, "routes")) {
                if (!r->IsArray()) throw ApiError(400, 0, "routes must be an array of strings");
                for (const auto& route : r->GetArray()) {
                    if (!route.IsString())
                        throw ApiError(400, 0, "routes must be an array of strings");
                    rule.routes.emplace_back(route.GetString(), route.GetStringLength());
                }
            }
            if (rule.count > 0) rest_.captcha().arm(std::move(rule));
            return HttpResponse::json(200, "{}");
        }
        if (path == "/nonce_window") {
            ops_.set_nonce_window_ms(static_cast<std::uint64_t>(
                int_field(body, "ms", static_cast<std::int64_t>(ops_.nonce_window_ms()))));
            return HttpResponse::json(200, "{}");
        }
        throw ApiError(404, 0, "unknown control endpoint POST " + path);
    } catch (const ApiError& e) {
        return api_error(e.status, e.code, e.what());
    }
}

HttpResponse ControlApi::requests(const HttpRequest& req) {
    std::uint64_t since = 0;
    if (auto it = req.query.find("since"); it != req.query.end())
        since = parse_snowflake(it->second).value_or(0);
    JsonOut j;
    j.obj().key("requests").arr();
    std::uint64_t last = since;
    for (const auto& r : rest_.log()) {
        if (r.seq <= since) continue;
        last = r.seq;
        j.obj()
            .kn("seq", static_cast<std::int64_t>(r.seq))
            .kn("t_ns", static_cast<std::int64_t>(r.t_ns))
            .kv("method", r.method)
            .kv("path", r.path);
        j.kv("query", r.query).kn("status", r.status).key("user_id").snow_or_null(r.user_id);
        j.kv("auth", r.auth_scheme)
            .kv("content_type", r.content_type)
            .kv("user_agent", r.user_agent)
            .kv("super_properties", r.super_properties);
        j.key("body");
        rapidjson::Document body;
        if (!r.body.empty() && !body.Parse(r.body.c_str()).HasParseError()) {
            j.raw(r.body);
        } else if (!r.body.empty()) {
            j.str(r.body);
        } else {
            j.null();
        }
        j.key("files").arr();
        for (const auto& f : r.files) j.str(f);
        j.end_arr().end();
    }
    j.end_arr().kn("last", static_cast<std::int64_t>(last)).end();
    return HttpResponse::json(200, j.take());
}

HttpResponse ControlApi::fault(const std::string& kind, const rapidjson::Value& body) {
    const std::string sid = str_field(body, "session_id");
    const std::uint64_t uid = id_field(body, "user_id", false);
    if (kind == "drop") {
        // hold_resume: keep the client's RESUME waiting until /fault/release, so dispatches
        // injected meanwhile are certainly "missed" and must come back by replay.
        if (bool_field(body, "hold_resume", false)) gateway_.hold_resumes(true);
        return affected(gateway_.drop(sid, uid));
    }
    if (kind == "release") {
        gateway_.hold_resumes(false);
        return HttpResponse::json(200, "{}");
    }
    if (kind == "reconnect") return affected(gateway_.reconnect(sid, uid));
    if (kind == "ping") return affected(gateway_.ping(sid, uid, str_field(body, "payload")));
    if (kind == "invalid_session")
        return affected(gateway_.invalid_session(sid, uid, bool_field(body, "resumable", false)));
    if (kind == "close")
        return affected(
            gateway_.close(sid, uid, static_cast<std::uint16_t>(int_field(body, "code", 4000))));
    if (kind == "heartbeat_delay") {
        gateway_.set_heartbeat_ack_delay(static_cast<std::uint64_t>(int_field(body, "ms", 0)));
        return HttpResponse::json(200, "{}");
    }
    if (kind == "raw") {
        std::vector<std::string> frames;
        if (const rapidjson::Value* f = field(body, "frames")) {
            if (!f->IsArray()) throw ApiError(400, 0, "frames must be an array of strings");
            for (const auto& frame : f->GetArray()) {
                if (!frame.IsString()) throw ApiError(400, 0, "frames must be an array of strings");
                frames.emplace_back(frame.GetString(), frame.GetStringLength());
            }
        }
        // A generated frame of this many bytes: a dispatch-shaped JSON object padded with a
        // long string, so a test need not ship megabytes through the control API.
        if (const std::int64_t size = int_field(body, "oversized", 0); size > 0) {
            std::string frame = R"({"op":0,"s":null,"t":"MESSAGE_CREATE","d":{"content":")";
            const std::string tail = "\"}}";
            const auto total = static_cast<std::size_t>(size);
            if (total > frame.size() + tail.size())
                frame.append(total - frame.size() - tail.size(), 'x');
            frames.push_back(frame + tail);
        }
        std::vector<std::pair<std::string, std::string>> dispatches;
        if (const rapidjson::Value* ds = field(body, "dispatches")) {
            if (!ds->IsArray()) throw ApiError(400, 0, "dispatches must be an array");
            for (const auto& d : ds->GetArray()) {
                const std::string t = str_field(d, "t");
                // d_raw: the text of `d` as it goes out. Parsing and writing `d` again would turn
                // an escape like \udc00 into the bytes it decodes to.
                if (d.IsObject() && d.HasMember("d_raw") && d["d_raw"].IsString() && !t.empty()) {
                    dispatches.emplace_back(
                        t, std::string(d["d_raw"].GetString(), d["d_raw"].GetStringLength()));
                    continue;
                }
                if (t.empty() || !d.HasMember("d"))
                    throw ApiError(400, 0, "dispatches[]: t and d (or d_raw)");
                dispatches.emplace_back(t, serialise(d["d"]));
            }
        }
        return affected(gateway_.raw(sid, uid, frames, dispatches));
    }
    if (kind == "rest") {
        RestFault f;
        f.count = static_cast<int>(int_field(body, "count", 1));
        f.status = static_cast<int>(int_field(body, "status", 429));
        if (const rapidjson::Value* st = field(body, "statuses")) {
            if (!st->IsArray()) throw ApiError(400, 0, "statuses must be an array of integers");
            for (const auto& v : st->GetArray()) {
                if (!v.IsInt()) throw ApiError(400, 0, "statuses must be an array of integers");
                f.statuses.push_back(v.GetInt());
            }
        }
        f.prefix = str_field(body, "prefix");
        f.method = str_field(body, "method");
        f.route = str_field(body, "route");
        f.retry_after = num_field(body, "retry_after", 0.1);
        f.global = bool_field(body, "global", false);
        f.scope = str_field(body, "scope");
        f.body = str_field(body, "body");
        if (f.count > 0) rest_.add_fault(f);
        return HttpResponse::json(200, "{}");
    }
    if (kind == "ready") {
        ReadyExtras extras;
        const auto raw_items = [&](const char* key, std::vector<std::string>& out) {
            const rapidjson::Value* items = field(body, key);
            if (!items) return;
            if (!items->IsArray()) throw ApiError(400, 0, std::string(key) + " must be an array");
            for (const auto& item : items->GetArray()) {
                if (!item.IsString())
                    throw ApiError(400, 0, std::string(key) + " must hold JSON texts as strings");
                out.emplace_back(item.GetString(), item.GetStringLength());
            }
        };
        raw_items("relationships", extras.relationships);
        raw_items("private_channels", extras.private_channels);
        raw_items("guilds", extras.guilds);
        gateway_.set_ready_extras(std::move(extras));
        return HttpResponse::json(200, "{}");
    }
    if (kind == "clear") {
        rest_.clear_faults();
        rest_.captcha().clear();
        gateway_.set_heartbeat_ack_delay(0);
        gateway_.hold_resumes(false);
        gateway_.set_ready_extras({});
        return HttpResponse::json(200, "{}");
    }
    throw ApiError(404, 0, "unknown fault " + kind);
}

HttpResponse ControlApi::ratelimits() {
    JsonOut j;
    RouteLimits& rl = rest_.route_limits();
    j.obj().kb("per_route", rl.enabled).kb("user_headers", rest_.user_ratelimit_headers());
    j.kb("enabled", rest_.rate_limiter().enabled()).key("routes").obj();
    for (const auto& [pattern, limit] : rl.table()) {
        j.key(pattern).obj().kn("limit", limit.limit);
        j.kn("window_ms", static_cast<std::int64_t>(limit.window_ms)).end();
    }
    j.end().end();
    return HttpResponse::json(200, j.take());
}

HttpResponse ControlApi::configure_ratelimits(const rapidjson::Value& body) {
    // The uniform limit (any token, headers on every reply) keeps its old call shape.
    if (field(body, "enabled") || field(body, "limit") || field(body, "window_ms"))
        rest_.rate_limiter().configure(
            bool_field(body, "enabled", true), static_cast<int>(int_field(body, "limit", 5)),
            static_cast<std::uint64_t>(int_field(body, "window_ms", 5000)));
    RouteLimits& rl = rest_.route_limits();
    if (bool_field(body, "reset", false)) {
        rl.reset_defaults();
        rl.enabled = true;
        rest_.set_user_ratelimit_headers(false);
    }
    rl.enabled = bool_field(body, "per_route", rl.enabled);
    rest_.set_user_ratelimit_headers(
        bool_field(body, "user_headers", rest_.user_ratelimit_headers()));
    if (const rapidjson::Value* routes = field(body, "routes")) {
        if (!routes->IsObject()) throw ApiError(400, 0, "routes must be an object");
        for (const auto& r : routes->GetObject()) {
            const std::string pattern(r.name.GetString(), r.name.GetStringLength());
            if (r.value.IsNull()) {
                rl.set(pattern, std::nullopt);
                continue;
            }
            if (!r.value.IsObject()) throw ApiError(400, 0, "routes." + pattern + ": an object");
            RouteLimit limit;
            limit.limit = static_cast<int>(int_field(r.value, "limit", limit.limit));
            limit.window_ms = static_cast<std::uint64_t>(
                int_field(r.value, "window_ms", static_cast<std::int64_t>(limit.window_ms)));
            rl.set(pattern, limit);
        }
    }
    return ratelimits();
}

void ControlApi::check_flood(const rapidjson::Value& flood) {
    id_field(flood, "author_id");
    ops_.channel_for(id_field(flood, "channel_id"), 0);
}

void ControlApi::start_flood(const rapidjson::Value& flood, double rate, bool stamp) {
    Flood f;
    f.channel_id = id_field(flood, "channel_id");
    f.author_id = id_field(flood, "author_id");
    f.left = static_cast<std::uint64_t>(int_field(flood, "count", 100));
    f.interval_us = rate > 0 ? static_cast<std::uint64_t>(1e6 / rate) : 0;
    f.start_ms = clock_.steady_ms();
    f.stamp = stamp;
    ++floods_running_;
    flood_step(f);
}

std::string ControlApi::flood_content(const Flood& f) const {
    char text[64] = "flood ";
    char* end = std::to_chars(text + 6, text + sizeof text, f.sent + 1).ptr;
    // Read as late as possible, so the e2e bench's latency is the gateway's path and not the
    // time this message waited for its turn in the schedule.
    if (f.stamp) {
        *end++ = ' ';
        end = std::to_chars(end, text + sizeof text, clock_.unix_ns()).ptr;
    }
    return {text, end};
}

void ControlApi::flood_step(Flood f) {
    // The next batch is made once a receiver's socket has taken the last one, not all at once:
    // unsent frames would pile up by the hundred megabytes, and each message's stamp would
    // include its wait in that pile.
    if (const Channel* ch = world_.channel(f.channel_id);
        ch && !gateway_.wait_for_room(*ch, "MESSAGE_CREATE", kFloodUnsentBytes,
                                      [f, this] { flood_step(f); }))
        return;
    // Paced against the start time rather than chained delays, so timer slack does not
    // accumulate; with rate 0, batches keep the loop responsive to other sockets.
    std::uint64_t batch = 0;
    while (f.left > 0 && batch < 256) {
        if (f.interval_us) {
            const std::uint64_t due_ms = f.start_ms + f.sent * f.interval_us / 1000;
            const std::uint64_t now = clock_.steady_ms();
            if (due_ms > now) {
                scheduler_(due_ms - now, [f, this] { flood_step(f); });
                return;
            }
        }
        NewMessage nm;
        nm.channel_id = f.channel_id;
        nm.author_id = f.author_id;
        nm.content = flood_content(f);
        try {
            ops_.create_message(std::move(nm));
        } catch (const ApiError& e) {
            spdlog::warn("flood stopped: {}", e.what());
            --floods_running_;
            return;
        }
        ++f.sent;
        --f.left;
        ++batch;
    }
    if (f.left == 0) {
        --floods_running_;
        spdlog::info("flood into {} finished: {} messages", f.channel_id, f.sent);
        return;
    }
    scheduler_(0, [f, this] { flood_step(f); });
}

}  // namespace cordgate::tests::emulator
