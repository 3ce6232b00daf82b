#!/usr/bin/python3
"""How cordgate treats Discord on a user token (issue #23). Run with /usr/bin/python3.

    bench/citizen/citizen.py [--n 1000] [--ban-s 60] [--ban-messages 5] [--modes paced,ban,unpaced]
    bench/citizen/citizen.py --smoke   # ctest bench_citizen_smoke: 15 messages, a 5 s ban; counts

Starts the whole stack on loopback (tests/fullstack/stack.py) with the emulator's user-account
defaults: per-route limits enforced (5 messages per 5 s per channel), no X-RateLimit-* headers
on success, invalid requests counted per client address. romeo@localhost registers with alice's
token and writes to bob's puppet.

  paced  romeo's client sends N DMs as fast as it can. Figures: 429s met and invalid requests
         counted at the emulator (goal: 0 and 0), the time, and the rate against the documented
         limit (1 message/s sustained for one channel).
  ban    another client behind the same address pushes it over a scaled-down invalid-request
         threshold: Cloudflare bans the address for B s, for everyone. romeo sends M messages
         during it. Figures: requests cordgate made while banned (its breaker: the refused one,
         then one probe per cool-down, 60 s doubling), messages lost (goal 0) or repeated,
         and how long after the ban the last one arrived.
  unpaced the paced flow (at most 100 DMs) on a stack with cordgate's pacing off
         (`pace_ahead = false`): the A side of the pair, the 429s a header-waiting client meets.

Every figure is a count or a duration measured here; nothing is asserted on time. A progress
line runs on stderr.
"""
import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(TOP, "tests", "fullstack"))
from stack import Stack  # noqa: E402


def progress(msg):
    print(f"\r\033[K[citizen] {msg}", end="", file=sys.stderr, flush=True)


def say(msg):
    print(f"\r\033[K[citizen] {msg}", file=sys.stderr, flush=True)


class Citizen:
    def __init__(self, stack):
        self.s = stack
        self.c = stack.client("romeo")
        self.c.register(token=stack.token("alice"))
        self.chan = stack.dm_channel("alice", "bob")
        self.puppet = stack.puppet("bob")
        self.since = 0
        self.log = []  # every request cordgate made, read forward

    def read_requests(self):
        got = self.s.emulator.call("GET", f"/_emulator/requests?since={self.since}")
        self.since = got["last"]
        # The bench's own calls carry Python's User-Agent; cordgate's a browser's.
        self.log.extend(r for r in got["requests"]
                        if not r.get("user_agent", "").startswith("Python-urllib"))

    def posts(self, prefix, start):
        path = f"/channels/{self.chan}/messages"
        return [r for r in self.log[start:] if r["method"] == "POST" and r["path"].endswith(path)
                and isinstance(r.get("body"), dict)
                and str(r["body"].get("content", "")).startswith(prefix)]

    def invalid_total(self):
        got = self.s.emulator.call("GET", "/_emulator/invalid_requests")
        return sum(a.get("total", 0) for a in got.get("addresses", []))

    def arrived(self, prefix):
        return [m["content"] for m in self.s.emulator.messages(self.chan)
                if m["content"].startswith(prefix)]

    def send_all(self, prefix, n):
        for k in range(1, n + 1):
            self.c.send(self.puppet, f"{prefix} {k}")

    def wait_arrivals(self, prefix, n, timeout, label):
        t0 = time.monotonic()
        got = []
        while time.monotonic() - t0 < timeout:
            got = self.arrived(prefix)
            progress(f"{label}: {len(got)}/{n} at Discord after {time.monotonic() - t0:.0f} s")
            if len(got) >= n:
                break
            time.sleep(0.5)
        return got

    def paced(self, n):
        self.read_requests()
        start, invalid0 = len(self.log), self.invalid_total()
        t0 = time.monotonic()
        self.send_all("paced", n)
        got = self.wait_arrivals("paced", n, 60 + 2 * n, "paced")
        seconds = time.monotonic() - t0
        time.sleep(1)
        self.read_requests()
        posts = self.posts("paced ", start)
        r = {"mode": "paced", "n": n, "arrived": len(got), "in_order": got == sorted(got, key=order),
             "seconds": seconds, "per_s": len(got) / seconds if seconds else 0,
             "posts": len(posts), "limited_429": sum(1 for p in posts if p["status"] == 429),
             "invalid_requests": self.invalid_total() - invalid0}
        say(f"paced: {r['arrived']}/{n} DMs in {seconds:.1f} s = {r['per_s']:.2f}/s (Discord's limit: "
            f"1/s); {r['limited_429']} x 429, {r['invalid_requests']} invalid requests, "
            f"{r['posts']} POSTs")
        return r

    def ban(self, ban_s, m, threshold=5):
        e = self.s.emulator
        e.control("invalid_requests", threshold=threshold, window_ms=60000, ban_ms=ban_s * 1000,
                  clear=True)
        self.read_requests()
        start = len(self.log)
        # Another client behind the same address, with a dead token.
        for _ in range(threshold + 1):
            try:
                urllib.request.urlopen(urllib.request.Request(
                    f"{e.base}/api/v9/users/@me", headers={"Authorization": "revoked"}), timeout=5)
            except urllib.error.HTTPError:
                pass
        banned_at = time.monotonic()
        status = e.call("GET", "/_emulator/invalid_requests")
        if not any(a.get("banned") for a in status.get("addresses", [])):
            raise RuntimeError(f"the address was not banned: {status}")
        told0 = self.told("temporarily blocked")
        self.send_all("banned", m)
        got = self.wait_arrivals("banned", m, ban_s * 3 + 120, f"ban of {ban_s} s")
        done = time.monotonic()
        time.sleep(1)
        self.read_requests()
        # While banned every answer is Cloudflare's 429 (the log keeps no body for those).
        during = [r for r in self.log[start:] if r["status"] == 429]
        r = {"mode": "ban", "ban_s": ban_s, "messages": m, "arrived": len(got),
             "repeated": len(got) - len(set(got)), "in_order": got == sorted(got, key=order),
             "requests_while_banned": len(during),
             "last_after_ban_s": done - banned_at - ban_s,
             "told": self.told("temporarily blocked") - told0,
             "told_resumed": self.told("accepts this gateway's requests again")}
        say(f"ban of {ban_s} s: {r['arrived']}/{m} arrived ({r['repeated']} repeated), "
            f"{r['requests_while_banned']} requests while banned, the last "
            f"{r['last_after_ban_s']:.1f} s after the ban; user told {r['told']} time(s)")
        return r

    def told(self, text):
        return sum(1 for msg in self.c.messages if msg.frm == self.s.gateway and text in msg.body)


