#!/usr/bin/python3
"""Full stack, what changes after login: alice leaves Test Guild (its rooms are destroyed) or it
has an outage (they stay), it is renamed, its roles change, a friend's nickname changes, and
people join and leave the group DM 'friends' (seeds/basic.json). romeo@localhost is registered
with alice's token."""
import unittest

from stack import MUC_USER, Stack, muc_codes as codes
from test_rooms import GENERAL, GUILD, groupchat, in_general

GROUP = "400000000000000002"
MODS = "210000000000000001"


def item(p):
    return p.xml.find(f"{{{MUC_USER}}}x/{{{MUC_USER}}}item")


def listed(s, c):
    async def items():
        return await c.xmpp["xep_0030"].get_items(jid=s.gateway, timeout=10)
    return {i[0]: i[2] for i in s._run(items(), 15)["disco_items"]["items"]}


class GuildChanges(unittest.TestCase):
    def test_leaving_the_guild_destroys_its_rooms(self):
        with in_general(None, None) as (s, c, room):
            since = len(c.presences)
            s.emulator.member(GUILD, s.uid("alice"), remove=True)  # GUILD_DELETE to alice
            gone = c.wait_presence(lambda p: p["from"].bare == room and p["type"] == "unavailable",
                                   since=since)
            self.assertIn("110", codes(gone))  # the first word of the room is about the user
            self.assertEqual(gone["from"].resource, "Ali")
            destroy = gone.xml.find(f"{{{MUC_USER}}}x/{{{MUC_USER}}}destroy")
            self.assertIsNotNone(destroy, "XEP-0045 §10.9 destroy")
            self.assertEqual(destroy.findtext(f"{{{MUC_USER}}}reason"),
                             "You are no longer in Test Guild on Discord.")
            self.assertEqual(item(gone).get("role"), "none")
            self.assertNotIn(room, listed(s, c))

    def test_an_outage_keeps_the_rooms(self):
        with in_general(None, None) as (s, c, room):
            since_p, since_m = len(c.presences), len(c.stanzas)
            s.emulator.guild(GUILD, outage=True)
            s.emulator.inject_message(GENERAL, s.uid("bob"), "still here")
            groupchat(c, room, "still here", since_m)
            self.assertFalse([p for p in c.presences[since_p:] if p["from"].bare == room
                              and p["type"] == "unavailable"])
            self.assertIn(room, listed(s, c))

    def test_a_renamed_guild_renames_its_rooms(self):
        with in_general(None, None) as (s, c, room):
            self.assertEqual(listed(s, c)[room], "Test Guild/Text Channels/#general")
            s.emulator.guild(GUILD, name="Renamed Guild")
            c.wait_for(lambda: listed(s, c)[room] == "Renamed Guild/Text Channels/#general",
                       what="the new name in disco#items")

    def test_roles_change_affiliations(self):
        with in_general(None, None) as (s, c, room):
            bob = f"{room}/Bob"

            def bob_now(since):
                return c.wait_presence(lambda p: str(p["from"]) == bob, since=since)
            since = len(c.presences)
            s.emulator.member(GUILD, s.uid("bob"), roles=[MODS])  # mods: ADMINISTRATOR
            self.assertEqual(item(bob_now(since)).get("affiliation"), "admin")
            since = len(c.presences)
            s.emulator.role(GUILD, MODS, permissions="8192")  # MANAGE_MESSAGES only
            p = item(bob_now(since))
            self.assertEqual((p.get("affiliation"), p.get("role")), ("member", "moderator"))
            since = len(c.presences)
            s.emulator.role(GUILD, MODS, remove=True)
            p = item(bob_now(since))
            self.assertEqual((p.get("affiliation"), p.get("role")), ("member", "participant"))

    def test_group_dm_recipients_leave_and_join(self):
        with Stack() as s:
            c = s.client("romeo")
            c.register(token=s.token("alice"))
            room = f"{GROUP}@{s.gateway}"
            c.join_room(room)
            since = len(c.presences)
            s.emulator.recipient(GROUP, s.uid("bob"), remove=True)
            left = c.wait_presence(lambda p: str(p["from"]) == f"{room}/Bob", since=since)
            self.assertEqual(left["type"], "unavailable")
            since = len(c.presences)
            s.emulator.recipient(GROUP, s.uid("bob"))
            back = c.wait_presence(lambda p: str(p["from"]) == f"{room}/Bob", since=since)
            self.assertNotIn(back["type"], ("unavailable", "error"))
            self.assertEqual(item(back).get("jid"), s.puppet("bob"))

    def test_a_friends_new_nickname_renames_the_roster_item(self):
        with Stack() as s:
            c = s.client("romeo")
            c.register(token=s.token("alice"))
            carol = s.puppet("carol")
            c.wait_for(lambda: c.roster().get(carol, {}).get("name") == "Caz", what="carol as Caz")
            s.emulator.relationship(s.uid("alice"), s.uid("carol"), type=1, nickname="Cazzy")
            c.wait_for(lambda: c.roster()[carol]["name"] == "Cazzy", what="carol renamed Cazzy")


if __name__ == "__main__":
    unittest.main()
