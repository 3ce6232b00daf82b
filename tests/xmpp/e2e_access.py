#!/usr/bin/python3
"""Only users of the allowed domains may use the gateway ([xmpp] allowed_domains), against the
running cordgate-xmpp (stdio bus: its events are read from its stdout).

1. Raw: this test is the XMPP server's XEP-0114 listener (accepts the component, answers its
   stream header with an id, checks and accepts its <handshake/>) and plays stanzas from
   mallory@evil.example straight into the component, as a server with s2s would route them:
   registration, message, presence, a command, a privilege advertisement from evil.example,
   each answered <not-allowed/> (type cancel) from the addressed JID with the request's id; an
   error stanza from there is not answered; none becomes an event. The same registration from
   romeo@localhost (allowed by default: the parent domain of discord.localhost) is answered
   with a result and published, which also shows that everything before it was read.
2. Through a real prosody (tests/xmpp-rig; its s2s is off, so its own users stand in for a
   foreign domain): with allowed_domains = ["elsewhere.example"], romeo@localhost's XEP-0077
   registration gets not-allowed and publishes nothing.

usage: e2e_access.py ADAPTER KEYTOOL
"""
import asyncio
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import xml.etree.ElementTree as ET

from gateway_harness import Harness, check, finish
from raw_server import stdio_adapter_config

GW = "discord.localhost"
SECRET = "s3cr3t"
STREAM_ID = "fake-stream-1"
NS_ERR = "{urn:ietf:params:xml:ns:xmpp-stanzas}"
MALLORY = "mallory@evil.example/x"
ROMEO = "romeo@localhost/x"
TOKEN = "MTA4NjQ2Mjg.GxYz12.access-Test_Token-0123456789"


class FakeServer:
    """The server's side of XEP-0114 for one component connection."""

    def __init__(self):
        self.received = ""
        self.cond = asyncio.Condition()
        self.connected = asyncio.Event()
        self.handshake_ok = None
        self.handshake_text = ""
        self.writer = None

    async def start(self):
        self.server = await asyncio.start_server(self._on_connection, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]

    async def _read_until(self, reader, pattern):
        text = ""
        while not re.search(pattern, text, re.S):
            data = await reader.read(4096)
            if not data:
                raise ConnectionError("component hung up during the handshake: " + text)
            text += data.decode(errors="replace")
        return text

    async def _on_connection(self, reader, writer):
        if self.writer is not None:  # one component connection is the whole test
            writer.close()
            return
        self.writer = writer
        await self._read_until(reader, r"<stream:stream[^>]*>")
        writer.write(("<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept' "
                      "xmlns:stream='http://etherx.jabber.org/streams' "
                      f"id='{STREAM_ID}' from='{GW}'>").encode())
        text = await self._read_until(reader, r"</handshake>")
        self.handshake_text = text
        digest = re.search(r"<handshake[^>]*>\s*([0-9a-fA-F]+)\s*</handshake>", text)
        expected = hashlib.sha1((STREAM_ID + SECRET).encode()).hexdigest()
        self.handshake_ok = bool(digest) and digest.group(1).lower() == expected
        writer.write(b"<handshake/>")
        await writer.drain()
        self.connected.set()
        while True:
            data = await reader.read(65536)
            if not data:
                return
            async with self.cond:
                self.received += data.decode(errors="replace")
                self.cond.notify_all()

    def send(self, xml):
        self.writer.write(xml.encode())

    def _find(self, sid):
        m = re.search(r"<(iq|message|presence)\b[^>]*\bid=(['\"])" + re.escape(sid) +
                      r"\2[^>]*?(/>|>.*?</\1>)", self.received, re.S)
        return ET.fromstring(m.group(0)) if m else None

    async def stanza(self, sid, timeout=5.0):
        """The stanza with this id the component wrote, parsed; None when none came."""
        async with self.cond:
            try:
                await asyncio.wait_for(self.cond.wait_for(lambda: self._find(sid) is not None),
                                       timeout)
            except asyncio.TimeoutError:
                return None
            return self._find(sid)

    async def close(self):
        if self.writer:
            self.writer.close()
        self.server.close()
        await self.server.wait_closed()


