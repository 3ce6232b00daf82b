#include <runtime/status_report.hpp>

#include <ctime>
#include <iomanip>
#include <sstream>

namespace cordgate::runtime {

namespace bus = common::bus;

namespace {

// The adapters the core expects to hear from, in the order the report lists them.
constexpr std::array<const char*, 2> kAdapters{"xmpp", "discord"};

const HeardFrom* alive(const StatusInputs& in, const std::string& origin) {
    auto it = in.heartbeats.find(origin);
    if (it == in.heartbeats.end()) return nullptr;
    return fresh(it->second.age_ms, it->second.last.interval_ms) ? &it->second : nullptr;
}

ProcessStatus adapter_status(const StatusInputs& in, const std::string& name) {
    ProcessStatus p;
    p.name = name;
    auto it = in.heartbeats.find(name);
    if (it == in.heartbeats.end()) {
        p.state = Liveness::down;
        p.since_ms = in.core_started_ms;
        return p;
    }
    const HeardFrom& heard = it->second;
    p.heartbeat_age_ms = heard.age_ms;
    if (fresh(heard.age_ms, heard.last.interval_ms)) {
        p.state = Liveness::up;
        p.since_ms = heard.last.started_ms;
    } else {
        p.state = Liveness::down;
        p.since_ms = in.now_ms - heard.age_ms;  // when it was last heard of
    }
    return p;
}

LinkStatus component_link(const StatusInputs& in) {
    LinkStatus link;
    const HeardFrom* xmpp = alive(in, "xmpp");
    if (!xmpp || !xmpp->last.component) return link;
    link.state = xmpp->last.component->up ? LinkState::up : LinkState::down;
    link.since_ms = xmpp->last.component->since_ms;
    return link;
}

std::vector<UserStatus> users(const StatusInputs& in) {
    std::map<std::string, const bus::SessionHealth*> gateway;
    if (const HeardFrom* discord = alive(in, "discord"); discord && discord->last.sessions) {
        for (const bus::SessionHealth& s : *discord->last.sessions) gateway[s.user] = &s;
    }
    std::vector<UserStatus> out;
    if (!in.state) return out;
    for (const auto& [jid, session] : in.state->sessions) {
        UserStatus u;
        u.jid = jid;
        u.login_state = session.login_state;
        u.failure = session.failure;
        u.verification = session.required_action;
        u.captcha_kept = session.pending ? session.pending->kept.size() : 0;
        if (auto g = gateway.find(jid); g != gateway.end()) {
            u.gateway = g->second->state;
            u.gateway_since_ms = g->second->since_ms;
            u.gateway_reason = g->second->reason;
        }
        out.push_back(std::move(u));
    }
    return out;
}

std::string seconds(std::int64_t ms) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(1) << static_cast<double>(ms) / 1000.0 << " s";
    return s.str();
}

std::string bytes(std::uint64_t n) {
    std::ostringstream s;
    if (n < 1024 * 1024) {
        s << n << " bytes";
    } else {
        s << std::fixed << std::setprecision(1) << static_cast<double>(n) / (1024.0 * 1024.0)
          << " MiB";
    }
    return s.str();
}

}  // namespace

bool fresh(std::int64_t age_ms, std::int64_t interval_ms) {
    return age_ms <= kMissedHeartbeats * interval_ms;
}

StatusReport compose_status(const StatusInputs& in) {
    StatusReport r;
    r.at_ms = in.now_ms;
    r.processes.push_back(ProcessStatus{"core", Liveness::up, in.core_started_ms, std::nullopt});
    for (const char* name : kAdapters) r.processes.push_back(adapter_status(in, name));
    r.component = component_link(in);
    r.log = in.log;
    r.lag = in.lag;
    r.users = users(in);
    if (const HeardFrom* discord = alive(in, "discord")) {
        r.invalid_requests = discord->last.invalid_requests;
    }
    r.problems = find_problems(r);
    return r;
}

