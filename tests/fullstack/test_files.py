#!/usr/bin/python3
"""Full stack, files both ways (issue #24): prosody with mod_http_file_share on upload.localhost
(the rig's HTTP port), the emulator's signed, expiring CDN and its upload flow, core and both
adapters. romeo@localhost registers with alice's token; bob shares a DM with alice.

- Discord -> XMPP: bob's attachment reaches romeo as an XEP-0066 URL on romeo's own upload
  host, and that URL still serves the same bytes after Discord's URL has expired.
- XMPP -> Discord: romeo uploads through an XEP-0363 slot (slixmpp 1.8.3's upload_file()
  discovery is broken on Python 3.11, so request_slot() and a PUT with the slot's headers) and
  sends the URL; bob sees a real attachment with those bytes.
- Refusals: a URL on another host, a redirect to elsewhere and a loopback URL that is not the
  upload host come back as an error on romeo's message, and nothing reaches Discord.
"""
import hashlib
import time
import unittest
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

from stack import Stack

OOB = "jabber:x:oob"


def oob(m):
    el = m.stanza.xml.find(f"{{{OOB}}}x/{{{OOB}}}url")
    return el.text if el is not None else None


def get(url):
    with urllib.request.urlopen(url, timeout=30) as r:
        return r.read()


def emulator_bytes(attachment_id, size):
    start = int(attachment_id) % 251
    return bytes((i + start) % 251 for i in range(size))


class Files(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.stack = Stack(
            record="58_files_both_ways",
            note="bob sends romeo (alice's account) a file: a slot on romeo's server, the file "
                 "re-hosted from Discord's expiring URL, then OOB; romeo sends a file through his "
                 "server's upload service, which becomes a Discord attachment; URLs elsewhere, a "
                 "redirect and a loopback URL are refused",
            # The emulator's port stands in for an upload host that redirects elsewhere.
            files_settings={"upload_hosts":
                            '["127.0.0.1:{http_port}", "127.0.0.1:{emulator_port}"]'}).__enter__()
        s = cls.stack
        cls.c = s.client("romeo")
        cls.c.register(token=s.token("alice"))
        cls.channel = s.dm_channel("alice", "bob")
        cls.bob = s.uid("bob")
        s.emulator.inject_message(cls.channel, cls.bob, "warming up")
        cls.c.wait_message(lambda m: m.body == "warming up", timeout=20)
        cls.upload_host = f"127.0.0.1:{s.rig.http_port}"

    @classmethod
    def tearDownClass(cls):
        cls.stack.__exit__(None, None, None)

    def test_discord_file_is_rehosted_and_outlives_discords_url(self):
        s, c = self.stack, self.c
        since = c.mark()
        size = 300_000
        sent = s.emulator.inject_message(self.channel, self.bob, "a photo",
                                         attachments=[{"filename": "photo.png", "size": size}])
        att = sent["attachments"][0]
        text = c.wait_message(lambda m: m.body == "a photo", since=since, timeout=20)
        self.assertIsNotNone(text)
        f = c.wait_message(lambda m: oob(m) is not None, since=since, timeout=30)
        url = oob(f)
        self.assertTrue(url.startswith(f"http://{self.upload_host}/"), url)
        self.assertNotIn("discordapp", url)
        expected = emulator_bytes(att["id"], size)
        # Discord's URL expires; the re-hosted one does not.
        s.emulator.control("cdn", advance_s=1_300_000)
        status, _ = s.emulator.cdn_get(att["url"])
        self.assertEqual(status, 404)
        got = get(url)
        self.assertEqual(hashlib.sha256(got).hexdigest(), hashlib.sha256(expected).hexdigest())

    def request_slot(self, filename, size, content_type):
        s, c = self.stack, self.c

        async def ask():
            if "xep_0363" not in c.xmpp.plugin:
                c.xmpp.register_plugin("xep_0363")
            iq = await c.xmpp["xep_0363"].request_slot(s.rig.upload_service, filename, size,
                                                       content_type)
            slot = iq["http_upload_slot"]
            return (slot["put"]["url"], slot["get"]["url"],
                    [(h["name"], h["value"]) for h in slot["put"]["headers"]])
        return s._run(ask(), 15)

    def send_oob(self, url, body=None):
        s, c = self.stack, self.c

        def build(xmpp):
            m = xmpp.make_message(mto=s.puppet("bob"), mbody=body or url, mtype="chat")
            m["id"] = xmpp.new_id()
            x = ET.SubElement(m.xml, f"{{{OOB}}}x")
            ET.SubElement(x, f"{{{OOB}}}url").text = url
            return m
        stanza = c.send_stanza(build)
        return stanza

    def test_xmpp_file_becomes_a_real_discord_attachment(self):
        s = self.stack
        data = bytes(range(256)) * 400  # 102,400 bytes
        put, get_url, headers = self.request_slot("voice.ogg", len(data), "audio/ogg")
        req = urllib.request.Request(put, data=data, method="PUT",
                                     headers=dict(headers, **{"Content-Type": "audio/ogg"}))
        with urllib.request.urlopen(req, timeout=30) as r:
            self.assertIn(r.status, (200, 201))
        self.send_oob(get_url)
        m = s.emulator.wait_message(self.channel, lambda m: m["attachments"]
                                    and m["attachments"][0]["filename"] == "voice.ogg", timeout=30)
        a = m["attachments"][0]
        self.assertEqual(str(m["author"]["id"]), s.uid("alice"))
        self.assertEqual(a["size"], len(data))
        status, got = s.emulator.cdn_get(a["url"])
        self.assertEqual(status, 200)
        self.assertEqual(got, data)

    def refused(self, url):
        s, c = self.stack, self.c
        before = len(s.emulator.messages(self.channel))
        since = len(c.stanzas)
        self.send_oob(url)
        err = c.wait_stanza(lambda x: x["type"] == "error", since=since, timeout=20)
        time.sleep(1)
        self.assertEqual(len(s.emulator.messages(self.channel)), before)
        return err["error"]["text"]

    def test_urls_elsewhere_redirects_and_loopback_are_refused(self):
        s = self.stack
        self.assertIn("upload host", self.refused("https://example.org/cat.png"))
        # A loopback URL that is not an upload host: prosody's c2s port.
        self.assertIn("upload host", self.refused(f"http://127.0.0.1:{s.rig.c2s_port}/x.png"))
        # An allowed host answering with a redirect elsewhere (the emulator's /_redirect).
        target = urllib.parse.quote("https://example.org/x.png", safe="")
        self.assertIn("redirect", self.refused(f"{s.emulator.base}/_redirect?to={target}"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
