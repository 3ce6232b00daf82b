#!/usr/bin/python3
"""Login time and core memory at scale, through the whole stack (issue 5's figures).

    CORDGATE_BUILD_DIR=build /usr/bin/python3 bench/login/login_scale.py            # full run
    /usr/bin/python3 bench/login/login_scale.py --friends 50 --channels 5 --sessions 5 --contacts 200  # smoke

Three measurements, each on a fresh stack (tests/fullstack/stack.py: prosody, the Discord
emulator, the three cordgate processes, durable log with sync = "every_batch", logs at info):

  login     one account registers with a Discord user who has F friends and is in a guild with
            C text channels. Times, from the registration IQ: the gateway's "Logged in as" presence,
            the last friend in the XMPP roster, the gateway's disco#items listing every channel.
  sessions  S accounts, each with its own Discord user (one friend each), registered one after the
            other; the core's RSS after the first and after the last gives KiB per session.
  contacts  one account whose Discord user has K friends; the core's RSS before registering and
            once cordgate has gone idle (its state is complete; prosody is still storing the
            roster, see below) gives KiB per 10,000 contacts.
  heavy     the heavy account of tests/emulator/heavy_seed.py (200 guilds, 3 of them with ~6,000
            members, ~1,000 channels, 1,000 friends, 100 DMs; --heavy-* scale it): the login as
            in `login`, plus what the Discord adapter says READY cost it (bytes, ms: its log
            line), its peak RSS (VmHWM) against READY's size, and every friend's presence
            checked against the seed. Measured twice: cold (the adapter's first login: its
            READY code is paged in during it) and, with --warm, after a small account ("warm",
            3 guilds, 10 friends) logged in first through the same adapter and the peak was reset
            (`echo 5 > /proc/PID/clear_refs`), as on a gateway that already serves someone.

The `login` and `heavy` modes check the friends' presences at the end: each non-offline friend's
last presence shows its Discord status (online: available, idle: away, dnd: dnd), each offline
friend has none or an unavailable one. They come only from READY_SUPPLEMENTAL's
merged_presences, so a wrong one is a login that lost them. A wrong presence fails the run.

"cordgate done" is when the three cordgate processes went quiet (under 10 % of a CPU for 1 s). The
roster filling up takes longer: prosody's roster store rewrites the user's whole roster for
every pushed item, so its cost grows with the square of the roster; prosody's CPU is reported.

RSS is VmRSS of cordgate-core from /proc: it includes RocksDB's memtable and block cache, which
grow with the events the login wrote. A progress line runs on stderr; everything is stopped at
the end, also on Ctrl-C.
"""
import argparse
import datetime
import json
import os
import re
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(TOP, "tests", "fullstack"))
sys.path.insert(0, os.path.join(TOP, "bench", "e2e"))
sys.path.insert(0, os.path.join(TOP, "tests", "emulator"))
from stack import Stack  # noqa: E402
from e2e import CLK_TCK, cpu_ticks, rss_kib  # noqa: E402  (the /proc readers the e2e bench uses)
import heavy_seed  # noqa: E402

ALICE = 100000000000000001
FRIEND0 = 200000000000000000
GUILD = 300000000000000000
CHANNEL0 = 310000000000000000
SESSION_USER0 = 400000000000000000


def progress(msg):
    print(f"\r\033[K[login] {msg}", end="", file=sys.stderr, flush=True)


def say(msg):
    print(f"\r\033[K[login] {msg}", file=sys.stderr, flush=True)


