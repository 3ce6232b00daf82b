#!/usr/bin/python3
"""Full stack, what moderators do to many things at once in Test Guild's #general
(seeds/basic.json): a bulk delete, and reactions removed wholesale or by emoji. romeo@localhost
is registered with alice's token and joined to #general without history."""
import unittest

from test_rooms import GENERAL, REACTIONS, groupchat, in_general

RETRACT = "urn:xmpp:message-retract:1"
MODERATED = "urn:xmpp:message-moderate:1"


def reactions_of(m):
    x = m.xml.find(f"{{{REACTIONS}}}reactions")
    return None if x is None else (x.get("id"), [r.text for r in x.findall(f"{{{REACTIONS}}}reaction")])


class Moderation(unittest.TestCase):
    def test_a_bulk_delete_retracts_each_message(self):
        with in_general(None, None) as (s, c, room):
            since = len(c.stanzas)
            sent = [s.emulator.inject_message(GENERAL, s.uid("bob"), f"spam {i}") for i in range(3)]
            shown = [groupchat(c, room, f"spam {i}", since)["id"] for i in range(3)]

            since = len(c.stanzas)
            s.emulator.delete_bulk(GENERAL, [m["id"] for m in sent[:2]])

            def retracted():
                return [m for m in c.stanzas[since:] if m.xml.find(f"{{{RETRACT}}}retract") is not None]
            c.wait_for(lambda: len(retracted()) >= 2, what="two moderated retractions")
            gone = retracted()
            # Named by their stanza-ids (XEP-0425), the Discord ids.
            self.assertEqual(sorted(m.xml.find(f"{{{RETRACT}}}retract").get("id") for m in gone),
                             sorted(m["id"] for m in sent[:2]))
            self.assertEqual(len(shown), 3)
            for m in gone:
                self.assertEqual(str(m["from"]), room)
                self.assertIsNotNone(m.xml.find(f"{{{RETRACT}}}retract/{{{MODERATED}}}moderated"))
            self.assertEqual([x["content"] for x in s.emulator.messages(GENERAL) if x["content"].startswith("spam")],
                             ["spam 2"])

    def test_reactions_removed_by_emoji_then_all(self):
        with in_general(None, None) as (s, c, room):
            since = len(c.stanzas)
            sent = s.emulator.inject_message(GENERAL, s.uid("bob"), "react to this")
            groupchat(c, room, "react to this", since)
            orig = sent["id"]  # a room's reactions name the message by its stanza-id
            since = len(c.stanzas)
            s.emulator.reaction(GENERAL, sent["id"], s.uid("bob"), "👍")
            s.emulator.reaction(GENERAL, sent["id"], s.uid("bob"), "🎉")
            s.emulator.reaction(GENERAL, sent["id"], s.uid("carol"), "👍")
            c.wait_stanza(lambda m: str(m["from"]) == f"{room}/Carol" and reactions_of(m), since=since)
            c.wait_stanza(lambda m: str(m["from"]) == f"{room}/Bob" and reactions_of(m)
                          and len(reactions_of(m)[1]) == 2, since=since)

            # A moderator removes every 👍: each who used it is left with the rest.
            since = len(c.stanzas)
            s.emulator.reactions_clear(GENERAL, sent["id"], emoji="👍")
            bob = c.wait_stanza(lambda m: str(m["from"]) == f"{room}/Bob" and reactions_of(m), since=since)
            carol = c.wait_stanza(lambda m: str(m["from"]) == f"{room}/Carol" and reactions_of(m), since=since)
            self.assertEqual(reactions_of(bob), (orig, ["🎉"]))
            self.assertEqual(reactions_of(carol), (orig, []))

            # Then every reaction: bob's last one goes too; carol had none left, so nothing for her.
            since = len(c.stanzas)
            s.emulator.reactions_clear(GENERAL, sent["id"])
            bob = c.wait_stanza(lambda m: str(m["from"]) == f"{room}/Bob" and reactions_of(m), since=since)
            self.assertEqual(reactions_of(bob), (orig, []))
            s.emulator.inject_message(GENERAL, s.uid("bob"), "after")
            groupchat(c, room, "after", since)
            self.assertFalse([m for m in c.stanzas[since:] if str(m["from"]) == f"{room}/Carol"
                              and reactions_of(m)])


if __name__ == "__main__":
    unittest.main()
