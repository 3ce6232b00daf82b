#include <tests/emulator/rest_router.hpp>

#include <tests/emulator/form_limits.hpp>
#include <tests/emulator/multipart.hpp>
#include <tests/emulator/rest_attachments.hpp>
#include <tests/emulator/own_profile.hpp>

#include <rapidjson/document.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace cordgate::tests::emulator {
namespace {

constexpr std::size_t kLogLimit = 100000;

std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < path.size()) {
        std::size_t slash = path.find('/', start);
        if (slash == std::string_view::npos) slash = path.size();
        if (slash > start) out.emplace_back(percent_decode(path.substr(start, slash - start)));
        start = slash + 1;
    }
    return out;
}

std::uint64_t id_segment(const std::string& seg) {
    auto id = parse_snowflake(seg);
    if (!id) throw ApiError(404, 0, "404: Not Found");
    return *id;
}

std::string format_seconds(double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", s);
    return buf;
}

const rapidjson::Value* member(const rapidjson::Value& v, const char* name) {
    if (!v.IsObject()) return nullptr;
    auto it = v.FindMember(name);
    return it == v.MemberEnd() || it->value.IsNull() ? nullptr : &it->value;
}

std::string string_or_number(const rapidjson::Value& v) {
    if (v.IsString()) return {v.GetString(), v.GetStringLength()};
    if (v.IsUint64()) return std::to_string(v.GetUint64());
    if (v.IsInt64()) return std::to_string(v.GetInt64());
    return {};
}

void parse_json_body(rapidjson::Document& doc, const std::string& body) {
    doc.Parse(body.empty() ? "{}" : body.c_str());
    if (doc.HasParseError() || !doc.IsObject())
        throw ApiError(400, 50109, "The request body contains invalid JSON.");
}

std::string auth_scheme(const std::string& auth) {
    return auth.empty()                    ? ""
           : auth.rfind("Bot ", 0) == 0    ? "Bot"
           : auth.rfind("Bearer ", 0) == 0 ? "Bearer"
                                           : "raw";
}

void add_ratelimit_headers(HttpResponse& resp, const RateLimitDecision& rl, std::uint64_t unix_ms) {
    const double reset_after = static_cast<double>(rl.reset_after_ms) / 1000.0;
    resp.headers.emplace_back("X-RateLimit-Limit", std::to_string(rl.limit));
    resp.headers.emplace_back("X-RateLimit-Remaining", std::to_string(rl.remaining));
    resp.headers.emplace_back("X-RateLimit-Reset",
                              format_seconds(static_cast<double>(unix_ms) / 1000.0 + reset_after));
    resp.headers.emplace_back("X-RateLimit-Reset-After", format_seconds(reset_after));
    resp.headers.emplace_back("X-RateLimit-Bucket", rl.bucket);
}

// Threads need SEND_MESSAGES_IN_THREADS instead of SEND_MESSAGES (permissions.mdx,
// "Inherited Permissions (Threads)").
std::uint64_t send_permission(const Channel& ch) {
    return is_thread(ch.type) ? permission::kSendMessagesInThreads : permission::kSendMessages;
}

}  // namespace

HttpResponse api_error(int status, int code, const std::string& message) {
    JsonOut j;
    j.obj().kv("message", message).kn("code", code).end();
    return HttpResponse::json(status, j.take());
}

RestRouter::RestRouter(World& world, Operations& ops, Clock clock, std::string gateway_url)
    : world_(world), ops_(ops), clock_(std::move(clock)), gateway_url_(std::move(gateway_url)) {}

HttpResponse rate_limited_response(double retry_after, bool global, const std::string& scope) {
    JsonOut j;
    j.obj().kv("message", "You are being rate limited.").key("retry_after").dbl(retry_after);
    j.kb("global", global).end();
    HttpResponse r = HttpResponse::json(429, j.take());
    r.headers.emplace_back("Retry-After",
                           std::to_string(static_cast<long>(std::ceil(retry_after))));
    // discord.py only retries a 429 that carries Via (else it assumes a Cloudflare ban).
    r.headers.emplace_back("Via", "1.1 google");
    r.headers.emplace_back("X-RateLimit-Scope",
                           scope.empty() ? (global ? "global" : "user") : scope);
    if (global) r.headers.emplace_back("X-RateLimit-Global", "true");
    return r;
}