def world_seed(path, friends, channels):
    """alice with `friends` friends (every third one online) and a guild of `channels` text
    channels in categories of 20, whose members are alice and every friend."""
    users = [{"id": str(ALICE), "username": "alice", "global_name": "Alice", "token": "alice-token"}]
    rels, members = [], [{"user_id": str(ALICE)}]
    for i in range(friends):
        fid = str(FRIEND0 + i)
        users.append({"id": fid, "username": f"friend{i}", "global_name": f"Friend {i}",
                      "status": "online" if i % 3 == 0 else "offline"})
        rels.append({"user_id": str(ALICE), "target_id": fid, "type": 1})
        rels.append({"user_id": fid, "target_id": str(ALICE), "type": 1})
        members.append({"user_id": fid})
    chans = []
    for i in range(channels):
        if i % 20 == 0:
            chans.append({"id": str(CHANNEL0 + 100000 + i // 20), "name": f"Category {i // 20}", "type": 4})
        chans.append({"id": str(CHANNEL0 + i), "name": f"channel-{i}", "type": 0, "topic": f"topic {i}",
                      "position": i, "parent_id": str(CHANNEL0 + 100000 + i // 20)})
    guilds = [{"id": str(GUILD), "name": "Big Guild", "owner_id": str(ALICE), "roles": [],
               "members": members, "channels": chans}] if channels else []
    with open(path, "w") as f:
        json.dump({"users": users, "relationships": rels, "guilds": guilds, "private_channels": [],
                   "messages": []}, f)


SHOW = {"online": None, "idle": "away", "dnd": "dnd"}  # Discord status -> XMPP <show/>


def wrong_presences(client, gateway, statuses):
    """The friends whose last presence at the client is not what their Discord status says:
    [(user id, status, what the client has)]. statuses: {user id: Discord status}."""
    last = {}
    for p in client.presences:
        last[p["from"].bare] = p
    wrong = []
    for uid, status in statuses.items():
        p = last.get(f"{uid}@{gateway}")
        if status == "offline":
            if p is not None and p["type"] != "unavailable":
                wrong.append((uid, status, p["type"]))
            continue
        if p is None or p["type"] == "unavailable":
            wrong.append((uid, status, "none" if p is None else "unavailable"))
        elif (p["show"] or None) != SHOW[status]:
            wrong.append((uid, status, p["show"]))
    return wrong


def friend_statuses(seed_path, me):
    with open(seed_path) as f:
        world = json.load(f)
    status = {u["id"]: u.get("status", "online") for u in world["users"]}
    return {r["target_id"]: status[r["target_id"]] for r in world["relationships"]
            if r["user_id"] == me and r.get("type", 1) == 1}


def vm_kib(pid, field):
    """VmRSS or VmHWM (peak) of a process, KiB."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


READY_LINE = re.compile(r"^(\S+) \S+ \[[^\]]*\] discord\[[^\]]*\]: (READY|READY_SUPPLEMENTAL) "
                        r"of (\d+) bytes read in ([\d.]+) ms", re.M)


def ready_costs(discord_log):
    """{name: (bytes, ms, wall-clock time the adapter began reading it)} from the Discord
    adapter's log lines on READY and READY_SUPPLEMENTAL (the processes' log pattern,
    common/logging.cpp: local time to the millisecond, level, [process])."""
    out = {}
    for m in READY_LINE.finditer(discord_log):
        done = datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S.%f").timestamp()
        out[m.group(2)] = (int(m.group(3)), float(m.group(4)), done - float(m.group(4)) / 1000)
    return out


def idle_rates(cpu, seconds=2.0):
    """CPU seconds per second each process uses while nothing happens (event loops waking)."""
    before = cpu.used_s()
    time.sleep(seconds)
    after = cpu.used_s()
    return {n: (after[n] - before[n]) / seconds for n in after}


def sessions_seed(path, sessions):
    users, rels = [], []
    for i in range(sessions):
        u, f = SESSION_USER0 + 2 * i, SESSION_USER0 + 2 * i + 1
        users += [{"id": str(u), "username": f"user{i}", "global_name": f"User {i}", "token": f"tok-{i}"},
                  {"id": str(f), "username": f"pal{i}", "global_name": f"Pal {i}"}]
        rels += [{"user_id": str(u), "target_id": str(f), "type": 1},
                 {"user_id": str(f), "target_id": str(u), "type": 1}]
    with open(path, "w") as f:
        json.dump({"users": users, "relationships": rels, "guilds": [], "private_channels": [],
                   "messages": []}, f)


TICK_S = 1.0 / CLK_TCK


class Cpu:
    """CPU time of the three cordgate processes and prosody, sampled every 50 ms from construction
    on a background thread."""
    CORDGATE = ("core", "discord", "xmpp")

    def __init__(self, stack):
        self.pids = {n: stack.procs[n].pid for n in self.CORDGATE}
        with open(os.path.join(stack.rig.folder, "run", "prosody.launcher.pid")) as f:
            self.pids["prosody"] = int(f.read())
        self.start = self.now()
        self.samples = []  # (monotonic time, cordgate's total ticks)
        self.stopped = threading.Event()
        threading.Thread(target=self._sample, daemon=True).start()

    def _sample(self):
        while not self.stopped.is_set():
            self.samples.append((time.monotonic(), sum(cpu_ticks(self.pids[n]) for n in self.CORDGATE)))
            time.sleep(0.05)

    def now(self):
        return {n: cpu_ticks(p) for n, p in self.pids.items()}

    def used_s(self):
        now = self.now()
        return {n: (now[n] - self.start[n]) * TICK_S for n in now}

    def cordgate_idle_at(self, t0, quiet_s, timeout):
        """Seconds after t0 at which the three cordgate processes stopped working: the start of
        the first quiet_s window after t0 in which they used at most 10 % of one CPU together
        (idle, their event loops still wake: about 5 % together on this machine)."""
        deadline = time.monotonic() + timeout
        i = 0
        while time.monotonic() < deadline:
            samples = self.samples[:]
            while i < len(samples) and samples[i][0] < t0:
                i += 1
            for j in range(i, len(samples)):
                k = next((k for k in range(j, len(samples)) if samples[k][0] >= samples[j][0] + quiet_s), None)
                if k is None:
                    break
                if (samples[k][1] - samples[j][1]) * TICK_S <= 0.10 * quiet_s:
                    return samples[j][0] - t0
            time.sleep(0.1)
        raise TimeoutError("cordgate never went idle")


def puppets_in_roster(client, gateway):
    return sum(1 for j in client.roster() if j.endswith("@" + gateway))


def logged_in(client, gateway, since):
    return any(p["from"].bare == gateway and "Logged in as" in (p["status"] or "")
               for p in client.presences[since:])


def rooms_listed(stack, client):
    async def items():
        return await client.xmpp["xep_0030"].get_items(jid=stack.gateway, timeout=30)
    return sum(1 for i in stack._run(items(), 35)["disco_items"]["items"] if i[0].split("@")[0].isdigit())


def measure_login(friends, channels, timeout):
    folder = tempfile.mkdtemp(prefix="cordgate-login.")
    seed = os.path.join(folder, "seed.json")
    world_seed(seed, friends, channels)
    return login_of(seed, "alice-token", str(ALICE), friends, channels, timeout, "login")


def measure_heavy(a, timeout):
    folder = tempfile.mkdtemp(prefix="cordgate-login.")
    seed = os.path.join(folder, "heavy.json")
    world = heavy_seed.build(argparse.Namespace(
        seed=a.heavy_seed, guilds=a.heavy_guilds, large=a.heavy_large, large_members=a.heavy_large_members,
        friends=a.heavy_friends, strangers=a.heavy_strangers, dms=min(100, a.heavy_friends), group_dms=5))
    say("heavy: " + heavy_seed.summary(world))
    rooms = sum(1 for g in world["guilds"] for c in g["channels"] if c.get("type", 0) == 0)
    warm = add_warm_account(world) if a.warm else None
    with open(seed, "w") as f:
        json.dump(world, f, separators=(",", ":"))
    out = login_of(seed, heavy_seed.TOKEN, str(heavy_seed.ME), a.heavy_friends, rooms, timeout,
                   "heavy-warm" if warm else "heavy", warm=warm)
    out["world"] = heavy_seed.summary(world) + (" (and the warm account)" if warm else "")
    return out


WARM_ID = 990000000000000001


def add_warm_account(world):
    """A small second account in the heavy world (3 guilds, 10 friends, a DM) whose login runs
    the adapter's READY code before the heavy one. Returns its token."""
    me = str(WARM_ID)
    world["users"].append({"id": me, "username": "warm", "global_name": "Warm", "token": "warm-token",
                           "status": "online"})
    friends = [u["id"] for u in world["users"][1:11]]
    for fid in friends:
        world["relationships"].append({"user_id": me, "target_id": fid, "type": 1})
        world["relationships"].append({"user_id": fid, "target_id": me, "type": 1})
    for g in world["guilds"][-3:]:
        g["members"].append({"user_id": me})
    world["private_channels"].append({"id": str(WARM_ID + 1), "type": 1, "recipients": [me, friends[0]]})
    return "warm-token"


def anon_by_mapping(pid):
    """Resident anonymous KiB of a process by kind of mapping: the main heap ([heap]), other
    private anonymous mappings (thread arenas, blocks mapped on their own), stacks."""
    out = {"heap": 0, "anon": 0, "stack": 0}
    name = None
    try:
        with open(f"/proc/{pid}/smaps") as f:
            for line in f:
                head = line.split()
                if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
                    path = head[5] if len(head) > 5 else ""
                    name = ("heap" if path == "[heap]" else "stack" if path.startswith("[stack")
                            else "anon" if path == "" else None)
                elif name and head[0] == "Anonymous:":
                    out[name] += int(head[1])
    except OSError:
        pass
    return out


def reset_peak(pid):
    """Sets VmHWM to the current RSS (proc(5), clear_refs value 5)."""
    with open(f"/proc/{pid}/clear_refs", "w") as f:
        f.write("5")


def login_of(seed, token, me, friends, channels, timeout, label, warm=None):
    """One account logs in: the times, cordgate's CPU, the Discord adapter's READY costs and
    memory, and a check of every friend's presence. With warm (a token), that account logs in
    first from another XMPP account, and the adapter's peak is reset before the measured login."""
    statuses = friend_statuses(seed, me)
    with Stack(seed=seed, log_level="info", quiet=True, heartbeat_ms=41250) as s:
        core = s.procs["core"].pid
        discord = s.procs["discord"].pid
        if warm:
            w = s.client("juliet")
            wsince = len(w.presences)
            w.register(token=warm, wait_roster=False, timeout=60)
            w.wait_for(lambda: logged_in(w, s.gateway, wsince), timeout, "the warm account's login")
            time.sleep(2.0)
            reset_peak(discord)
        c = s.client("romeo")
        rss0 = rss_kib(core)
        discord_rss0 = vm_kib(discord, "VmRSS")
        discord_parts0 = {k: vm_kib(discord, k) for k in ("RssAnon", "RssFile")}
        discord_maps0 = anon_by_mapping(discord)
        since = len(c.presences)
        cpu = Cpu(s)
        idle = idle_rates(cpu)
        cpu = Cpu(s)
        t0 = time.monotonic()
        wall0 = time.time()
        c.register(token=token, wait_roster=False, timeout=60)
        t_status = c.wait_for(lambda: logged_in(c, s.gateway, since) and time.monotonic(), timeout,
                              "the gateway's Logged in as presence") - t0
        # Every friend's presence right at the client (they come before the roster is full).
        t_presences = None
        try:
            t_presences = c.wait_for(lambda: not wrong_presences(c, s.gateway, statuses) and time.time(),
                                     timeout, "every friend's presence") - wall0
        except Exception:  # noqa: BLE001  (reported below, with the wrong ones)
            pass
        # The login's burst: CPU until half a second after the presences were right, less what
        # the idle loops use in that time. The XMPP adapter's roster pushes go on after it, at
        # prosody's pace (see the module's docstring), and are not in it.
        time.sleep(0.5)
        burst_s = time.monotonic() - t0
        burst = {n: max(0.0, v - idle[n] * burst_s) for n, v in cpu.used_s().items()}

        def roster_full():
            n = puppets_in_roster(c, s.gateway)
            progress(f"{label}: {n}/{friends} contacts in the roster")
            return n >= friends and time.monotonic()
        t_roster = c.wait_for(roster_full, timeout, f"{friends} contacts in the roster") - t0
        t_idle = cpu.cordgate_idle_at(t0, 1.0, timeout)
        used = cpu.used_s()
        cpu.stopped.set()
        listed = rooms_listed(s, c)
        t_rooms = time.monotonic() - t0
        rss1 = rss_kib(core)
        discord_hwm = vm_kib(discord, "VmHWM")
        # What the growth is made of, after the login: heap (anon) or code and data pages of the
        # binary and its libraries touched for the first time (file), which no READY size moves.
        discord_parts1 = {k: vm_kib(discord, k) for k in ("RssAnon", "RssFile")}
        discord_growth = {k: discord_parts1[k] - discord_parts0[k] for k in discord_parts0}
        discord_maps1 = anon_by_mapping(discord)
        discord_maps_growth = {k: discord_maps1[k] - discord_maps0[k] for k in discord_maps0}
        # Presences were sent before the roster filled; let any in flight arrive.
        wrong = wrong_presences(c, s.gateway, statuses)
        costs = ready_costs(s.procs["discord"].log())
        large_events = [int(m) for m in re.findall(r"bus: event \d+ of 'discord' is (\d+) bytes",
                                                   s.procs["discord"].log())]
        ready_bytes = sum(b for b, _, _ in costs.values())
        ready_in = costs["READY"][2] - wall0 if "READY" in costs else None
        ready_to_presences = t_presences - ready_in if t_presences and ready_in is not None else None
        online = sum(1 for v in statuses.values() if v != "offline")
        say(f"{label}: {friends} friends ({online} not offline), {channels} channels: logged in {t_status:.2f} s, "
            f"cordgate done {t_idle:.2f} s, roster full {t_roster:.2f} s, {listed} rooms listed at {t_rooms:.2f} s; "
            "CPU s " + ", ".join(f"{n} {v:.2f}" for n, v in used.items())
            + f"; in the first {burst_s:.2f} s less idle: " + ", ".join(f"{n} {v:.3f}" for n, v in burst.items()))
        if ready_to_presences is not None:
            say(f"{label}: READY read from {ready_in:.3f} s, every friend's presence at the client at "
                f"{t_presences:.3f} s: {ready_to_presences * 1000:.0f} ms from READY to the last presence")
        say(f"{label}: READY " + ", ".join(f"{n} {b} bytes in {ms:.1f} ms" for n, (b, ms, _) in costs.items())
            + f"; Discord adapter RSS {discord_rss0} KiB before, peak {discord_hwm} KiB "
            f"(+{discord_hwm - discord_rss0} KiB = {(discord_hwm - discord_rss0) * 1024 / max(1, ready_bytes):.2f} x READY)"
            f"; after the login RssAnon +{discord_growth['RssAnon']} KiB, RssFile +{discord_growth['RssFile']} KiB"
            " (anon: " + ", ".join(f"{k} +{v}" for k, v in discord_maps_growth.items()) + " KiB)"
            f"; events over a batch: {large_events} bytes"
            f"; presences wrong: {len(wrong)}")
        return {"friends": friends, "channels": channels, "logged_in_s": t_status, "cordgate_done_s": t_idle,
                "roster_full_s": t_roster, "cpu_s": used, "idle_cpu_per_s": idle,
                "burst_s": burst_s, "burst_cpu_s": burst,
                "cordgate_burst_cpu_s": sum(burst[n] for n in Cpu.CORDGATE),
                "ready_in_s": ready_in, "presences_right_s": t_presences,
                "ready_to_last_presence_ms": None if ready_to_presences is None else ready_to_presences * 1000,
                "rooms_listed": listed, "rooms_listed_s": t_rooms,
                "core_rss_before_kib": rss0, "core_rss_after_kib": rss1,
                "ready": {n: {"bytes": b, "ms": ms} for n, (b, ms, _) in costs.items()},
                "discord_rss_before_kib": discord_rss0, "discord_peak_kib": discord_hwm,
                "discord_growth_after_kib": discord_growth, "discord_anon_growth_kib": discord_maps_growth, "large_event_bytes": large_events,
                "friends_not_offline": online, "presences_wrong": wrong[:20], "presences_wrong_n": len(wrong)}


def measure_sessions(sessions, timeout):
    folder = tempfile.mkdtemp(prefix="cordgate-login.")
    seed = os.path.join(folder, "seed.json")
    sessions_seed(seed, sessions)
    with Stack(seed=seed, log_level="info", quiet=True, heartbeat_ms=41250) as s:
        core = s.procs["core"].pid
        rss = []
        for i in range(sessions):
            progress(f"sessions: registering {i + 1}/{sessions}")
            c = s.client(f"acct{i}")
            c.register(token=f"tok-{i}", timeout=timeout)
            s.emulator.wait_session(str(SESSION_USER0 + 2 * i), timeout=timeout)
            c.disconnect()  # the session stays: it is the core's, not the client's
            if i == 0:
                rss.append(rss_kib(core))
        time.sleep(1)  # let the last login's effects settle
        rss.append(rss_kib(core))
        per = (rss[1] - rss[0]) / max(1, sessions - 1)
        say(f"sessions: core RSS {rss[0]} KiB with 1 session, {rss[1]} KiB with {sessions}: "
            f"{per:.1f} KiB per session")
        return {"sessions": sessions, "core_rss_1_kib": rss[0], "core_rss_n_kib": rss[1], "kib_per_session": per}


def measure_contacts(contacts, timeout):
    folder = tempfile.mkdtemp(prefix="cordgate-login.")
    seed = os.path.join(folder, "seed.json")
    world_seed(seed, contacts, 0)
    with Stack(seed=seed, log_level="info", quiet=True, heartbeat_ms=41250) as s:
        c = s.client("romeo")
        core = s.procs["core"].pid
        rss0 = rss_kib(core)
        cpu = Cpu(s)
        t0 = time.monotonic()
        c.register(token="alice-token", wait_roster=False, timeout=60)
        # The core's state is complete once cordgate has gone quiet; prosody goes on storing the
        # roster pushes long after (it rewrites the user's whole roster for every item).
        progress("contacts: waiting for cordgate to go idle")
        t_idle = cpu.cordgate_idle_at(t0, 2.0, timeout)
        rss1 = rss_kib(core)
        in_roster = puppets_in_roster(c, s.gateway)
        cpu.stopped.set()
        per10k = (rss1 - rss0) * 10000 / contacts
        say(f"contacts: core RSS {rss0} KiB before, {rss1} KiB with {contacts} contacts: "
            f"{per10k:.0f} KiB per 10,000 contacts (cordgate idle at {t_idle:.1f} s, "
            f"{in_roster} in the roster by then)")
        return {"contacts": contacts, "core_rss_before_kib": rss0, "core_rss_after_kib": rss1,
                "cordgate_done_s": t_idle, "in_roster_then": in_roster,
                "kib_per_10k_contacts": per10k}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--friends", type=int, default=1000)
    ap.add_argument("--channels", type=int, default=100)
    ap.add_argument("--sessions", type=int, default=100)
    ap.add_argument("--contacts", type=int, default=10000)
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--only", default="login,sessions,contacts",
                    help="comma-separated: login, sessions, contacts, heavy")
    ap.add_argument("--heavy-seed", type=int, default=22)
    ap.add_argument("--heavy-guilds", type=int, default=200)
    ap.add_argument("--heavy-large", type=int, default=3)
    ap.add_argument("--heavy-large-members", type=int, default=6000)
    ap.add_argument("--heavy-friends", type=int, default=1000)
    ap.add_argument("--heavy-strangers", type=int, default=20000)
    ap.add_argument("--warm", action="store_true",
                    help="heavy: a small account logs in first and the peak is reset before the heavy login")
    ap.add_argument("--json", help="write the figures here")
    a = ap.parse_args()
    only = set(a.only.split(","))
    out = {}
    if "login" in only:
        out["login"] = measure_login(a.friends, a.channels, a.timeout)
        assert out["login"]["rooms_listed"] >= a.channels, out["login"]
        assert out["login"]["presences_wrong_n"] == 0, out["login"]["presences_wrong"]
    if "heavy" in only:
        out["heavy"] = measure_heavy(a, a.timeout)
        assert out["heavy"]["rooms_listed"] >= out["heavy"]["channels"], out["heavy"]
        assert out["heavy"]["presences_wrong_n"] == 0, out["heavy"]["presences_wrong"]
        assert "READY_SUPPLEMENTAL" in out["heavy"]["ready"], "no READY_SUPPLEMENTAL line in the adapter's log"
    if "sessions" in only:
        out["sessions"] = measure_sessions(a.sessions, a.timeout)
    if "contacts" in only:
        out["contacts"] = measure_contacts(a.contacts, a.timeout)
    print(json.dumps(out, indent=1))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
