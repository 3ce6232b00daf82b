#!/usr/bin/python3
"""Full stack, what the user writes from XMPP reaching Discord as Discord shows it (issue #24).
romeo@localhost registers with alice's token (seeds/basic.json). In Test Guild's #general an
XEP-0372 reference to bob's occupant JID and "@Carol" become <@id> (Discord lists both as
mentions), XEP-0393 styling becomes Discord markdown (code and a URL untouched, a literal
"__init__" escaped), ":blobwave:", a custom emoji of the guild, becomes <:blobwave:id> while
":party_parrot:" (animated: alice has no Nitro) stays; Discord's acceptance is answered with an
XEP-0184 receipt from the room, once. In bob's DM a reference to bob's puppet pings him and the
receipt comes from the puppet."""
import time
import unittest
import xml.etree.ElementTree as ET

from stack import Stack

REFERENCE = "urn:xmpp:reference:0"
RECEIPTS = "urn:xmpp:receipts"
GENERAL = "300000000000000001"
BLOBWAVE = "220000000000000001"  # the seed's custom emoji of Test Guild


def receipts(c, msg_id, since):
    return [m for m in c.stanzas[since:]
            if (r := m.xml.find(f"{{{RECEIPTS}}}received")) is not None and r.get("id") == msg_id]


def message(xmpp, to, body, mtype, msg_id, references):
    m = xmpp.make_message(mto=to, mbody=body, mtype=mtype)
    m["id"] = msg_id
    for uri, begin, end in references:
        ET.SubElement(m.xml, f"{{{REFERENCE}}}reference",
                      {"type": "mention", "uri": uri, "begin": str(begin), "end": str(end)})
    ET.SubElement(m.xml, f"{{{RECEIPTS}}}request")
    return m


class Mentions(unittest.TestCase):
    def test_mentions_styling_emoji_and_receipts(self):
        with Stack(record="60_xmpp_mentions_styling_emoji_receipts",
                   note="romeo (alice's account) writes in #general with an XEP-0372 reference "
                        "to Bob, @Carol, XEP-0393 styling, :blobwave: and :party_parrot:, asking "
                        "for a receipt; then to bob's puppet with a reference to it") as s:
            c = s.client("romeo")
            c.register(token=s.token("alice"))
            room = f"{GENERAL}@{s.gateway}"
            c.join_room(room)
            bob, carol, alice = s.uid("bob"), s.uid("carol"), s.uid("alice")

            body = ("Bob: *look* at _this_ ~now~, @Carol :blobwave: :party_parrot: "
                    "`*code*` https://x.example/a_b_c __init__")
            since = len(c.stanzas)
            c.send_stanza(lambda x: message(x, room, body, "groupchat", "men-1",
                                            [(f"xmpp:{room}/Bob", 0, 3)]))
            stored = s.emulator.wait_message(
                GENERAL, lambda m: m["author"]["id"] == alice and "look" in m["content"])
            self.assertEqual(
                stored["content"],
                f"<@{bob}>: **look** at *this* ~~now~~, <@{carol}> <:blobwave:{BLOBWAVE}> "
                ":party_parrot: `*code*` https://x.example/a_b_c \\_\\_init\\_\\_")
            self.assertEqual({u["id"] for u in stored["mentions"]}, {bob, carol})
            receipt = c.wait_for(lambda: receipts(c, "men-1", since) or None, 10, "a receipt")[0]
            self.assertEqual(str(receipt["from"]), room)
            # The room reflects the message too, with the client's id.
            c.wait_stanza(lambda m: m["type"] == "groupchat" and m["id"] == "men-1" and m["body"],
                          since=since)

            # A DM to bob with a reference to his puppet.
            puppet = s.puppet("bob")
            dm = s.dm_channel("alice", "bob")
            since_dm = len(c.stanzas)
            c.send_stanza(lambda x: message(x, puppet, "thanks Bob!", "chat", "men-2",
                                            [(f"xmpp:{puppet}", 7, 10)]))
            stored = s.emulator.wait_message(dm, lambda m: m["content"].startswith("thanks"))
            self.assertEqual(stored["content"], f"thanks <@{bob}>!")
            receipt = c.wait_for(lambda: receipts(c, "men-2", since_dm) or None, 10, "a receipt")[0]
            self.assertEqual(receipt["from"].bare, puppet)

            # Once each, though Discord's echo and nothing else confirmed them.
            time.sleep(1)
            self.assertEqual(len(receipts(c, "men-1", since)), 1)
            self.assertEqual(len(receipts(c, "men-2", since_dm)), 1)


if __name__ == "__main__":
    unittest.main()
