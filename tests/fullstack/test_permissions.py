#!/usr/bin/python3
"""Full stack: Discord's channel permissions as the XMPP user sees them. The seed is
seeds/basic.json plus "Quiet Guild", owned by bob, where alice (romeo's Discord account) may
read #announcements but neither write in it nor read its history (a member overwrite denies
SEND_MESSAGES and READ_MESSAGE_HISTORY), and cannot see #staff (@everyone is denied
VIEW_CHANNEL; the role "insiders", which alice lacks, is allowed it). cordgate computes the
permissions from READY's roles and overwrites:

- #staff is not in the gateway's disco#items and a join gets item-not-found.
- romeo joins #announcements as a visitor, gets no history (none is asked of Discord), and a
  groupchat message there is refused (auth/forbidden, Discord's "Missing Permissions" named)
  without any request reaching Discord.
- Live: alice is given "insiders" at Discord (GUILD_MEMBER_UPDATE): #staff is listed and
  joinable; "insiders" gains ADMINISTRATOR (GUILD_ROLE_UPDATE): romeo's occupant in
  #announcements is shown again as admin/moderator and his message goes through; the role is
  deleted (GUILD_ROLE_DELETE): romeo is removed from #staff (110, 321) and it is unlisted again."""
import json
import os
import tempfile
import time
import unittest
import xml.etree.ElementTree as ET

from stack import SEEDS, Stack, muc_codes as codes

MUC_USER = "http://jabber.org/protocol/muc#user"
STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas"
GUILD = "200000000000000002"
OPEN, ANNOUNCEMENTS, STAFF = "320000000000000001", "320000000000000002", "320000000000000003"
INSIDERS = "330000000000000001"
ALICE, BOB = "100000000000000002", "100000000000000003"
VIEW_CHANNEL, SEND_MESSAGES, READ_HISTORY = 1 << 10, 1 << 11, 1 << 16
ADMINISTRATOR = 1 << 3


def seed_path(folder):
    with open(os.path.join(SEEDS, "basic.json")) as f:
        seed = json.load(f)
    seed["guilds"].append({
        "id": GUILD, "name": "Quiet Guild", "owner_id": BOB,
        "roles": [{"id": INSIDERS, "name": "insiders", "permissions": "0", "position": 1}],
        "members": [{"user_id": ALICE}, {"user_id": BOB}],
        "channels": [
            {"id": OPEN, "name": "open", "position": 0},
            {"id": ANNOUNCEMENTS, "name": "announcements", "position": 1,
             "permission_overwrites": [{"id": ALICE, "type": 1, "allow": "0",
                                        "deny": str(SEND_MESSAGES | READ_HISTORY)}]},
            {"id": STAFF, "name": "staff", "position": 2,
             "permission_overwrites": [{"id": GUILD, "type": 0, "allow": "0",
                                        "deny": str(VIEW_CHANNEL)},
                                       {"id": INSIDERS, "type": 0, "allow": str(VIEW_CHANNEL),
                                        "deny": "0"}]},
        ]})
    seed["messages"] = seed.get("messages", []) + [
        {"channel_id": ANNOUNCEMENTS, "author_id": BOB, "content": "read me"}]
    path = os.path.join(folder, "permissions.json")
    with open(path, "w") as f:
        json.dump(seed, f)
    return path


def standing(presence):
    item = presence.xml.find(f"{{{MUC_USER}}}x/{{{MUC_USER}}}item")
    return item.get("affiliation"), item.get("role")


