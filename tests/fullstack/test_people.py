#!/usr/bin/python3
"""Full stack, people: a friend's Discord presence on their puppet, relationships in the roster,
profiles as vCards fetched lazily. romeo@localhost registers with alice's Discord token; her
friends are bob and carol (seeds/basic.json)."""
import base64
import hashlib
import json
import os
import subprocess
import time
import unittest
import xml.etree.ElementTree as ET

from stack import MUC_USER, Stack

VCARD = "{vcard-temp}vCard"


class People(unittest.TestCase):
    def registered(self, s):
        c = s.client("romeo")
        c.register(token=s.token("alice"))
        return c

    def test_friend_presence_shows_on_the_puppet(self):
        with Stack(record="20_presence_from_discord",
                   note="bob goes dnd with a custom status at Discord: his puppet's presence "
                        "has show dnd and the status text; then offline: unavailable") as s:
            c = self.registered(s)
            bob = s.puppet("bob")
            # The client was online before it registered: the gateway probed for its presence
            # at registration, so friends' presence shows without the client doing anything.
            since = len(c.presences)
            s.emulator.presence(s.uid("bob"), "dnd",
                                activities=[{"type": 4, "name": "Custom Status", "state": "in a meeting"}])
            p = c.wait_presence(lambda p: p["from"].bare == bob and p["show"] == "dnd", since=since)
            self.assertEqual(p["status"], "in a meeting")
            self.assertEqual(p["type"], "dnd")  # slixmpp reports show as the type of an available presence
            since = len(c.presences)
            s.emulator.presence(s.uid("bob"), "offline")
            c.wait_presence(lambda p: p["from"].bare == bob and p["type"] == "unavailable", since=since)

    def test_friends_online_before_login_show_at_once(self):
        # bob is online and carol idle at Discord before romeo registers (seeds/basic.json).
        # Their presences come only in READY_SUPPLEMENTAL's merged_presences, as with Discord:
        # no PRESENCE_UPDATE follows, so the roster shows them from the login on or never.
        with Stack() as s:
            c = self.registered(s)
            bob = c.wait_presence(lambda p: p["from"].bare == s.puppet("bob"))
            self.assertNotEqual(bob["type"], "unavailable")
            carol = c.wait_presence(lambda p: p["from"].bare == s.puppet("carol"))
            self.assertEqual(carol["show"], "away")
            self.assertIn("READY held until READY_SUPPLEMENTAL", s.procs["discord"].log())

    def test_presence_without_a_new_presence(self):
        with Stack() as s:
            c = self.registered(s)
            since = len(c.presences)
            s.emulator.presence(s.uid("bob"), "dnd")
            c.wait_presence(lambda p: p["from"].bare == s.puppet("bob") and p["show"] == "dnd", since=since)

    def test_own_presence_goes_to_discord_quietly(self):
        with Stack() as s:
            c = self.registered(s)
            since = c.mark()
            s._call(lambda: c.xmpp.send_presence(pshow="away", pstatus="lunch"))
            time.sleep(2)
            self.assertNotIn("not an effect this adapter knows", s.procs["discord"].log())
            self.assertEqual([m.body for m in c.messages[since:] if m.frm == s.gateway], [])

    def test_relationships_add_and_remove_roster_items(self):
        with Stack(record="21_relationships_from_discord",
                   note="alice unfriends carol at Discord (RELATIONSHIP_REMOVE): her puppet "
                        "leaves romeo's roster; friends again (RELATIONSHIP_ADD): back") as s:
            c = self.registered(s)
            carol = s.puppet("carol")
            c.wait_for(lambda: carol in c.roster(), 10, "carol in the roster")
            s.emulator.relationship(s.uid("alice"), s.uid("carol"), remove=True)
            c.wait_for(lambda: carol not in c.roster(), 10, "carol removed from the roster")
            s.emulator.relationship(s.uid("alice"), s.uid("carol"), type=1)
            c.wait_for(lambda: carol in c.roster() and c.roster()[carol]["subscription"] == "both",
                       10, "carol back in the roster")
            self.assertIn(s.puppet("bob"), c.roster())

    def test_vcard_is_fetched_lazily(self):
        with Stack(record="22_profile_vcard",
                   note="romeo asks for bob's vCard: the core fetches bob's profile from Discord "
                        "then (not before) and answers with his name") as s:
            c = self.registered(s)
            profile = f"/users/{s.uid('bob')}/profile"
            time.sleep(1)
            self.assertEqual([r for r in s.emulator.requests() if r["path"].endswith(profile)], [],
                             "the profile was fetched before anyone asked")

            async def ask():
                return await c.xmpp["xep_0054"].get_vcard(s.puppet("bob"), local=False, timeout=10)
            iq = s._run(ask(), 15)
            self.assertEqual(iq["type"], "result", iq)
            v = iq.xml.find(VCARD)
            self.assertIsNotNone(v, iq)
            self.assertEqual(v.findtext("{vcard-temp}FN"), "Bob")
            self.assertEqual(v.findtext("{vcard-temp}NICKNAME"), "bob")
            self.assertEqual(v.findtext("{vcard-temp}URL"), "https://discord.com/users/" + s.uid("bob"))
            fetched = [r for r in s.emulator.requests() if r["path"].endswith(profile)]
            self.assertEqual(len(fetched), 1, fetched)
            self.assertEqual(str(fetched[0]["user_id"]), s.uid("alice"))

    def test_vcard_carries_the_avatar_and_presence_its_hash(self):
        with Stack() as s:
            c = self.registered(s)
            bob = s.puppet("bob")

            async def ask():
                return await c.xmpp["xep_0054"].get_vcard(bob, local=False, timeout=10)
            iq = s._run(ask(), 15)
            photo = iq.xml.find(VCARD).find("{vcard-temp}PHOTO")
            self.assertIsNotNone(photo, iq)
            data = base64.b64decode(photo.findtext("{vcard-temp}BINVAL"))
            self.assertTrue(data)
            # XEP-0153: bob's presence names the SHA-1 of exactly those bytes (since the login:
            # the CDN's image of his avatar, test_faces.py).
            want = hashlib.sha1(data).hexdigest()
            p = c.wait_presence(lambda p: p["from"].bare == bob and
                                p.xml.find("{vcard-temp:x:update}x") is not None)
            self.assertEqual(p.xml.find("{vcard-temp:x:update}x").findtext(
                "{vcard-temp:x:update}photo"), want)

    def test_presence_shows_on_room_occupants(self):
        """Someone who is not a friend, only a member of a guild, shows their Discord presence as
        an occupant of the guild's rooms. A user account learns of them as Discord's own client
        does: joining the room subscribes (op 37) to the guild and to #general's member sidebar,
        whose SYNC brings cordbot, and whose members' presences then arrive."""
        general = "300000000000000001"
        with Stack(record="51_occupant_presence", note="romeo joins Test Guild's #general; cordbot "
                   "(a member, not a friend) arrives through the member sidebar, goes dnd with a "
                   "status, then idle") as s:
            c = self.registered(s)
            room = f"{general}@{s.gateway}"
            since = len(c.presences)
            c.join_room(room)
            bot = c.wait_presence(lambda p: p["from"].bare == room and p.xml.find(
                f"{{{MUC_USER}}}x/{{{MUC_USER}}}item[@jid='{s.puppet('cordbot')}']") is not None,
                since=since)
            occupant = str(bot["from"])
            self.assertEqual(bot["show"], "")

            since = len(c.presences)
            s.emulator.presence(s.uid("cordbot"), "dnd",
                                activities=[{"type": 4, "name": "Custom Status", "state": "deploying"}])
            p = c.wait_presence(lambda p: str(p["from"]) == occupant and p["show"] == "dnd", since=since)
            self.assertEqual(p["status"], "deploying")
            since = len(c.presences)
            s.emulator.presence(s.uid("cordbot"), "idle")
            p = c.wait_presence(lambda p: str(p["from"]) == occupant and p["show"] == "away",
                                since=since)
            self.assertEqual(p["status"], "")

    def test_a_strangers_presence_needs_the_rooms_subscription(self):
        """Before romeo joins any room of Test Guild, cordgate follows nothing there: cordbot
        (a member, not a friend) changing presence reaches neither the client nor the core's log.
        After the join (op 37 with #general's ranges), it does."""
        general = "300000000000000001"
        with Stack(record="54_stranger_presence_needs_subscription",
                   note="cordbot goes dnd while romeo has joined no room: nothing; romeo joins "
                        "#general; cordbot goes idle: his occupant shows away") as s:
            c = self.registered(s)
            room = f"{general}@{s.gateway}"
            bob = s.puppet("bob")
            since = len(c.presences)
            s.emulator.presence(s.uid("cordbot"), "dnd")
            # bob (a friend) changes after cordbot: once bob's arrives, cordbot's would have too.
            s.emulator.presence(s.uid("bob"), "idle")
            c.wait_presence(lambda p: p["from"].bare == bob and p["show"] == "away", since=since)
            stray = [p for p in c.presences[since:] if p["from"].bare == room
                     or p.xml.find(f"{{{MUC_USER}}}x/{{{MUC_USER}}}item[@jid='{s.puppet('cordbot')}']")
                     is not None]
            self.assertEqual(stray, [])
            unsubscribed_until = time.time()

            since = len(c.presences)
            c.join_room(room)
            bot = c.wait_presence(lambda p: p["from"].bare == room and p.xml.find(
                f"{{{MUC_USER}}}x/{{{MUC_USER}}}item[@jid='{s.puppet('cordbot')}']") is not None,
                since=since)
            since = len(c.presences)
            s.emulator.presence(s.uid("cordbot"), "idle")
            c.wait_presence(lambda p: str(p["from"]) == str(bot["from"]) and p["show"] == "away",
                            since=since)

            # The core's log: no presence of cordbot was logged before the subscription.
            s.procs["core"].stop()
            exported = subprocess.run(
                [s.binary("runtime/cordgate"), "export", "--data-dir",
                 os.path.join(s.folder, "core-data")],
                check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True).stdout
            events = [json.loads(line) for line in exported.splitlines() if line.startswith("{")]
            cordbot = s.uid("cordbot")
            early = [e for e in events if e["type"] == "discord.presence_update"
                     and e["payload"]["user_id"] == cordbot
                     and e["ts"] / 1000 < unsubscribed_until]
            self.assertEqual(early, [])
            later = [e for e in events if e["type"] == "discord.presence_update"
                     and e["payload"]["user_id"] == cordbot]
            self.assertTrue(later, "cordbot's presence is logged once subscribed")
            lists = [e for e in events if e["type"] == "discord.member_list_update"]
            self.assertTrue(lists, "the sidebar of #general came as GUILD_MEMBER_LIST_UPDATE")

    def test_avatar_is_published_as_the_puppets_pep(self):
        """XEP-0084: the puppet answers its avatar metadata and data nodes (the data fetched
        with the profile, like the vCard), and notifies the user when it learns the avatar (at
        login, from the CDN: test_faces.py)."""
        with Stack(record="50_avatar_pep", note="romeo asks bob's puppet for its XEP-0084 "
                   "avatar metadata, then the data; a metadata notification comes along") as s:
            c = self.registered(s)
            bob = s.puppet("bob")
            since = 0
            meta = c.pubsub_items(bob, "urn:xmpp:avatar:metadata")[0]
            info = meta.find("{urn:xmpp:avatar:metadata}metadata/{urn:xmpp:avatar:metadata}info")
            self.assertIsNotNone(info, ET.tostring(meta))
            self.assertEqual(meta.get("id"), info.get("id"))
            data_item = c.pubsub_items(bob, "urn:xmpp:avatar:data", info.get("id"))[0]
            data = base64.b64decode(data_item.findtext("{urn:xmpp:avatar:data}data"))
            self.assertEqual(hashlib.sha1(data).hexdigest(), info.get("id"))
            self.assertEqual(int(info.get("bytes")), len(data))
            self.assertEqual(info.get("type"), "image/png")
            event = "http://jabber.org/protocol/pubsub#event"
            note = c.wait_stanza(lambda m: m["from"].bare == bob and m.xml.find(f"{{{event}}}event") is not None,
                                 since=since)
            self.assertEqual(note["type"], "headline")
            self.assertEqual(note.xml.find(f"{{{event}}}event/{{{event}}}items").get("node"),
                             "urn:xmpp:avatar:metadata")
            self.assertEqual(note.xml.find(f"{{{event}}}event/{{{event}}}items/{{{event}}}item").get("id"),
                             info.get("id"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