HttpResponse server_error_response(int status, const std::string& kind) {
    const bool cloudflare = status == 502 || status == 504 || (status >= 520 && status <= 524);
    const std::string how = !kind.empty()   ? kind
                            : cloudflare    ? "html"
                            : status == 503 ? "text"
                                            : "json";
    HttpResponse r;
    r.status = status;
    if (how == "html") {
        // Cloudflare answers for an origin it cannot reach with its own page, not Discord's JSON.
        r.headers.emplace_back("Content-Type", "text/html; charset=UTF-8");
        r.headers.emplace_back("Server", "cloudflare");
        const std::string code = std::to_string(status);
        r.body = "<!DOCTYPE html>\n<html><head><title>discord.com | " + code +
                 ": Bad gateway</title></head>\n<body><div id=\"cf-error-details\"><h1>"
                 "<span class=\"cf-error-type\">Error</span> <span class=\"cf-error-code\">" +
                 code +
                 "</span></h1><p>Cloudflare could not reach the origin.</p>"
                 "</div></body></html>\n";
    } else if (how == "text") {
        r.headers.emplace_back("Content-Type", "text/plain");
        r.body =
            "upstream connect error or disconnect/reset before headers. reset reason: "
            "connection termination";
    } else {
        JsonOut j;
        j.obj().kv("message", std::to_string(status) + ": Server Error").kn("code", 0).end();
        r = HttpResponse::json(status, j.take());
    }
    return r;
}

std::optional<HttpResponse> RestRouter::injected_fault(const std::string& method,
                                                       const std::string& path) {
    for (auto it = faults_.begin(); it != faults_.end(); ++it) {
        if (path.compare(0, it->prefix.size(), it->prefix) != 0) continue;
        if (!it->method.empty() && it->method != method) continue;
        if (!it->route.empty() && it->route != route_pattern(method, path)) continue;
        const int status =
            it->statuses.empty()
                ? it->status
                : it->statuses[static_cast<std::size_t>(it->served) % it->statuses.size()];
        ++it->served;
        RestFault f = *it;
        if (--it->count <= 0) faults_.erase(it);
        if (status == 429) return rate_limited_response(f.retry_after, f.global, f.scope);
        if (status >= 500) return server_error_response(status, f.body);
        return api_error(status, 0, std::to_string(status) + ": injected");
    }
    return std::nullopt;
}

std::optional<HttpResponse> RestRouter::route_limit(User& me, const std::string& method,
                                                    const std::string& path,
                                                    std::optional<RateLimitDecision>& decision) {
    decision = route_limits_.check(me.id, route_pattern(method, path),
                                   route_bucket_key(method, path), clock_.steady_ms());
    if (!decision || decision->allowed) return std::nullopt;
    HttpResponse r = rate_limited_response(static_cast<double>(decision->reset_after_ms) / 1000.0,
                                           false, "user");
    if (user_ratelimit_headers_) add_ratelimit_headers(r, *decision, clock_.unix_ms());
    return r;
}

