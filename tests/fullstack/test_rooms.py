#!/usr/bin/python3
"""Full stack, rooms: a guild text channel as an XEP-0045 room. romeo@localhost registers with
alice's Discord token; alice is in "Test Guild" (seeds/basic.json), whose #general has a topic
and two seeded messages, and bob is a member."""
import unittest
import xml.etree.ElementTree as ET

from stack import Stack

MUC = "http://jabber.org/protocol/muc"
MUC_USER = MUC + "#user"
GENERAL = "300000000000000001"


class Rooms(unittest.TestCase):
    def test_join_history_subject_messages_both_ways_and_moderated_deletes(self):
        with Stack(record="30_room_join_and_messages",
                   note="romeo joins Test Guild's #general: occupants, self-presence, history, "
                        "subject; bob writes; romeo writes (reflected); bob's message is deleted") as s:
            c = s.client("romeo")
            c.register(token=s.token("alice"))
            room = f"{GENERAL}@{s.gateway}"

            # The gateway lists the guild's text channels, named Guild/Category/#channel.
            async def items():
                return await c.xmpp["xep_0030"].get_items(jid=s.gateway, timeout=10)
            found = {i[0]: i[2] for i in s._run(items(), 15)["disco_items"]["items"]}
            self.assertEqual(found.get(room), "Test Guild/Text Channels/#general", found)

            # Join asking for 5 messages of history.
            since_p, since_m = len(c.presences), len(c.stanzas)

            def join(xmpp):
                p = xmpp.make_presence(pto=room + "/romeo")
                x = ET.SubElement(p.xml, f"{{{MUC}}}x")
                ET.SubElement(x, f"{{{MUC}}}history", {"maxstanzas": "5"})
                return p
            c.send_stanza(join)

            def codes(p):
                x = p.xml.find(f"{{{MUC_USER}}}x")
                return set() if x is None else {st.get("code") for st in x.findall(f"{{{MUC_USER}}}status")}
            me = c.wait_presence(lambda p: p["from"].bare == room and "110" in codes(p), since=since_p)
            self.assertEqual(me["from"].resource, "Ali")  # alice's guild nick: the room sets it
            self.assertIn("210", codes(me))
            item = me.xml.find(f"{{{MUC_USER}}}x/{{{MUC_USER}}}item")
            self.assertEqual(item.get("affiliation"), "owner")  # alice owns the guild
            bob_p = [p for p in c.presences[since_p:] if str(p["from"]) == f"{room}/Bob"]
            self.assertTrue(bob_p, "bob is an occupant")

            # History (delayed), then the subject, in that order.
            subject = c.wait_stanza(lambda m: m["from"].bare == room and m.xml.find("{jabber:client}subject") is not None,
                                    since=since_m)
            self.assertEqual(subject.xml.findtext("{jabber:client}subject"), "Talk here")
            before = c.stanzas[since_m:c.stanzas.index(subject)]
            history = [m["body"] for m in before if m["type"] == "groupchat" and m["body"]
                       and m.xml.find("{urn:xmpp:delay}delay") is not None]
            self.assertEqual(history, ["Hello from the seed", "Second seeded message"])

            # A message at Discord reaches the room from its author's occupant JID.
            since_m = len(c.stanzas)
            sent = s.emulator.inject_message(GENERAL, s.uid("bob"), "hello room")
            m = c.wait_stanza(lambda m: m["type"] == "groupchat" and m["body"] == "hello room", since=since_m)
            self.assertEqual(str(m["from"]), f"{room}/Bob")

            # The user writes to the room: Discord gets it once, and the room reflects it with
            # the id the client chose.
            since_m = len(c.stanzas)
            mid = c.send(room, "hi all", mtype="groupchat")
            s.emulator.wait_message(GENERAL, lambda x: x["content"] == "hi all")
            echo = c.wait_stanza(lambda x: x["type"] == "groupchat" and x["body"] == "hi all", since=since_m)
            self.assertEqual(echo["id"], mid)
            self.assertEqual(echo["from"].resource, "Ali")

            # A delete at Discord is a moderation by the room (XEP-0425) of that message.
            since_m = len(c.stanzas)
            s.emulator.delete(GENERAL, sent["id"])
            r = c.wait_stanza(lambda x: x.xml.find("{urn:xmpp:message-retract:1}retract") is not None,
                              since=since_m)
            self.assertEqual(str(r["from"]), room)
            self.assertEqual(r.xml.find("{urn:xmpp:message-retract:1}retract").get("id"), m["id"])
            self.assertIsNotNone(r.xml.find(
                "{urn:xmpp:message-retract:1}retract/{urn:xmpp:message-moderate:1}moderated"))

    def test_group_dm_is_an_invited_room(self):
        group = "400000000000000002"
        with Stack(record="31_group_dm_invite_and_message",
                   note="alice's group DM 'friends' is offered to romeo by an XEP-0249 "
                        "invitation; he joins and bob writes in it") as s:
            c = s.client("romeo")
            since = len(c.stanzas)
            c.register(token=s.token("alice"))
            room = f"{group}@{s.gateway}"
            invite = c.wait_stanza(lambda m: m.xml.find("{jabber:x:conference}x") is not None, since=since)
            x = invite.xml.find("{jabber:x:conference}x")
            self.assertEqual(x.get("jid"), room)
            self.assertEqual(x.get("reason"), "friends")

            since_p = len(c.presences)

            def join(xmpp):
                p = xmpp.make_presence(pto=room + "/romeo")
                x = ET.SubElement(p.xml, f"{{{MUC}}}x")
                ET.SubElement(x, f"{{{MUC}}}history", {"maxstanzas": "0"})
                return p
            c.send_stanza(join)
            c.wait_presence(lambda p: p["from"].bare == room and p.xml.find(
                f"{{{MUC_USER}}}x/{{{MUC_USER}}}status[@code='110']") is not None, since=since_p)
            since = len(c.stanzas)
            s.emulator.inject_message(group, s.uid("bob"), "group hello")
            m = c.wait_stanza(lambda m: m["type"] == "groupchat" and m["body"] == "group hello", since=since)
            self.assertEqual(str(m["from"]), f"{room}/Bob")


if __name__ == "__main__":
    unittest.main(verbosity=2)