def local(tag):
    return tag.rsplit("}", 1)[-1]


def condition(stanza):
    errors = [] if stanza is None else [c for c in stanza if local(c.tag) == "error"]
    if not errors:
        return None, None
    error = errors[0]
    for c in error:
        if c.tag.startswith(NS_ERR) and not c.tag.endswith("}text"):
            return c.tag[len(NS_ERR):], error.get("type")
    return "?", error.get("type")


async def raw_part(adapter, keytool):
    folder = tempfile.mkdtemp(prefix="cordgate-access.")
    server = FakeServer()
    await server.start()
    config = stdio_adapter_config(folder, keytool, server.port, SECRET, GW)
    log_path = os.path.join(folder, "adapter.log")
    log = open(log_path, "wb")
    proc = await asyncio.create_subprocess_exec(
        adapter, "--config", config, stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE, stderr=log)
    events = []

    async def read_events():
        async for raw in proc.stdout:
            if raw.strip():
                events.append(json.loads(raw))
    reader = asyncio.create_task(read_events())
    ok = True
    try:
        await asyncio.wait_for(server.connected.wait(), 10)
        check("raw: the component connected and its handshake is sha1(id + secret)",
              server.handshake_ok, server.handshake_text)

        register = ("<iq type='set' id='{id}' from='{frm}' to='" + GW + "'>"
                    "<query xmlns='jabber:iq:register'><username>m</username>"
                    "<password>" + TOKEN + "</password></query></iq>")
        server.send(register.format(id="r1", frm=MALLORY))
        reply = await server.stanza("r1")
        check("raw: a registration from mallory@evil.example is answered",
              reply is not None, server.received[-500:])
        if reply is not None:
            check("raw: ... with an iq error not-allowed (type cancel)",
                  local(reply.tag) == "iq" and reply.get("type") == "error" and
                  condition(reply) == ("not-allowed", "cancel"), ET.tostring(reply))
            check("raw: ... from the gateway, to mallory's full JID",
                  reply.get("from") == GW and reply.get("to") == MALLORY, reply.attrib)

        others = {
            "m1": f"<message type='chat' id='m1' from='{MALLORY}' to='123@{GW}'>"
                  "<body>hi</body></message>",
            "p1": f"<presence id='p1' from='{MALLORY}' to='123@{GW}'/>",
            "j1": f"<presence id='j1' from='{MALLORY}' to='600@{GW}/m'>"
                  "<x xmlns='http://jabber.org/protocol/muc'/></presence>",
            "c1": f"<iq type='set' id='c1' from='{MALLORY}' to='{GW}'>"
                  "<command xmlns='http://jabber.org/protocol/commands' node='login' "
                  "action='execute'/></iq>",
            "v1": f"<iq type='get' id='v1' from='{MALLORY}' to='123@{GW}'>"
                  "<vCard xmlns='vcard-temp'/></iq>",
            "u1": f"<iq type='set' id='u1' from='{MALLORY}' to='{GW}'>"
                  "<query xmlns='jabber:iq:register'><remove/></query></iq>",
            "g1": f"<message id='g1' from='evil.example' to='{GW}'>"
                  "<privilege xmlns='urn:xmpp:privilege:2'><perm access='roster' type='both'/>"
                  "</privilege></message>",
        }
        for sid, xml in others.items():
            server.send(xml)
        for sid, xml in others.items():
            reply = await server.stanza(sid)
            to = re.search(r"to='([^']*)'", xml).group(1)
            frm = re.search(r"from='([^']*)'", xml).group(1)
            check(f"raw: {xml[:60]}... -> not-allowed from {to}",
                  reply is not None and reply.get("type") == "error" and
                  condition(reply)[0] == "not-allowed" and reply.get("from") == to and
                  reply.get("to") == frm,
                  None if reply is None else ET.tostring(reply))

        # An error from there is never answered: sent before the control, so once the
        # control's answer is in, any answer to it would be too.
        server.send(f"<message type='error' id='e1' from='{MALLORY}' to='123@{GW}'>"
                    "<error type='cancel'><item-not-found "
                    "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>")
        server.send(register.format(id="r2", frm=ROMEO))
        reply = await server.stanza("r2")
        check("raw: the same registration from romeo@localhost is answered with a result",
              reply is not None and reply.get("type") == "result",
              None if reply is None else ET.tostring(reply))
        for _ in range(50):
            if any(e["type"] == "xmpp.register" for e in events):
                break
            await asyncio.sleep(0.1)
        registers = [e for e in events if e["type"] == "xmpp.register"]
        check("raw: exactly one xmpp.register was published, romeo's",
              [e["user"] for e in registers] == ["romeo@localhost"], registers)
        check("raw: no event at all from evil.example",
              not any("evil.example" in json.dumps(e) for e in events),
              [e["type"] for e in events])
        check("raw: the error stanza from evil.example was not answered",
              await server.stanza("e1", timeout=0.5) is None)
        check("raw: the token is in no log line",
              TOKEN not in open(log_path, errors="replace").read())
        check("raw: the adapter is still running", proc.returncode is None)
    except Exception as e:  # a timeout or a crash is a failure with its reason
        ok = check("raw: no exception", False, repr(e))
    finally:
        if proc.returncode is None:
            proc.terminate()  # our own child, by handle
            try:
                await asyncio.wait_for(proc.wait(), 5)
            except asyncio.TimeoutError:
                proc.kill()
        reader.cancel()
        log.close()
        await server.close()
        if ok and not any(n.startswith("raw:") for n in sys.modules["gateway_harness"].failures):
            shutil.rmtree(folder, ignore_errors=True)
        else:
            print("raw part's folder kept for inspection:", folder)


