#!/usr/bin/python3
"""Re-hosting files Discord -> XMPP (issue #24), the Discord adapter's transfer alone.
Run with /usr/bin/python3.

    bench/files/files_bench.py [--files 100] [--size-kib 1024] [--concurrency 1,4]
    bench/files/files_bench.py --smoke    # ctest bench_files_smoke: 5 files of 1 MiB

What runs: the test rig's prosody with mod_http_file_share on upload.localhost (plain HTTP on
loopback), the Discord emulator, and bench_transfer, which drives the adapter's own Transfer
(adapters/discord/transfer.hpp: the code discord.rehost_file runs) from the emulator's CDN to
the upload slots. romeo asks prosody for one XEP-0363 slot per file (slixmpp's request_slot);
bob posts the files to the emulator as attachments (bytes made by its CDN). Not in the loop:
the core and the bus, which do not carry file bytes (the full pipeline's run is left for when
the core emits discord.rehost_file).

Figures: MB/s over the whole run, per-file copy time p50/p99 (the latency a file adds before
its message can go out), and the copier's resident set before the first file and its peak:
streaming holds one 64 KiB piece per transfer, so the peak should not grow with the files'
size (goal: less than 2 files' size). Each file's SHA-256 is checked against the bytes the
emulator serves. Nothing is asserted on time.
"""
import argparse
import asyncio
import base64
import hashlib
import json
import os
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(TOP, "tests", "xmpp-rig"))
import rig as rigmod  # noqa: E402

BUILD = os.environ.get("CORDGATE_BUILD_DIR") or os.path.join(TOP, "build")
DM, BOB = "400000000000000001", "100000000000000003"


def say(msg):
    print(f"[files] {msg}", file=sys.stderr, flush=True)


def call(port, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method)
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read() or b"null")


def expected_sha(attachment_id, size):
    pattern = bytes(range(251))
    start = attachment_id % 251
    h = hashlib.sha256()
    pos = 0
    while pos < size:
        off = (pos + start) % 251
        piece = pattern[off:] + pattern[:off]
        h.update(piece[: min(251, size - pos)])
        pos += 251
    return base64.b64encode(h.digest()).decode()


def start_emulator(folder):
    out = open(os.path.join(folder, "emulator.out"), "w+")
    err = open(os.path.join(folder, "emulator.err"), "w")
    p = subprocess.Popen([os.path.join(BUILD, "tests/emulator/discord-emulator"), "--port", "0",
                          "--seed", os.path.join(TOP, "tests/emulator/seeds/basic.json")],
                         stdout=out, stderr=err)
    for _ in range(200):
        out.seek(0)
        text = out.read()
        if text.startswith("LISTENING ") and "\n" in text:
            return p, int(text.split()[1])
        time.sleep(0.05)
    raise RuntimeError("the emulator did not start")


async def slots(rig, n, size):
    import slixmpp  # noqa: F401
    rig.adduser("romeo", "romeopass")
    c = rig.client("romeo", "romeopass", plugins=("xep_0030", "xep_0363"))
    c.start()
    await c.wait_online(15)
    got = []
    for i in range(n):
        iq = await c["xep_0363"].request_slot(rig.upload_service, f"file{i}.bin", size,
                                              "application/octet-stream")
        slot = iq["http_upload_slot"]
        headers = [(h["name"], h["value"]) for h in slot["put"]["headers"]]
        got.append((slot["put"]["url"], slot["get"]["url"], headers))
    c.disconnect()
    return got


def run(files, size, concurrency, folder):
    with rigmod.Rig() as rig:  # its own folder: prosody runs as nobody and needs to enter it
        emu, port = start_emulator(folder)
        try:
            loop = asyncio.new_event_loop()
            got = loop.run_until_complete(slots(rig, files, size))
            lines, expect = [], []
            for i, (put, get, headers) in enumerate(got):
                m = call(port, "POST", "/_emulator/message",
                         {"channel_id": DM, "author_id": BOB, "content": "",
                          "attachments": [{"filename": f"file{i}.bin", "size": size}]})
                a = m["attachments"][0]
                src = f"http://127.0.0.1:{port}" + a["url"][len("https://cdn.discordapp.com"):]
                lines.append("\t".join([src, put] + [x for h in headers for x in h]))
                expect.append((int(a["id"]), get))
            t0 = time.monotonic()
            r = subprocess.run([os.path.join(BUILD, "bench/bench_transfer"), "--concurrency",
                                str(concurrency)], input="\n".join(lines) + "\n", text=True,
                               capture_output=True, timeout=600)
            wall = time.monotonic() - t0
            rows = [json.loads(x) for x in r.stdout.splitlines() if x.strip()]
            summary, per = rows[-1], rows[:-1]
            bad = [p for p in per if not p["ok"]
                   or p["sha256"] != expected_sha(expect[p["i"]][0], size)]
            # One GET from prosody: what the XMPP client would fetch is the file.
            probe = urllib.request.urlopen(expect[0][1], timeout=30).read()
            ms = sorted(p["ms"] for p in per)
            q = lambda f: ms[min(len(ms) - 1, int(f * len(ms)))]  # noqa: E731
            total_mb = files * size / 1e6
            return {"files": files, "size_kib": size // 1024, "concurrency": concurrency,
                    "ok": len(per) - len(bad), "failed": len(bad),
                    # File 0's bytes: per's rows come in the order copies finished.
                    "first_get_matches": hashlib.sha256(probe).digest()
                    == base64.b64decode(expected_sha(expect[0][0], size)),
                    "mb_per_s": round(total_mb / (summary["wall_ms"] / 1000), 1),
                    "p50_ms": round(q(0.5), 1), "p99_ms": round(q(0.99), 1),
                    "rss_before_kib": summary["rss_before_kib"],
                    "peak_rss_kib": summary["peak_rss_kib"],
                    "rss_growth_kib": summary["peak_rss_kib"] - summary["rss_before_kib"],
                    "two_files_kib": 2 * size // 1024, "wall_s": round(wall, 2),
                    "errors": [p["error"] for p in bad][:3]}
        finally:
            emu.terminate()
            emu.wait(5)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=100)
    ap.add_argument("--size-kib", type=int, default=1024)
    ap.add_argument("--concurrency", default="1,4")
    ap.add_argument("--smoke", action="store_true")
    a = ap.parse_args()
    if a.smoke:
        a.files, a.size_kib, a.concurrency = 5, 1024, "2"
    import tempfile
    results = []
    for c in [int(x) for x in a.concurrency.split(",")]:
        with tempfile.TemporaryDirectory(prefix="cordgate-files-bench.") as folder:
            res = run(a.files, a.size_kib * 1024, c, folder)
            say(json.dumps(res))
            results.append(res)
    print(json.dumps(results, indent=1))
    if any(r["failed"] or not r["first_get_matches"] or r["rss_growth_kib"] >= r["two_files_kib"]
           for r in results):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
