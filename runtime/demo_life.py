#!/usr/bin/python3
"""Keeps the demo's Discord world alive through the emulator's control API:
- a friend answers every DM the demo user writes (typing first, then an echo with a twist);
- #general has chatter every few seconds;
- now and then a friend changes presence.

Run by runtime/demo.py; on its own:  demo_life.py --port EMULATOR_PORT [--seed demo.json]
"""
import argparse
import json
import os
import random
import sys
import threading
import time
import urllib.request

TOP = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.join(TOP, "tests", "fullstack"))
from stack import Emulator  # noqa: E402

CHATTER = [
    "Anyone up for a coffee ☕?",
    "The build is green again 🎉",
    "I just replayed yesterday's log: same bytes, again.",
    "Who moved my mug?",
    "TIL: XMPP is older than some of our interns.",
    "Lunch at 12:30?",
    "That bug was a missing fsync. It's always a missing fsync.",
    "Rain again. Perfect weather for refactoring.",
    "Does the bridge do reactions yet?",
    "brb, walking the dog 🐕",
]
TWISTS = [
    lambda t: f"You said “{t}”. Backwards that's “{t[::-1]}” 🙃",
    lambda t: f"{t.upper()}!!! (sorry, caps lock)",
    lambda t: f"Hmm, “{t}”… let me think about it 🤔",
    lambda t: f"{len(t.split())} words, {len(t)} characters. Nice one.",
]
STATUSES = ["online", "idle", "dnd", "offline"]


class Life:
    def __init__(self, emulator, seed, me_username="you", chatter_s=6.0, presence_s=15.0, say=print):
        self.emu, self.seed, self.say = emulator, seed, say
        self.users = {str(u["id"]): u for u in seed["users"]}
        self.me = next(u for u in seed["users"] if u["username"] == me_username)
        self.me_id = str(self.me["id"])
        self.friends = [str(r["target_id"]) for r in seed.get("relationships", [])
                        if str(r["user_id"]) == self.me_id and r.get("type", 1) == 1]
        guild = seed["guilds"][0]
        self.general = next(str(c["id"]) for c in guild["channels"]
                            if c["name"] == "general" and c.get("type", 0) == 0)
        self.members = [str(m["user_id"]) for m in guild["members"]
                        if str(m["user_id"]) != self.me_id and not self.users[str(m["user_id"])].get("bot")]
        self.chatter_s, self.presence_s = chatter_s, presence_s
        self.stop = threading.Event()
        self.recipients = {}
        for c in seed.get("private_channels", []):
            self.recipients[str(c["id"])] = [str(r) for r in c["recipients"]]

    def name(self, uid):
        u = self.users.get(uid, {})
        return u.get("global_name") or u.get("username") or uid

    def channel_recipients(self, channel_id):
        if channel_id not in self.recipients:
            req = urllib.request.Request(f"{self.emu.base}/api/v10/channels/{channel_id}",
                                         headers={"Authorization": self.me["token"]})
            try:
                with urllib.request.urlopen(req, timeout=5) as r:
                    ch = json.loads(r.read())
                self.recipients[channel_id] = [str(x["id"]) for x in ch.get("recipients", [])] + [self.me_id]
            except Exception:
                self.recipients[channel_id] = []
        return self.recipients[channel_id]

    def answer(self, channel_id, text):
        others = [u for u in self.channel_recipients(channel_id) if u != self.me_id]
        if not others:
            return  # a guild channel: the chatter covers those
        who = random.choice(others)
        self.emu.typing(channel_id, who)
        time.sleep(1.5)
        reply = random.choice(TWISTS)(text)
        self.emu.inject_message(channel_id, who, reply)
        self.say(f"[life] {self.name(who)} answered in {channel_id}: {reply}")

    def run(self):
        since = self.emu.call("GET", "/_emulator/requests?since=0")["last"]
        next_chatter = time.monotonic() + 3
        next_presence = time.monotonic() + self.presence_s
        while not self.stop.is_set():
            try:
                got = self.emu.call("GET", f"/_emulator/requests?since={since}")
                since = got["last"]
                for r in got["requests"]:
                    if (r["method"] == "POST" and r["path"].endswith("/messages") and r["status"] == 200
                            and str(r.get("user_id")) == self.me_id):
                        channel = r["path"].split("/channels/")[1].split("/")[0]
                        body = r.get("body")
                        if isinstance(body, str):
                            body = json.loads(body or "{}")
                        text = (body or {}).get("content", "")
                        if text:
                            threading.Thread(target=self.answer, args=(channel, text), daemon=True).start()
                now = time.monotonic()
                if now >= next_chatter and self.members:
                    who = random.choice(self.members)
                    self.emu.inject_message(self.general, who, random.choice(CHATTER))
                    next_chatter = now + self.chatter_s * random.uniform(0.7, 1.3)
                if now >= next_presence and self.friends:
                    who, status = random.choice(self.friends), random.choice(STATUSES)
                    self.emu.presence(who, status)
                    self.say(f"[life] {self.name(who)} is now {status}")
                    next_presence = now + self.presence_s * random.uniform(0.7, 1.3)
            except Exception as e:  # the emulator is going away, or a hiccup: keep living
                if self.stop.is_set():
                    return
                self.say(f"[life] {e!r}")
            self.stop.wait(0.3)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--seed", default=os.path.join(TOP, "tests", "emulator", "seeds", "demo.json"))
    args = ap.parse_args()
    with open(args.seed) as f:
        seed = json.load(f)
    life = Life(Emulator(args.port), seed)
    try:
        life.run()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
