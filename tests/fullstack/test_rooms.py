#!/usr/bin/python3
"""Full stack, rooms: a guild text channel as an XEP-0045 room. romeo@localhost registers with
alice's Discord token; alice is in "Test Guild" (seeds/basic.json), whose #general has a topic
and two seeded messages, and bob is a member."""
import contextlib
import unittest
import urllib.parse
import xml.etree.ElementTree as ET

from stack import MUC, MUC_USER, Stack, muc_codes as codes

CORRECT = "urn:xmpp:message-correct:0"
REACTIONS = "urn:xmpp:reactions:0"
STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas"
GUILD = "200000000000000001"
GENERAL = "300000000000000001"
PLANS = "310000000000000001"  # a thread of #general in the seed


@contextlib.contextmanager
def in_general(record, note):
    """The stack with romeo registered as alice and joined to #general without history:
    yields (stack, client, room JID)."""
    with Stack(record=record, note=note) as s:
        c = s.client("romeo")
        c.register(token=s.token("alice"))
        room = f"{GENERAL}@{s.gateway}"
        c.join_room(room)
        yield s, c, room


def groupchat(c, room, body, since, **kw):
    """The first groupchat from room with this body after `since`."""
    return c.wait_stanza(lambda m: m["type"] == "groupchat" and m["from"].bare == room
                         and m["body"] == body, since=since, **kw)


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
            me = c.join_room(room, history=5)
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
            # A moderation names the message by its stanza-id (XEP-0425), the Discord id.
            sid = m.xml.find("{urn:xmpp:sid:0}stanza-id").get("id")
            self.assertEqual(sid, sent["id"])
            self.assertEqual(r.xml.find("{urn:xmpp:message-retract:1}retract").get("id"), sid)
            self.assertIsNotNone(r.xml.find(
                "{urn:xmpp:message-retract:1}retract/{urn:xmpp:message-moderate:1}moderated"))

    def test_group_dm_is_an_invited_room(self):
        """Without the XEP-0356 IQ permission, a group DM is offered by invitation."""
        group = "400000000000000002"
        with Stack(record="31_group_dm_invite_and_message", iq_privilege=False,
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

            c.join_room(room)
            since = len(c.stanzas)
            s.emulator.inject_message(group, s.uid("bob"), "group hello")
            m = c.wait_stanza(lambda m: m["type"] == "groupchat" and m["body"] == "group hello", since=since)
            self.assertEqual(str(m["from"]), f"{room}/Bob")

    def test_group_dm_is_bookmarked(self):
        """With the IQ permission, the gateway publishes the group DM to the user's XEP-0402
        bookmarks (autojoin), which every client of theirs reads from their own PEP."""
        group = "400000000000000002"
        with Stack(record="38_group_dm_bookmarked",
                   note="alice's group DM 'friends' lands in romeo's PEP bookmarks with autojoin, "
                        "published by the gateway with its XEP-0356 IQ permission") as s:
            c = s.client("romeo")
            since = len(c.stanzas)
            c.register(token=s.token("alice"))
            room = f"{group}@{s.gateway}"
            bookmarks = "urn:xmpp:bookmarks:1"

            def conference():
                try:
                    items = c.pubsub_items(c.jid, bookmarks, timeout=5)
                except Exception:  # item-not-found until the gateway has published
                    return None
                return next((i.find(f"{{{bookmarks}}}conference") for i in items if i.get("id") == room), None)
            conf = c.wait_for(conference, 15, "the group DM in romeo's bookmarks")
            self.assertEqual(conf.get("name"), "friends")
            self.assertEqual(conf.get("autojoin"), "true")
            self.assertEqual(conf.findtext(f"{{{bookmarks}}}nick"), "Alice")
            # Bookmarked, not invited as well.
            self.assertFalse([m for m in c.stanzas[since:] if m.xml.find("{jabber:x:conference}x") is not None])
            c.join_room(room)
            since = len(c.stanzas)
            s.emulator.inject_message(group, s.uid("bob"), "group hello")
            groupchat(c, room, "group hello", since)

    def test_edits_both_ways(self):
        with in_general("32_room_edits_both_ways",
                        "in #general: bob's message edited at Discord arrives as an XEP-0308 "
                        "correction from bob's occupant; romeo corrects his own message: one "
                        "PATCH as alice, reflected with romeo's ids") as (s, c, room):
            # Discord -> XMPP: the correction names the id the client saw.
            since = len(c.stanzas)
            sent = s.emulator.inject_message(GENERAL, s.uid("bob"), "typo mesage")
            orig = groupchat(c, room, "typo mesage", since)
            since = len(c.stanzas)
            s.emulator.edit(GENERAL, sent["id"], "typo message")
            fix = groupchat(c, room, "typo message", since)
            self.assertEqual(str(fix["from"]), f"{room}/Bob")
            self.assertEqual(fix.xml.find(f"{{{CORRECT}}}replace").get("id"), orig["id"])

            # XMPP -> Discord: romeo writes, then corrects it.
            since = len(c.stanzas)
            mid = c.send(room, "helo", mtype="groupchat")
            stored = s.emulator.wait_message(GENERAL, lambda x: x["content"] == "helo")
            groupchat(c, room, "helo", since)
            since = len(c.stanzas)

            def correction(xmpp):
                m = xmpp.make_message(mto=room, mbody="hello", mtype="groupchat")
                m["id"] = "romeo-fix-1"
                ET.SubElement(m.xml, f"{{{CORRECT}}}replace", {"id": mid})
                return m
            c.send_stanza(correction)
            patch = s.emulator.wait_sent("edit", lambda r: r["path"].endswith("/" + stored["id"]),
                                         channel_id=GENERAL)
            self.assertEqual(patch["body"]["content"], "hello")
            self.assertEqual(str(patch["user_id"]), s.uid("alice"))
            s.emulator.wait_message(GENERAL, lambda x: x["id"] == stored["id"] and x["content"] == "hello")
            # The room reflects the correction (XEP-0045 §7.4) once Discord has it: from romeo's
            # occupant (alice's guild nick), with the correction's id and the original's id.
            echo = groupchat(c, room, "hello", since)
            self.assertEqual(str(echo["from"]), f"{room}/Ali")
            self.assertEqual(echo["id"], "romeo-fix-1")
            self.assertEqual(echo.xml.find(f"{{{CORRECT}}}replace").get("id"), mid)
            self.assertEqual(len(s.emulator.sent("edit", GENERAL)), 1)

    def test_reactions_both_ways(self):
        with in_general("33_room_reactions_both_ways",
                        "in #general: bob reacts 👍 at Discord, arriving as XEP-0444 from bob's "
                        "occupant; romeo reacts 🎉 from XMPP: one PUT as alice") as (s, c, room):
            since = len(c.stanzas)
            sent = s.emulator.inject_message(GENERAL, s.uid("bob"), "react to this")
            orig = groupchat(c, room, "react to this", since)

            since = len(c.stanzas)
            s.emulator.reaction(GENERAL, sent["id"], s.uid("bob"), "👍")
            r = c.wait_stanza(lambda m: m.xml.find(f"{{{REACTIONS}}}reactions") is not None, since=since)
            self.assertEqual(str(r["from"]), f"{room}/Bob")
            self.assertEqual(r["type"], "groupchat")
            reactions = r.xml.find(f"{{{REACTIONS}}}reactions")
            # In a room a reaction names the message by its stanza-id, the Discord id (XEP-0444).
            self.assertEqual(reactions.get("id"), orig.xml.find("{urn:xmpp:sid:0}stanza-id").get("id"))
            self.assertEqual(reactions.get("id"), sent["id"])
            self.assertEqual([x.text for x in reactions.findall(f"{{{REACTIONS}}}reaction")], ["👍"])

            def react(xmpp):
                m = xmpp.make_message(mto=room, mtype="groupchat")
                # Named by its stanza-id, as XEP-0444 asks in a room.
                x = ET.SubElement(m.xml, f"{{{REACTIONS}}}reactions", {"id": sent["id"]})
                ET.SubElement(x, f"{{{REACTIONS}}}reaction").text = "🎉"
                return m
            c.send_stanza(react)
            put = s.emulator.wait_sent("reaction", lambda r: f"/messages/{sent['id']}/" in r["path"],
                                       channel_id=GENERAL)
            emoji = urllib.parse.unquote(put["path"].split("/reactions/")[1].split("/")[0])
            self.assertEqual(emoji, "🎉")
            self.assertEqual(str(put["user_id"]), s.uid("alice"))
            stored = s.emulator.wait_message(
                GENERAL, lambda x: x["id"] == sent["id"] and len(x.get("reactions", [])) == 2)
            self.assertEqual(sorted(x["emoji"]["name"] for x in stored["reactions"]), sorted(["👍", "🎉"]))
            self.assertEqual(len(s.emulator.sent("reaction", GENERAL)), 1)
            self.assertEqual(s.emulator.sent("unreaction", GENERAL), [])

    def test_thread_messages_both_ways(self):
        with in_general("34_room_thread_both_ways",
                        "bob writes in the thread 'plans' of #general: it arrives in the room with "
                        "<thread/> = the thread's id; romeo answers with that <thread/>: the message "
                        "goes to the thread at Discord") as (s, c, room):
            # alice never joined 'plans': a user account's READY leaves it out, and it becomes
            # known through the threads subscription that joining the room sends (THREAD_LIST_SYNC,
            # which the emulator sends ahead of the sidebar's SYNC that lists cordbot).
            c.wait_presence(lambda p: str(p["from"]) == f"{room}/cordbot")
            since = len(c.stanzas)
            s.emulator.inject_message(PLANS, s.uid("bob"), "in the thread")
            m = groupchat(c, room, "in the thread", since)
            self.assertEqual(str(m["from"]), f"{room}/Bob")
            self.assertEqual(m.xml.findtext("{jabber:client}thread"), PLANS)

            since = len(c.stanzas)

            def reply(xmpp):
                m = xmpp.make_message(mto=room, mbody="answer in the thread", mtype="groupchat")
                m["id"] = "romeo-thread-1"
                ET.SubElement(m.xml, "{jabber:client}thread").text = PLANS
                return m
            c.send_stanza(reply)
            stored = s.emulator.wait_message(PLANS, lambda x: x["content"] == "answer in the thread")
            self.assertEqual(str(stored["author"]["id"]), s.uid("alice"))
            self.assertFalse([x for x in s.emulator.messages(GENERAL)
                              if x["content"] == "answer in the thread"])
            echo = groupchat(c, room, "answer in the thread", since)
            self.assertEqual(echo["id"], "romeo-thread-1")
            self.assertEqual(echo.xml.findtext("{jabber:client}thread"), PLANS)

    def test_members_leaving_and_joining_the_guild(self):
        """As a user account sees it: carol (alice's friend) leaving comes as GUILD_MEMBER_REMOVE
        (friends are always followed) and as a DELETE in #general's sidebar; her coming back only
        as an INSERT in the sidebar (GUILD_MEMBER_ADD goes to the joining user alone). cordbot (a
        stranger) is known only through the sidebar: his leaving is its DELETE."""
        with in_general("35_room_members_leave_and_join",
                        "carol leaves Test Guild (unavailable occupant in #general), then joins "
                        "again (available occupant, from the sidebar); cordbot leaves") as (s, c, room):
            carol = f"{room}/Carol"
            cordbot = f"{room}/cordbot"
            c.wait_presence(lambda p: str(p["from"]) == cordbot)  # the sidebar's SYNC came
            since = len(c.presences)
            s.emulator.member(GUILD, s.uid("carol"), remove=True)
            gone = c.wait_presence(lambda p: str(p["from"]) == carol, since=since)
            self.assertEqual(gone["type"], "unavailable")
            item = gone.xml.find(f"{{{MUC_USER}}}x/{{{MUC_USER}}}item")
            self.assertEqual(item.get("role"), "none")

            since = len(c.presences)
            s.emulator.member(GUILD, s.uid("carol"))
            back = c.wait_presence(lambda p: str(p["from"]) == carol, since=since)
            self.assertNotIn(back["type"], ("unavailable", "error"))
            item = back.xml.find(f"{{{MUC_USER}}}x/{{{MUC_USER}}}item")
            self.assertEqual(item.get("role"), "participant")
            self.assertEqual(item.get("jid"), s.puppet("carol"))

            since = len(c.presences)
            s.emulator.member(GUILD, s.uid("cordbot"), remove=True)
            left = c.wait_presence(lambda p: str(p["from"]) == cordbot, since=since)
            self.assertEqual(left["type"], "unavailable")

    def test_typing_in_a_room_comes_through_the_subscription(self):
        """Guild typing reaches a user account only for guilds it subscribed to (op 37 typing):
        joining #general subscribes, and cordbot typing there is a composing from his occupant."""
        with in_general("39_room_typing_through_subscription", "cordbot types in #general: a composing groupchat "
                        "from his occupant") as (s, c, room):
            # cordbot, a stranger, is known once the sidebar's SYNC listed him.
            c.wait_presence(lambda p: str(p["from"]) == f"{room}/cordbot")
            since = len(c.stanzas)
            s.emulator.typing(GENERAL, s.uid("cordbot"))
            m = c.wait_stanza(lambda m: m["from"].bare == room and m.xml.find(
                "{http://jabber.org/protocol/chatstates}composing") is not None, since=since)
            self.assertEqual(m["type"], "groupchat")
            self.assertEqual(str(m["from"]), f"{room}/cordbot")

    def test_topic_change_is_a_new_subject(self):
        with in_general("36_room_topic_change",
                        "#general's topic changes at Discord (CHANNEL_UPDATE): a new subject in "
                        "the room") as (s, c, room):
            since = len(c.stanzas)
            s.emulator.channel(GENERAL, topic="Plans for Friday")
            m = c.wait_stanza(lambda m: m["from"].bare == room
                              and m.xml.findtext("{jabber:client}subject") == "Plans for Friday", since=since)
            self.assertEqual(str(m["from"]), room)
            self.assertEqual(m["type"], "groupchat")
            self.assertIsNone(m.xml.find("{jabber:client}body"))

    def test_join_to_an_unknown_channel_is_refused(self):
        with Stack(record="37_room_join_unknown_channel",
                   note="romeo joins 999@gateway, which is no channel: an XEP-0045 error presence "
                        "(cancel, item-not-found)") as s:
            c = s.client("romeo")
            c.register(token=s.token("alice"))
            room = f"999@{s.gateway}"
            since = len(c.presences)

            def build(xmpp):
                p = xmpp.make_presence(pto=f"{room}/romeo")
                ET.SubElement(p.xml, f"{{{MUC}}}x")
                return p
            c.send_stanza(build)
            err = c.wait_presence(lambda p: p["from"].bare == room, since=since)
            self.assertEqual(str(err["from"]), f"{room}/romeo")
            self.assertEqual(err["type"], "error")
            error = err.xml.find("{jabber:client}error")
            self.assertIsNotNone(error, err)
            self.assertEqual(error.get("type"), "cancel")
            self.assertIsNotNone(error.find(f"{{{STANZAS}}}item-not-found"), err)
            self.assertFalse([p for p in c.presences[since:] if p["from"].bare == room and "110" in codes(p)])


if __name__ == "__main__":
    unittest.main(verbosity=2)
