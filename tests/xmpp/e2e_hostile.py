#!/usr/bin/python3
"""Hostile input through a REAL prosody to the real cordgate-xmpp: malformed, truncated, huge
(10 MB body), entity-expansion (billion laughs), invalid JIDs, deep nesting, garbage iqs. The
gateway must answer with the right stanza errors where a reply is allowed, never crash, and
keep its one component connection the whole time (disco#info still answered after each).

usage: e2e_hostile.py ADAPTER KEYTOOL
"""
import asyncio
import socket
import sys

from gateway_harness import Harness, check, finish

NS_ERR = "{urn:ietf:params:xml:ns:xmpp-stanzas}"


class Catcher:
    """Collects error stanzas romeo receives, by id."""

    def __init__(self, client):
        self.errors = {}
        self.cond = asyncio.Condition()
        client.add_event_handler("message_error", self.on)
        client.add_event_handler("presence_error", self.on)

    def on(self, stanza):
        err = stanza.xml.find("{jabber:client}error")
        cond = None
        if err is not None:
            for c in err:
                if c.tag.startswith(NS_ERR) and not c.tag.endswith("}text"):
                    cond = c.tag[len(NS_ERR):]
                    break
        self.errors[stanza["id"]] = cond

        async def notify():
            async with self.cond:
                self.cond.notify_all()
        asyncio.ensure_future(notify())

    async def wait(self, sid, timeout=30):
        async with self.cond:
            try:
                await asyncio.wait_for(self.cond.wait_for(lambda: sid in self.errors), timeout)
            except asyncio.TimeoutError:
                return None
        return self.errors[sid]


async def iq_error(client, xml_text, timeout=5):
    """Sends a raw iq (its id must be 'X'), returns the error condition or the type."""
    fut = asyncio.get_event_loop().create_future()

    def on_iq(iq):
        if not fut.done():
            fut.set_result(iq)
    client.register_handler(__import__("slixmpp").xmlstream.handler.Callback(
        "raw-iq", __import__("slixmpp").xmlstream.matcher.MatchXPath("{jabber:client}iq"), on_iq))
    client.send_raw(xml_text)
    try:
        iq = await asyncio.wait_for(fut, timeout)
    except asyncio.TimeoutError:
        return "timeout"
    finally:
        client.remove_handler("raw-iq")
    if iq["type"] != "error":
        return iq["type"]
    return iq["error"]["condition"]


async def still_connected(h, client, what):
    info = await client["xep_0030"].get_info(jid=h.gateway, timeout=5)
    ok = ("gateway", "discord") in {(i[0], i[1]) for i in info["disco_info"]["identities"]}
    check(f"after {what}: gateway alive, answers disco, never reconnected",
          ok and h.alive() and h.connects() == 1, (h.alive(), h.connects()))


