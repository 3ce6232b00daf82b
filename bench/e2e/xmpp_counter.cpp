// bench/e2e/xmpp_counter: the end-to-end benchmark's XMPP client, on libstrophe.
//
// One c2s connection (plain TCP, no TLS), presence with a high priority so the server routes
// chat messages to it rather than to another resource of the same account, then:
//   --expect N   count incoming <message>s whose body is "<prefix> <k>" or
//                "<prefix> <k> <t_sent_ns>" (k = 1..N; t_sent_ns: the sender's CLOCK_REALTIME,
//                the emulator's stamped flood); each arrival is stamped with CLOCK_REALTIME (ns)
//                and, with --arrivals FILE, written at the end as "k t_ns t_sent_ns" lines, or
//                "k t_ns" when the body carried no send time (the orchestrator turns them into
//                latencies);
//   --send N --to JID [--rate R]   send N chat messages "bench <k> <t_ns>" to JID, R msg/s
//                (0: as fast as the socket takes them), after a line on stdin with --go-on-stdin;
//   --join ROOM/NICK   join a MUC (no history) first: READY once the room answers with our own
//                presence (from ROOM/NICK, or from the room with status 110: cordgate's rooms
//                give the user their Discord nick instead);
//   --range A..B  one connection per account i = A..B in this one process (the scale mode's
//                1,000 sessions), "%d" in --jid, --password and --resource standing for i; each
//                expects N (--expect) and the JSON line counts in total and per account.
//                Receiving only: no --send, --join or --arrivals with it.
// It prints "READY" on stdout once online (every account), a progress line on stderr every second,
// and one JSON line on stdout at the end: its own CPU time (getrusage, at the end and at READY),
// counts, first/last arrival, send start/end, duplicates. It stops when everything expected arrived
// (and was sent), or --idle S seconds after the last arrival, or at --timeout S. Exit status 0 when
// counts match, 1 otherwise.
#include <strophe.h>

#include <poll.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace {

std::int64_t now_ns() {
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return std::int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

double mono_s() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return double(ts.tv_sec) + ts.tv_nsec / 1e9;
}

struct Options {
    std::string jid, password, host = "127.0.0.1", to, prefix = "flood", arrivals, resource;
    std::string join;           // ROOM/NICK: join this MUC (no history) before READY
    std::string type = "chat";  // of the messages sent: chat, or groupchat to a room
    unsigned short port = 5222;
    std::uint64_t expect = 0, send = 0;
    double rate = 0, idle = 10, timeout = 300;
    int priority = 50;
    bool wait_go = false;  // with --go-on-stdin: send only after a line on stdin
    long first = 0,
         last = -1;  // --range: accounts first..last; last < first: one account, --jid as is
    bool many() const { return last >= first; }
};

struct State;

constexpr int kLoginAttempts = 4;

// One account's connection and what arrived at it.
struct Account {
    State* s = nullptr;
    std::string jid;
    xmpp_conn_t* conn = nullptr;
    bool online = false, joined = false;
    // A login that fails before the account was ever online is tried again (up to
    // kLoginAttempts): with 1,000 logins at once the server can drop one under load, and one
    // lost connection used to fail the whole run.
    int attempts = 1;
    bool reconnect = false;
    std::vector<std::int64_t> arrival;  // index k-1 -> t_ns, 0 = not yet
    std::vector<std::int64_t> sent_at;  // index k-1 -> the sender's t_ns, 0 = none in the body
    std::uint64_t received = 0, duplicates = 0, unparsed = 0, other = 0, errors = 0;
};

struct State {
    Options opt;
    xmpp_ctx_t* ctx = nullptr;
    std::vector<std::unique_ptr<Account>> accounts;  // stable addresses: handlers' userdata
    std::size_t online = 0, joined = 0;
    bool failed = false, done = false;
    std::uint64_t received = 0;  // over every account
    std::int64_t first_ns = 0, last_ns = 0;
    double last_arrival_mono = 0;
    std::uint64_t sent = 0;
    std::int64_t send_start_ns = 0, send_end_ns = 0;
    bool sending = false;
    double send_start_mono = 0;
    long long cpu_ready_us = 0;
};

// "%d" in a --range pattern stands for the account's number.
std::string with_number(std::string pattern, long i) {
    if (auto at = pattern.find("%d"); at != std::string::npos)
        pattern.replace(at, 2, std::to_string(i));
    return pattern;
}