HttpResponse RestRouter::handle(const HttpRequest& req) {
    LoggedRequest entry;
    entry.seq = next_seq_++;
    entry.t_ns = clock_.unix_ns();
    entry.method = req.method;
    entry.path = req.path;
    entry.query = req.query_string;
    entry.auth_scheme = auth_scheme(req.header("authorization"));
    entry.content_type = req.header("content-type");
    entry.user_agent = req.header("user-agent");
    entry.super_properties = req.header("x-super-properties");
    const std::string address = req.remote_address.empty() ? "unknown" : req.remote_address;
    HttpResponse resp;
    if (invalid_.banned(address, clock_.steady_ms())) {
        // Cloudflare answers before Discord sees the request: no auth, no route, no count.
        resp = cloudflare_ban_response();
    } else {
        try {
            resp = serve(req, entry);
        } catch (const ApiError& e) {
            resp = api_error(e.status, e.code, e.what());
        }
        std::string scope;
        for (const auto& [k, v] : resp.headers)
            if (k == "X-RateLimit-Scope") scope = v;
        if (InvalidRequests::counts(resp.status, scope))
            invalid_.record(address, clock_.steady_ms());
    }
    entry.status = resp.status;
    spdlog::debug("rest: {} {} -> {}", req.method, req.path, resp.status);
    log_.push_back(std::move(entry));
    if (log_.size() > kLogLimit) log_.pop_front();
    return resp;
}

HttpResponse RestRouter::serve(const HttpRequest& req, LoggedRequest& entry) {
    // Strip /api and an optional /v9 or /v10.
    std::string path = req.path.substr(4);
    int api_version = 0;
    if (path.rfind("/v10/", 0) == 0 || path == "/v10") {
        path = path.substr(4);
        api_version = 10;
    } else if (path.rfind("/v9/", 0) == 0 || path == "/v9") {
        path = path.substr(3);
        api_version = 9;
    } else if (path.rfind("/v", 0) == 0 && path.size() > 2 &&
               std::isdigit(static_cast<unsigned char>(path[2]))) {
        throw ApiError(400, 50041, "Invalid API version provided.");
    }
    User* me = world_.user_by_token(req.header("authorization"));
    if (me) entry.user_id = me->id;
    if (!req.body.empty() && req.header("content-type").find("json") != std::string::npos)
        entry.body = req.body;
    if (auto fault = injected_fault(req.method, path)) return std::move(*fault);
    // Discord's user-account rules; a bot keeps the plain behaviour of a bot token.
    const bool user = me && !me->bot;
    Gateway& gw = ops_.gateway();
    if (user) {
        const auto sp = req.headers.find("x-super-properties");
        gw.record_flags(me->id, gw.profile().on_rest(
                                    me->id, req.header("user-agent"),
                                    sp == req.headers.end() ? nullptr : &sp->second, api_version));
        if (req.method != "GET" && !gw.standing().required_action(me->id).empty())
            throw ApiError(403, 40002,
                           "You need to verify your account in order to perform this action.");
    }
    std::optional<RateLimitDecision> rl;
    if (limiter_.enabled()) {
        // The uniform limit of /_emulator/ratelimits: any token, headers on every reply.
        rl = limiter_.check(route_bucket_key(req.method, path), clock_.steady_ms());
        if (!rl->allowed) {
            HttpResponse r = rate_limited_response(static_cast<double>(rl->reset_after_ms) / 1000.0,
                                                   false, "user");
            add_ratelimit_headers(r, *rl, clock_.unix_ms());
            return r;
        }
    }
    std::optional<RateLimitDecision> user_rl;
    // A new DM is limited where the router knows it is new (route()); reopening is free.
    if (user && !(req.method == "POST" && path == "/users/@me/channels"))
        if (auto limited = route_limit(*me, req.method, path, user_rl)) return std::move(*limited);
    if (user)
        if (auto challenge =
                captcha_.check(route_pattern(req.method, path), req.method == "GET",
                               req.header("x-captcha-key"), req.header("x-captcha-rqtoken")))
            return std::move(*challenge);
    HttpResponse resp;
    if (path == "/gateway") {
        JsonOut j;
        j.obj().kv("url", gateway_url_).end();
        resp = HttpResponse::json(200, j.take());
    } else if (!me) {
        resp = api_error(401, 0, "401: Unauthorized");
    } else {
        resp = route(req, path, *me, entry);
    }
    if (rl) {
        add_ratelimit_headers(resp, *rl, clock_.unix_ms());
    } else if (user_rl && user_ratelimit_headers_) {
        add_ratelimit_headers(resp, *user_rl, clock_.unix_ms());
    }
    return resp;
}

