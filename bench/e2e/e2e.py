#!/usr/bin/python3
"""End-to-end stanza throughput and latency of cordgate (issue #6). Run with /usr/bin/python3.

    bench/e2e/e2e.py [--n 20000] [--runs 5] [--rates 1000,5000,10000] [--x2d-rates 200]
                     [--sessions 1,100,1000] [--modes d2x,room,biboumi,rates,x2d,x2d_rl,sink,scale]
                     [--append-results]
    bench/e2e/e2e.py --smoke      # a few thousand messages, every mode, 10 sessions; counts only
                                  # (messages, and a latency sample per stamped message), never times

Starts everything on loopback with tests/fullstack/stack.py (prosody, the Discord emulator,
cordgate-core with its durable RocksDB log, cordgate-discord, cordgate-xmpp), registers one
prosody account per session with the gateway (its own Discord user and connection), and drives:

  d2x     the emulator floods N MESSAGE_CREATE ("flood k t_ns", t_ns its wall clock when it
          made message k) as fast as it can into the DM of user 0 with their friend;
          bench/e2e/xmpp_counter (libstrophe, C++) counts arrivals; latency = arrival - t_ns;
  room    the same into a guild text channel, which the counter joins as a room (groupchat,
          as biboumi's IRC channel in biboumi_i2x: the like-for-like pair);
  rates   the same at fixed rates (the DM; with room also in the guild channel);
  x2d     xmpp_counter sends N chat messages ("bench k t_ns") to the friend's puppet as fast as
          it can (--x2d-rates: also at fixed rates); the emulator's request log counts the
          POST /channels/{dm}/messages that arrive; latency = the request's t_ns - the body's;
  x2d_rl  the same with the emulator's rate limits on (limit per window below);
  sink    prosody replaced by bench/e2e/raw_sink.py (XEP-0114, counts stanzas): cordgate's
          own ceiling, d2x as fast as possible;
  scale   S sessions: the emulator floods N/S messages into each user's DM at once (one control
          call); xmpp_counters of 250 accounts each count; total throughput, and RSS per session
          ((RSS after registering - before) / S for every process).

Discord's per-channel limits are off on both sides (cordgate's `pace_ahead`, the emulator's
per-route limits): these are cordgate's own figures. The paced flow of a user token, and a
Cloudflare ban, are bench/citizen/citizen.py's.

--metrics-ab: d2x only (or sink, with --modes sink), each run twice in a fresh stack, once with every process serving
/metrics (scraped once a second meanwhile) and once without, in alternating order (ABBA), and
the medians of both side by side (bench/notes/metrics.md).

Set-up of S sessions is in bulk: prosody's account files written directly (Rig.add_accounts),
registrations with the gateway 25 at a time (Stack.register_many), one poll for the Discord
sessions.

CPU: utime+stime from /proc/<pid>/stat of each process before and after a run, per message.
Peak RSS: VmHWM. A progress line runs on stderr. Everything started is stopped at the end, also
on Ctrl-C (the Stack context manager, and the counter/sink children are killed by pid).
"""
import argparse
import json
import shutil
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(TOP, "tests", "fullstack"))
from stack import Stack, wait_until  # noqa: E402
from rig import free_ports  # noqa: E402  (stack.py puts tests/xmpp-rig on the path)

CLK_TCK = os.sysconf("SC_CLK_TCK")
# libstrophe waits with select(): a process cannot use descriptors from 1024 on.
COUNTER_ACCOUNTS = 250
REGISTER_CONCURRENCY = 25
PAGE = os.sysconf("SC_PAGE_SIZE")


_last_progress = [0.0]


def progress(msg):
    now = time.monotonic()
    if now - _last_progress[0] < 0.5:
        return
    _last_progress[0] = now
    print(f"\r\033[K[e2e] {msg}", end="", file=sys.stderr, flush=True)


