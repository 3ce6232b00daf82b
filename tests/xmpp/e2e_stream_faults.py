#!/usr/bin/python3
"""The real cordgate-xmpp against an XMPP server that misbehaves at the stream level, played by
the test itself (raw_server.py), since prosody refuses such input before it reaches a component:
- a stanza nested a million deep, and a start tag of 3 MiB: the process lives, answers
  <policy-violation/>, closes, logs why, reconnects, and stanzas flow again; a whole stanza of
  3 MiB is refused on its own with not-acceptable, and the stream goes on;
- a parse error (and restricted XML): <not-well-formed/> (<restricted-xml/>), closed, logged,
  reconnected: the link is never left dead and silent;
- effects whose text XMPP cannot carry: U+FFFE/U+FFFF and control characters are stripped, and a
  4 MiB body is cut to fit the stanza limit with a note, so the server never sees an invalid or
  oversized stanza (which would close the component's stream for every user).

usage: e2e_stream_faults.py ADAPTER KEYTOOL
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET

from gateway_harness import check, failures, finish
from raw_server import RawServer, stdio_adapter_config

GW = "discord.localhost"


class Adapter:
    def __init__(self, binary, keytool, folder, port, secret):
        self.folder = folder
        config = stdio_adapter_config(folder, keytool, port, secret, GW,
                                      "reconnect_min_ms = 50\nreconnect_max_ms = 200\n"
                                      "max_stanza_bytes = 131072")
        self.log_path = os.path.join(folder, "adapter.log")
        self.log_file = open(self.log_path, "wb")
        self.proc = subprocess.Popen([binary, "--config", config], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.log_file)
        self.events = []
        threading.Thread(target=self._read, daemon=True).start()
        self.next_id = 1

    def _read(self):
        for line in self.proc.stdout:
            if line.strip():
                self.events.append(json.loads(line))

    def effect(self, type_, payload):
        env = {"v": 1, "id": self.next_id, "cause": self.next_id, "user": "romeo@localhost",
               "type": type_, "payload": payload}
        self.next_id += 1
        self.proc.stdin.write((json.dumps(env) + "\n").encode())
        self.proc.stdin.flush()

    def log(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log_file.close()


def disco_answered(conn, iq_id):
    conn.send(f"<iq type='get' id='{iq_id}' from='romeo@localhost/x' to='{GW}'>"
              "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>")
    return conn.read_until(lambda t: f"id='{iq_id}'".encode() in t)


def refused_and_back(server, conn, adapter, name, bad, condition):
    conn.send_chunks(bad)
    check(f"{name}: answered with <{condition}/>",
          conn.read_until(lambda t: f"<{condition} ".encode() in t), conn.received[-300:])
    check(f"{name}: the adapter closed the connection", conn.wait_closed())
    time.sleep(0.3)  # a process that crashed closed the connection as it died
    check(f"{name}: the adapter is alive", adapter.proc.poll() is None, adapter.proc.returncode)
    check(f"{name}: the log says why", f"refused: <{condition}/>" in adapter.log())
    conn = server.accept_component()
    check(f"{name}: reconnected, and stanzas flow again", disco_answered(conn, name))
    return conn


def main():
    binary, keytool = sys.argv[1], sys.argv[2]
    folder = tempfile.mkdtemp(prefix="cordgate-stream-faults.")
    server = RawServer(secret="raw-secret", jid=GW)
    adapter = Adapter(binary, keytool, folder, server.port, "raw-secret")
    try:
        conn = server.accept_component()
        check("handshake accepted, disco answered", disco_answered(conn, "first"))

        deep = ("<message from='romeo@localhost/x' to='1@discord.localhost'>" + "<a>" * 1_000_000
                + "</a>" * 1_000_000 + "</message>")
        conn = refused_and_back(server, conn, adapter, "deep", deep, "policy-violation")
        big = "<message from='romeo@localhost/x' to='" + "x" * (3 << 20)
        conn = refused_and_back(server, conn, adapter, "giant start tag", big, "policy-violation")
        # A whole stanza over the limit is refused on its own; the stream goes on.
        conn.send_chunks("<message id='huge-in' type='chat' from='romeo@localhost/x' "
                         "to='1@discord.localhost'><body>" + "x" * (3 << 20) + "</body></message>")
        answered = conn.read_until(lambda t: b"id='huge-in'" in t and b"not-acceptable" in t)
        check("an oversized stanza gets not-acceptable, from the JID it addressed",
              answered and b"from='1@discord.localhost'" in conn.received, conn.received[-400:])
        check("... on the same connection", not conn.closed and adapter.proc.poll() is None)
        check("... and nothing reached the bus", not any(
            e["type"] == "xmpp.message" for e in adapter.events), adapter.events[-3:])
        conn.received = b""
        conn = refused_and_back(server, conn, adapter, "parse", "<message><body>x</presence>",
                                "not-well-formed")
        conn = refused_and_back(server, conn, adapter, "comment", "<!-- c -->", "restricted-xml")

        # Text XMPP cannot carry, from the Discord side.
        adapter.effect("xmpp.message", {"from": "1@" + GW, "to": "romeo@localhost",
                                        "type": "chat", "id": "bad-chars",
                                        "body": "a\ufffeb\uffffc\u0001d\u00e9\U0001F600"})
        ok = conn.read_until(lambda t: b"id='bad-chars'" in t and b"</message>" in t)
        text = conn.received.decode("utf-8", errors="replace")
        start = text.find("<message")
        stanza = text[start:text.find("</message>", start) + len("</message>")]
        try:
            body = ET.fromstring(stanza).find("body").text
        except ET.ParseError as e:
            body = f"not well-formed: {e}"
        check("U+FFFE/U+FFFF/controls stripped, the rest kept", ok and body == "abcd\u00e9\U0001F600",
              repr(body))
        conn.received = b""
        adapter.effect("xmpp.message", {"from": "1@" + GW, "to": "romeo@localhost",
                                        "type": "chat", "id": "huge",
                                        "body": "\u00e9" * (2 << 20)})
        ok = conn.read_until(lambda t: b"id='huge'" in t and b"</message>" in t, timeout=20)
        stanza = conn.received[conn.received.find(b"<message"):]
        stanza = stanza[:stanza.find(b"</message>") + len(b"</message>")]
        check("a 4 MiB body goes out in one stanza under the limit", ok and len(stanza) <= 131072,
              f"{len(stanza)} bytes")
        try:
            body = ET.fromstring(stanza).find("body").text
        except ET.ParseError as e:
            body = ""
            check("the cut stanza is well-formed", False, str(e))
        check("the cut body keeps whole characters and says it was cut",
              body.startswith("\u00e9" * 1000) and "cut" in body and "\ufffd" not in body,
              body[-200:])
        check("the adapter is still on the same connection", adapter.proc.poll() is None
              and not conn.closed)
    except Exception as e:  # a step that cannot go on is a failure, not a crash of the test
        check("the run went to its end", False, repr(e))
    finally:
        adapter.stop()
        server.close()
    if failures:
        print("folder kept for inspection:", folder)
    else:
        shutil.rmtree(folder, ignore_errors=True)
    return finish()


if __name__ == "__main__":
    sys.exit(main())
