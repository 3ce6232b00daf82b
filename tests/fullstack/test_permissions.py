#!/usr/bin/python3
"""Full stack: Discord's channel permissions against what the XMPP user does. The seed is
seeds/basic.json plus "Quiet Guild", owned by bob, where alice (romeo's Discord account) may read
#announcements but not write in it (a member overwrite denies SEND_MESSAGES) and cannot see
#staff at all (@everyone is denied VIEW_CHANNEL). cordgate does not work visibility out yet
(it lists every channel READY names), so romeo can write to both; Discord refuses.

- A message into #announcements: Discord answers 403 50013 "Missing Permissions"; romeo gets an
  auth/forbidden error for his message's id, from the room, naming Discord's reason; Discord got
  exactly one attempt (a permanent refusal is not retried).
- The same into #staff: 403 50001 "Missing Access", likewise.
- The open channel of the same guild still takes messages."""
import json
import os
import tempfile
import time
import unittest

from stack import SEEDS, Stack

GUILD = "200000000000000002"
OPEN, ANNOUNCEMENTS, STAFF = "320000000000000001", "320000000000000002", "320000000000000003"
ALICE, BOB = "100000000000000002", "100000000000000003"
SEND_MESSAGES, VIEW_CHANNEL = 1 << 11, 1 << 10


def seed_path(folder):
    with open(os.path.join(SEEDS, "basic.json")) as f:
        seed = json.load(f)
    seed["guilds"].append({
        "id": GUILD, "name": "Quiet Guild", "owner_id": BOB,
        "members": [{"user_id": ALICE}, {"user_id": BOB}],
        "channels": [
            {"id": OPEN, "name": "open", "position": 0},
            {"id": ANNOUNCEMENTS, "name": "announcements", "position": 1,
             "permission_overwrites": [{"id": ALICE, "type": 1, "allow": "0",
                                        "deny": str(SEND_MESSAGES)}]},
            {"id": STAFF, "name": "staff", "position": 2,
             "permission_overwrites": [{"id": GUILD, "type": 0, "allow": "0",
                                        "deny": str(VIEW_CHANNEL)}]},
        ]})
    path = os.path.join(folder, "permissions.json")
    with open(path, "w") as f:
        json.dump(seed, f)
    return path


class Permissions(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="cordgate-permissions.")

    def refused(self, s, c, channel, text, reason):
        room = f"{channel}@{s.gateway}"
        c.join_room(room)
        since = len(c.stanzas)
        sid = c.send(room, text, mtype="groupchat")
        err = c.wait_stanza(lambda x: x["type"] == "error" and x["id"] == sid, since=since)
        self.assertEqual(err["from"].bare, room)
        self.assertEqual(err["error"]["condition"], "forbidden")
        self.assertIn(reason, err["error"]["text"])
        time.sleep(1.5)  # room for a retry, which must not come
        attempts = s.emulator.sent("message", channel_id=channel)
        bodies = [r["body"] if isinstance(r["body"], dict) else json.loads(r["body"])
                  for r in attempts]
        self.assertEqual([(r["status"], b["content"]) for r, b in zip(attempts, bodies)],
                         [(403, text)])
        self.assertFalse([m for m in s.emulator.messages(channel) if m["content"] == text])

    def test_refused_sends_bounce_once_with_discords_reason(self):
        with Stack(seed=seed_path(self.folder), fixed_clock=False) as s:
            c = s.client("romeo")
            c.register(token=s.token("alice"))
            self.refused(s, c, ANNOUNCEMENTS, "may I post here?", "Missing Permissions")
            self.refused(s, c, STAFF, "anyone in staff?", "Missing Access")
            room = f"{OPEN}@{s.gateway}"
            c.join_room(room)
            c.send(room, "fine here", mtype="groupchat")
            s.emulator.wait_message(OPEN, lambda m: m["content"] == "fine here")


if __name__ == "__main__":
    unittest.main()