async def prosody_part(adapter, keytool):
    import slixmpp

    async with Harness(adapter, keytool,
                       xmpp_extra='allowed_domains = ["elsewhere.example"]') as h:
        h.rig.adduser("romeo", "romeopass")
        romeo = h.rig.client("romeo", "romeopass", plugins=("xep_0030", "xep_0077"))
        romeo.start()
        await romeo.wait_online()
        for _ in range(100):
            if h.connects() >= 1:
                break
            await asyncio.sleep(0.1)
        mark = h.mark()
        iq = romeo.Iq()
        iq["type"], iq["to"] = "set", h.gateway
        iq["register"]["password"] = TOKEN
        got = None
        try:
            got = (await iq.send(timeout=5))["type"]
        except slixmpp.exceptions.IqError as e:
            got = (e.iq["error"]["condition"], e.iq["error"]["type"], e.iq["from"].bare)
        except slixmpp.exceptions.IqTimeout:
            got = "timeout"
        check("prosody: romeo@localhost, not in allowed_domains, registers: not-allowed "
              "(cancel) from the gateway", got == ("not-allowed", "cancel", h.gateway), got)
        _, reg = await h.wait_event("xmpp.register", mark, timeout=1)
        check("prosody: no xmpp.register published", reg is None, reg)
        romeo.disconnect()
        await asyncio.sleep(0.2)


async def main(adapter, keytool):
    await raw_part(adapter, keytool)
    await prosody_part(adapter, keytool)


if __name__ == "__main__":
    try:
        asyncio.run(asyncio.wait_for(main(sys.argv[1], sys.argv[2]), 120))
    except Exception as e:  # a timeout or a crash is a failure with its reason
        check("no exception", False, repr(e))
    sys.exit(finish())