def order(content):
    return int(content.split()[-1])


def problems(results):
    """What the smoke run checks: counts only."""
    out = []
    for r in results:
        if r["mode"] == "unpaced":
            if r["arrived"] != r["n"] or not r["limited_429"]:
                out.append(f"unpaced: {r['arrived']}/{r['n']} arrived, {r['limited_429']} x 429 "
                           "(the pair shows nothing unless Discord limits the unpaced flow)")
        elif r["mode"] == "paced":
            if r["arrived"] != r["n"] or not r["in_order"]:
                out.append(f"paced: {r['arrived']}/{r['n']} arrived, in order: {r['in_order']}")
            if r["limited_429"] or r["invalid_requests"]:
                out.append(f"paced: {r['limited_429']} x 429, {r['invalid_requests']} invalid")
        else:
            if r["arrived"] != r["messages"] or r["repeated"] or not r["in_order"]:
                out.append(f"ban: {r['arrived']}/{r['messages']} arrived, {r['repeated']} repeated")
            if r["requests_while_banned"] > 3 or r["told"] != 1:
                out.append(f"ban: {r['requests_while_banned']} requests while banned, "
                           f"told {r['told']} times")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="DMs in the paced run")
    ap.add_argument("--ban-s", type=int, default=60, help="length of the Cloudflare ban")
    ap.add_argument("--ban-messages", type=int, default=5)
    ap.add_argument("--modes", default="paced,ban,unpaced")
    ap.add_argument("--json", help="write the figures here")
    ap.add_argument("--smoke", action="store_true", help="short run; exits 1 on a wrong count")
    a = ap.parse_args()
    if a.smoke:
        a.n, a.ban_s, a.ban_messages = 15, 5, 3
    modes = a.modes.split(",")
    results = []
    # The ban's cool-down is scaled with the ban so that the smoke run's 5 s ban meets the same
    # arithmetic as the real 60 s one: one refused request, then a probe after the cool-down.
    with Stack(log_level="info", quiet=True,
               discord_settings={"ban_cooldown_s": str(min(60, a.ban_s))}) as s:
        b = Citizen(s)
        if "paced" in modes:
            results.append(b.paced(a.n))
        if "ban" in modes:
            results.append(b.ban(a.ban_s, a.ban_messages))
    if "unpaced" in modes:
        # The other half of the A/B pair: the same flow with cordgate's pacing off, as a client
        # that waits for X-RateLimit-* headers would behave.
        with Stack(log_level="info", quiet=True, discord_settings={"pace_ahead": "false"}) as s:
            r = Citizen(s).paced(min(a.n, 100))
            r["mode"] = "unpaced"
            results.append(r)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=1)
    print(json.dumps(results))
    bad = problems(results)
    for p in bad:
        say("PROBLEM " + p)
    return 1 if bad and a.smoke else 0


if __name__ == "__main__":
    sys.exit(main())
