#!/usr/bin/python3
"""Full stack, rich Discord content reaching XMPP readable (issue #24): an embed, a sticker, a
poll and its new results, a forward, a system message, a spoiler and markdown, each sent by bob
in his DM with alice (romeo's Discord account) through the emulator's control API. Sticker and
embed images are re-hosted on romeo's upload host like attachments: their size is probed first,
since the message does not give it and the XEP-0363 slot needs it."""
import unittest
import urllib.request

from stack import Stack

SPOILER = "{urn:xmpp:spoiler:0}spoiler"
OOB_URL = "{jabber:x:oob}x/{jabber:x:oob}url"
REPLACE = "{urn:xmpp:message-correct:0}replace"


def oob(m):
    el = m.stanza.xml.find(OOB_URL)
    return el.text if el is not None else None


def get(url):
    with urllib.request.urlopen(url, timeout=30) as r:
        return r.read()


class RichContent(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.stack = Stack(
            record="40_dm_rich_content_from_discord",
            note="bob sends rich content to romeo (alice's account): markdown and a timestamp "
                 "(XEP-0393 body), a spoiler (XEP-0382), a bot embed (its image re-hosted), a link "
                 "preview left out, PNG and GIF stickers re-hosted, a Lottie one named, a forward "
                 "(quoted, its file re-hosted "
                 "on romeo's upload host), a poll whose results come as an update (XEP-0308 "
                 "correction), pinned and call system lines").__enter__()
        s = cls.stack
        cls.c = s.client("romeo")
        cls.c.register(token=s.token("alice"))
        cls.channel = s.dm_channel("alice", "bob")
        cls.bob = s.uid("bob")
        # The session is up once a plain message gets through.
        s.emulator.inject_message(cls.channel, cls.bob, "warming up")
        cls.c.wait_message(lambda m: m.body == "warming up", timeout=20)

    @classmethod
    def tearDownClass(cls):
        cls.stack.__exit__(None, None, None)

    def send(self, content="", **kw):
        since = len(self.c.messages)
        sent = self.stack.emulator.inject_message(self.channel, self.bob, content, **kw)
        m = self.c.wait_message(lambda m: m.frm == self.stack.puppet("bob"), since=since)
        return sent, m

    def test_markdown_and_timestamps_become_message_styling(self):
        _, m = self.send("**bold** *it* ~~old~~ `**code**` snake_case <t:1796601480:f>")
        self.assertEqual(m.body, "*bold* _it_ ~old~ `**code**` snake_case 2026-12-06 23:58 UTC")

    def test_spoiler_carries_xep_0382(self):
        _, m = self.send("the ending: ||they win||")
        self.assertEqual(m.body, "the ending: ||they win||")
        self.assertIsNotNone(m.stanza.xml.find(SPOILER), m.stanza)
        _, plain = self.send("nothing hidden")
        self.assertIsNone(plain.stanza.xml.find(SPOILER))

    def rehosted(self, since, name):
        """The next file message after `since`: its URL on romeo's upload host, and its bytes."""
        host = f"http://127.0.0.1:{self.stack.rig.http_port}/"
        f = self.c.wait_message(lambda x: oob(x) is not None, since=since, timeout=30)
        self.assertTrue(oob(f).startswith(host), oob(f))
        self.assertTrue(oob(f).endswith("/" + name), oob(f))
        self.assertEqual(f.body, oob(f))
        return f, get(oob(f))

    def test_embed_shows_its_parts_and_its_image_is_rehosted(self):
        proxy = "https://images-ext-1.discordapp.net/external/q1w2/https/w.example/sun.png"
        embed = {"type": "rich", "title": "Weather", "url": "https://w.example/today",
                 "description": "It will be **sunny**", "author": {"name": "WeatherBot"},
                 "fields": [{"name": "High", "value": "21", "inline": True}],
                 "footer": {"text": "w.example"},
                 "image": {"url": "https://w.example/sun.png", "proxy_url": proxy}}
        since = len(self.c.messages)
        _, m = self.send("forecast:", extra={"embeds": [embed]})
        self.assertEqual(m.body, "forecast:\nWeatherBot\n*Weather* (https://w.example/today)\n"
                                 "It will be *sunny*\n*High*: 21\nw.example")
        self.assertIsNone(oob(m), "the image follows as a message of its own")
        # Fetched from Discord's media proxy (the emulator's CDN stands in for it), never from
        # w.example.
        _, data = self.rehosted(since, "sun.png")
        self.assertTrue(data.startswith(b"\x89PNG"), data[:8])
        self.assertIn(b"external /external/q1w2/https/w.example/sun.png", data)

    def test_link_preview_adds_no_noise(self):
        preview = {"type": "article", "url": "https://news.example/a", "title": "Big news",
                   "thumbnail": {"url": "https://news.example/t.jpg"}}
        _, m = self.send("read https://news.example/a", extra={"embeds": [preview]})
        self.assertEqual(m.body, "read https://news.example/a")

    def test_stickers_are_rehosted_and_lottie_is_named(self):
        since = len(self.c.messages)
        self.stack.emulator.inject_message(self.channel, self.bob, "", extra={"sticker_items": [
            {"id": "749054660769218631", "name": "wave", "format_type": 1}]})
        _, data = self.rehosted(since, "wave.png")
        self.assertTrue(data.startswith(b"\x89PNG"), data[:8])
        self.assertIn(b"sticker 749054660769218631", data)
        since = len(self.c.messages)
        self.stack.emulator.inject_message(self.channel, self.bob, "", extra={"sticker_items": [
            {"id": "749054660769218633", "name": "dance", "format_type": 4}]})
        _, data = self.rehosted(since, "dance.gif")
        self.assertTrue(data.startswith(b"GIF89a"), data[:8])
        self.assertIn(b"sticker 749054660769218633", data)
        _, m = self.send(extra={"sticker_items": [{"id": "749054660769218632", "name": "Wumpus",
                                                   "format_type": 3}]})
        self.assertEqual(m.body, "[sticker: Wumpus]")

    def test_forward_is_quoted_and_its_file_rehosted(self):
        s = self.stack
        # A message of bob's with a file on the emulator's CDN, then a forward of it.
        original, _ = self.send("the map", attachments=[{"filename": "map.png", "size": 2000,
                                                          "content_type": "image/png"}])
        att = original["attachments"][0]
        self.c.wait_message(lambda x: (oob(x) or "").endswith("/map.png")
                            and "discordapp" not in oob(x), timeout=30)
        snapshot = {"message": {"content": "meet at **8**", "type": 0, "embeds": [],
                                "attachments": [att],
                                "timestamp": "2026-12-01T10:00:00+00:00", "flags": 0}}
        ref = {"type": 1, "channel_id": self.channel, "message_id": original["id"]}
        since = len(self.c.messages)
        _, m = self.send(extra={"message_snapshots": [snapshot], "message_reference": ref})
        self.assertEqual(m.body, "↱ Forwarded:\n> meet at *8*")
        self.assertIsNone(oob(m), "the file follows as a message of its own")
        self.assertIsNone(m.stanza.xml.find("{urn:xmpp:reply:0}reply"), "a forward is no reply")
        f = self.c.wait_message(lambda x: oob(x) is not None, since=since, timeout=30)
        self.assertTrue(oob(f).startswith(f"http://127.0.0.1:{s.rig.http_port}/"), oob(f))
        self.assertTrue(oob(f).endswith("/map.png"), oob(f))

    def test_poll_and_its_results_as_a_correction(self):
        poll = {"question": {"text": "Lunch?"},
                "answers": [{"answer_id": 1, "poll_media": {"text": "Pizza", "emoji": {"name": "🍕"}}},
                            {"answer_id": 2, "poll_media": {"text": "Salad"}}],
                "expiry": "2026-12-08T10:00:00+00:00", "allow_multiselect": False, "layout_type": 1}
        sent, m = self.send(extra={"poll": poll})
        self.assertEqual(m.body, "📊 Poll: Lunch?\n• 🍕 Pizza\n• Salad")
        poll["results"] = {"is_finalized": False,
                           "answer_counts": [{"id": 1, "count": 2, "me_voted": False}]}
        since = len(self.c.messages)
        self.stack.emulator.edit(self.channel, sent["id"], None, extra={"poll": poll})
        fix = self.c.wait_message(lambda x: x.stanza.xml.find(REPLACE) is not None, since=since)
        self.assertEqual(fix.stanza.xml.find(REPLACE).get("id"), m.id)
        self.assertEqual(fix.body, "📊 Poll: Lunch?\n• 🍕 Pizza: 2 votes\n• Salad: 0 votes")

    def test_system_message_is_a_line(self):
        _, m = self.send(type=6)
        self.assertEqual(m.body, "Bob pinned a message to this channel.")
        _, m = self.send(type=3, extra={"call": {"participants": [self.bob]}})
        self.assertEqual(m.body, "Bob started a call.")


if __name__ == "__main__":
    unittest.main(verbosity=2)
