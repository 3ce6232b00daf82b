#!/usr/bin/python3
"""Full stack: cordgate on a user token behaves towards Discord as the official client does, and
loses nothing when Discord says no (issue #23). romeo@localhost registers with alice's Discord
token; bob is alice's friend and they share a DM channel (seeds/basic.json). Each refusal is
switched on at the emulator's control API (tests/emulator/README.md, "Saying no").

- Captcha: a challenged message gets an error stanza (policy-violation, naming the captcha) and a
  chat line from the gateway, is not at Discord, and arrives once when the user runs the ad-hoc
  command `retry`; a correction (XEP-0308) of a challenged message resends it corrected.
- required_action: Discord's USER_REQUIRED_ACTION_UPDATE is told to the user (chat line and the
  gateway's status), the user's messages get an error stanza and no write reaches Discord until
  the requirement is lifted. A 403 code 40002 on a write, before the gateway said anything,
  does the same: that one write is the last.
- 5xx: a message send answered 502 then 503 is retried with the same nonce and stored once; the
  client gets no error.
- Splitting: 4,500 code points (many of them several UTF-8 bytes) become 3 Discord messages of at
  most 2,000 code points, cut at line breaks, in order; retracting (XEP-0424) the XMPP message
  deletes all three.
- Cloudflare ban: while the address is banned the user is told once, few requests are made, and
  the messages sent meanwhile arrive once, in order, after the ban.
- A DM to someone who is no friend and has no DM with alice is refused by the gateway
  (dm_strangers) with an error stanza saying why, and nothing is asked of Discord.
- The profile: REST goes to /api/v9 with a browser User-Agent and X-Super-Properties (base64
  JSON with os, browser, client_build_number); an IDENTIFY after REST matches it (the emulator
  raises no flag), and the emulator's checks do flag a request or IDENTIFY that differs."""
import base64
import json
import time
import unittest

from stack import Stack, StackError, _OFFICIAL_PROPERTIES, wait_until

SEND_ROUTE = "POST /channels/:id/messages"
STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas"


def writes(s):
    """Every REST call that would change something at Discord."""
    return [r for r in s.emulator.requests() if r["method"] != "GET"]


def sends_of(s, chan, content):
    """The POSTs of a message with this content into chan, in order, whatever their answer."""
    return [r for r in s.emulator.sent("message", chan)
            if isinstance(r["body"], dict) and r["body"].get("content") == content]


def stored(s, chan, content):
    return [m for m in s.emulator.messages(chan) if m["content"] == content]


def condition(stanza):
    """The RFC 6120 §8.3.3 condition of an error stanza, read from its XML: slixmpp's
    stanza["error"]["condition"] knows only RFC 3920's list, without policy-violation."""
    error = stanza.xml.find("{jabber:client}error")
    return next((e.tag.split("}")[1] for e in error if e.tag.startswith("{" + STANZAS + "}")
                 and not e.tag.endswith("}text")), None)


def code_points_split(text, limit=2000):
    """core/split_message.hpp's rule for text without ``` blocks: end a part at its last line
    break, else its last space, else at the limit; the break is dropped."""
    parts, start = [], 0
    while start + limit < len(text):
        cut = start + limit
        i = text.rfind("\n", start + 1, cut)
        if i < 0:
            i = text.rfind(" ", start + 1, cut)
        if i < 0:
            parts.append(text[start:cut])
            start = cut
        else:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


