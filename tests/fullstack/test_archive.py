#!/usr/bin/python3
"""Full stack, the room archive (XEP-0313 MAM v2 with XEP-0059 RSM): romeo registers with
alice's Discord token; 250 messages are written in Test Guild's #general (seeds/basic.json, which
already holds two). The archive keeps what the gateway saw; paging back past it asks Discord once
for what came before, and serves it from the archive after that."""
import unittest

from stack import Stack

MAM = "urn:xmpp:mam:2"
GENERAL = "300000000000000001"
COUNT = 250


def history_fetches(s, since):
    """GET /channels/{#general}/messages calls made by cordgate since the request cursor."""
    return [r for r in s.emulator.requests(since)
            if r["method"] == "GET" and r["path"].split("?")[0].endswith(f"/channels/{GENERAL}/messages")]


class Archive(unittest.TestCase):
    def pages(self, c, room, reverse, max_=100):
        """Every page of a full query, in the order asked: [(bodies, complete)]. Bodies of
        retracted messages are None."""
        async def go():
            out = []
            it = c.xmpp["xep_0313"].retrieve(jid=room, iterator=True, reverse=reverse,
                                              rsm={"max": max_})
            async for page in it:
                fin = page.xml.find(f"{{{MAM}}}fin")
                results = page["mam"]["results"]
                bodies = []
                for r in results:
                    inner = r.xml.find(f"{{{MAM}}}result/{{urn:xmpp:forward:0}}forwarded/{{jabber:client}}message")
                    bodies.append(inner.findtext("{jabber:client}body") if inner is not None else "<no message>")
                out.append((bodies, fin is not None and fin.get("complete") == "true"))
            return out
        return c.stack._run(go(), 60)

    def test_pages_both_ways_fills_the_hole_once_and_shows_edits_and_deletes(self):
        with Stack(record="41_room_archive_paging",
                   note="250 messages in #general, then MAM pages of 100 back to the channel's "
                        "beginning (fetched from Discord once) and forward again; an edit and a "
                        "delete show in the results") as s:
            c = s.client("romeo")
            c.register(token=s.token("alice"))
            room = f"{GENERAL}@{s.gateway}"
            # The rooms advertise MAM.
            async def info():
                return await c.xmpp["xep_0030"].get_info(jid=room, timeout=10)
            features = s._run(info(), 15)["disco_info"]["features"]
            self.assertIn(MAM, features)

            c.join_room(room)
            since = len(c.stanzas)
            sent = [s.emulator.inject_message(GENERAL, s.uid("bob"), f"archived {i}")
                    for i in range(COUNT)]
            c.wait_stanza(lambda m: m["body"] == f"archived {COUNT - 1}", since=since, timeout=60)
            s.emulator.edit(GENERAL, sent[10]["id"], "archived 10, edited")
            s.emulator.delete(GENERAL, sent[20]["id"])
            c.wait_stanza(lambda m: m.xml.find("{urn:xmpp:message-retract:1}retract") is not None,
                          since=since)

            seeded = ["Hello from the seed", "Second seeded message"]
            expected = [f"archived {i}" for i in range(COUNT)]
            expected[10] = "archived 10, edited"
            expected[20] = None

            # Back from the newest: 100, 100, then 50 kept and, asked of Discord, the 2 before.
            cursor = len(s.emulator.requests())
            back = self.pages(c, room, reverse=True)
            sizes = [len(b) for b, _ in back]
            self.assertEqual(sizes[:3], [100, 100, 52], sizes)
            got = [body for bodies, _ in reversed(back) for body in bodies]
            self.assertEqual(got, seeded + expected)
            self.assertTrue(back[2][1], "the page that reaches the channel's beginning is complete")
            self.assertFalse(back[0][1])
            self.assertEqual(len(history_fetches(s, cursor)), 1, "the hole is filled once")

            # Served from the archive now, forward from the beginning: nothing asked of Discord.
            cursor = len(s.emulator.requests())
            forward = self.pages(c, room, reverse=False)
            got = [body for bodies, _ in forward for body in bodies]
            self.assertEqual(got, seeded + expected)
            self.assertEqual([len(b) for b, _ in forward][:3], [100, 100, 52])
            self.assertTrue(forward[2][1])
            self.assertEqual(history_fetches(s, cursor), [])

            # A live message's stanza-id is its archive id: a client can page from it.
            since = len(c.stanzas)
            s.emulator.inject_message(GENERAL, s.uid("bob"), "the newest")
            live = c.wait_stanza(lambda m: m["body"] == "the newest", since=since)
            sid = live.xml.find("{urn:xmpp:sid:0}stanza-id")
            self.assertIsNotNone(sid)

            async def before_newest():
                iq = c.xmpp["xep_0313"].retrieve(jid=room, rsm={"max": 2, "before": sid.get("id")})
                return await iq
            page = s._run(before_newest(), 30)
            bodies = [r.xml.find(f"{{{MAM}}}result/{{urn:xmpp:forward:0}}forwarded/{{jabber:client}}message")
                      .findtext("{jabber:client}body") for r in page["mam"]["results"]]
            self.assertEqual(bodies, [f"archived {COUNT - 2}", f"archived {COUNT - 1}"])

    def test_a_join_is_served_from_the_archive(self):
        with Stack(record="42_room_join_from_archive",
                   note="messages kept while no client was joined come back as the join's "
                        "history, without asking Discord") as s:
            c = s.client("romeo")
            c.register(token=s.token("alice"))
            room = f"{GENERAL}@{s.gateway}"
            sent = [s.emulator.inject_message(GENERAL, s.uid("bob"), f"while away {i}") for i in range(30)]
            # Nobody joined: wait until the core has folded the last one (it is in the archive
            # once a MAM query finds it).
            async def newest():
                try:
                    return await c.xmpp["xep_0313"].retrieve(jid=room, rsm={"max": 1, "after": sent[-2]["id"]})
                except Exception:  # item-not-found until the core has kept it
                    return None
            c.wait_for(lambda: s._run(newest(), 15) is not None, 15, "the archive to hold the messages")
            cursor = len(s.emulator.requests())
            since = len(c.stanzas)
            c.join_room(room, history=20)
            subject = c.wait_stanza(lambda m: m["from"].bare == room and
                                    m.xml.find("{jabber:client}subject") is not None, since=since)
            before = c.stanzas[since:c.stanzas.index(subject)]
            history = [m["body"] for m in before if m["type"] == "groupchat" and m["body"]]
            self.assertEqual(history, [f"while away {i}" for i in range(10, 30)])
            self.assertEqual(history_fetches(s, cursor), [])


if __name__ == "__main__":
    unittest.main()