HttpResponse RestRouter::route(const HttpRequest& req, const std::string& path, User& me,
                               LoggedRequest& entry) {
    const auto seg = split_path(path);
    const std::string& m = req.method;
    const auto n = seg.size();
    auto ok = [](std::string body) { return HttpResponse::json(200, std::move(body)); };
    auto is = [&](std::initializer_list<const char*> pattern) {
        if (pattern.size() != n) return false;
        std::size_t i = 0;
        for (const char* p : pattern) {
            if (std::string_view(p) != "*" && seg[i] != p) return false;
            ++i;
        }
        return true;
    };

    if (m == "GET" && is({"gateway", "bot"})) {
        JsonOut j;
        j.obj().kv("url", gateway_url_).kn("shards", 1).key("session_start_limit").obj();
        j.kn("total", 1000).kn("remaining", 1000).kn("reset_after", 0).kn("max_concurrency", 1);
        j.end().end();
        return ok(j.take());
    }
    if (m == "GET" && is({"users", "@me"})) return ok(world_.user_json(me));
    if (m == "PATCH" && is({"users", "@me"})) {
        rapidjson::Document doc;
        parse_json_body(doc, req.body);
        auto it = doc.FindMember("avatar");
        // Only the avatar is modelled; a body without it changes nothing.
        if (it == doc.MemberEnd()) return ok(world_.user_json(me));
        if (!it->value.IsNull() && !it->value.IsString())
            throw ApiError(400, 50035, "Invalid Form Body");
        std::optional<std::string> avatar;
        if (it->value.IsString())
            avatar.emplace(it->value.GetString(), it->value.GetStringLength());
        return ok(set_own_avatar(world_, ops_, me, avatar));
    }
    if (m == "GET" && is({"oauth2", "applications", "@me"})) {
        JsonOut j;
        j.obj().ks("id", world_.application_id).kv("name", me.username).key("icon").null();
        j.kv("description", "").key("rpc_origins").arr().end_arr().kb("bot_public", true);
        j.kb("bot_require_code_grant", false).kv("verify_key", "0000").kn("flags", 0);
        j.kv("summary", "").key("team").null();
        world_.write_user(j.key("owner"), me);
        if (me.bot) world_.write_user(j.key("bot"), me);
        j.end();
        return ok(j.take());
    }
    if (m == "GET" && is({"users", "@me", "guilds"})) {
        JsonOut j;
        j.arr();
        for (auto gid : world_.guilds_of(me.id)) {
            const Guild& g = world_.guilds.at(gid);
            j.obj().ks("id", g.id).kv("name", g.name).key("icon").null();
            j.kb("owner", g.owner_id == me.id).kv("permissions", "2248473465835073");
            j.key("features").arr().end_arr().end();
        }
        j.end_arr();
        return ok(j.take());
    }
    if (m == "GET" && is({"users", "@me", "channels"})) {
        JsonOut j;
        j.arr();
        for (auto cid : world_.private_channels_of(me.id))
            world_.write_channel(j, world_.channels.at(cid), me.id);
        j.end_arr();
        return ok(j.take());
    }
    if (m == "POST" && is({"users", "@me", "channels"})) {
        rapidjson::Document doc;
        parse_json_body(doc, req.body);
        // Bots send {recipient_id}; the official client sends {recipients: [id]}.
        std::optional<std::uint64_t> recipient;
        if (const rapidjson::Value* rid = member(doc, "recipient_id")) {
            recipient = snowflake_of(*rid);
        } else if (const rapidjson::Value* list = member(doc, "recipients")) {
            if (list->IsArray() && list->Size() == 1) recipient = snowflake_of((*list)[0]);
            if (list->IsArray() && list->Size() > 1)
                throw ApiError(400, 50035,
                               "Invalid Form Body: recipients (group DMs are not "
                               "emulated)");
        }
        if (!recipient) throw ApiError(400, 50035, "Invalid Form Body: recipient_id");
        if (!me.bot && !has_dm(me.id, *recipient)) {
            std::optional<RateLimitDecision> d;
            if (auto limited = route_limit(me, m, path, d)) return std::move(*limited);
        }
        return ok(world_.channel_json(ops_.open_dm(me.id, *recipient), me.id));
    }
    if (is({"users", "@me", "relationships"}) && m == "GET") {
        JsonOut j;
        j.arr();
        if (auto it = world_.relationships.find(me.id); it != world_.relationships.end())
            for (const auto& r : it->second) world_.write_relationship(j, r);
        j.end_arr();
        return ok(j.take());
    }
    if (is({"users", "@me", "relationships", "*"})) {
        const std::uint64_t target = id_segment(seg[3]);
        if (m == "PUT") {
            rapidjson::Document doc;
            parse_json_body(doc, req.body);
            const rapidjson::Value* t = member(doc, "type");
            std::optional<int> type;
            if (t && t->IsInt() && t->GetInt() != -1) type = t->GetInt();
            ops_.put_relationship(me.id, target, type);
            return HttpResponse::no_content();
        }
        if (m == "DELETE") {
            ops_.delete_relationship(me.id, target);
            return HttpResponse::no_content();
        }
    }
    if (m == "GET" && (is({"users", "*"}) || is({"users", "*", "profile"}))) {
        User* u = world_.user(id_segment(seg[1]));
        if (!u) throw ApiError(404, 10013, "Unknown User");
        if (n == 2) return ok(world_.user_json(*u));
        JsonOut j;
        j.obj();
        world_.write_user(j.key("user"), *u);
        j.key("user_profile").obj().kv("bio", u->bio).key("accent_color").null().end();
        j.key("connected_accounts").arr().end_arr().key("premium_since").null();
        j.key("mutual_guilds").arr();
        for (auto gid : world_.guilds_of(u->id))
            if (world_.member(gid, me.id)) j.obj().ks("id", gid).key("nick").null().end();
        j.end_arr().end();
        return ok(j.take());
    }
    if (m == "GET" && is({"guilds", "*"})) {
        const std::uint64_t gid = id_segment(seg[1]);
        if (!world_.guilds.count(gid) || !world_.member(gid, me.id))
            throw ApiError(404, 10004, "Unknown Guild");
        JsonOut j;
        world_.write_guild(j, world_.guilds.at(gid));
        return ok(j.take());
    }
    if (m == "GET" && is({"guilds", "*", "channels"})) {
        const std::uint64_t gid = id_segment(seg[1]);
        if (!world_.guilds.count(gid) || !world_.member(gid, me.id))
            throw ApiError(404, 10004, "Unknown Guild");
        JsonOut j;
        j.arr();
        for (auto cid : world_.guilds.at(gid).channel_ids)
            world_.write_channel(j, world_.channels.at(cid), me.id);
        j.end_arr();
        return ok(j.take());
    }
    if (m == "POST" && is({"attachments", "refresh-urls"}))
        return refresh_attachment_urls(world_, req.body, world_.ids.now_ms());
    if (m == "DELETE" && is({"attachments", "*", "*"})) {
        if (!world_.files.remove_upload(me.id, seg[1] + "/" + seg[2]))
            throw ApiError(404, 10049, "Unknown Attachment");
        return HttpResponse::no_content();
    }
    if (n >= 2 && seg[0] == "channels") {
        const std::uint64_t cid = id_segment(seg[1]);
        const Channel& ch = ops_.channel_for(cid, me.id);  // 404 or 403 before anything else
        if (m == "GET" && n == 2) return ok(world_.channel_json(ch, me.id));
        if (m == "POST" && is({"channels", "*", "typing"})) {
            ops_.require(ch, me.id, send_permission(ch));
            ops_.typing(cid, me.id, clock_.unix_ms() / 1000);
            return HttpResponse::no_content();
        }
        if (m == "POST" && is({"channels", "*", "attachments"})) {
            // "Requires the same permissions as uploading an attachment inline with a message"
            ops_.require(ch, me.id, send_permission(ch));
            const std::string host = req.header("host");
            return create_attachments(world_, req.body, me.id, cid,
                                      "http://" + (host.empty() ? "127.0.0.1" : host));
        }
        if (is({"channels", "*", "messages"})) {
            if (m == "GET") return history(req, cid, me);
            if (m == "POST") return post_message(req, cid, me, entry);
        }
        if (is({"channels", "*", "messages", "*"})) {
            const std::uint64_t mid = id_segment(seg[3]);
            if (m == "GET") {
                ops_.require(ch, me.id, permission::kReadMessageHistory);
                return ok(world_.message_json(ops_.message_in(cid, mid)));
            }
            if (m == "PATCH") {
                rapidjson::Document doc;
                parse_json_body(doc, req.body);
                std::optional<std::string> content;
                if (const rapidjson::Value* c = member(doc, "content"); c && c->IsString())
                    content = c->GetString();
                if (content)
                    if (auto too_long = check_content_length(*content)) return std::move(*too_long);
                return ok(world_.message_json(ops_.edit_message(cid, mid, me.id, content)));
            }
            if (m == "DELETE") {
                ops_.channel_for(cid, me.id);
                ops_.delete_message(cid, mid);
                return HttpResponse::no_content();
            }
        }
        if (m == "POST" && is({"channels", "*", "messages", "*", "ack"})) {
            ops_.ack(cid, id_segment(seg[3]), me.id);
            return ok("{\"token\":null}");
        }
        if (is({"channels", "*", "messages", "*", "reactions", "*", "*"})) {
            const std::uint64_t mid = id_segment(seg[3]);
            const Emoji emoji = parse_emoji(seg[5]);
            const bool self = seg[6] == "@me";
            const std::uint64_t uid = self ? me.id : id_segment(seg[6]);
            if (m == "PUT" && self) {
                // A new emoji on the message also needs ADD_REACTIONS (message.mdx, "Create
                // Reaction").
                ops_.require(ch, me.id, permission::kReadMessageHistory);
                const auto& reactions = ops_.message_in(cid, mid).reactions;
                if (std::none_of(reactions.begin(), reactions.end(), [&](const Reaction& r) {
                        return r.emoji_name == emoji.name && r.emoji_id == emoji.id;
                    }))
                    ops_.require(ch, me.id, permission::kAddReactions);
                ops_.add_reaction(cid, mid, me.id, emoji);
                return HttpResponse::no_content();
            }
            if (m == "DELETE") {
                ops_.remove_reaction(cid, mid, uid, emoji);
                return HttpResponse::no_content();
            }
        }
    }
    throw ApiError(404, 0, "404: Not Found");
}