class GoodCitizen(unittest.TestCase):
    def registered(self, s):
        c = s.client("romeo")
        c.register(token=s.token("alice"))
        s.emulator.wait_session(s.uid("alice"))
        return c, s.dm_channel("alice", "bob")

    @staticmethod
    def error_for(c, sid, timeout=10):
        return c.wait_stanza(lambda x: x["type"] == "error" and x["id"] == sid, timeout=timeout)

    @staticmethod
    def errors(c, since=0):
        return [x for x in c.stanzas[since:] if x["type"] == "error"]

    @staticmethod
    def command(s, c, node):
        """Runs the gateway's XEP-0050 command `node`; returns the answer."""
        s._call(lambda: c.xmpp.register_plugin("xep_0050"))

        async def go():
            return await c.xmpp["xep_0050"].send_command(s.gateway, node, timeout=10)
        return s._run(go(), 15)

    def test_captcha_keeps_the_message_for_retry_and_correction(self):
        with Stack() as s:
            c, chan = self.registered(s)
            bob = s.puppet("bob")
            s.emulator.control("captcha", routes=[SEND_ROUTE], count=1)
            since = c.mark()
            sid = c.send(bob, "behind a captcha")
            err = self.error_for(c, sid)
            self.assertEqual(err["from"].bare, bob)
            self.assertEqual(condition(err), "policy-violation")
            self.assertIn("captcha", err["error"]["text"])
            told = c.wait_message(lambda m: m.frm == s.gateway and "captcha" in m.body, since=since)
            self.assertIn("retry", told.body)
            self.assertEqual(stored(s, chan, "behind a captcha"), [])

            answer = self.command(s, c, "retry")
            self.assertEqual(answer["command"]["status"], "completed", answer)
            s.emulator.wait_message(chan, lambda m: m["content"] == "behind a captcha")
            time.sleep(1)
            self.assertEqual(len(stored(s, chan, "behind a captcha")), 1)
            tries = sends_of(s, chan, "behind a captcha")
            self.assertEqual([r["status"] for r in tries], [400, 200], tries)
            self.assertEqual(tries[0]["body"]["nonce"], tries[1]["body"]["nonce"])

            # The kept message corrected: the correction's text goes, once.
            s.emulator.control("captcha", routes=[SEND_ROUTE], count=1)
            sid = c.send(bob, "teh second try")
            self.assertEqual(condition(self.error_for(c, sid)), "policy-violation")

            def correction(x):
                m = x.make_message(mto=bob, mbody="the second try", mtype="chat")
                m["replace"]["id"] = sid
                return m
            c.send_stanza(correction)
            s.emulator.wait_message(chan, lambda m: m["content"] == "the second try")
            time.sleep(1)
            self.assertEqual(len(stored(s, chan, "the second try")), 1)
            self.assertEqual(stored(s, chan, "teh second try"), [])
            self.assertEqual(s.emulator.sent("edit", chan), [])

    def test_required_action_stops_every_write_until_lifted(self):
        with Stack() as s:
            c, chan = self.registered(s)
            bob, alice = s.puppet("bob"), s.uid("alice")
            before, since, seen = len(writes(s)), c.mark(), len(c.presences)
            s.emulator.control("required_action", user_id=alice, action="REQUIRE_VERIFIED_EMAIL")
            told = c.wait_message(lambda m: m.frm == s.gateway and "verify your email" in m.body,
                                  since=since)
            self.assertIn("official app", told.body)
            status = c.wait_presence(lambda p: p["from"].bare == s.gateway and
                                     "verify your email" in (p["status"] or ""), since=seen)
            self.assertEqual(status["show"], "xa")

            sids = [c.send(bob, f"unverified {n}") for n in range(3)]
            for sid in sids:
                err = self.error_for(c, sid)
                self.assertEqual(condition(err), "not-authorized")
                self.assertIn("verify your email", err["error"]["text"])
            time.sleep(1.5)
            self.assertEqual(writes(s)[before:], [], "a write was attempted while Discord refuses them")

            since = c.mark()
            s.emulator.control("required_action", user_id=alice, action="")
            c.wait_message(lambda m: m.frm == s.gateway and "no longer requires" in m.body, since=since)
            c.send(bob, "verified now")
            s.emulator.wait_message(chan, lambda m: m["content"] == "verified now")
            self.assertEqual([m for m in s.emulator.messages(chan)
                              if m["content"].startswith("unverified")], [])

    def test_a_40002_on_a_write_stops_the_writes_after_it(self):
        """Discord's 403 code 40002 before the gateway said anything: the RESUME that would
        bring USER_REQUIRED_ACTION_UPDATE is held, so the refused write is the first word."""
        with Stack() as s:
            c, chan = self.registered(s)
            bob, alice = s.puppet("bob"), s.uid("alice")
            s.emulator.fault("drop", user_id=alice, hold_resume=True)
            s.emulator.control("required_action", user_id=alice, action="REQUIRE_VERIFIED_PHONE")
            before, since = len(writes(s)), c.mark()
            first = c.send(bob, "refused by Discord")
            err = self.error_for(c, first)
            self.assertEqual(condition(err), "not-authorized")
            self.assertIn("verify your account", err["error"]["text"])
            c.wait_message(lambda m: m.frm == s.gateway and "official app" in m.body, since=since)
            second = c.send(bob, "not even tried")
            self.assertEqual(condition(self.error_for(c, second)), "not-authorized")
            time.sleep(1.5)
            tried = writes(s)[before:]
            self.assertEqual([(r["method"], r["status"]) for r in tried], [("POST", 403)], tried)
            s.emulator.fault("release")

    def test_server_errors_are_retried_and_the_message_is_stored_once(self):
        with Stack() as s:
            c, chan = self.registered(s)
            s.emulator.fault("rest", count=2, statuses=[502, 503], route=SEND_ROUTE)
            since, first = len(c.stanzas), c.mark()
            c.send(s.puppet("bob"), "through the storm")
            s.emulator.wait_message(chan, lambda m: m["content"] == "through the storm", timeout=20)
            time.sleep(1)
            self.assertEqual(len(stored(s, chan, "through the storm")), 1)
            tries = sends_of(s, chan, "through the storm")
            self.assertEqual([r["status"] for r in tries], [502, 503, 200], tries)
            self.assertEqual(len({r["body"]["nonce"] for r in tries}), 1, tries)
            self.assertEqual(self.errors(c, since), [])
            self.assertEqual([m for m in c.messages[first:] if m.frm == s.gateway], [])

    def test_long_text_is_three_messages_and_one_retraction_deletes_them(self):
        line = "Zeile {:03d}: grüße, ça va? naïve café 🎉🎉 日本語のテキスト ok"
        text = "\n".join(line.format(n) for n in range(200))[:4500]
        self.assertEqual(len(text), 4500)
        self.assertGreater(len(text.encode()), 3 * 2000, "a byte count would need more parts")
        expected = code_points_split(text)
        self.assertEqual(len(expected), 3)
        with Stack() as s:
            c, chan = self.registered(s)
            xid = c.send(s.puppet("bob"), text)
            wait_until(lambda: len([r for r in s.emulator.sent("message", chan) if r["status"] == 200]) >= 3,
                       15, "three messages at Discord")
            time.sleep(1)
            mine = [m for m in s.emulator.messages(chan) if str(m["author"]["id"]) == s.uid("alice")]
            self.assertEqual([m["content"] for m in mine], expected)
            self.assertTrue(all(len(m["content"]) <= 2000 for m in mine))
            self.assertEqual("\n".join(m["content"] for m in mine), text)

            s._call(lambda: c.xmpp["xep_0424"].send_retraction(s.puppet("bob"), xid))
            ids = {m["id"] for m in mine}
            wait_until(lambda: not ids & {m["id"] for m in s.emulator.messages(chan)}, 15,
                       "the three parts deleted at Discord")
            deletes = s.emulator.sent("delete", chan)
            self.assertEqual(sorted(r["path"].rsplit("/", 1)[1] for r in deletes), sorted(ids), deletes)

    def test_cloudflare_ban_pauses_tells_once_and_loses_nothing(self):
        with Stack(discord_settings={"ban_cooldown_s": "1"}) as s:
            c, chan = self.registered(s)
            c.send(s.puppet("bob"), "before the ban")
            s.emulator.wait_message(chan, lambda m: m["content"] == "before the ban")
            s.emulator.control("invalid_requests", threshold=2, window_ms=60000, ban_ms=2000, clear=True)
            # Another client behind the same address spends the budget: 3 refused tokens.
            for _ in range(3):
                with self.assertRaises(StackError):
                    s.emulator.rest_as("no-such-token", "GET", "/users/@me")
            state = s.emulator.call("GET", "/_emulator/invalid_requests")["addresses"]
            self.assertTrue(any(a["banned"] for a in state), state)
            start = s.emulator.requests()[-1]["seq"]
            since, stanzas = c.mark(), len(c.stanzas)
            words = [f"during the ban {n}" for n in range(3)]
            for w in words:
                c.send(s.puppet("bob"), w)
            paused = c.wait_message(lambda m: m.frm == s.gateway and "Cloudflare" in m.body, since=since)
            self.assertIn("lost", paused.body)
            for w in words:
                s.emulator.wait_message(chan, lambda m, w=w: m["content"] == w, timeout=20)
            c.wait_message(lambda m: m.frm == s.gateway and "requests again" in m.body, since=since)
            time.sleep(1)
            contents = [m["content"] for m in s.emulator.messages(chan)]
            self.assertEqual([x for x in contents if x in words], words)
            during = [r for r in s.emulator.requests(start) if r["status"] == 429]
            self.assertGreaterEqual(len(during), 1, "cordgate never met the ban")
            self.assertLessEqual(len(during), 3, during)
            told = [m for m in c.messages[since:] if m.frm == s.gateway and "Cloudflare" in m.body]
            self.assertEqual(len(told), 1, told)
            self.assertEqual(self.errors(c, stanzas), [])

    def test_dm_to_a_stranger_is_refused_without_asking_discord(self):
        with Stack() as s:
            c, chan = self.registered(s)
            before = len(writes(s))
            stranger = s.puppet("cordbot")  # a guild member, no friend of alice, no DM with her
            sid = c.send(stranger, "hello, stranger")
            err = self.error_for(c, sid)
            self.assertEqual(err["from"].bare, stranger)
            self.assertEqual(condition(err), "not-allowed")
            self.assertIn("dm_strangers", err["error"]["text"])
            self.assertIn("not your friend", err["error"]["text"])
            c.send(s.puppet("bob"), "and hello bob")
            s.emulator.wait_message(chan, lambda m: m["content"] == "and hello bob")
            time.sleep(0.5)
            self.assertEqual(s.emulator.sent("open_dm"), [])
            self.assertEqual([r["path"] for r in writes(s)[before:]],
                             [f"/api/v9/channels/{chan}/messages"])

    def test_requests_and_identify_look_like_the_official_client(self):
        with Stack() as s:
            c, chan = self.registered(s)
            alice = s.uid("alice")
            c.send(s.puppet("bob"), "who am I to Discord")
            s.emulator.wait_message(chan, lambda m: m["content"] == "who am I to Discord")
            post = sends_of(s, chan, "who am I to Discord")[0]
            self.assertTrue(post["path"].startswith("/api/v9/"), post)
            self.assertTrue(post["user_agent"].startswith("Mozilla/5.0 ("), post)
            self.assertNotIn("DiscordBot", post["user_agent"])
            self.assertEqual(post["auth"], "raw")  # a user token, not "Bot ..."
            props = json.loads(base64.b64decode(post["super_properties"], validate=True))
            self.assertIsInstance(props["os"], str)
            self.assertIsInstance(props["browser"], str)
            self.assertIsInstance(props["client_build_number"], int)
            self.assertIn(props["browser"].split()[0], post["user_agent"])
            ours = [r for r in s.emulator.requests() if str(r["user_id"]) == alice]
            self.assertTrue(all(r["path"].startswith("/api/v9/") and
                                r["super_properties"] == post["super_properties"] for r in ours), ours)

            def identify_again():
                old = s.emulator.wait_session(alice)["session_id"]
                s.emulator.fault("invalid_session", user_id=alice, resumable=False)
                s.emulator.wait_session(alice, exclude=(old,), timeout=15)
            # IDENTIFY is compared with the super properties of alice's last REST request.
            identify_again()
            self.assertEqual(s.emulator.flags(), [])

            # The checks can fail: a library's request, and an IDENTIFY unlike the REST before it.
            s.emulator.rest_as(s.token("bob"), "GET", "/users/@me",
                               headers={"User-Agent": "DiscordBot (https://example.org, 1.0)",
                                        "X-Super-Properties": None})
            linux = dict(_OFFICIAL_PROPERTIES, os="Linux", browser="Firefox")
            s.emulator.rest_as(s.token("alice"), "GET", "/users/@me", headers={
                "X-Super-Properties": base64.b64encode(json.dumps(linux).encode()).decode()})
            identify_again()
            flagged = {(str(f["user_id"]), f["kind"]) for f in s.emulator.flags()}
            self.assertEqual(flagged, {(s.uid("bob"), "bot_user_agent"),
                                       (s.uid("bob"), "missing_super_properties"),
                                       (alice, "identify_properties_mismatch")})
            s.emulator.call("DELETE", "/_emulator/flags")


if __name__ == "__main__":
    unittest.main()