class Permissions(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="cordgate-permissions.")

    def listed(self, s, c):
        async def items():
            return await c.xmpp["xep_0030"].get_items(jid=s.gateway, timeout=10)
        return {i[0] for i in s._run(items(), 15)["disco_items"]["items"]}

    def test_hidden_and_read_only_channels_and_live_changes(self):
        with Stack(seed=seed_path(self.folder), record="62_room_permissions",
                   note="Quiet Guild: #staff hidden (not listed, join item-not-found), "
                        "#announcements read-only (visitor, no history, send forbidden, nothing "
                        "at Discord); alice gets the role that shows #staff, the role gains "
                        "ADMINISTRATOR (admin/moderator, send goes through), the role is deleted "
                        "(removed from #staff with 321)") as s:
            c = s.client("romeo")
            c.register(token=s.token("alice"))
            staff, news, open_ = (f"{x}@{s.gateway}" for x in (STAFF, ANNOUNCEMENTS, OPEN))

            # Hidden: not listed, and a join is refused as for a channel that does not exist.
            listed = self.listed(s, c)
            self.assertIn(open_, listed)
            self.assertIn(news, listed)
            self.assertNotIn(staff, listed)
            since = len(c.presences)
            c.send_stanza(lambda xmpp: join_stanza(xmpp, staff))
            err = c.wait_presence(lambda p: p["from"].bare == staff, since=since)
            self.assertEqual(err["type"], "error")
            self.assertIsNotNone(err.xml.find(f"{{jabber:client}}error/{{{STANZAS}}}item-not-found"))
            self.assertFalse([p for p in c.presences[since:]
                              if p["from"].bare == staff and "110" in codes(p)])

            # Read-only: a visitor, no history asked of Discord, a send refused locally.
            requests_before = len(s.emulator.requests())
            me = c.join_room(news, history=10)
            self.assertEqual(standing(me), ("member", "visitor"))
            time.sleep(0.5)  # a fetch would be on its way by now
            self.assertFalse([r for r in s.emulator.requests()[requests_before:]
                              if f"/channels/{ANNOUNCEMENTS}/messages" in r.get("path", "")
                              and "after=" not in r.get("path", "")])
            since = len(c.stanzas)
            sid = c.send(news, "may I post here?", mtype="groupchat")
            err = c.wait_stanza(lambda x: x["type"] == "error" and x["id"] == sid, since=since)
            self.assertEqual(err["from"].bare, news)
            self.assertEqual(err["error"]["condition"], "forbidden")
            self.assertEqual(err["error"]["type"], "auth")
            self.assertIn("Missing Permissions", err["error"]["text"])
            time.sleep(1)
            self.assertEqual(s.emulator.sent("message", channel_id=ANNOUNCEMENTS), [])

            # The open channel of the same guild takes messages.
            c.join_room(open_)
            c.send(open_, "fine here", mtype="groupchat")
            s.emulator.wait_message(OPEN, lambda m: m["content"] == "fine here")

            # Live: alice gets "insiders", and #staff shows.
            s.emulator.member(GUILD, ALICE, roles=[INSIDERS])
            deadline = time.time() + 10
            while staff not in self.listed(s, c) and time.time() < deadline:
                time.sleep(0.2)
            self.assertIn(staff, self.listed(s, c))
            self.assertEqual(standing(c.join_room(staff)), ("member", "participant"))

            # "insiders" gains ADMINISTRATOR: romeo may write in #announcements, and is told.
            since = len(c.presences)
            s.emulator.role(GUILD, role_id=INSIDERS, permissions=str(ADMINISTRATOR))
            me = c.wait_presence(lambda p: p["from"].bare == news and "110" in codes(p),
                                 since=since)
            self.assertEqual(standing(me), ("admin", "moderator"))
            c.send(news, "now I may", mtype="groupchat")
            s.emulator.wait_message(ANNOUNCEMENTS, lambda m: m["content"] == "now I may")

            # The role is deleted: #staff is hidden again, and romeo is taken out of it.
            since = len(c.presences)
            s.emulator.role(GUILD, role_id=INSIDERS, remove=True)
            gone = c.wait_presence(lambda p: p["from"].bare == staff, since=since)
            self.assertEqual(gone["type"], "unavailable")
            self.assertEqual(set(codes(gone)), {"110", "321"})
            self.assertNotIn(staff, self.listed(s, c))
            me = c.wait_presence(lambda p: p["from"].bare == news and "110" in codes(p),
                                 since=since)
            self.assertEqual(standing(me), ("member", "visitor"))


def join_stanza(xmpp, room):
    """A bare MUC join (no history element), for a join that is refused."""
    p = xmpp.make_presence(pto=f"{room}/romeo")
    ET.SubElement(p.xml, "{http://jabber.org/protocol/muc}x")
    return p


if __name__ == "__main__":
    unittest.main()