HttpResponse RestRouter::post_message(const HttpRequest& req, std::uint64_t channel_id, User& me,
                                      LoggedRequest& entry) {
    std::string json = req.body;
    std::vector<Attachment> attachments;
    if (auto boundary = multipart_boundary(req.header("content-type"))) {
        std::vector<FormPart> parts;
        try {
            parts = parse_multipart(req.body, *boundary);
        } catch (const std::exception& e) {
            throw ApiError(400, 50035, std::string("Invalid Form Body: ") + e.what());
        }
        json = "{}";
        // Files are ordered by their index n in files[n], never by part order.
        std::map<int, Attachment> by_index;
        int extra = 1000;
        for (auto& p : parts) {
            if (p.name == "payload_json") {
                json = p.data;
            } else if (p.filename || p.name.rfind("files[", 0) == 0 ||
                       p.name.rfind("file", 0) == 0) {
                Attachment a;
                a.filename = p.filename.value_or(p.name);
                a.content_type = p.content_type;
                a.size = p.data.size();
                a.data = std::make_shared<const std::string>(std::move(p.data));
                int index = extra++;
                if (p.name.rfind("files[", 0) == 0) index = std::atoi(p.name.c_str() + 6);
                by_index[index] = a;
            }
        }
        for (auto& [i, a] : by_index) {
            entry.files.push_back(a.filename);
            attachments.push_back(a);
        }
        entry.body = json;
    }
    rapidjson::Document doc;
    parse_json_body(doc, json);
    const Channel& ch = ops_.channel_for(channel_id, me.id);
    ops_.require(ch, me.id, send_permission(ch));
    check_upload_limit(world_, attachments);
    std::vector<Attachment> uploaded = claim_uploaded_attachments(world_, doc, me.id, channel_id);
    check_upload_limit(world_, uploaded);
    for (auto& a : uploaded) attachments.push_back(std::move(a));
    NewMessage nm;
    nm.channel_id = channel_id;
    nm.author_id = me.id;
    nm.attachments = std::move(attachments);
    if (const rapidjson::Value* c = member(doc, "content"); c && c->IsString())
        nm.content = c->GetString();
    if (auto too_long = check_content_length(nm.content)) return std::move(*too_long);
    nm.now_ms = clock_.steady_ms();
    if (const rapidjson::Value* nonce = member(doc, "nonce")) nm.nonce = string_or_number(*nonce);
    if (const rapidjson::Value* e = member(doc, "enforce_nonce"); e && e->IsBool())
        nm.enforce_nonce = e->GetBool();
    if (const rapidjson::Value* ref = member(doc, "message_reference")) {
        MessageReference r;
        if (const rapidjson::Value* id = member(*ref, "message_id"))
            r.message_id = snowflake_of(*id).value_or(0);
        if (const rapidjson::Value* id = member(*ref, "channel_id"))
            r.channel_id = snowflake_of(*id).value_or(0);
        if (!r.message_id)
            throw ApiError(400, 50035, "Invalid Form Body: message_reference.message_id");
        ops_.require(ch, me.id, permission::kReadMessageHistory);
        nm.reference = r;
    }
    auto [msg, fresh] = ops_.create_message(std::move(nm));
    (void)fresh;
    return HttpResponse::json(200, world_.message_json(*msg));
}