// The optional " <t_ns>" after k; 0 when there is none (an unstamped flood, irc_peer's
// PRIVMSGs): that arrival line then has no third column and no latency.
std::int64_t send_time(const char* after_k) {
    if (*after_k != ' ') return 0;
    char* end = nullptr;
    const long long t = std::strtoll(after_k + 1, &end, 10);
    return end != after_k + 1 && t > 0 ? t : 0;
}

void count_flood(Account* a, const char* text, std::int64_t t) {
    State* s = a->s;
    const std::size_t plen = s->opt.prefix.size();
    if (std::strncmp(text, s->opt.prefix.c_str(), plen) != 0 || text[plen] != ' ') {
        ++a->other;
        return;
    }
    char* end = nullptr;
    const unsigned long long k = std::strtoull(text + plen + 1, &end, 10);
    if (end == text + plen + 1 || k < 1 || k > a->arrival.size()) {
        ++a->unparsed;
    } else if (a->arrival[k - 1]) {
        ++a->duplicates;
    } else {
        a->arrival[k - 1] = t;
        a->sent_at[k - 1] = send_time(end);
        ++a->received;
        ++s->received;
        if (!s->first_ns) s->first_ns = t;
        s->last_ns = t;
        s->last_arrival_mono = mono_s();
    }
}

int on_message(xmpp_conn_t*, xmpp_stanza_t* st, void* ud) {
    auto* a = static_cast<Account*>(ud);
    const std::int64_t t = now_ns();
    const char* type = xmpp_stanza_get_type(st);
    if (type && std::strcmp(type, "error") == 0) {
        ++a->errors;
        return 1;
    }
    xmpp_stanza_t* body = xmpp_stanza_get_child_by_name(st, "body");
    if (!body) return 1;  // chat states, receipts
    char* text = xmpp_stanza_get_text(body);
    if (!text) return 1;
    count_flood(a, text, t);
    xmpp_free(a->s->ctx, text);
    return 1;
}

long long cpu_us() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return (long long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000 + ru.ru_utime.tv_usec +
           ru.ru_stime.tv_usec;
}

void ready_when_all_in(State* s) {
    const std::size_t want = s->accounts.size();
    if (s->online == want && (s->opt.join.empty() || s->joined == want)) {
        s->cpu_ready_us = cpu_us();  // logging in is not the flood's cost
        std::printf("READY\n");
        std::fflush(stdout);
    }
}

// XEP-0045's self-presence: status 110 in the muc#user <x/>.
bool has_self_status(xmpp_stanza_t* st) {
    xmpp_stanza_t* x = xmpp_stanza_get_child_by_ns(st, "http://jabber.org/protocol/muc#user");
    for (xmpp_stanza_t* c = x ? xmpp_stanza_get_children(x) : nullptr; c;
         c = xmpp_stanza_get_next(c)) {
        const char* name = xmpp_stanza_get_name(c);
        const char* code = xmpp_stanza_get_attribute(c, "code");
        if (name && code && std::strcmp(name, "status") == 0 && std::strcmp(code, "110") == 0)
            return true;
    }
    return false;
}

// Our own presence in the room we joined (or the room's error for it).
bool is_join_answer(const std::string& join, const char* from, xmpp_stanza_t* st) {
    if (join == from) return true;
    const std::string_view room = std::string_view(join).substr(0, join.find('/'));
    const std::string_view f(from);
    return f.size() > room.size() && f.starts_with(room) && f[room.size()] == '/' &&
           has_self_status(st);
}

int on_presence(xmpp_conn_t*, xmpp_stanza_t* st, void* ud) {
    auto* a = static_cast<Account*>(ud);
    State* s = a->s;
    const char* from = xmpp_stanza_get_from(st);
    const char* type = xmpp_stanza_get_type(st);
    if (from && !a->joined && is_join_answer(s->opt.join, from, st)) {
        if (type && std::strcmp(type, "error") == 0) {
            std::fprintf(stderr, "xmpp_counter: joining %s failed\n", from);
            s->failed = true;
        } else {
            a->joined = true;
            ++s->joined;
            ready_when_all_in(s);
        }
    }
    return 1;
}

