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

"cordgate done" is when the three cordgate processes went quiet (under 10 % of a CPU for 1 s). The
roster filling up takes longer: prosody's roster store rewrites the user's whole roster for
every pushed item, so its cost grows with the square of the roster; prosody's CPU is reported.

RSS is VmRSS of cordgate-core from /proc: it includes RocksDB's memtable and block cache, which
grow with the events the login wrote. A progress line runs on stderr; everything is stopped at
the end, also on Ctrl-C.
"""
import argparse
import json
import os
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(TOP, "tests", "fullstack"))
sys.path.insert(0, os.path.join(TOP, "bench", "e2e"))
from stack import Stack  # noqa: E402
from e2e import CLK_TCK, cpu_ticks, rss_kib  # noqa: E402  (the /proc readers the e2e bench uses)

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
    with Stack(seed=seed, log_level="info", quiet=True, heartbeat_ms=41250) as s:
        c = s.client("romeo")
        core = s.procs["core"].pid
        rss0 = rss_kib(core)
        since = len(c.presences)
        cpu = Cpu(s)
        t0 = time.monotonic()
        c.register(token="alice-token", wait_roster=False, timeout=60)
        t_status = c.wait_for(lambda: logged_in(c, s.gateway, since) and time.monotonic(), timeout,
                              "the gateway's Logged in as presence") - t0

        def roster_full():
            n = puppets_in_roster(c, s.gateway)
            progress(f"login: {n}/{friends} contacts in the roster")
            return n >= friends and time.monotonic()
        t_roster = c.wait_for(roster_full, timeout, f"{friends} contacts in the roster") - t0
        t_idle = cpu.cordgate_idle_at(t0, 1.0, timeout)
        listed = rooms_listed(s, c)
        t_rooms = time.monotonic() - t0
        rss1 = rss_kib(core)
        used = cpu.used_s()
        cpu.stopped.set()
        say(f"login: {friends} friends, {channels} channels: logged in {t_status:.2f} s, cordgate done "
            f"{t_idle:.2f} s, roster full {t_roster:.2f} s, {listed} rooms listed at {t_rooms:.2f} s; CPU s "
            + ", ".join(f"{n} {v:.2f}" for n, v in used.items()))
        return {"friends": friends, "channels": channels, "logged_in_s": t_status, "cordgate_done_s": t_idle,
                "roster_full_s": t_roster, "cpu_s": used,
                "rooms_listed": listed, "rooms_listed_s": t_rooms,
                "core_rss_before_kib": rss0, "core_rss_after_kib": rss1}


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
    ap.add_argument("--only", default="login,sessions,contacts")
    ap.add_argument("--json", help="write the figures here")
    a = ap.parse_args()
    only = set(a.only.split(","))
    out = {}
    if "login" in only:
        out["login"] = measure_login(a.friends, a.channels, a.timeout)
        assert out["login"]["rooms_listed"] >= a.channels, out["login"]
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
