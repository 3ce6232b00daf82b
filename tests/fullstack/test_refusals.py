#!/usr/bin/python3
"""Full stack: what the gateway refuses from the XMPP side, answered with a stanza error from the
JID the client addressed (RFC 6120 §8.3), and nothing sent to Discord. romeo@localhost registers
with alice's Discord token; bob is alice's friend and they share a DM channel (seeds/basic.json).

- A puppet JID whose localpart is not the canonical decimal of a Discord id (leading zero, sign,
  hex, above 2^63-1, 2^64+1 which would wrap onto user 1, Arabic-Indic digits) is item-not-found,
  and opens no DM at Discord.
- A correction, retraction or reactions of a message the gateway does not know is
  item-not-found; a correction or retraction of bob's message (not romeo's own) is forbidden."""
import time
import unittest
import xml.etree.ElementTree as ET

from stack import Stack

BAD_LOCALPARTS = [
    "0123",
    "+123",
    "0x1f",
    "9223372036854775808",   # 2^63
    "18446744073709551615",  # 2^64-1
    "18446744073709551617",  # 2^64+1
    "\u0661\u0662\u0663",    # Arabic-Indic 123
]


def writes(s):
    """Every REST call that would change something at Discord."""
    return [r for r in s.emulator.requests() if r["method"] != "GET"]


class Refusals(unittest.TestCase):
    def registered(self, s):
        c = s.client("romeo")
        c.register(token=s.token("alice"))
        return c, s.dm_channel("alice", "bob")

    @staticmethod
    def error_for(c, sid, timeout=10):
        st = c.wait_stanza(lambda x: x["type"] == "error" and x["id"] == sid, timeout=timeout)
        return st["error"]["condition"], str(st["from"])

    def test_puppet_jids_that_are_no_canonical_id_are_item_not_found(self):
        with Stack() as s:
            c, chan = self.registered(s)
            before = writes(s)
            for local in BAD_LOCALPARTS:
                jid = f"{local}@{s.gateway}"
                sid = c.send(jid, "hello, whoever you are")
                self.assertEqual(self.error_for(c, sid), ("item-not-found", jid), local)
            # Read in order after them: once this is at Discord, they would have been too.
            c.send(s.puppet("bob"), "and hello bob")
            s.emulator.wait_message(chan, lambda m: m["content"] == "and hello bob")
            time.sleep(0.5)
            new = writes(s)[len(before):]
            self.assertEqual(s.emulator.sent("open_dm"), [])
            self.assertEqual([(r["method"], r["path"].endswith(f"/channels/{chan}/messages"))
                              for r in new], [("POST", True)], new)

    def test_changes_of_unknown_or_others_messages_are_refused(self):
        with Stack() as s:
            c, chan = self.registered(s)
            bob = s.puppet("bob")
            s.emulator.inject_message(chan, s.uid("bob"), "bob's own words")
            theirs = c.wait_message(lambda m: m.body == "bob's own words")
            before = writes(s)

            def change(sid, element, target, body=None):
                def build(x):
                    m = x.make_message(mto=bob, mbody=body, mtype="chat")
                    m["id"] = sid
                    e = ET.SubElement(m.xml, element, {"id": target})
                    if element.endswith("reactions"):
                        ET.SubElement(e, "{urn:xmpp:reactions:0}reaction").text = "\U0001f44d"
                    return m
                c.send_stanza(build)
                return self.error_for(c, sid)

            correct = "{urn:xmpp:message-correct:0}replace"
            retract = "{urn:xmpp:message-retract:1}retract"
            react = "{urn:xmpp:reactions:0}reactions"
            self.assertEqual(change("c1", correct, "no-such-id", "fixed"), ("item-not-found", bob))
            self.assertEqual(change("r1", retract, "no-such-id"), ("item-not-found", bob))
            self.assertEqual(change("x1", react, "no-such-id"), ("item-not-found", bob))
            self.assertEqual(change("c2", correct, theirs.id, "mine now"), ("forbidden", bob))
            self.assertEqual(change("r2", retract, theirs.id), ("forbidden", bob))
            time.sleep(0.5)
            self.assertEqual(writes(s)[len(before):], [])
            self.assertEqual([m["content"] for m in s.emulator.messages(chan)
                              if m["content"] == "bob's own words"], ["bob's own words"])


if __name__ == "__main__":
    unittest.main()