bool RestRouter::has_dm(std::uint64_t user_id, std::uint64_t recipient_id) const {
    for (auto cid : world_.private_channels_of(user_id)) {
        const Channel& ch = world_.channels.at(cid);
        if (ch.type == 1 && std::find(ch.recipients.begin(), ch.recipients.end(), recipient_id) !=
                                ch.recipients.end())
            return true;
    }
    return false;
}

HttpResponse RestRouter::history(const HttpRequest& req, std::uint64_t channel_id, User& me) {
    const Channel& ch = ops_.channel_for(channel_id, me.id);
    int limit = 50;
    if (auto it = req.query.find("limit"); it != req.query.end())
        limit = std::atoi(it->second.c_str());
    if (limit < 1 || limit > 100) throw ApiError(400, 50035, "Invalid Form Body: limit");
    auto q = [&](const char* k) -> std::uint64_t {
        auto it = req.query.find(k);
        return it == req.query.end() ? 0 : parse_snowflake(it->second).value_or(0);
    };
    // Without READ_MESSAGE_HISTORY: no messages, not an error (message.mdx, "Get Messages").
    if (!ops_.allowed(ch, me.id, permission::kReadMessageHistory))
        return HttpResponse::json(200, "[]");
    const std::uint64_t before = q("before");
    const std::uint64_t after = q("after");
    const auto& msgs = world_.messages[channel_id];
    std::vector<const Message*> picked;
    if (after) {
        // Discord returns the oldest `limit` after the id, still newest first.
        for (auto it = msgs.upper_bound(after);
             it != msgs.end() && static_cast<int>(picked.size()) < limit; ++it)
            picked.push_back(&it->second);
        std::reverse(picked.begin(), picked.end());
    } else {
        auto end = before ? msgs.lower_bound(before) : msgs.end();
        for (auto it = std::make_reverse_iterator(end);
             it != msgs.rend() && static_cast<int>(picked.size()) < limit; ++it)
            picked.push_back(&it->second);
    }
    JsonOut j;
    j.arr();
    for (const Message* m : picked) world_.write_message(j, *m);
    j.end_arr();
    return HttpResponse::json(200, j.take());
}

}  // namespace cordgate::tests::emulator
