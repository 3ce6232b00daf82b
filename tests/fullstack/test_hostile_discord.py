#!/usr/bin/python3
"""Full stack, Discord input a strict reader would lose: romeo@localhost registers with alice's
token (seeds/basic.json), and the emulator sends alice's session what Discord does send now and
then. Nothing may hold up what comes after it."""
import json
import unittest

from stack import Stack


def bob_message(s, message_id, content):
    """A MESSAGE_CREATE `d` from bob in his DM with alice, as JSON text. Python's json module
    writes a lone surrogate in `content` as the escape \\udcXX, as Discord does."""
    return json.dumps({
        "id": message_id, "channel_id": s.dm_channel("alice", "bob"),
        "author": {"id": s.uid("bob"), "username": "bob", "global_name": "Bob"},
        "content": content, "timestamp": "2026-12-06T07:00:00.000000+00:00",
        "attachments": [], "mentions": [], "type": 0})


class HostileDiscord(unittest.TestCase):
    def test_a_lone_surrogate_arrives_as_a_replacement_character_and_the_next_message_too(self):
        with Stack() as s:
            c = s.client("romeo")
            c.register(token=s.token("alice"))
            d = bob_message(s, "900000000000000001", "bad \udc00 one")
            self.assertIn("\\udc00", d)
            s.emulator.fault("raw", user_id=s.uid("alice"),
                             dispatches=[{"t": "MESSAGE_CREATE", "d_raw": d}])
            s.emulator.inject_message(s.dm_channel("alice", "bob"), s.uid("bob"), "the next one")
            bad = c.wait_message(lambda m: m.body == "bad \ufffd one")
            self.assertEqual(bad.frm, s.puppet("bob"))
            nxt = c.wait_message(lambda m: m.body == "the next one")
            self.assertEqual(nxt.frm, s.puppet("bob"))

    def test_a_ready_with_a_malformed_relationship_keeps_the_other_friends(self):
        with Stack() as s:
            s.emulator.fault("ready", relationships=[
                json.dumps({"id": "7", "type": 1, "user": {"id": "not-a-snowflake"}})])
            c = s.client("romeo")
            c.register(token=s.token("alice"))
            friends = {s.puppet("bob"), s.puppet("carol")}
            c.wait_for(lambda: friends <= set(c.roster()), 10, "both friends in the roster")


if __name__ == "__main__":
    unittest.main(verbosity=2)
