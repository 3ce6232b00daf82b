#!/usr/bin/python3
"""Full stack, one-to-one chats after the first message: corrections, retractions, reactions,
typing, read markers, replies, attachments, mentions and carbons, both ways, with slixmpp's own
plugins (XEP-0308, 0424, 0444, 0085, 0333, 0461, 0066). romeo@localhost registers with alice's
Discord token; bob is alice's friend and they share a DM channel (seeds/basic.json).

Each test records a capture into tests/replay/ when CORDGATE_RECORD_CAPTURE is set
(tests/fullstack/README.md, "Captures")."""
import time
import unittest
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

from stack import Stack, wait_until

RETRACT1 = "{urn:xmpp:message-retract:1}retract"
REACTIONS = "{urn:xmpp:reactions:0}reactions"
REPLY = "{urn:xmpp:reply:0}reply"
REPLACE = "{urn:xmpp:message-correct:0}replace"
OOB = "{jabber:x:oob}x"
COMPOSING = "{http://jabber.org/protocol/chatstates}composing"
CARBON_SENT = "{urn:xmpp:carbons:2}sent"


def child(stanza, path):
    return stanza.xml.find(path)


class DmChanges(unittest.TestCase):
    def stack(self, record, note):
        return Stack(record=record, note=note)

    def registered(self, s):
        c = s.client("romeo")
        c.register(token=s.token("alice"))
        return c, s.dm_channel("alice", "bob")

    @staticmethod
    def gateway_answers(s, c):
        async def ping():
            iq = c.xmpp.Iq()
            iq["type"], iq["to"] = "get", s.gateway
            ET.SubElement(iq.xml, "{urn:xmpp:ping}ping")
            try:
                await iq.send(timeout=2)
                return True
            except Exception:  # an error (component not connected) or no answer yet
                return False
        return s._run(ping(), 5)

    def from_bob(self, s, c, chan, text):
        """bob writes at Discord; returns (the Discord message, the XMPP message)."""
        d = s.emulator.inject_message(chan, s.uid("bob"), text)
        m = c.wait_message(lambda m: m.body == text)
        return d, m

    def to_bob(self, s, c, chan, text):
        """romeo writes to bob from XMPP; returns (the XMPP id, the stored Discord message)."""
        xid = c.send(s.puppet("bob"), text)
        d = s.emulator.wait_message(chan, lambda m: m["content"] == text)
        return xid, d

    # message ids survive restarts
    def test_message_ids_survive_a_restart_of_every_process(self):
        """The message map is state derived from the log: after core, both adapters and prosody
        restart, a correction from XMPP and an edit and a reaction at Discord still name the
        messages written before."""
        with self.stack("52_message_ids_across_restarts",
                        "romeo and bob exchange a message each; core, both adapters and prosody "
                        "restart; romeo corrects his, bob edits and reacts to his: each lands on "
                        "the right message") as s:
            c, chan = self.registered(s)
            xid, mine = self.to_bob(s, c, chan, "before the restart, from romeo")
            theirs, m = self.from_bob(s, c, chan, "before the restart, from bob")
            for name in ("core", "xmpp", "discord", "prosody"):
                s.restart(name)
            c.wait_online(30)
            s.emulator.wait_session(s.uid("alice"), timeout=30)
            # The client may be back before the XMPP adapter has reconnected to the new prosody
            # (which would bounce the correction): wait until the gateway answers a ping.
            c.wait_for(lambda: self.gateway_answers(s, c), 30, "the gateway to answer a ping")

            def correction(x):
                msg = x.make_message(mto=s.puppet("bob"), mbody="after the restart, from romeo", mtype="chat")
                msg["replace"]["id"] = xid
                return msg
            c.send_stanza(correction)
            s.emulator.wait_message(chan, lambda d: d["id"] == mine["id"]
                                    and d["content"] == "after the restart, from romeo", timeout=20)

            since = c.mark()
            s.emulator.edit(chan, theirs["id"], "after the restart, from bob")
            fixed = c.wait_message(lambda x: x.body == "after the restart, from bob", since=since, timeout=20)
            self.assertEqual(child(fixed.stanza, REPLACE).get("id"), m.id)
            since = len(c.stanzas)
            s.emulator.reaction(chan, theirs["id"], s.uid("bob"), "👍")
            r = c.wait_stanza(lambda x: child(x, REACTIONS) is not None, since=since, timeout=20)
            self.assertEqual(child(r, REACTIONS).get("id"), m.id)

    # corrections
    def test_discord_edit_becomes_a_correction(self):
        with self.stack("05_dm_edit_from_discord",
                        "bob writes to alice (romeo@localhost) and edits it at Discord: "
                        "an XEP-0308 correction of the XMPP id romeo got") as s:
            c, chan = self.registered(s)
            d, m = self.from_bob(s, c, chan, "see you at 5")
            s.emulator.edit(chan, d["id"], "see you at 6")
            fixed = c.wait_message(lambda x: x.body == "see you at 6")
            self.assertEqual(fixed.frm, s.puppet("bob"))
            r = child(fixed.stanza, REPLACE)
            self.assertIsNotNone(r, fixed.stanza)
            self.assertEqual(r.get("id"), m.id)
            self.assertNotEqual(fixed.id, m.id)

    def test_xmpp_correction_edits_at_discord_once(self):
        with self.stack("06_dm_correction_from_xmpp",
                        "romeo corrects (XEP-0308) what he wrote to bob: PATCH at Discord; "
                        "the MESSAGE_UPDATE echo does not come back as a correction") as s:
            c, chan = self.registered(s)
            xid, d = self.to_bob(s, c, chan, "helo bob")

            def correction(x):
                msg = x.make_message(mto=s.puppet("bob"), mbody="hello bob", mtype="chat")
                msg["replace"]["id"] = xid
                return msg
            since = c.mark()
            c.send_stanza(correction)
            s.emulator.wait_message(chan, lambda m: m["id"] == d["id"] and m["content"] == "hello bob")
            edits = s.emulator.sent("edit", chan)
            self.assertEqual(len(edits), 1, edits)
            self.assertIn(d["id"], edits[0]["path"])
            time.sleep(1.5)
            self.assertEqual(c.messages[since:], [], "the edit's echo came back to the client")

    # retractions
    def test_discord_delete_becomes_a_retraction(self):
        with self.stack("07_dm_delete_from_discord",
                        "bob writes and deletes it at Discord: an XEP-0424 retraction of "
                        "the XMPP id romeo got") as s:
            c, chan = self.registered(s)
            d, m = self.from_bob(s, c, chan, "oops, wrong chat")
            s.emulator.delete(chan, d["id"])
            st = c.wait_stanza(lambda x: child(x, RETRACT1) is not None)
            self.assertEqual(st["from"].bare, s.puppet("bob"))
            self.assertEqual(child(st, RETRACT1).get("id"), m.id)

    def test_xmpp_retraction_deletes_at_discord(self):
        with self.stack("08_dm_retraction_from_xmpp",
                        "romeo retracts (XEP-0424) what he wrote to bob: DELETE at Discord; "
                        "the MESSAGE_DELETE echo is quiet") as s:
            c, chan = self.registered(s)
            xid, d = self.to_bob(s, c, chan, "meant for someone else")
            since = len(c.stanzas)
            s._call(lambda: c.xmpp["xep_0424"].send_retraction(s.puppet("bob"), xid))
            r = s.emulator.wait_sent("delete", channel_id=chan)
            self.assertIn(d["id"], r["path"])
            self.assertEqual(str(r["user_id"]), s.uid("alice"))
            s.emulator.wait_message(chan, lambda m: True)  # the channel still answers
            self.assertNotIn(d["id"], [m["id"] for m in s.emulator.messages(chan)])
            time.sleep(1)
            self.assertEqual([x for x in c.stanzas[since:] if child(x, RETRACT1) is not None], [])

    # reactions
    def test_discord_reactions_become_the_full_set(self):
        with self.stack("09_dm_reactions_from_discord",
                        "bob reacts twice to his message and removes one: XEP-0444 with the "
                        "full set each time") as s:
            c, chan = self.registered(s)
            d, m = self.from_bob(s, c, chan, "pizza tonight?")

            def reactions_are(want):
                def pred(x):
                    r = child(x, REACTIONS)
                    return r is not None and r.get("id") == m.id and \
                        sorted(e.text for e in r) == sorted(want)
                return pred
            s.emulator.reaction(chan, d["id"], s.uid("bob"), "👍")
            c.wait_stanza(reactions_are(["👍"]))
            s.emulator.reaction(chan, d["id"], s.uid("bob"), "🍕")
            st = c.wait_stanza(reactions_are(["👍", "🍕"]))
            self.assertEqual(st["from"].bare, s.puppet("bob"))
            s.emulator.reaction(chan, d["id"], s.uid("bob"), "👍", remove=True)
            c.wait_stanza(reactions_are(["🍕"]))

    def test_xmpp_reactions_become_the_difference_at_discord(self):
        with self.stack("10_dm_reactions_from_xmpp",
                        "romeo reacts (XEP-0444) to bob's message with two emoji, then keeps "
                        "one: two PUTs then one DELETE at Discord") as s:
            c, chan = self.registered(s)
            d, m = self.from_bob(s, c, chan, "new job!")

            def emoji(r):
                return urllib.parse.unquote(r["path"].split("/reactions/")[1].split("/")[0])
            s._call(lambda: c.xmpp["xep_0444"].send_reactions(s.puppet("bob"), m.id, ["🎉", "❤"]))
            def wait(kind, n):
                return wait_until(lambda: len(s.emulator.sent(kind, chan)) >= n and s.emulator.sent(kind, chan),
                                  10, f"{n} '{kind}' calls")
            adds = wait("reaction", 2)
            self.assertEqual(sorted(emoji(r) for r in adds), sorted(["🎉", "❤"]))
            for r in adds:
                self.assertIn(d["id"], r["path"])
                self.assertEqual(str(r["user_id"]), s.uid("alice"))
            s._call(lambda: c.xmpp["xep_0444"].send_reactions(s.puppet("bob"), m.id, ["❤"]))
            removes = wait("unreaction", 1)
            self.assertEqual([emoji(r) for r in removes], ["🎉"])
            time.sleep(1)
            self.assertEqual(len(s.emulator.sent("reaction", chan)), 2)
            self.assertEqual(len(s.emulator.sent("unreaction", chan)), 1)

    # typing
    def test_discord_typing_becomes_composing(self):
        with self.stack("11_dm_typing_from_discord",
                        "bob types at Discord: an XEP-0085 composing from his puppet") as s:
            c, chan = self.registered(s)
            s.emulator.typing(chan, s.uid("bob"))
            st = c.wait_stanza(lambda x: child(x, COMPOSING) is not None)
            self.assertEqual(st["from"].bare, s.puppet("bob"))

    def test_xmpp_composing_types_at_discord(self):
        with self.stack("12_dm_composing_from_xmpp",
                        "romeo's client sends composing to bob: POST /typing at Discord") as s:
            c, chan = self.registered(s)

            def composing(x):
                msg = x.make_message(mto=s.puppet("bob"), mtype="chat")
                msg["chat_state"] = "composing"
                return msg
            c.send_stanza(composing)
            r = s.emulator.wait_sent("typing", channel_id=chan)
            self.assertEqual(str(r["user_id"]), s.uid("alice"))

    # read markers
    def test_xmpp_displayed_marker_acks_at_discord(self):
        with self.stack("13_dm_displayed_from_xmpp",
                        "romeo's client marks bob's message displayed (XEP-0333): POST .../ack "
                        "at Discord as alice") as s:
            c, chan = self.registered(s)
            d, m = self.from_bob(s, c, chan, "did you read this?")
            s._call(lambda: c.xmpp["xep_0333"].send_marker(s.puppet("bob"), m.id, "displayed"))
            r = s.emulator.wait_sent("ack", channel_id=chan)
            self.assertIn(f"/messages/{d['id']}/ack", r["path"])
            self.assertEqual(str(r["user_id"]), s.uid("alice"))

    # replies
    def test_discord_reply_becomes_an_xmpp_reply(self):
        with self.stack("14_dm_reply_from_discord",
                        "bob replies at Discord to his earlier message: XEP-0461 reply to the "
                        "XMPP id romeo got") as s:
            c, chan = self.registered(s)
            d, m = self.from_bob(s, c, chan, "question one")
            s.emulator.inject_message(chan, s.uid("bob"), "and the answer", reply_to=d["id"])
            r = c.wait_message(lambda x: x.body and x.body.endswith("and the answer"))
            reply = child(r.stanza, REPLY)
            self.assertIsNotNone(reply, r.stanza)
            self.assertEqual(reply.get("id"), m.id)

    def test_xmpp_reply_becomes_a_message_reference(self):
        with self.stack("15_dm_reply_from_xmpp",
                        "romeo replies (XEP-0461, quote fallback) to bob's message: "
                        "message_reference at Discord, the quote stripped") as s:
            c, chan = self.registered(s)
            d, m = self.from_bob(s, c, chan, "lunch?")

            def reply(x):
                msg = x.make_message(mto=s.puppet("bob"), mbody="> lunch?\nyes, at noon", mtype="chat")
                msg["id"] = "reply-1"
                msg["reply"]["to"] = s.puppet("bob")
                msg["reply"]["id"] = m.id
                fb = msg["feature_fallback"]
                fb["for"] = "urn:xmpp:reply:0"
                fb["fallback_body"]["start"] = "0"
                fb["fallback_body"]["end"] = str(len("> lunch?\n"))
                return msg
            c.send_stanza(reply)
            got = s.emulator.wait_message(chan, lambda x: "noon" in x["content"])
            self.assertEqual(got["content"], "yes, at noon")
            self.assertEqual(str((got.get("message_reference") or {}).get("message_id")), d["id"], got)

    # attachments
    def test_discord_attachment_is_rehosted_after_the_text(self):
        with self.stack("16_dm_attachment_from_discord",
                        "bob uploads a file at Discord: romeo reads the text, then the file "
                        "copied to his server's upload service as XEP-0066 OOB") as s:
            c, chan = self.registered(s)
            data = b"\x89PNG fake"
            s.emulator.rest_as(s.token("bob"), "POST", f"/channels/{chan}/messages",
                               {"content": "the photo"}, files={"cat.png": data})
            text = c.wait_message(lambda x: x.body == "the photo")
            self.assertIsNone(child(text.stanza, OOB), "the file follows on its own")
            m = c.wait_message(lambda x: child(x.stanza, OOB) is not None, timeout=30)
            url = child(m.stanza, OOB).find("{jabber:x:oob}url").text
            self.assertEqual(m.body, url)
            self.assertTrue(url.startswith(f"http://127.0.0.1:{s.rig.http_port}/"), url)
            self.assertTrue(url.endswith("/cat.png"), url)
            with urllib.request.urlopen(url, timeout=30) as r:
                self.assertEqual(r.read(), data)

    def test_xmpp_oob_from_elsewhere_is_refused(self):
        with self.stack("17_dm_oob_from_xmpp",
                        "romeo sends a file by URL (XEP-0066 OOB) on a host that is not his "
                        "server's upload host: an error on his message, nothing at Discord") as s:
            c, chan = self.registered(s)
            url = "https://upload.localhost/abc/cat.png"
            before = len(s.emulator.messages(chan))
            since = len(c.stanzas)

            def oob(x):
                msg = x.make_message(mto=s.puppet("bob"), mbody="a cat", mtype="chat")
                msg["oob"]["url"] = url
                return msg
            c.send_stanza(oob)
            err = c.wait_stanza(lambda x: x["type"] == "error", since=since, timeout=20)
            self.assertIn("upload host", err["error"]["text"])
            time.sleep(1)
            self.assertEqual(len(s.emulator.messages(chan)), before)

    # mentions
    def test_discord_mention_becomes_a_name(self):
        with self.stack("18_dm_mention_from_discord",
                        "bob mentions alice (<@id>): romeo reads @name") as s:
            c, chan = self.registered(s)
            s.emulator.inject_message(chan, s.uid("bob"), f"hey <@{s.uid('alice')}>, look")
            m = c.wait_message(lambda x: x.body.startswith("hey "))
            self.assertNotIn("<@", m.body)
            self.assertIn(m.body, ("hey @Alice, look", "hey @alice, look"))

    # carbons: what the user does in the official app
    def test_message_from_the_app_is_a_carbon(self):
        with self.stack("19_dm_carbon_from_the_app",
                        "alice writes to bob in the official app: romeo's client gets an "
                        "XEP-0280 sent carbon (XEP-0356 message permission)") as s:
            c, chan = self.registered(s)
            s.emulator.inject_message(chan, s.uid("alice"), "sent from my phone")

            def carbon(x):
                sent = child(x, CARBON_SENT)
                if sent is None:
                    return None
                inner = sent.find("{urn:xmpp:forward:0}forwarded/{jabber:client}message")
                body = inner.find("{jabber:client}body") if inner is not None else None
                return inner if body is not None and body.text == "sent from my phone" else None
            st = c.wait_stanza(carbon)
            inner = carbon(st)
            self.assertEqual(inner.get("to").split("/")[0], s.puppet("bob"))
            self.assertEqual(inner.get("from").split("/")[0], "romeo@" + s.domain)
            self.assertEqual([m for m in c.messages if m.body == "sent from my phone"], [],
                             "shown as a message from bob instead of a carbon")

    def sent_carbon(self, c, pred):
        """The inner message of the first XEP-0280 sent carbon for which pred(inner) holds."""
        def find(x):
            sent = child(x, CARBON_SENT)
            inner = sent.find("{urn:xmpp:forward:0}forwarded/{jabber:client}message") if sent is not None else None
            return inner if inner is not None and pred(inner) else None
        st = c.wait_stanza(lambda x: find(x) is not None)
        return find(st)

    def app_message(self, s, c, chan, text):
        """alice writes `text` to bob in the official app; returns (Discord message, carbon id)."""
        d = s.emulator.inject_message(chan, s.uid("alice"), text)
        inner = self.sent_carbon(c, lambda i: i.findtext("{jabber:client}body") == text)
        return d, inner.get("id")

    def test_edit_in_the_app_is_a_carbon_correction(self):
        with self.stack("26_dm_carbon_edit_from_the_app",
                        "alice writes to bob in the official app, then edits it there: romeo's "
                        "client gets a sent carbon correcting the first carbon's id") as s:
            c, chan = self.registered(s)
            d, first = self.app_message(s, c, chan, "on my way")
            s.emulator.edit(chan, d["id"], "on my way, 5 min")
            inner = self.sent_carbon(c, lambda i: i.findtext("{jabber:client}body") == "on my way, 5 min")
            self.assertEqual(inner.find(REPLACE).get("id"), first)
            self.assertEqual(inner.get("to").split("/")[0], s.puppet("bob"))

    def test_delete_in_the_app_is_a_carbon_retraction(self):
        with self.stack("27_dm_carbon_delete_from_the_app",
                        "alice deletes in the app what she wrote to bob: a sent carbon retraction") as s:
            c, chan = self.registered(s)
            d, first = self.app_message(s, c, chan, "wrong chat")
            s.emulator.delete(chan, d["id"])
            inner = self.sent_carbon(c, lambda i: i.find(RETRACT1) is not None)
            self.assertEqual(inner.find(RETRACT1).get("id"), first)

    def test_reaction_in_the_app_is_a_carbon(self):
        with self.stack("28_dm_carbon_reaction_from_the_app",
                        "alice reacts in the app to bob's message: a sent carbon with XEP-0444 "
                        "reactions to romeo's id of it") as s:
            c, chan = self.registered(s)
            d, m = self.from_bob(s, c, chan, "cake in the kitchen")
            s.emulator.reaction(chan, d["id"], s.uid("alice"), "🍰")
            inner = self.sent_carbon(c, lambda i: i.find(REACTIONS) is not None)
            self.assertEqual(inner.find(REACTIONS).get("id"), m.id)
            self.assertEqual([e.text for e in inner.find(REACTIONS)], ["🍰"])

    def test_displayed_marker_echo_is_quiet(self):
        with self.stack("29_dm_displayed_echo", "romeo marks bob's message displayed; the ack's "
                        "echo does not come back") as s:
            c, chan = self.registered(s)
            d, m = self.from_bob(s, c, chan, "read me")
            since = len(c.stanzas)
            s._call(lambda: c.xmpp["xep_0333"].send_marker(s.puppet("bob"), m.id, "displayed"))
            s.emulator.wait_sent("ack", channel_id=chan)
            time.sleep(1.5)
            self.assertEqual([x for x in c.stanzas[since:] if child(x, CARBON_SENT) is not None], [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