def say(msg):
    print(f"\r\033[K[e2e] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- seed
# Session i: Discord user user<i> (token tok-<i>), their friend friend<i>, their DM; prosody
# account bench<i> (password bench<i>pass).
def user_id(i):
    return str(110000000000000000 + i)


def friend_id(i):
    return str(120000000000000000 + i)


def dm_id(i):
    return str(130000000000000000 + i)


# d2x_room: a guild whose text channel user0 and friend0 are in (a room at the gateway).
ROOM_GUILD = "140000000000000000"
ROOM_CHANNEL = "140000000000000001"


def make_seed(sessions, path):
    """sessions users (user<i>, token tok-<i>) each with one friend (friend<i>) and a DM; user0
    and friend0 are also in a guild with one text channel (ROOM_CHANNEL)."""
    users, rels, chans = [], [], []
    for i in range(sessions):
        u, f, c = user_id(i), friend_id(i), dm_id(i)
        users.append({"id": u, "username": f"user{i}", "global_name": f"User {i}", "token": f"tok-{i}"})
        users.append({"id": f, "username": f"friend{i}", "global_name": f"Friend {i}"})
        rels.append({"user_id": u, "target_id": f, "type": 1})
        rels.append({"user_id": f, "target_id": u, "type": 1})
        chans.append({"id": c, "type": 1, "recipients": [u, f]})
    with open(path, "w") as fh:
        guild = {"id": ROOM_GUILD, "name": "bench", "owner_id": user_id(0),
                 "members": [{"user_id": user_id(0)}, {"user_id": friend_id(0)}],
                 "channels": [{"id": ROOM_CHANNEL, "name": "flood", "type": 0, "position": 0}]}
        json.dump({"users": users, "relationships": rels, "guilds": [guild], "private_channels": chans,
                   "messages": []}, fh)


# ---------------------------------------------------------------- /proc
def cpu_ticks(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)
    except (OSError, IndexError, ValueError):
        return 0


def steal_ticks():
    """Time the hypervisor ran something else while this machine's CPUs wanted to run
    (/proc/stat "steal", all CPUs): on a shared host it explains a noisy run."""
    with open("/proc/stat") as f:
        return int(f.readline().split()[8])  # cpu user nice system idle iowait irq softirq steal


def snapshot(pids):
    """CPU ticks of each process, and (monotonic s, steal ticks) of the host under "_host"."""
    out = {n: cpu_ticks(p) for n, p in pids.items()}
    out["_host"] = (time.monotonic(), steal_ticks())
    return out


def hwm_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * PAGE // 1024
    except OSError:
        return 0


class Scraper:
    """Asks every /metrics once a second, as a Prometheus with a 1 s interval would (15 s is
    usual), for as long as the stack runs."""

    def __init__(self, ports, interval=1.0):
        self.ports, self.interval = ports, interval
        self.done = threading.Event()
        self.scrapes = self.failures = 0
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.done.wait(self.interval):
            for port in self.ports:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
                        r.read()
                    self.scrapes += 1
                except OSError:
                    self.failures += 1

    def stop(self):
        self.done.set()
        self.thread.join()
        say(f"metrics: {self.scrapes} scrapes, {self.failures} failed")
        if self.scrapes == 0 or self.failures:
            raise RuntimeError(f"metrics: {self.scrapes} scrapes, {self.failures} failed")


def metrics_ab_table(results):
    """Metrics on vs off, d2x: medians of msg/s and of cordgate's own CPU µs/msg (core, discord
    and xmpp together), and on / off."""
    def own_cpu(r):
        return sum(r["cpu_us"].get(k, 0) for k in ("core", "discord", "xmpp"))
    rows = {}
    for r in results:
        rows.setdefault(r["mode"], []).append(r)
    lines = ["", "metrics on vs off (runs alternate, ABBA):", "",
             "| variant | runs | msg/s median | msg/s runs | cordgate CPU µs/msg median | CPU runs |",
             "|---|---|---|---|---|---|"]
    med = {}
    for mode in sorted(rows):
        rs = sorted(rows[mode], key=lambda r: r["run"])
        rate = statistics.median(r["msgs_per_s"] for r in rs)
        cpu = statistics.median(own_cpu(r) for r in rs)
        med[mode] = (rate, cpu)
        lines.append(f"| {mode} | {len(rs)} | {rate:.0f} | "
                     + ", ".join(f"{r['msgs_per_s']:.0f}" for r in rs) + f" | {cpu:.2f} | "
                     + ", ".join(f"{own_cpu(r):.2f}" for r in rs) + " |")
    for mode in ("d2x", "sink"):
        on, off = med.get(mode + "+metrics"), med.get(mode + "-metrics")
        if on and off:
            lines += ["", f"{mode} on / off: msg/s {on[0] / off[0]:.3f}, "
                          f"cordgate CPU µs/msg {on[1] / off[1]:.3f}"]
    return "\n".join(lines) + "\n"


class Bench:
    def __init__(self, args):
        self.args = args
        self.build = os.environ.get("CORDGATE_BUILD_DIR") or os.path.join(TOP, "build")
        self.counter_bin = os.path.join(self.build, "bench", "xmpp_counter")
        self.children = []
        self.results = []  # dicts, one per run
        self.metrics = False  # the next stack serves /metrics (--metrics-ab)
        self.scraper = None

    # -- processes measured
    def pids(self):
        s = self.stack
        out = {n: s.procs[n].pid for n in ("core", "discord", "xmpp") if s.procs[n].running()}
        out["emulator"] = s.emulator_proc.pid
        try:
            with open(os.path.join(s.rig.folder, "run", "prosody.launcher.pid")) as f:
                out["prosody"] = int(f.read())
        except (OSError, ValueError):
            pass
        if getattr(self, "sink_proc", None) and self.sink_proc.poll() is None:
            out["sink"] = self.sink_proc.pid
        return out

    def cpu_snapshot(self):
        return snapshot(self.pids())

    # -- children we start ourselves (killed by pid on the way out)
    def spawn(self, argv, **kw):
        p = subprocess.Popen(argv, start_new_session=True, **kw)
        self.children.append(p)
        return p

    def kill_children(self):
        self.biboumi_stop()
        for p in self.children:
            if p.poll() is None:
                p.send_signal(signal.SIGKILL)
                p.wait()
        self.children.clear()

    def counter(self, i, extra):
        s = self.stack
        argv = [self.counter_bin, "--jid", f"bench{i}@{s.domain}", "--password", f"bench{i}pass",
                "--port", str(s.rig.c2s_port), "--resource", f"counter{i}", *extra]
        p = self.spawn(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = p.stdout.readline()
        if line.strip() != "READY":
            raise RuntimeError(f"xmpp_counter did not come online: {line!r}")
        return p

    def counters(self, sessions, extra):
        """xmpp_counters for accounts 0..sessions-1, COUNTER_ACCOUNTS accounts per process."""
        s = self.stack
        procs = []
        for first in range(0, sessions, COUNTER_ACCOUNTS):
            last = min(first + COUNTER_ACCOUNTS, sessions) - 1
            argv = [self.counter_bin, "--jid", f"bench%d@{s.domain}", "--password", "bench%dpass",
                    "--port", str(s.rig.c2s_port), "--resource", "counter%d", "--range", f"{first}..{last}", *extra]
            with open(os.path.join(s.folder, f"counter-{first}.log"), "a") as log:  # why one failed
                procs.append(self.spawn(argv, stdout=subprocess.PIPE, stderr=log, text=True))
        for p in procs:  # they log in side by side
            line = p.stdout.readline()
            if line.strip() != "READY":
                raise RuntimeError(f"xmpp_counter did not come online: {line!r}")
        return procs

    @staticmethod
    def finish(p, timeout):
        out, _ = p.communicate(timeout=timeout)
        return json.loads(out.strip().splitlines()[-1])

    # -- set-up
    def start(self, sessions):
        self._req_since = 0
        folder = tempfile.mkdtemp(prefix="cordgate-e2e.")
        self.seed_folder = folder
        seed = os.path.join(folder, "seed.json")
        make_seed(sessions, seed)
        self.sessions = sessions
        # cordgate's own ceiling: Discord's per-channel limits out of the way on both sides (a
        # user token is otherwise paced at 5 messages per 5 s per channel; bench/citizen
        # measures that flow).
        core_settings = dict(kv.split("=", 1) for kv in self.args.core_set)
        discord_settings = {"pace_ahead": "false"}
        xmpp_settings = {}
        self.metrics_ports = []
        if self.metrics and not self.args.metrics_ab_null:
            self.metrics_ports = free_ports(3)
            for settings, port in zip((core_settings, xmpp_settings, discord_settings),
                                      self.metrics_ports):
                settings["metrics_address"] = f'"127.0.0.1:{port}"'
        self.stack = Stack(seed=seed, log_level="info", quiet=True, heartbeat_ms=41250,
                           core_settings=core_settings, discord_settings=discord_settings,
                           xmpp_settings=xmpp_settings)
        self.stack.__enter__()
        if self.metrics and not self.args.metrics_ab_null:
            self.scraper = Scraper(self.metrics_ports)
        s = self.stack
        s.emulator.control("ratelimits", per_route=False)
        self.rss_before = self.rss()
        t0 = time.monotonic()
        s.add_accounts([(f"bench{i}", f"bench{i}pass") for i in range(sessions)])
        t_accounts = time.monotonic()
        # Every registration client logs out once the gateway answered: no resource of the
        # account but the counter's is online, so the flood goes to the counter alone (or waits
        # in offline storage until the counter's presence is in).
        s.register_many([(f"bench{i}", f"bench{i}pass", f"tok-{i}") for i in range(sessions)],
                        concurrency=REGISTER_CONCURRENCY, timeout=60 + sessions * 0.1,
                        progress=lambda done, n: progress(f"{n} sessions: registered {done}/{n}"))
        t_registered = time.monotonic()
        # The Discord sessions must be up before we flood.
        s.emulator.wait_sessions([user_id(i) for i in range(sessions)], timeout=60 + sessions * 0.2,
                                 progress=lambda up, n: progress(f"{n} sessions: {up}/{n} Discord sessions up"))
        t_up = time.monotonic()
        settled = self.wait_cordgate_idle(60)
        self.setup = {"accounts_s": t_accounts - t0, "register_s": t_registered - t_accounts,
                      "discord_up_s": t_up - t_registered, "total_s": t_up - t0, "idle_after_s": settled}
        self.rss_after = self.rss()
        say(f"stack up: {sessions} session(s) in {t_up - t0:.1f} s (accounts {t_accounts - t0:.1f} s, "
            f"registrations {t_registered - t_accounts:.1f} s, Discord sessions {t_up - t_registered:.1f} s; "
            f"cordgate idle {settled:.1f} s later), folder {s.folder}")

    def rss(self):
        return {k: rss_kib(p) for k, p in self.pids().items()}

    def wait_cordgate_idle(self, timeout, window=1.0, also=()):
        """Seconds until the three cordgate processes (and those named in `also`, see pids())
        used under 10 % of a CPU together for `window` s (done with the logins' roster pushes
        and presences), at most timeout."""
        t0 = time.monotonic()
        known = self.pids()
        pids = [known[n] for n in ("core", "discord", "xmpp", *also) if n in known]
        while time.monotonic() - t0 < timeout:
            before = sum(cpu_ticks(p) for p in pids)
            time.sleep(window)
            if (sum(cpu_ticks(p) for p in pids) - before) / CLK_TCK <= 0.1 * window:
                break
        return time.monotonic() - t0

    def memory(self):
        """This stack's set-up time and RSS before and after registering its sessions."""
        S = self.sessions
        per = {k: (self.rss_after.get(k, 0) - v) / S for k, v in self.rss_before.items()}
        return {"sessions": S, "setup": self.setup, "rss_before_kib": self.rss_before,
                "rss_after_kib": self.rss_after, "kib_per_session": per}

    def stop(self):
        if self.scraper:
            self.scraper.stop()
            self.scraper = None
        self.kill_children()
        if getattr(self, "stack", None):
            short = [r for r in self.results if r["received"] != r["n"] and r.get("stack") == self.stack.folder]
            if short:  # keep the logs of a stack that lost (or did not wait for) messages
                self.stack.keep = True
                say(f"{len(short)} run(s) short of messages: keeping {self.stack.folder}")
            self.stack.__exit__(None, None, None)
            self.stack = None
        if getattr(self, "seed_folder", None):
            shutil.rmtree(self.seed_folder, ignore_errors=True)
            self.seed_folder = None

    def record(self, **r):
        r.setdefault("sessions", self.sessions)
        r["stack"] = self.stack.folder
        self.results.append(r)
        return r

    def cpu_per_msg(self, before, after, n, client=None):
        """CPU µs per message per process; `client`: the xmpp_counter's JSON (its own getrusage).
        Under "_steal_pct": the share of the host's CPU time stolen by the hypervisor meanwhile."""
        out = {k: (after.get(k, 0) - before.get(k, 0)) * 1e6 / CLK_TCK / n for k in after if n and k != "_host"}
        if "_host" in before and "_host" in after:
            seconds = after["_host"][0] - before["_host"][0]
            stolen = (after["_host"][1] - before["_host"][1]) / CLK_TCK
            out["_steal_pct"] = 100 * stolen / (seconds * os.cpu_count()) if seconds > 0 else 0.0
        if client and n:  # from READY on: logging in is not the messages' cost
            out["client"] = (client["cpu_us"] - client.get("cpu_us_ready", 0)) / n
        return out

    # -- Discord -> XMPP
    def d2x(self, n, rate, run, room=False):
        """Into user0's DM from friend0, or with `room` into the guild channel, which the counter
        joins as a room (groupchat, as biboumi's IRC channel)."""
        s = self.stack
        kind = "room" if room else "dm"
        arrivals = os.path.join(s.folder, f"arrivals-{kind}-{rate}-{run}.txt")
        join = ["--join", f"{ROOM_CHANNEL}@{s.gateway}/bench"] if room else []
        p = self.counter(0, ["--expect", str(n), "--arrivals", arrivals, "--idle", "15",
                             "--timeout", str(max(120, 3 * n / max(rate, 1000))), *join])
        before = self.cpu_snapshot()
        t0 = time.time_ns()
        channel = ROOM_CHANNEL if room else s.dm_channel("user0", "friend0")
        s.emulator.control("flood", channel_id=channel, author_id=s.uid("friend0"), count=n, rate=rate,
                           stamp=True)
        res = self.finish(p, 3600)
        after = self.cpu_snapshot()
        lat = arrival_latencies_ms(arrivals)
        dur = (res["last_ns"] - t0) / 1e9 if res["last_ns"] else float("nan")
        mode = ("d2x_room" if room else "d2x") + (f"@{rate}" if rate else "")
        if self.args.metrics_ab:
            mode += "+metrics" if self.metrics else "-metrics"
        r = self.record(mode=mode, run=run, n=n, received=res["received"],
                        duplicates=res["duplicates"], seconds=dur,
                        msgs_per_s=res["received"] / dur if dur > 0 else 0,
                        cpu_us=self.cpu_per_msg(before, after, res["received"], res),
                        latency_ms=percentiles(lat), lat_samples=sorted(lat), lat_n=len(lat))
        say(f"{r['mode']} run {run}: {res['received']}/{n} in {dur:.2f} s = {r['msgs_per_s']:.0f} msg/s"
            + latency_said(r))
        return r

    # -- XMPP -> Discord
    def x2d(self, n, run, ratelimited=False, rate=0):
        s = self.stack
        chan = s.dm_channel("user0", "friend0")
        if ratelimited:
            s.emulator.control("ratelimits", enabled=True, limit=self.args.rl_limit, window_ms=self.args.rl_window_ms)
        mark = self.requests_last()
        p = self.counter(0, ["--send", str(n), "--to", s.puppet("friend0"), "--go-on-stdin", "--rate", str(rate)])
        before = self.cpu_snapshot()
        p.stdin.write("go\n")
        p.stdin.flush()
        res = self.finish(p, 600 + (n / rate if rate else 0))
        ok, limited, last_change, since, lat, t_last = 0, 0, time.monotonic(), mark, [], 0
        path = f"/channels/{chan}/messages"
        while ok < n and time.monotonic() - last_change < 15:
            got = s.emulator.call("GET", f"/_emulator/requests?since={since}")
            since = got["last"]
            posted = [q for q in got["requests"] if q["method"] == "POST" and q["path"].endswith(path)
                      and q["status"] == 200]
            new_ok = len(posted)
            lat.extend(x for x in map(request_latency_ms, posted) if x is not None)
            limited += sum(1 for q in got["requests"] if q["status"] == 429)
            if new_ok:
                ok += new_ok
                last_change = time.monotonic()
                # When the emulator took the call, not when this poll saw it: the poll starts
                # once the sender has exited, and x2i takes its end at the IRC peer's arrival.
                t_last = max([t_last] + [q["t_ns"] for q in posted if q.get("t_ns")])
            progress(f"x2d run {run}: {ok}/{n} REST calls at the emulator")
            time.sleep(0.05)
        self._req_since = since
        after = self.cpu_snapshot()
        if ratelimited:
            s.emulator.control("ratelimits", enabled=False)
        dur = (t_last - res["send_start_ns"]) / 1e9 if ok and t_last else float("nan")
        mode = "x2d_rl" if ratelimited else f"x2d@{rate}" if rate else "x2d"
        r = self.record(mode=mode, run=run, n=n, received=ok, rate_limited=limited,
                        seconds=dur, msgs_per_s=ok / dur if ok else 0, cpu_us=self.cpu_per_msg(before, after, ok, res),
                        latency_ms=percentiles(lat), lat_samples=sorted(lat), lat_n=len(lat))
        say(f"{r['mode']} run {run}: {ok}/{n} in {dur:.2f} s = {r['msgs_per_s']:.0f} msg/s ({limited} x 429)"
            + latency_said(r))
        return r

    def requests_last(self):
        """The emulator's request log position now (read forward from where we last were)."""
        since = getattr(self, "_req_since", 0)
        while True:
            got = self.stack.emulator.call("GET", f"/_emulator/requests?since={since}")
            if got["last"] == since:
                self._req_since = since
                return since
            since = got["last"]

    # -- raw sink
    def sink_start(self):
        s = self.stack
        s.kill("prosody")
        status = os.path.join(s.folder, "sink.json")
        self.sink_status = status
        self.sink_proc = self.spawn(["/usr/bin/python3", os.path.join(HERE, "raw_sink.py"),
                                     str(s.rig.component_port), status], stdout=subprocess.PIPE, text=True)
        self.sink_proc.stdout.readline()
        wait_until(lambda: self.sink_stats().get("handshakes", 0) >= 1, 30, "cordgate-xmpp at the raw sink")
        time.sleep(0.5)

    def sink_stats(self):
        try:
            with open(self.sink_status) as f:
                return json.load(f)
        except (OSError, ValueError):
            return {}

    def sink_run(self, n, run):
        s = self.stack
        base = self.sink_stats().get("messages", 0)
        before = self.cpu_snapshot()
        t0 = time.time_ns()
        s.emulator.control("flood", channel_id=s.dm_channel("user0", "friend0"), author_id=s.uid("friend0"),
                           count=n, rate=0)
        last, last_change = base, time.monotonic()
        while True:
            st = self.sink_stats()
            got = st.get("messages", 0) - base
            if got != last:
                last, last_change = got, time.monotonic()
            progress(f"sink run {run}: {got}/{n} stanzas at the sink")
            if got >= n or time.monotonic() - last_change > 15:
                break
            time.sleep(0.05)
        after = self.cpu_snapshot()
        dur = (st["last_ns"] - t0) / 1e9 if got else float("nan")
        mode = "sink"
        if self.args.metrics_ab:
            mode += "+metrics" if self.metrics else "-metrics"
        r = self.record(mode=mode, run=run, n=n, received=got, seconds=dur, msgs_per_s=got / dur if got else 0,
                        cpu_us=self.cpu_per_msg(before, after, got))
        say(f"sink run {run}: {got}/{n} in {dur:.2f} s = {r['msgs_per_s']:.0f} msg/s")
        return r

    # -- scale: every session flooded at once
    def scale_run(self, n_total, run):
        s = self.stack
        S = self.sessions
        per = max(1, n_total // S)
        t_login, cpu_login = time.monotonic(), self.cpu_snapshot()
        procs = self.counters(S, ["--expect", str(per), "--idle", "15", "--timeout", "600", "--priority", "50"])
        t_login = time.monotonic() - t_login
        cpu_login = {k: (v - cpu_login.get(k, 0)) / CLK_TCK for k, v in self.cpu_snapshot().items() if k != "_host"}
        # Each counter's presence sets off probes and presences between prosody and the gateway
        # (1,000 at once at S = 1000): let that pass, or the run's CPU figures would include it.
        settle = self.wait_cordgate_idle(60, also=("prosody",))
        before = self.cpu_snapshot()
        t0 = time.time_ns()
        s.emulator.control("flood", rate=0, floods=[{"channel_id": dm_id(i), "author_id": friend_id(i),
                                                     "count": per} for i in range(S)])
        results = [self.finish(p, 3600) for p in procs]
        after = self.cpu_snapshot()
        got = sum(x["received"] for x in results)
        short = sum(x["short_accounts"] for x in results)
        last = max(x["last_ns"] for x in results)
        dur = (last - t0) / 1e9 if got else float("nan")
        client = {"cpu_us": sum(x["cpu_us"] - x["cpu_us_ready"] for x in results)}
        r = self.record(mode=f"scale{S}", run=run, n=per * S, received=got, short_sessions=short, seconds=dur,
                        msgs_per_s=got / dur if got else 0, cpu_us=self.cpu_per_msg(before, after, got, client),
                        rss_kib=self.rss(), counters_online_s=t_login, counters_login_cpu_s=cpu_login,
                        settle_s=settle)
        say(f"scale {S} sessions run {run}: {got}/{per * S} in {dur:.2f} s = {r['msgs_per_s']:.0f} msg/s"
            + (f", {short} session(s) short" if short else "") + f" (counters online in {t_login:.1f} s, prosody's CPU meanwhile "
            f"{cpu_login.get('prosody', 0):.1f} s; quiet {settle:.1f} s later)")
        return r

    # -- the peer: biboumi + ngircd against the same prosody and the same client
    def biboumi_start(self, record_history):
        s = self.stack
        if os.getuid() != 0:
            raise RuntimeError("biboumi mode needs root (the stack's prosody config is copied only then)")
        for b in ("biboumi", "ngircd"):
            if not shutil.which(b) and not os.path.exists("/usr/sbin/" + b):
                raise RuntimeError(f"{b} is not installed: apt-get install -y biboumi ngircd")
        folder = os.path.join(s.folder, "peer")
        os.makedirs(folder, exist_ok=True)
        os.chmod(folder, 0o777)
        self.irc_port = 6667 if not port_open(6667) else free_ports(1)[0]
        with open(os.path.join(folder, "ngircd.conf"), "w") as f:
            f.write(NGIRCD_CONF.format(port=self.irc_port, folder=folder))
        self.ngircd = self.spawn(["/usr/sbin/ngircd", "-n", "-f", os.path.join(folder, "ngircd.conf")],
                                 stdout=open(os.path.join(folder, "ngircd.log"), "ab"), stderr=subprocess.STDOUT)
        wait_until(lambda: port_open(self.irc_port), 15, "ngircd listening")
        cfg = os.path.join(s.rig.scripts, "prosody.cfg.lua")
        with open(cfg) as f:
            text = f.read()
        if 'Component "irc.' not in text:
            with open(cfg, "a") as f:
                f.write(f'\n-- added by bench/e2e/e2e.py for the biboumi comparison\nComponent "irc.{s.domain}"\n'
                        f'    component_secret = "{s.rig.secret}"\n')
            s.restart("prosody")
            time.sleep(1.0)
        self.irc_domain = f"irc.{s.domain}"
        db = os.path.join(folder, f"biboumi-{int(record_history)}.sqlite")
        conf = os.path.join(folder, "biboumi.cfg")
        with open(conf, "w") as f:
            f.write(BIBOUMI_CFG.format(domain=self.irc_domain, secret=s.rig.secret, port=s.rig.component_port,
                                       db=db, irc_port=self.irc_port, folder=folder,
                                       history=1 if record_history else 0))
        self.biboumi = self.spawn(["/usr/bin/biboumi", conf], stdout=open(os.path.join(folder, "biboumi.out"), "ab"),
                                  stderr=subprocess.STDOUT)
        time.sleep(1.0)
        self.irc = self.spawn(["/usr/bin/python3", os.path.join(HERE, "irc_peer.py"), str(self.irc_port), "ircpeer",
                               "#bench"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        if self.irc.stdout.readline().strip() != "READY":
            raise RuntimeError("irc_peer did not join")
        self.room = f"#bench%127.0.0.1@{self.irc_domain}"
        # biboumi's ad-hoc commands go through a client of bench0 that stays online; its negative
        # priority keeps it out of the routing of messages to the bare JID (RFC 6121 §8.5.2.1),
        # or the first messages of a run could go to it rather than to the counter.
        self.peer_client = s.client("bench0", "bench0pass", resource="setup", create=False)
        s._call(lambda: self.peer_client.xmpp.send_presence(ppriority=-1))
        self.biboumi_configure(record_history)

    def biboumi_configure(self, record_history):
        """Throttling off, history as asked: biboumi's per-user ad-hoc "configure" (XEP-0050)."""
        s = self.stack
        c = self.peer_client
        fields = s._run(adhoc_configure(c.xmpp, self.irc_domain, {
            "record_history": "true" if record_history else "false",
            "max_history_length": "20" if record_history else "0"}), 30)
        fields.update(s._run(adhoc_configure(c.xmpp, f"127.0.0.1@{self.irc_domain}", {
            "throttle_limit": "-1", "ports": str(self.irc_port)}), 30))
        if not getattr(self, "_fields_said", False):
            say(f"biboumi configure form: {fields}")
            self._fields_said = True
        self.peer_history = record_history

    def biboumi_stop(self):
        for name in ("irc", "biboumi", "ngircd"):
            p = getattr(self, name, None)
            if p and p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(5)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
            setattr(self, name, None)

    def peer_pids(self):
        out = {}
        for name in ("biboumi", "ngircd", "irc"):
            p = getattr(self, name, None)
            if p and p.poll() is None:
                out[name] = p.pid
        return out

    def i2x(self, n, run, rate=0):
        """IRC -> XMPP through biboumi: the IRC peer floods the channel (at `rate` msg/s, each
        message stamped, when given), xmpp_counter counts; latency = arrival - stamp."""
        arrivals = os.path.join(self.stack.folder, f"arrivals-i2x-{rate}-{run}.txt")
        p = self.counter(0, ["--expect", str(n), "--idle", "15", "--timeout", str(max(600, 3 * n / max(rate, 1000))),
                             "--join", f"{self.room}/benchxmpp", "--arrivals", arrivals])
        pids = {**self.pids(), **self.peer_pids()}
        before = snapshot(pids)
        self.irc.stdin.write(f"flood {n} {rate}\n")
        self.irc.stdin.flush()
        line = self.irc.stdout.readline().split()
        t0 = int(line[1])
        res = self.finish(p, 3600)
        after = snapshot(pids)
        dur = (res["last_ns"] - t0) / 1e9 if res["last_ns"] else float("nan")
        mode = f"biboumi_i2x_{'hist' if self.peer_history else 'nohist'}" + (f"@{rate}" if rate else "")
        lat = arrival_latencies_ms(arrivals) if rate else []
        r = self.record(mode=mode, run=run, n=n,
                        received=res["received"], seconds=dur, msgs_per_s=res["received"] / dur if dur > 0 else 0,
                        cpu_us=self.cpu_per_msg(before, after, res["received"], res),
                        latency_ms=percentiles(lat), lat_samples=sorted(lat), lat_n=len(lat))
        say(f"{r['mode']} run {run}: {res['received']}/{n} in {dur:.2f} s = {r['msgs_per_s']:.0f} msg/s"
            + latency_said(r))
        return r

    def x2i(self, n, run):
        """XMPP -> IRC through biboumi: xmpp_counter sends groupchat messages, the IRC peer counts."""
        p = self.counter(0, ["--send", str(n), "--to", self.room, "--type", "groupchat", "--go-on-stdin",
                             "--join", f"{self.room}/benchxmpp"])
        pids = {**self.pids(), **self.peer_pids()}
        before = snapshot(pids)
        p.stdin.write("go\n")
        p.stdin.flush()
        self.irc.stdin.write(f"count {n} 15\n")
        self.irc.stdin.flush()
        line = self.irc.stdout.readline().split()
        got, t_last = int(line[1]), int(line[2])
        res = self.finish(p, 600)
        after = snapshot(pids)
        dur = (t_last - res["send_start_ns"]) / 1e9 if got else float("nan")
        r = self.record(mode=f"biboumi_x2i_{'hist' if self.peer_history else 'nohist'}", run=run, n=n, received=got,
                        seconds=dur, msgs_per_s=got / dur if got else 0, cpu_us=self.cpu_per_msg(before, after, got, res))
        say(f"{r['mode']} run {run}: {got}/{n} in {dur:.2f} s = {r['msgs_per_s']:.0f} msg/s")
        return r

    def peaks(self):
        return {k: hwm_kib(p) for k, p in self.pids().items()}


NGIRCD_CONF = """[Global]
Name = irc.bench.invalid
Info = cordgate e2e bench
Listen = 127.0.0.1
Ports = {port}
PidFile = {folder}/ngircd.pid
MotdPhrase = bench
[Limits]
MaxConnectionsIP = 0
MaxJoins = 0
MaxPenaltyTime = 0
PingTimeout = 600
PongTimeout = 600
[Options]
DNS = no
Ident = no
PAM = no
"""

BIBOUMI_CFG = """hostname={domain}
password={secret}
xmpp_server_ip=127.0.0.1
port={port}
db_name={db}
log_level=2
log_file={folder}/biboumi.log
identd_port=0
policy_directory={folder}
persistent_by_default=false
"""


def port_open(port):
    import socket
    with socket.socket() as sock:
        sock.settimeout(0.3)
        return sock.connect_ex(("127.0.0.1", port)) == 0


async def adhoc_configure(xmpp, to, wanted):
    """XEP-0050 'configure' at `to`: execute, then submit the returned form with the fields of
    `wanted` changed (by var). Returns {var: value} of what was set."""
    from xml.etree import ElementTree as ET
    NS, XD = "http://jabber.org/protocol/commands", "jabber:x:data"
    iq = xmpp.Iq()
    iq["type"], iq["to"] = "set", to
    iq.xml.append(ET.Element(f"{{{NS}}}command", node="configure", action="execute"))
    r = await iq.send(timeout=15)
    cmd = r.xml.find(f"{{{NS}}}command")
    form = cmd.find(f"{{{XD}}}x")
    sub = ET.Element(f"{{{XD}}}x", type="submit")
    done = {}
    for fld in form.findall(f"{{{XD}}}field"):
        var = fld.get("var")
        if not var or fld.get("type") == "fixed":
            continue
        out = ET.SubElement(sub, f"{{{XD}}}field", var=var)
        if var in wanted:
            ET.SubElement(out, f"{{{XD}}}value").text = wanted[var]
            done[var] = wanted[var]
        else:
            for v in fld.findall(f"{{{XD}}}value"):
                ET.SubElement(out, f"{{{XD}}}value").text = v.text
    iq2 = xmpp.Iq()
    iq2["type"], iq2["to"] = "set", to
    c2 = ET.Element(f"{{{NS}}}command", node="configure", sessionid=cmd.get("sessionid"), action="complete")
    c2.append(sub)
    iq2.xml.append(c2)
    await iq2.send(timeout=15)
    done["_fields"] = [f.get("var") for f in form.findall(f"{{{XD}}}field")]
    return done


def arrival_latencies_ms(path):
    """Arrival - send time of each message whose body carried one ("k t_arrival t_sent" lines
    of xmpp_counter --arrivals; two-column lines have none)."""
    out = []
    with open(path) as f:
        for line in f:
            cols = line.split()
            if len(cols) == 3:
                out.append((int(cols[1]) - int(cols[2])) / 1e6)
    return out


def request_latency_ms(q):
    """The emulator's receive time of a POST .../messages - the send time xmpp_counter put in the
    content ("bench k t_ns"); None if the content has none (e.g. rewritten on the way)."""
    body = q.get("body")
    words = body.get("content", "").split() if isinstance(body, dict) else []
    if len(words) != 3 or not words[2].isdigit() or not q.get("t_ns"):
        return None
    return (q["t_ns"] - int(words[2])) / 1e6


def latency_said(r):
    lat = r.get("latency_ms")
    return f", latency p50 {lat['p50']:.1f} ms p99 {lat['p99']:.1f} ms" if lat else ""


def unmeasured(results):
    """Runs of the stamped modes where some message that arrived gave no latency sample."""
    stamped = [r for r in results if r["mode"].startswith(("d2x", "x2d"))]
    return [r for r in stamped if r.get("lat_n", 0) < r["received"] or not r["received"]]


def percentiles(xs):
    if not xs:
        return None
    xs = sorted(xs)

    def q(p):
        return xs[min(len(xs) - 1, int(p * len(xs)))]
    return {"p50": q(0.5), "p99": q(0.99), "p999": q(0.999), "max": xs[-1]}


def summarize(results):
    """One row per (mode, sessions): median and range of msg/s, CPU µs/msg medians, latency."""
    rows = {}
    for r in results:
        rows.setdefault((r["mode"], r["sessions"]), []).append(r)
    out = []
    for (mode, sessions), rs in rows.items():
        rates = [r["msgs_per_s"] for r in rs]
        cpu = {}
        for k in rs[0]["cpu_us"]:
            cpu[k] = statistics.median(r["cpu_us"].get(k, 0) for r in rs)
        lat = None
        measured = [r["latency_ms"] for r in rs if r.get("latency_ms")]
        if measured:
            lat = {p: statistics.median(m[p] for m in measured) for p in ("p50", "p99", "p999")}
        out.append({"mode": mode, "sessions": sessions, "runs": len(rs), "n": rs[0]["n"],
                    "ok": all(r["received"] == r["n"] for r in rs),
                    "median": statistics.median(rates), "min": min(rates), "max": max(rates),
                    "cpu_us": cpu, "latency_ms": lat, "rss_kib": rs[-1].get("rss_kib")})
    return out


def ratios(results):
    """cordgate/biboumi, pair by pair (same run number), median and range."""
    by = {(r["mode"], r["run"]): r["msgs_per_s"] for r in results if r["sessions"] == 1}
    out = []
    for ours, theirs in (("d2x", "biboumi_i2x_nohist"), ("d2x_room", "biboumi_i2x_nohist"),
                         ("d2x", "biboumi_i2x_hist"),
                         ("x2d", "biboumi_x2i_nohist"), ("x2d", "biboumi_x2i_hist")):
        rs = [by[(ours, run)] / by[(theirs, run)] for (m, run) in by if m == ours and by.get((theirs, run))]
        if rs:
            out.append(f"| {ours} / {theirs} | {len(rs)} | {statistics.median(rs):.2f} ({min(rs):.2f}–{max(rs):.2f}) |")
    if not out:
        return ""
    return "\n".join(["", "cordgate / biboumi, messages/s, pair by pair (runs alternate):", "",
                      "| pair | pairs | ratio median (min–max) |", "|---|---|---|", *out])


def rss_change(m, proc):
    if proc not in m["rss_after_kib"]:
        return "–"
    return f"{m['rss_before_kib'].get(proc, 0) / 1024:.1f} → {m['rss_after_kib'][proc] / 1024:.1f}"


def memory_table(stacks):
    """Set-up time and RSS per session of each stack: (RSS once its S sessions were registered,
    logged in to Discord and cordgate went idle − RSS before registering) / S."""
    procs = ["core", "discord", "xmpp", "prosody", "emulator"]
    lines = ["", "Set-up and memory per session ((RSS after registering S sessions − RSS before) / S, KiB):", "",
             "| sessions | set-up s (accounts + registrations + Discord logins) | "
             + " | ".join(f"KiB/session {p}" for p in procs) + " | "
             + " | ".join(f"RSS MiB {p} before → after" for p in procs) + " |",
             "|" + "---|" * (2 + 2 * len(procs))]
    for m in stacks:
        st = m["setup"]
        lines.append(f"| {m['sessions']} | {st['total_s']:.1f} ({st['accounts_s']:.1f} + {st['register_s']:.1f} + "
                     f"{st['discord_up_s']:.1f}) | "
                     + " | ".join(f"{m['kib_per_session'][p]:.1f}" if p in m["kib_per_session"] else "–" for p in procs)
                     + " | " + " | ".join(rss_change(m, p) for p in procs) + " |")
    return "\n".join(lines)


def table(summary, peaks):
    procs = ["core", "discord", "xmpp", "prosody", "emulator", "client", "sink", "biboumi", "ngircd", "irc"]
    lines = ["| mode | sessions | N/run | runs | all arrived | msg/s median (min–max) | "
             + " | ".join(f"CPU µs/msg {p}" for p in procs) + " | latency p50 / p99 / p999 ms | host steal % |",
             "|" + "---|" * (8 + len(procs))]
    for s in summary:
        lat = s["latency_ms"]
        lat_s = f"{lat['p50']:.1f} / {lat['p99']:.1f} / {lat['p999']:.1f}" if lat else "–"
        cpu = " | ".join(f"{s['cpu_us'][p]:.1f}" if p in s["cpu_us"] else "–" for p in procs)
        steal = s["cpu_us"].get("_steal_pct")
        lines.append(f"| {s['mode']} | {s['sessions']} | {s['n']} | {s['runs']} | {'yes' if s['ok'] else 'NO'} | "
                     f"{s['median']:.0f} ({s['min']:.0f}–{s['max']:.0f}) | {cpu} | {lat_s} | "
                     f"{'–' if steal is None else f'{steal:.1f}'} |")
    if peaks:
        lines.append("")
        lines.append("Peak RSS (VmHWM, MiB) at the end of each stack: " + "; ".join(
            f"{sess} session(s): " + ", ".join(f"{k} {v / 1024:.0f}" for k, v in pk.items()) for sess, pk in peaks))
    return "\n".join(lines)


def plots(results, summary, folder):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        say("no matplotlib (apt-get install python3-matplotlib): no plots")
        return []
    os.makedirs(folder, exist_ok=True)
    made = []
    lat = {}
    for r in results:
        if r.get("lat_samples"):
            lat.setdefault(r["mode"], []).extend(r["lat_samples"])
    if lat:
        # Floods and fixed rates in two panels; within a panel the line style says which path
        # (solid: cordgate DM, dashed: cordgate room, dotted: biboumi's room, dash-dot: XMPP ->
        # Discord) and, at fixed rates, the colour says the rate, so no two lines look alike.
        def style(mode):
            if mode.startswith("biboumi"):
                return ":"
            if mode.startswith("d2x_room"):
                return "--"
            return "-." if mode.startswith("x2d") else "-"
        rate_colours = {"500": "tab:purple", "1000": "tab:blue", "5000": "tab:orange", "10000": "tab:red"}
        fig, axes = plt.subplots(1, 2, figsize=(13, 4.8), sharey=True)
        panels = (("as fast as possible", [m for m in lat if "@" not in m]),
                  ("at fixed rates (msg/s after @)", [m for m in lat if "@" in m]))
        for ax, (title, modes) in zip(axes, panels):
            for i, mode in enumerate(sorted(modes)):
                xs = sorted(lat[mode])
                colour = rate_colours.get(mode.partition("@")[2], f"C{i % 10}")
                ax.plot(xs, [(k + 1) / len(xs) for k in range(len(xs))], style(mode), color=colour,
                        label=mode)
            ax.set_xscale("log")
            ax.set_xlabel("latency, ms (arrival - the send time carried in the message)")
            ax.set_title(title)
            ax.grid(True, alpha=0.3)
            if modes:
                ax.legend(fontsize="small", loc="lower right")
        axes[0].set_ylabel("fraction of messages")
        fig.suptitle("latency CDF (d2x: Discord -> XMPP, x2d: XMPP -> Discord; biboumi i2x: IRC -> XMPP)")
        p = os.path.join(folder, "e2e_latency_cdf.png")
        fig.savefig(p, dpi=100, bbox_inches="tight")
        made.append(p)
    sc = sorted((s["sessions"], s["median"], s["min"], s["max"]) for s in summary
                if s["mode"].startswith("scale") or (s["mode"] == "d2x" and s["sessions"] == 1))
    if len(sc) > 1:
        fig, ax = plt.subplots(figsize=(6, 4))
        xs = [x[0] for x in sc]
        ax.errorbar(xs, [x[1] for x in sc], yerr=[[x[1] - x[2] for x in sc], [x[3] - x[1] for x in sc]],
                    marker="o", capsize=3)
        ax.set_xscale("log")
        ax.set_xlabel("concurrent sessions")
        ax.set_ylabel("Discord -> XMPP messages/s (median, range)")
        ax.set_title("cordgate throughput vs sessions")
        ax.grid(True, alpha=0.3)
        p = os.path.join(folder, "e2e_throughput_sessions.png")
        fig.savefig(p, dpi=100, bbox_inches="tight")
        made.append(p)
    return made


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--smoke", action="store_true",
                    help="short run, every mode, asserts counts (messages, latency samples) only")
    ap.add_argument("--n", type=int, default=20000, help="messages per run (flood and x2d)")
    ap.add_argument("--x2d-n", type=int, default=2000, help="messages per XMPP -> Discord / IRC run")
    ap.add_argument("--rate-n", type=int, default=10000, help="messages per fixed-rate run")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--rates", default="1000,5000,10000")
    ap.add_argument("--x2d-rates", default="", help="also run x2d at these msg/s (xmpp_counter --rate)")
    ap.add_argument("--sessions", default="1,100,1000")
    ap.add_argument("--modes", default="d2x,room,biboumi,rates,x2d,x2d_rl,sink,scale")
    ap.add_argument("--rl-limit", type=int, default=50)
    ap.add_argument("--rl-window-ms", type=int, default=1000)
    ap.add_argument("--rl-n", type=int, default=500)
    ap.add_argument("--append-results", action="store_true", help="append the table to bench/RESULTS.md")
    ap.add_argument("--json", help="write every run's figures here")
    ap.add_argument("--plots", default=os.path.join(HERE, "plots"))
    ap.add_argument("--metrics-ab", action="store_true",
                    help="d2x only (sink with --modes sink), each run with /metrics on and off in "
                         "fresh stacks, alternating")
    ap.add_argument("--metrics-ab-null", action="store_true",
                    help="with --metrics-ab: an A/A control, the 'on' stacks without metrics too "
                         "(what the host's noise alone makes of the comparison)")
    ap.add_argument("--core-set", action="append", default=[], metavar="KEY=VALUE",
                    help="a key of cordgate.toml's [core] section for this invocation, as TOML "
                         "(A/B runs: --core-set wal_spare_mib=0)")
    a = ap.parse_args()
    if a.metrics_ab:
        a.plots = ""  # the plots are the full benchmark's
    if a.smoke:
        a.x2d_n = 1000
        a.n, a.rate_n, a.runs, a.rates, a.sessions, a.rl_n = 2000, 1000, 1, "1000", "1,10", 100
        a.x2d_rates = "500"
        a.rl_limit, a.rl_window_ms = 50, 500
        a.modes = a.modes.replace("biboumi,", "")  # the smoke run checks cordgate's harness only
    modes = set(a.modes.split(","))
    rates = [int(x) for x in a.rates.split(",") if x]
    x2d_rates = [int(x) for x in a.x2d_rates.split(",") if x]
    sessions = [int(x) for x in a.sessions.split(",") if x]
    b = Bench(a)
    peaks = []
    stacks = []  # Bench.memory() of each stack
    interrupted = False
    failures = []  # runs that raised, reported under the table
    t_start = time.time()
    try:
        if a.metrics_ab:
            for run in range(1, a.runs + 1):
                order = (False, True) if run % 2 else (True, False)
                for on in order:
                    b.metrics = on
                    b.start(1)
                    if "d2x" not in modes and "sink" in modes:  # without prosody's share
                        b.sink_start()
                        b.sink_run(a.n, run)
                    else:
                        b.d2x(a.n, 0, run)
                    b.stop()
            print(metrics_ab_table(b.results))
            modes = set()
        if {"d2x", "room", "rates", "x2d", "x2d_rl", "sink"} & modes:
            b.start(1)
            stacks.append(b.memory())
            peer = "biboumi" in modes
            if peer:
                b.biboumi_start(False)
            for run in range(1, a.runs + 1):
                # cordgate and biboumi alternate, pair by pair, in the same stack and prosody
                if "d2x" in modes:
                    b.d2x(a.n, 0, run)
                if "room" in modes:
                    b.d2x(a.n, 0, run, room=True)
                if peer:
                    b.biboumi_configure(False)
                    b.i2x(a.n, run)
                if "x2d" in modes:
                    b.x2d(a.x2d_n, run)
                    for rate in x2d_rates:
                        b.x2d(a.x2d_n, run, rate=rate)
                if peer:
                    b.x2i(a.x2d_n, run)
                    b.biboumi_configure(True)
                    b.i2x(a.n, run)
                    b.x2i(a.x2d_n, run)
                if "rates" in modes:
                    for rate in rates:
                        b.d2x(a.rate_n, rate, run)
                        if "room" in modes:  # like for like with biboumi's room at that rate
                            b.d2x(a.rate_n, rate, run, room=True)
                    if peer:  # the peer at the same rates, through the same prosody and client
                        b.biboumi_configure(False)
                        for rate in rates:
                            b.i2x(a.rate_n, run, rate=rate)
            if "x2d_rl" in modes:
                for run in range(1, (1 if a.smoke else min(a.runs, 3)) + 1):
                    b.x2d(a.rl_n, run, ratelimited=True)
            peaks.append((1, {**b.peaks(), **{k: hwm_kib(p) for k, p in b.peer_pids().items()}}))
            if peer:
                b.biboumi_stop()
            if "sink" in modes:
                b.sink_start()
                for run in range(1, a.runs + 1):
                    b.sink_run(a.n, run)
            b.stop()
        if "scale" in modes:
            for S in sessions:
                if S == 1 and "d2x" in modes:
                    continue  # the d2x row is the 1-session point
                b.start(S)
                stacks.append(b.memory())
                for run in range(1, a.runs + 1):
                    try:
                        b.scale_run(a.n, run)
                    except (RuntimeError, subprocess.TimeoutExpired) as e:
                        # One failed run (a counter that could not log in) must not cost the
                        # figures of every run before it: say it, count it, go on.
                        failures.append(f"scale{S} run {run}: {e}")
                        say(f"FAILED scale{S} run {run}: {e} (logs in {b.stack.folder})")
                        b.stack.keep = True
                        b.kill_children()
                peaks.append((S, b.peaks()))
                b.stop()
    except KeyboardInterrupt:
        say("interrupted: stopping everything; the runs finished so far follow")
        interrupted = True
    finally:
        b.stop()
    summary = summarize(b.results)
    if not summary:
        return 130 if interrupted else 1
    text = table(summary, peaks) + "\n" + memory_table(stacks) + "\n" + ratios(b.results)
    if failures:
        text += "\nRuns that failed (not in the table):\n\n" + "".join(f"- {x}\n" for x in failures)
    print(text)
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"results": [{k: v for k, v in r.items() if k not in ("lat_samples", "stack")} for r in b.results],
                       "summary": summary, "peaks": peaks, "stacks": stacks}, f, indent=1)
    bad = [s for s in summary if not s["ok"]] + failures
    if interrupted:
        return 130
    if a.smoke:
        if bad:
            say("SMOKE FAILED: " + ", ".join(x if isinstance(x, str) else f"counts differ in {x['mode']}/{x['sessions']}"
                                             for x in bad))
            return 1
        if unmeasured(b.results):
            say("SMOKE FAILED: messages without a latency sample in "
                + ", ".join(f"{r['mode']} ({r.get('lat_n', 0)}/{r['received']})" for r in unmeasured(b.results)))
            return 1
        say(f"smoke OK ({time.time() - t_start:.0f} s)")
        return 0
    made = plots(b.results, summary, a.plots) if a.plots else []
    if a.append_results:
        commit = subprocess.run(["git", "-C", TOP, "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True).stdout.strip()
        with open(os.path.join(TOP, "bench", "RESULTS.md"), "a") as f:
            f.write(f"\n### e2e run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime(t_start))}, commit {commit}\n\n")
            f.write(f"Command: `{' '.join(['bench/e2e/e2e.py'] + sys.argv[1:])}`; load average at the end "
                    f"{os.getloadavg()[0]:.1f} (2 cores shared with other builds)\n\n")
            f.write(text + "\n")
            for p in made:
                f.write(f"\n![{os.path.basename(p)}]({os.path.relpath(p, os.path.join(TOP, 'bench'))})\n")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
