#!/usr/bin/python3
"""Full stack, one-to-one chats: prosody + emulator (seeds/basic.json) + core + both adapters.
romeo@localhost registers with alice's Discord token; alice's friends are bob and carol
(nickname "Caz"), and alice and bob share a DM channel."""
import json
import time
import unittest

from stack import Stack


class DirectMessages(unittest.TestCase):
    def test_register_puts_friends_in_the_roster(self):
        with Stack() as s:
            c = s.client("romeo")
            c.register(token=s.token("alice"))
            friends = {s.puppet("bob"), s.puppet("carol")}
            c.wait_for(lambda: friends <= set(c.roster()), 10, "both friends in the roster")
            roster = c.roster()
            ours = {j: v for j, v in roster.items() if j.endswith("@" + s.gateway)}
            self.assertEqual(set(ours), friends, roster)
            self.assertEqual(roster[s.puppet("bob")]["name"], "Bob")   # global_name
            self.assertEqual(roster[s.puppet("carol")]["name"], "Caz")  # alice's nickname for her
            for jid in friends:
                self.assertEqual(roster[jid]["groups"], ["Discord"], jid)
                self.assertEqual(roster[jid]["subscription"], "both", jid)

    def test_message_from_a_friend_reaches_the_client(self):
        with Stack() as s:
            c = s.client("romeo")
            c.register(token=s.token("alice"))
            sent = s.emulator.inject_message(s.dm_channel("alice", "bob"), s.uid("bob"), "hi romeo, it's bob")
            m = c.wait_message(lambda m: m.body == "hi romeo, it's bob")
            self.assertEqual(m.frm, s.puppet("bob"))
            self.assertEqual(m.type, "chat")
            time.sleep(1)
            self.assertEqual([x.body for x in c.messages].count("hi romeo, it's bob"), 1, sent)

    def test_message_to_a_friend_reaches_discord_once(self):
        with Stack() as s:
            c = s.client("romeo")
            c.register(token=s.token("alice"))
            channel = s.dm_channel("alice", "bob")
            c.send(s.puppet("bob"), "hello bob, from xmpp")
            m = s.emulator.wait_message(channel, lambda m: m["content"] == "hello bob, from xmpp")
            self.assertEqual(str(m["author"]["id"]), s.uid("alice"))
            time.sleep(1.5)
            same = [x for x in s.emulator.messages(channel) if x["content"] == "hello bob, from xmpp"]
            self.assertEqual(len(same), 1, same)

    def test_message_to_a_friend_without_a_dm_channel_opens_one(self):
        with Stack() as s:
            c = s.client("romeo")
            c.register(token=s.token("alice"))
            c.send(s.puppet("carol"), "hello carol")
            r = s.emulator.wait_sent("message", lambda r: "hello carol" in json.dumps(r.get("body")))
            channel = r["path"].split("/channels/")[1].split("/")[0]
            self.assertNotIn(channel, {str(c["id"]) for c in s.seed["private_channels"]})
            self.assertTrue(s.emulator.sent("open_dm"), "POST /users/@me/channels")
            msgs = s.emulator.wait_message(channel, lambda m: m["content"] == "hello carol")
            self.assertEqual(str(msgs["author"]["id"]), s.uid("alice"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