void send_presence(State* s, xmpp_conn_t* conn) {
    xmpp_stanza_t* pres = xmpp_presence_new(s->ctx);
    xmpp_stanza_t* prio = xmpp_stanza_new(s->ctx);
    xmpp_stanza_set_name(prio, "priority");
    xmpp_stanza_t* txt = xmpp_stanza_new(s->ctx);
    xmpp_stanza_set_text(txt, std::to_string(s->opt.priority).c_str());
    xmpp_stanza_add_child(prio, txt);
    xmpp_stanza_release(txt);
    xmpp_stanza_add_child(pres, prio);
    xmpp_stanza_release(prio);
    xmpp_send(conn, pres);
    xmpp_stanza_release(pres);
}

void send_join(State* s, xmpp_conn_t* conn) {
    xmpp_stanza_t* jp = xmpp_presence_new(s->ctx);
    xmpp_stanza_set_to(jp, s->opt.join.c_str());
    xmpp_stanza_t* x = xmpp_stanza_new(s->ctx);
    xmpp_stanza_set_name(x, "x");
    xmpp_stanza_set_ns(x, "http://jabber.org/protocol/muc");
    xmpp_stanza_t* h = xmpp_stanza_new(s->ctx);
    xmpp_stanza_set_name(h, "history");
    xmpp_stanza_set_attribute(h, "maxstanzas", "0");
    xmpp_stanza_add_child(x, h);
    xmpp_stanza_release(h);
    xmpp_stanza_add_child(jp, x);
    xmpp_stanza_release(x);
    xmpp_send(conn, jp);
    xmpp_stanza_release(jp);
}

void on_conn(xmpp_conn_t* conn, xmpp_conn_event_t status, int, xmpp_stream_error_t*, void* ud) {
    auto* a = static_cast<Account*>(ud);
    State* s = a->s;
    if (status == XMPP_CONN_CONNECT) {
        xmpp_handler_add(conn, on_message, nullptr, "message", nullptr, a);
        send_presence(s, conn);
        a->online = true;
        ++s->online;
        if (!s->opt.join.empty()) {
            xmpp_handler_add(conn, on_presence, nullptr, "presence", nullptr, a);
            send_join(s, conn);
        } else {
            ready_when_all_in(s);
        }
    } else {
        const bool was_online = a->online;
        if (was_online) --s->online;
        a->online = false;
        if (s->done) return;
        if (!was_online && a->attempts < kLoginAttempts) {
            std::fprintf(stderr, "xmpp_counter: %s could not log in (status %d), attempt %d\n",
                         a->jid.c_str(), int(status), a->attempts);
            a->reconnect = true;
            return;
        }
        std::fprintf(stderr, "xmpp_counter: %s disconnected (status %d)\n", a->jid.c_str(),
                     int(status));
        s->failed = true;
    }
}

void send_some(State* s) {
    const std::uint64_t total = s->opt.send;
    std::uint64_t due = total;
    if (s->opt.rate > 0) {
        due = std::uint64_t((mono_s() - s->send_start_mono) * s->opt.rate) + 1;
        if (due > total) due = total;
    }
    // At most 200 per loop turn so incoming stanzas keep being read.
    for (int i = 0; i < 200 && s->sent < due; ++i) {
        ++s->sent;
        xmpp_stanza_t* m =
            xmpp_message_new(s->ctx, s->opt.type.c_str(), s->opt.to.c_str(), nullptr);
        const std::string id = "b" + std::to_string(s->sent);
        xmpp_stanza_set_id(m, id.c_str());
        const std::string body =
            "bench " + std::to_string(s->sent) + " " + std::to_string(now_ns());
        xmpp_message_set_body(m, body.c_str());
        xmpp_send(s->accounts[0]->conn, m);
        xmpp_stanza_release(m);
    }
    if (s->sent == total) {
        s->send_end_ns = now_ns();
        s->sending = false;
    }
}