def raw_c2s(port, payload):
    """A throw-away TCP client that sends bytes and hangs up without closing the stream."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(payload)
        try:
            s.recv(4096)
        except OSError:
            pass


async def main(adapter, keytool):
    async with Harness(adapter, keytool, log_level="info") as h:
        GW = h.gateway
        P = "1234@" + GW
        _, priv = await h.wait_event("xmpp.privileges", timeout=10)
        if not check("adapter connected", priv is not None, h.adapter_log()[-2000:]):
            return
        h.rig.adduser("romeo", "romeopass")
        romeo = h.rig.client("romeo", "romeopass")
        romeo.start()
        await romeo.wait_online()
        errs = Catcher(romeo)

        # 10 MB body: prosody passes it (rig allows 16 MiB c2s stanzas), the gateway refuses it.
        big = "<message to='%s' id='big' type='chat'><body>%s</body></message>" % (P, "A" * (10 * 1024 * 1024))
        romeo.send_raw(big)
        check("10 MB body -> not-acceptable", await errs.wait("big", 90) == "not-acceptable", errs.errors.get("big"))
        await still_connected(h, romeo, "10 MB body")

        # Deep nesting: 500 levels of an unknown extension.
        deep = "".join("<x xmlns='urn:x'>" for _ in range(500)) + "".join("</x>" for _ in range(500))
        romeo.send_raw(f"<message to='{P}' id='deep' type='chat'><body>b</body>{deep}</message>")
        cond = await errs.wait("deep")
        check("500-deep nesting -> policy-violation (or refused by the server first)",
              cond in ("policy-violation", "bad-request", "not-acceptable", "resource-constraint"), cond)
        await still_connected(h, romeo, "deep nesting")

        # Invalid JIDs: escaped garbage in the resource / local parts.
        romeo.send_raw(f"<message to='a\"b@{GW}' id='badjid' type='chat'><body>x</body></message>")
        cond = await errs.wait("badjid")
        check("invalid JID -> jid-malformed (from the server or the gateway)", cond == "jid-malformed", cond)
        await still_connected(h, romeo, "invalid JID")

        # Stanza-level nonsense that reaches the gateway.
        check("iq get with no child -> bad-request",
              await iq_error(romeo, f"<iq type='get' id='X' to='{GW}'/>") == "bad-request")
        check("iq get with two children -> bad-request",
              await iq_error(romeo, f"<iq type='get' id='X' to='{GW}'><a xmlns='a'/><b xmlns='b'/></iq>") == "bad-request")
        check("iq in an unknown namespace -> feature-not-implemented",
              await iq_error(romeo, f"<iq type='get' id='X' to='{GW}'><q xmlns='urn:nope'/></iq>") == "feature-not-implemented")
        check("registration without token -> not-acceptable",
              await iq_error(romeo, f"<iq type='set' id='X' to='{GW}'><query xmlns='jabber:iq:register'/></iq>") == "not-acceptable")
        romeo.send_raw(f"<presence to='{P}' id='pshow'><show>sleepy</show></presence>")
        check("presence with invalid show -> bad-request", await errs.wait("pshow") == "bad-request")
        romeo.send_raw(f"<message to='{P}' id='corr' type='chat'><replace xmlns='urn:xmpp:message-correct:0' id='z'/></message>")
        check("correction without body -> bad-request", await errs.wait("corr") == "bad-request")
        romeo.send_raw(f"<message to='{GW}' id='togw' type='chat'><body>x</body></message>")
        check("message to the gateway itself -> service-unavailable", await errs.wait("togw") == "service-unavailable")
        await still_connected(h, romeo, "malformed stanzas")

        # Billion laughs and truncated/garbage streams from raw sockets: the server drops those
        # clients; nothing may reach or disturb the gateway.
        lol = "<!DOCTYPE x [<!ENTITY a 'aaaaaaaaaa'>" + "".join(
            "<!ENTITY %s '%s'>" % (chr(98 + i), ("&%s;" % chr(97 + i)) * 10) for i in range(9)) + "]>"
        hello = ("<?xml version='1.0'?><stream:stream to='localhost' xmlns='jabber:client' "
                 "xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>")
        raw_c2s(h.rig.c2s_port, (lol + hello).encode())
        raw_c2s(h.rig.c2s_port, (hello + "<message to='%s'><body>&j;</body></message>" % P).encode())
        raw_c2s(h.rig.c2s_port, (hello + "<message to='%s'><body>trunc" % P).encode())
        raw_c2s(h.rig.c2s_port, b"\x00\xff\xfe garbage \x80\x81 <<<>>>")
        # The same hostility inside an authenticated session: the server closes romeo's stream.
        romeo2 = h.rig.client("romeo", "romeopass", resource="second")
        romeo2.start()
        await romeo2.wait_online()
        romeo2.send_raw("<message to='%s'><body>&undefined;</body></message>" % P)
        romeo2.send_raw("<message to='%s'><body>cut" % P)
        await asyncio.sleep(0.5)
        await still_connected(h, romeo, "billion laughs, truncated and garbage streams")

        # A burst of mixed junk, then a normal message must still become an event.
        for i in range(200):
            romeo.send_raw(f"<iq type='get' id='j{i}' to='{P}'><query xmlns='urn:junk:{i}'/></iq>")
            romeo.send_raw(f"<message to='{P}' id='m{i}' type='chat'><body>{i}</body></message>")
        mark = h.mark()
        romeo.send_message(mto=P, mbody="after the storm", mtype="chat")
        _, ev = await h.wait_event("xmpp.message", mark, timeout=10,
                                   where=lambda e: e["payload"].get("body") == "after the storm")
        check("after a 400-stanza burst a normal message still becomes an event", ev is not None)
        await still_connected(h, romeo, "burst")
        romeo.disconnect()
        romeo2.disconnect()
        await asyncio.sleep(0.2)


if __name__ == "__main__":
    try:
        asyncio.run(asyncio.wait_for(main(sys.argv[1], sys.argv[2]), 120))
    except Exception as e:
        check("no exception", False, repr(e))
    sys.exit(finish())
