#!/usr/bin/python3
"""Full stack, relationships beyond friends: friend requests either way as presence subscriptions,
a captcha on one, a blocked user, a presence that carries a new display name, and status 104
when a channel is renamed. romeo@localhost registers with alice's token; carol starts as alice's
friend (seeds/basic.json) and is unfriended first where a stranger is needed."""
import unittest

from stack import MUC_USER, Stack
from test_rooms import GENERAL, groupchat, in_general

CAPTCHA_ROUTE = "PUT /users/@me/relationships/:id"


def relationships_of(s, name):
    """{user id: type} of `name`'s relationships at the emulator."""
    return {r["id"]: r["type"] for r in s.emulator.rest_as(s.token(name), "GET", "/users/@me/relationships")}


class Relationships(unittest.TestCase):
    def stranger_carol(self, s, c, auto_authorize=True):
        """alice unfriends carol at Discord: carol's puppet leaves the roster."""
        carol = s.puppet("carol")
        c.wait_for(lambda: carol in c.roster(), 10, "carol in the roster")

        def set_auto():
            c.xmpp.roster.auto_authorize = auto_authorize
            c.xmpp.roster.auto_subscribe = auto_authorize
        s._call(set_auto)
        s.emulator.relationship(s.uid("alice"), s.uid("carol"), remove=True)
        c.wait_for(lambda: carol not in c.roster(), 10, "carol removed from the roster")
        return carol

    def registered(self, s):
        c = s.client("romeo")
        c.register(token=s.token("alice"))
        return c

    def test_an_incoming_friend_request_accepted_from_xmpp(self):
        with Stack() as s:
            c = self.registered(s)
            carol = self.stranger_carol(s, c)
            since = len(c.presences)
            s.emulator.control("friend", user_id=s.uid("carol"), target_id=s.uid("alice"),
                               action="request")
            asked = c.wait_presence(lambda p: p["from"].bare == carol and p["type"] == "subscribe",
                                    since=since)
            self.assertIn("friend request", asked["status"])
            # slixmpp approves subscription requests by itself: that is the user accepting.
            put = s.emulator.wait_request(lambda r: r["method"] == "PUT"
                                          and r["path"].endswith("/users/@me/relationships/" + s.uid("carol")))
            self.assertEqual(put["body"], {})
            self.assertEqual(put["status"], 204)
            c.wait_for(lambda: relationships_of(s, "alice").get(s.uid("carol")) == 1, 10,
                       "alice and carol friends at Discord")
            c.wait_for(lambda: carol in c.roster() and c.roster()[carol]["subscription"] == "both",
                       10, "carol back in the roster")

    def test_an_incoming_friend_request_declined_from_xmpp(self):
        with Stack() as s:
            c = self.registered(s)
            carol = self.stranger_carol(s, c, auto_authorize=False)
            since = len(c.presences)
            s.emulator.control("friend", user_id=s.uid("carol"), target_id=s.uid("alice"),
                               action="request")
            c.wait_presence(lambda p: p["from"].bare == carol and p["type"] == "subscribe",
                            since=since)
            s._call(lambda: c.xmpp.send_presence(pto=carol, ptype="unsubscribed"))
            s.emulator.wait_request(lambda r: r["method"] == "DELETE"
                                    and r["path"].endswith("/users/@me/relationships/" + s.uid("carol")))
            c.wait_for(lambda: s.uid("carol") not in relationships_of(s, "alice"), 10,
                       "the request gone at Discord")
            self.assertNotIn(s.uid("alice"), relationships_of(s, "carol"))

    def test_a_subscription_to_a_stranger_is_a_friend_request(self):
        with Stack() as s:
            c = self.registered(s)
            carol = self.stranger_carol(s, c)
            s._call(lambda: c.xmpp.send_presence(pto=carol, ptype="subscribe"))
            put = s.emulator.wait_request(lambda r: r["method"] == "PUT"
                                          and r["path"].endswith("/users/@me/relationships/" + s.uid("carol")))
            self.assertEqual(put["body"], {})
            c.wait_for(lambda: relationships_of(s, "alice").get(s.uid("carol")) == 4, 10,
                       "an outgoing request at Discord")
            self.assertEqual(relationships_of(s, "carol").get(s.uid("alice")), 3)
            self.assertNotEqual(c.roster().get(carol, {}).get("subscription"), "both")
            since = len(c.presences)
            s.emulator.control("friend", user_id=s.uid("carol"), target_id=s.uid("alice"),
                               action="accept")
            c.wait_presence(lambda p: p["from"].bare == carol and p["type"] == "subscribed",
                            since=since)
            c.wait_for(lambda: c.roster().get(carol, {}).get("subscription") == "both", 10,
                       "carol a contact again")

    def test_a_captcha_on_a_friend_request_ends_the_subscription_and_says_why(self):
        with Stack() as s:
            c = self.registered(s)
            carol = self.stranger_carol(s, c)
            s.emulator.control("captcha", routes=[CAPTCHA_ROUTE])
            since_m, since_p = c.mark(), len(c.presences)
            s._call(lambda: c.xmpp.send_presence(pto=carol, ptype="subscribe"))
            c.wait_presence(lambda p: p["from"].bare == carol and p["type"] == "unsubscribed",
                            since=since_p)
            told = c.wait_message(lambda m: m.frm == s.gateway and "friend request" in m.body,
                                  since=since_m)
            self.assertIn("captcha", told.body)
            self.assertIn("official Discord app", told.body)
            self.assertNotIn(s.uid("carol"), relationships_of(s, "alice"))

    def test_a_blocked_user_is_no_contact_and_is_not_heard_in_rooms(self):
        with in_general(None, None) as (s, c, room):
            bob = s.puppet("bob")
            c.wait_for(lambda: bob in c.roster(), 10, "bob in the roster")
            s.emulator.control("friend", user_id=s.uid("alice"), target_id=s.uid("bob"),
                               action="block")
            c.wait_for(lambda: bob not in c.roster(), 10, "bob out of the roster")
            since = len(c.stanzas)
            s.emulator.inject_message(GENERAL, s.uid("bob"), "from a blocked user")
            s.emulator.inject_message(GENERAL, s.uid("carol"), "after it")
            groupchat(c, room, "after it", since)
            self.assertFalse([m for m in c.stanzas[since:] if m["body"] == "from a blocked user"])

    def test_a_presence_with_a_new_display_name_renames_the_roster_item(self):
        with Stack() as s:
            c = self.registered(s)
            bob = s.puppet("bob")
            c.wait_for(lambda: bob in c.roster(), 10, "bob in the roster")
            s.emulator.control("user", user_id=s.uid("bob"), global_name="Bobby Tables")
            c.wait_for(lambda: c.roster()[bob]["name"] == "Bobby Tables", 10, "the new name")

    def test_a_renamed_channel_tells_occupants_104(self):
        with in_general(None, None) as (s, c, room):
            since = len(c.stanzas)
            s.emulator.channel(GENERAL, name="chat")

            def codes(m):
                x = m.xml.find(f"{{{MUC_USER}}}x")
                return set() if x is None else {st.get("code") for st in x.findall(f"{{{MUC_USER}}}status")}
            m = c.wait_stanza(lambda m: m["from"].bare == room and "104" in codes(m), since=since)
            self.assertEqual(m["type"], "groupchat")
            self.assertEqual(m["from"].resource, "")
            self.assertFalse(m["body"])


if __name__ == "__main__":
    unittest.main()