[[noreturn]] void usage() {
    std::fprintf(stderr,
                 "usage: xmpp_counter --jid J --password P [--host H] [--port N] [--resource R]\n"
                 "       [--expect N [--prefix flood] [--arrivals FILE]]\n"
                 "       [--send N --to JID [--type chat|groupchat] [--rate R] [--go-on-stdin]]\n"
                 "       [--join ROOM/NICK]\n"
                 "       [--idle S] [--timeout S] [--priority N]\n"
                 "       [--range A..B: accounts A to B, %%d in --jid/--password/--resource]\n");
    std::exit(2);
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto val = [&]() -> std::string {
            if (i + 1 >= argc) usage();
            return argv[++i];
        };
        if (a == "--jid")
            o.jid = val();
        else if (a == "--password")
            o.password = val();
        else if (a == "--host")
            o.host = val();
        else if (a == "--port")
            o.port = static_cast<unsigned short>(std::stoi(val()));
        else if (a == "--resource")
            o.resource = val();
        else if (a == "--expect")
            o.expect = std::stoull(val());
        else if (a == "--prefix")
            o.prefix = val();
        else if (a == "--arrivals")
            o.arrivals = val();
        else if (a == "--send")
            o.send = std::stoull(val());
        else if (a == "--to")
            o.to = val();
        else if (a == "--rate")
            o.rate = std::stod(val());
        else if (a == "--idle")
            o.idle = std::stod(val());
        else if (a == "--timeout")
            o.timeout = std::stod(val());
        else if (a == "--priority")
            o.priority = std::stoi(val());
        else if (a == "--go-on-stdin")
            o.wait_go = true;
        else if (a == "--join")
            o.join = val();
        else if (a == "--type")
            o.type = val();
        else if (a == "--range") {
            const std::string r = val();
            const auto dots = r.find("..");
            if (dots == std::string::npos) usage();
            o.first = std::stol(r.substr(0, dots));
            o.last = std::stol(r.substr(dots + 2));
            if (o.last < o.first) usage();
        } else
            usage();
    }
    if (o.jid.empty() || o.password.empty() || (o.send && o.to.empty())) usage();
    if (o.many() && (o.send || !o.join.empty() || !o.arrivals.empty())) usage();
    return o;
}

bool connect_all(State& s) {
    const Options& o = s.opt;
    const long first = o.many() ? o.first : 0, last = o.many() ? o.last : 0;
    for (long i = first; i <= last; ++i) {
        auto a = std::make_unique<Account>();
        a->s = &s;
        a->jid = o.many() ? with_number(o.jid, i) : o.jid;
        const std::string resource = o.many() ? with_number(o.resource, i) : o.resource;
        const std::string password = o.many() ? with_number(o.password, i) : o.password;
        a->arrival.assign(o.expect, 0);
        a->sent_at.assign(o.expect, 0);
        a->conn = xmpp_conn_new(s.ctx);
        xmpp_conn_set_flags(a->conn, XMPP_CONN_FLAG_DISABLE_TLS | XMPP_CONN_FLAG_DISABLE_SM);
        const std::string full = resource.empty() ? a->jid : a->jid + "/" + resource;
        xmpp_conn_set_jid(a->conn, full.c_str());
        xmpp_conn_set_pass(a->conn, password.c_str());
        if (xmpp_connect_client(a->conn, o.host.c_str(), o.port, on_conn, a.get()) != XMPP_EOK) {
            std::fprintf(stderr, "xmpp_counter: cannot connect %s to %s:%u\n", a->jid.c_str(),
                         o.host.c_str(), o.port);
            return false;
        }
        s.accounts.push_back(std::move(a));
    }
    return true;
}

bool stdin_has_line() {
    pollfd p{0, POLLIN, 0};
    if (poll(&p, 1, 0) <= 0) return false;
    char buf[256];
    return read(0, buf, sizeof buf) >= 0;
}

