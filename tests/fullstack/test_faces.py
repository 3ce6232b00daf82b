#!/usr/bin/python3
"""Full stack, faces and activities: friends' avatars come from Discord's CDN at login and when
they change (not from the API, not when a client asks), so the puppets' presences carry the
XEP-0153 photo hash from the start; Discord activities are the puppets' status text.
romeo@localhost registers with alice's Discord token; her friends are bob (with an avatar) and
carol (none) (seeds/basic.json)."""
import hashlib
import unittest
import urllib.request

from stack import Stack

UPDATE = "vcard-temp:x:update"
EVENT = "http://jabber.org/protocol/pubsub#event"


def photo(p):
    x = p.xml.find(f"{{{UPDATE}}}x")
    return None if x is None else (x.findtext(f"{{{UPDATE}}}photo") or "")


class Faces(unittest.TestCase):
    def registered(self, s):
        c = s.client("romeo")
        c.register(token=s.token("alice"))
        return c

    def cdn(self, s, user):
        """What the gateway asked the emulator's CDN for `user` (the test's own requests, below,
        carry no ?size=)."""
        return [r for r in s.emulator.call("GET", "/_emulator/cdn_requests")["requests"]
                if r["path"].startswith(f"/avatars/{s.uid(user)}/") and r["query"]]

    def image_sha1(self, s, user, avatar):
        """The SHA-1 of the image the emulator's CDN serves for user's current avatar."""
        url = f"{s.emulator.base}/avatars/{s.uid(user)}/{avatar}.png"
        with urllib.request.urlopen(url, timeout=10) as r:
            return hashlib.sha1(r.read()).hexdigest()

    def test_avatars_come_from_the_cdn_at_login_and_when_they_change(self):
        with Stack(record="55_avatars_from_the_cdn",
                   note="romeo registers: bob's avatar is fetched from the CDN at login and his "
                        "presence carries its SHA-1 (XEP-0153) with no vCard query; bob changes "
                        "his avatar: fetched again, new hash; then removes it: empty photo") as s:
            bob = s.puppet("bob")
            old_avatar = s.user("bob")["avatar"]
            c = self.registered(s)
            p = c.wait_presence(lambda p: p["from"].bare == bob and photo(p))
            got = photo(p)
            # Only the CDN was asked, once, at the size the adapter asks for; never the API's
            # profile, and the client sent no vCard or pubsub query.
            self.assertEqual([(r["path"], r["query"], r["status"]) for r in self.cdn(s, "bob")],
                             [(f"/avatars/{s.uid('bob')}/{old_avatar}.png", "size=128", 200)])
            # The hash is the SHA-1 of exactly the bytes the CDN serves for that avatar.
            self.assertEqual(got, self.image_sha1(s, "bob", old_avatar))
            self.assertEqual([r for r in s.emulator.requests()
                              if "/users/" in r["path"] and "profile" in r["path"]], [])
            # carol has none: nothing asked for her.
            self.assertEqual(self.cdn(s, "carol"), [])

            # A second client of romeo's: the very first presence it gets from bob has the photo.
            phone = s.client("romeo", resource="phone", create=False)
            first = phone.wait_presence(lambda p: p["from"].bare == bob)
            self.assertEqual(photo(first), got)
            # The XEP-0084 metadata notification went out with the same id.
            note = c.wait_stanza(lambda m: m["from"].bare == bob and m.xml.find(
                f"{{{EVENT}}}event/{{{EVENT}}}items/{{{EVENT}}}item") is not None)
            self.assertEqual(note.xml.find(f"{{{EVENT}}}event/{{{EVENT}}}items/{{{EVENT}}}item")
                             .get("id"), got)

            # bob changes his avatar at Discord (PRESENCE_UPDATE with his user object).
            new_avatar = "fedcba9876543210fedcba9876543210"
            since = len(c.presences)
            s.emulator.control("user", user_id=s.uid("bob"), avatar=new_avatar)
            p = c.wait_presence(lambda p: p["from"].bare == bob and photo(p) not in (None, got),
                                since=since)
            self.assertEqual(photo(p), self.image_sha1(s, "bob", new_avatar))
            self.assertEqual([r["path"] for r in self.cdn(s, "bob")],
                             [f"/avatars/{s.uid('bob')}/{old_avatar}.png",
                              f"/avatars/{s.uid('bob')}/{new_avatar}.png"])

            # He removes it: an empty photo (XEP-0153: no avatar), and nothing fetched.
            since = len(c.presences)
            s.emulator.control("user", user_id=s.uid("bob"), avatar="")
            c.wait_presence(lambda p: p["from"].bare == bob and photo(p) == "", since=since)
            self.assertEqual(len(self.cdn(s, "bob")), 2)

    def test_activities_are_the_status_text(self):
        with Stack(record="56_activities_as_status",
                   note="bob plays Minecraft, then has a custom status with an emoji and "
                        "listens to Spotify: his puppet's status text says so") as s:
            bob = s.puppet("bob")
            c = self.registered(s)
            c.wait_presence(lambda p: p["from"].bare == bob)
            since = len(c.presences)
            s.emulator.presence(s.uid("bob"), "online",
                                activities=[{"type": 0, "name": "Minecraft"}])
            p = c.wait_presence(lambda p: p["from"].bare == bob and p["status"], since=since)
            self.assertEqual(p["status"], "🎮 Playing Minecraft")
            since = len(c.presences)
            s.emulator.presence(s.uid("bob"), "dnd", activities=[
                {"type": 4, "name": "Custom Status", "state": "do not disturb",
                 "emoji": {"name": "🔥"}},
                {"type": 2, "name": "Spotify", "details": "Yellow", "state": "Coldplay",
                 "sync_id": "3AJwUDP919kvQ9QcozQPxg"}])
            p = c.wait_presence(lambda p: p["from"].bare == bob and p["show"] == "dnd",
                                since=since)
            self.assertEqual(p["status"], "🔥 do not disturb · 🎵 Listening to Yellow by Coldplay")


if __name__ == "__main__":
    unittest.main(verbosity=2)
