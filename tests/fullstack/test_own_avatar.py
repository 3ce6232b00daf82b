#!/usr/bin/python3
"""Full stack, the user's own avatar: it reaches Discord only when the user opted in with the
gateway's `preferences` command. romeo@localhost registers with alice's Discord token
(seeds/basic.json), publishes a vCard photo (XEP-0054) and announces its hash in his presence
(XEP-0153); the gateway fetches the vCard from romeo's server and PATCHes /users/@me."""
import base64
import hashlib
import time
import unittest
import urllib.request
import xml.etree.ElementTree as ET

from stack import Stack, wait_until

VCARD = "vcard-temp"
UPDATE = "vcard-temp:x:update"
COMMANDS = "http://jabber.org/protocol/commands"
DATA = "jabber:x:data"

# A 1x1 PNG whose comment chunk makes its bytes this test's own.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000a49444154789c63000100000500010d0a2db40000000049454e44ae426082")


class OwnAvatar(unittest.TestCase):
    def patches(self, s):
        """The PATCH /users/@me requests Discord got."""
        return [r for r in s.emulator.requests()
                if r["method"] == "PATCH" and r["path"].endswith("/users/@me")]

    def publish_vcard(self, s, c, image):
        """romeo stores a vCard with `image` as its photo and announces its SHA-1."""
        async def store():
            iq = c.xmpp.Iq()
            iq["type"] = "set"
            vcard = ET.SubElement(iq.xml, f"{{{VCARD}}}vCard")
            photo = ET.SubElement(vcard, f"{{{VCARD}}}PHOTO")
            ET.SubElement(photo, f"{{{VCARD}}}TYPE").text = "image/png"
            ET.SubElement(photo, f"{{{VCARD}}}BINVAL").text = base64.b64encode(image).decode()
            return await iq.send(timeout=10)
        s._run(store(), 15)

        def presence(xmpp):
            p = xmpp.Presence()
            x = ET.SubElement(p.xml, f"{{{UPDATE}}}x")
            ET.SubElement(x, f"{{{UPDATE}}}photo").text = hashlib.sha1(image).hexdigest()
            return p
        c.send_stanza(presence)

    def preferences(self, s, c, publish):
        """Runs the `preferences` command: returns the value the form showed, then submits
        publish_avatar = publish and returns the final answer."""
        async def run():
            first = c.xmpp.Iq()
            first["type"], first["to"] = "set", s.gateway
            ET.SubElement(first.xml, f"{{{COMMANDS}}}command",
                          {"node": "preferences", "action": "execute"})
            form = await first.send(timeout=10)
            cmd = form.xml.find(f"{{{COMMANDS}}}command")
            shown = cmd.find(f"{{{DATA}}}x/{{{DATA}}}field[@var='publish_avatar']")
            submit = c.xmpp.Iq()
            submit["type"], submit["to"] = "set", s.gateway
            sub = ET.SubElement(submit.xml, f"{{{COMMANDS}}}command",
                                {"node": "preferences", "action": "complete",
                                 "sessionid": cmd.get("sessionid")})
            x = ET.SubElement(sub, f"{{{DATA}}}x", {"type": "submit"})
            field = ET.SubElement(x, f"{{{DATA}}}field", {"var": "publish_avatar"})
            ET.SubElement(field, f"{{{DATA}}}value").text = "1" if publish else "0"
            done = await submit.send(timeout=10)
            return shown, done.xml.find(f"{{{COMMANDS}}}command")
        return s._run(run(), 25)

    def test_the_avatar_goes_to_discord_only_after_the_user_opted_in(self):
        with Stack(record="61_own_avatar_opt_in",
                   note="romeo publishes a vCard avatar: nothing goes to Discord; he turns "
                        "publish_avatar on in the preferences command: the gateway fetches his "
                        "vCard and PATCHes /users/@me with the image once") as s:
            c = s.client("romeo")
            c.register(token=s.token("alice"))
            s.emulator.wait_session(s.uid("alice"))
            self.assertEqual(self.patches(s), [])

            # Off (the default): the new avatar stays on XMPP.
            self.publish_vcard(s, c, PNG)
            time.sleep(3)
            self.assertEqual(self.patches(s), [], "published without the user's consent")
            self.assertIsNone(s.emulator.rest_as(s.token("alice"), "GET", "/users/@me")["avatar"])

            # On: the current avatar goes at once, as a data URI of exactly these bytes.
            shown, done = self.preferences(s, c, True)
            self.assertEqual(shown.get("type"), "boolean")
            self.assertEqual(shown.findtext(f"{{{DATA}}}value"), "0")
            self.assertEqual(done.get("status"), "completed")
            wait_until(lambda: self.patches(s), 15, "PATCH /users/@me")
            patch = self.patches(s)
            self.assertEqual(len(patch), 1, patch)
            self.assertEqual(patch[0]["status"], 200, patch)
            me = s.emulator.rest_as(s.token("alice"), "GET", "/users/@me")
            self.assertTrue(me["avatar"])
            url = f"{s.emulator.base}/avatars/{s.uid('alice')}/{me['avatar']}.png"
            with urllib.request.urlopen(url, timeout=10) as r:
                self.assertEqual(r.read(), PNG)

            # The form now shows it on; the same avatar announced again is not sent again.
            shown, _ = self.preferences(s, c, True)
            self.assertEqual(shown.findtext(f"{{{DATA}}}value"), "1")
            self.publish_vcard(s, c, PNG)
            time.sleep(2)
            self.assertEqual(len(self.patches(s)), 1)


if __name__ == "__main__":
    unittest.main()