std::vector<std::string> find_problems(const StatusReport& report) {
    std::vector<std::string> problems;
    for (const ProcessStatus& p : report.processes) {
        if (p.state == Liveness::up) continue;
        problems.push_back(p.heartbeat_age_ms
                               ? "cordgate-" + p.name + " is down: no heartbeat for " +
                                     seconds(*p.heartbeat_age_ms)
                               : "cordgate-" + p.name + " is down: not heard of since the core " +
                                     "started at " + utc_time(p.since_ms));
    }
    if (report.component.state == LinkState::down) {
        problems.push_back("the XMPP component link is down since " +
                           utc_time(report.component.since_ms.value_or(0)));
    }
    return problems;
}

int exit_code(const StatusReport& report) {
    return report.problems.empty() ? 0 : 1;
}

std::string utc_time(std::int64_t ms) {
    std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", &tm);
    return text;
}

std::string render_text(const StatusReport& r) {
    std::ostringstream out;
    out << "cordgate status at " << utc_time(r.at_ms) << "\n";
    out << "processes:\n";
    for (const ProcessStatus& p : r.processes) {
        out << "  " << std::left << std::setw(8) << p.name
            << (p.state == Liveness::up ? "up since " : "DOWN since ") << utc_time(p.since_ms);
        if (p.heartbeat_age_ms)
            out << " (last heartbeat " << seconds(*p.heartbeat_age_ms) << " ago)";
        out << "\n";
    }
    out << "XMPP component link: ";
    switch (r.component.state) {
        case LinkState::up:
            out << "up since " << utc_time(r.component.since_ms.value_or(0));
            break;
        case LinkState::down:
            out << "DOWN since " << utc_time(r.component.since_ms.value_or(0));
            break;
        case LinkState::unknown:
            out << "unknown (the XMPP adapter is not heard of)";
            break;
    }
    out << "\n";
    out << "log: position " << r.log.position << ", " << bytes(r.log.disk_bytes)
        << " on disk, snapshot at " << r.log.snapshot_at;
    if (r.log.last_commit_us) {
        out << ", last commit " << std::fixed << std::setprecision(2)
            << static_cast<double>(*r.log.last_commit_us) / 1000.0 << " ms"
            << (r.log.last_commit_synced.value_or(false) ? " with fsync" : " without fsync");
        if (r.log.last_commit_at_ms) out << " at " << utc_time(*r.log.last_commit_at_ms);
    }
    out << "\n";
    out << "effects not yet acknowledged:";
    for (const TargetLag& l : r.lag) out << " " << l.target << " " << l.waiting;
    out << "\n";
    if (r.invalid_requests) {
        out << "Discord invalid requests: " << r.invalid_requests->count << " of "
            << r.invalid_requests->limit << " in " << r.invalid_requests->window_s << " s\n";
    } else {
        out << "Discord invalid requests: unknown (the Discord adapter is not heard of)\n";
    }
    out << "users: " << r.users.size() << "\n";
    for (const UserStatus& u : r.users) {
        out << "  " << u.jid << ": core " << u.login_state;
        if (u.failure && u.login_state == "failed") out << " (" << *u.failure << ")";
        out << "; Discord session ";
        if (u.gateway) {
            out << core::enum_name(*u.gateway);
            if (u.gateway_since_ms) out << " since " << utc_time(*u.gateway_since_ms);
            if (u.gateway_reason) out << " (" << *u.gateway_reason << ")";
        } else {
            out << "none";
        }
        if (u.verification) out << "; verification required (" << *u.verification << ")";
        if (u.captcha_kept) out << "; captcha: " << u.captcha_kept << " message(s) kept";
        out << "\n";
    }
    if (r.problems.empty()) {
        out << "all well\n";
    } else {
        out << "problems:\n";
        for (const std::string& p : r.problems) out << "  - " << p << "\n";
    }
    return out.str();
}

}  // namespace cordgate::runtime
