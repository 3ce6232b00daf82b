"""A minimal XEP-0114 server for the end-to-end benchmark's "raw sink" mode: it accepts any
component (any handshake), answers nothing else, and counts the message bodies that start with
`<body>PREFIX ` (default "flood "). It stands in for prosody so the figure is cordgate's own
ceiling. Every 50 ms it rewrites STATUS_FILE with one JSON object:
{"connections", "handshakes", "messages", "bytes", "first_ns", "last_ns"}.

    /usr/bin/python3 raw_sink.py PORT STATUS_FILE [PREFIX]

Counting is bytes.count() on each chunk (plus a tail carried over between chunks), so the
sink's cost per stanza is far below the gateway's: measured in bench/RESULTS.md ("raw sink").
"""
import asyncio
import json
import os
import signal
import sys
import time

STREAM = ("<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept' "
          "xmlns:stream='http://etherx.jabber.org/streams' id='sink{}' from='{}'>")


class Sink:
    def __init__(self, status, prefix):
        self.status, self.needle = status, b"<body>" + prefix.encode() + b" "
        self.stats = {"connections": 0, "handshakes": 0, "messages": 0, "bytes": 0,
                      "first_ns": 0, "last_ns": 0}

    async def handle(self, reader, writer):
        self.stats["connections"] += 1
        buf = b""
        # Stream header: answer with ours, from the name it asked for.
        while b">" not in buf.split(b"<stream:stream", 1)[-1]:
            data = await reader.read(65536)
            if not data:
                return
            buf += data
        head = buf.split(b"<stream:stream", 1)[-1].split(b">", 1)[0].decode(errors="replace")
        to = "component"
        for q in ("'", '"'):
            if f"to={q}" in head:
                to = head.split(f"to={q}", 1)[1].split(q, 1)[0]
        writer.write(STREAM.format(self.stats["connections"], to).encode())
        while b"</handshake>" not in buf and b"<handshake/>" not in buf:
            data = await reader.read(65536)
            if not data:
                return
            buf += data
        writer.write(b"<handshake/>")
        await writer.drain()
        self.stats["handshakes"] += 1
        rest = buf.split(b"handshake>", 1)[-1] if b"</handshake>" in buf else b""
        tail = b""
        needle, n = self.needle, len(self.needle)
        data = rest
        while True:
            if data:
                chunk = tail + data
                c = chunk.count(needle)
                if c:
                    t = time.time_ns()
                    if not self.stats["first_ns"]:
                        self.stats["first_ns"] = t
                    self.stats["last_ns"] = t
                    self.stats["messages"] += c
                self.stats["bytes"] += len(data)
                tail = chunk[-(n - 1):]
            data = await reader.read(262144)
            if not data:
                break
        writer.close()

    async def report(self):
        tmp = self.status + ".tmp"
        last = None
        while True:
            snap = json.dumps(self.stats)
            if snap != last:
                with open(tmp, "w") as f:
                    f.write(snap)
                os.replace(tmp, self.status)
                last = snap
            await asyncio.sleep(0.05)


async def main():
    port, status = int(sys.argv[1]), sys.argv[2]
    sink = Sink(status, sys.argv[3] if len(sys.argv) > 3 else "flood")
    server = await asyncio.start_server(sink.handle, "127.0.0.1", port, reuse_address=True)
    loop = asyncio.get_running_loop()
    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: stop.done() or stop.set_result(None))
    reporter = asyncio.ensure_future(sink.report())
    print("LISTENING", port, flush=True)
    await stop
    reporter.cancel()
    server.close()


if __name__ == "__main__":
    asyncio.run(main())