void run(State& s) {
    const Options& o = s.opt;
    const std::size_t n = s.accounts.size();
    const std::uint64_t expect = o.expect * n;
    // Logging in is CPU work for the server (SCRAM): allow more time for many accounts.
    const double online_within = 30 + 0.1 * double(n);
    const double t0 = mono_s();
    double next_progress = t0 + 1;
    bool go = !o.wait_go;
    while (!s.failed) {
        xmpp_run_once(s.ctx, 10);
        for (auto& a : s.accounts) {
            if (!a->reconnect) continue;
            a->reconnect = false;
            ++a->attempts;
            if (xmpp_connect_client(a->conn, o.host.c_str(), o.port, on_conn, a.get()) != XMPP_EOK)
                s.failed = true;
        }
        const double now = mono_s();
        if (s.online < n || (!o.join.empty() && s.joined < n)) {
            if (now - t0 > online_within) {
                std::fprintf(stderr, "xmpp_counter: %zu/%zu online after %.0f s\n", s.online, n,
                             online_within);
                s.failed = true;
            }
            continue;
        }
        if (!go) go = stdin_has_line();
        if (go && o.send && s.sent < o.send) {
            if (!s.sending && s.sent == 0) {
                s.sending = true;
                s.send_start_ns = now_ns();
                s.send_start_mono = now;
            }
            send_some(&s);
        }
        if (now >= next_progress) {
            next_progress = now + 1;
            std::fprintf(stderr, "\r[xmpp_counter] %.0f s: received %llu/%llu, sent %llu/%llu   ",
                         now - t0, (unsigned long long)s.received, (unsigned long long)expect,
                         (unsigned long long)s.sent, (unsigned long long)o.send);
        }
        if (s.received >= expect && s.sent >= o.send && go) break;
        if (now - t0 > o.timeout) break;
        // Idle: something arrived and nothing for `idle` seconds.
        if (o.expect && s.last_arrival_mono > 0 && now - s.last_arrival_mono > o.idle) break;
    }
}

void write_arrivals(const State& s) {
    FILE* f = std::fopen(s.opt.arrivals.c_str(), "w");
    if (!f) return;
    const Account& a = *s.accounts.front();
    for (std::size_t k = 0; k < a.arrival.size(); ++k) {
        if (!a.arrival[k]) continue;
        std::fprintf(f, "%zu %lld", k + 1, (long long)a.arrival[k]);
        if (a.sent_at[k]) std::fprintf(f, " %lld", (long long)a.sent_at[k]);
        std::fputc('\n', f);
    }
    std::fclose(f);
}

// One JSON line: totals over every account, and with --range how many accounts fell short.
void print_result(const State& s) {
    std::uint64_t duplicates = 0, unparsed = 0, other = 0, errors = 0, short_accounts = 0;
    for (const auto& a : s.accounts) {
        duplicates += a->duplicates;
        unparsed += a->unparsed;
        other += a->other;
        errors += a->errors;
        if (a->received < s.opt.expect) ++short_accounts;
    }
    std::printf(
        "{\"cpu_us\":%lld,\"cpu_us_ready\":%lld,\"received\":%llu,\"expected\":%llu,\"duplicates\":"
        "%llu,\"unparsed\":%"
        "llu,\"other\":%llu,"
        "\"errors\":%llu,\"first_ns\":%lld,\"last_ns\":%lld,\"sent\":%llu,\"send_start_ns\":%lld,"
        "\"send_end_ns\":%lld,\"accounts\":%zu,\"short_accounts\":%llu,\"failed\":%s}\n",
        cpu_us(), s.cpu_ready_us, (unsigned long long)s.received,
        (unsigned long long)(s.opt.expect * s.accounts.size()), (unsigned long long)duplicates,
        (unsigned long long)unparsed, (unsigned long long)other, (unsigned long long)errors,
        (long long)s.first_ns, (long long)s.last_ns, (unsigned long long)s.sent,
        (long long)s.send_start_ns, (long long)s.send_end_ns, s.accounts.size(),
        (unsigned long long)short_accounts, s.failed ? "true" : "false");
    std::fflush(stdout);
}

void disconnect_all(State& s) {
    for (auto& a : s.accounts)
        if (a->online) xmpp_disconnect(a->conn);
    for (int i = 0; i < 50 && s.online > 0; ++i) xmpp_run_once(s.ctx, 5);
    for (auto& a : s.accounts) xmpp_conn_release(a->conn);
}

}  // namespace

int main(int argc, char** argv) {
    State s;
    s.opt = parse(argc, argv);
    xmpp_initialize();
    s.ctx = xmpp_ctx_new(nullptr, nullptr);
    if (!connect_all(s)) return 1;
    run(s);
    // Let the send queue drain before closing.
    s.done = true;
    for (int i = 0; i < 100 && s.online > 0; ++i) xmpp_run_once(s.ctx, 5);
    std::fprintf(stderr, "\n");
    if (!s.opt.arrivals.empty()) write_arrivals(s);
    print_result(s);
    disconnect_all(s);
    xmpp_ctx_free(s.ctx);
    xmpp_shutdown();
    const bool all_in = s.received == s.opt.expect * s.accounts.size();
    return (!s.failed && all_in && s.sent == s.opt.send) ? 0 : 1;
}
