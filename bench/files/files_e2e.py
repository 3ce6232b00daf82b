#!/usr/bin/python3
"""Re-hosting files Discord -> XMPP through the whole stack (issue #24's benchmark): the core,
both adapters, the emulator's signed CDN and prosody's mod_http_file_share. Run with
/usr/bin/python3 from the checkout.

    bench/files/files_e2e.py [--files 100] [--size-kib 1024]
    bench/files/files_e2e.py --smoke      # ctest bench_files_e2e_smoke: 5 files

romeo@localhost (alice's account) is the XMPP user; bob sends in his DM with alice. Three runs:
1. text: --files text messages, one after the other: the latency of a message without a file
   (bob's POST at the emulator -> the message at romeo's client);
2. one by one: --files messages with one attachment each, the next sent when the last file's
   message arrived: the latency of a message's file (POST -> the XEP-0066 message on romeo's
   upload host), p50/p99, and what a file adds over text;
3. burst: --files such messages posted at once: MB/s from the first POST to the last file's
   message, every file in the chat's order.
The Discord adapter's peak resident set (VmHWM, reset before runs 2 and 3) against its size
before: streaming holds one 64 KiB piece per copy, so the growth should stay under two files.
Every copy's SHA-256 (XEP-0447) is checked against the emulator's bytes. Nothing is asserted on
time; --smoke exits non-zero when a file is missing, out of order, wrong, or memory grew by two
files' size.
"""
import argparse
import hashlib
import json
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(TOP, "tests", "fullstack"))
from stack import Stack  # noqa: E402

OOB = "jabber:x:oob"
SFS = "urn:xmpp:sfs:0"
HASHES = "urn:xmpp:hashes:2"




def say(msg):
    print(f"[files-e2e] {msg}", file=sys.stderr, flush=True)


def oob(m):
    el = m.stanza.xml.find(f"{{{OOB}}}x/{{{OOB}}}url")
    return el.text if el is not None else None


def sha_of(m):
    for el in m.stanza.xml.iter(f"{{{HASHES}}}hash"):
        if el.get("algo") == "sha-256":
            return el.text
    return None


def expected_sha(attachment_id, size):
    import base64
    pattern = bytes(range(251))
    start = int(attachment_id) % 251
    h = hashlib.sha256()
    pos = 0
    while pos < size:
        off = (pos + start) % 251
        piece = (pattern[off:] + pattern[:off]) * 64
        take = min(len(piece), size - pos)
        h.update(piece[:take])
        pos += take
    return base64.b64encode(h.digest()).decode()


def vm_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def reset_peak(pid):
    with open(f"/proc/{pid}/clear_refs", "w") as f:
        f.write("5")


def pct(values, p):
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]


def run(n, size, wave_size=0):
    out = {"files": n, "size": size}
    with Stack(quiet=True, log_level="info") as s:
        c = s.client("romeo")
        c.register(token=s.token("alice"))
        channel, bob = s.dm_channel("alice", "bob"), s.uid("bob")
        s.emulator.inject_message(channel, bob, "warming up")
        c.wait_message(lambda m: m.body == "warming up", timeout=30)
        upload_host = f"http://127.0.0.1:{s.rig.http_port}/"
        discord = s.procs["discord"].pid
        wrong = 0

        # 1. text, one by one
        text = []
        for i in range(n):
            since = c.mark()
            t0 = time.monotonic()
            s.emulator.inject_message(channel, bob, f"text {i}")
            c.wait_message(lambda m: m.body == f"text {i}", since=since, timeout=30)
            text.append((time.monotonic() - t0) * 1000)
        say(f"text: p50 {pct(text, 50):.1f} ms, p99 {pct(text, 99):.1f} ms")

        # 2. files, one by one
        rss_before = vm_kib(discord, "VmRSS")
        reset_peak(discord)
        one = []
        for i in range(n):
            since = c.mark()
            t0 = time.monotonic()
            sent = s.emulator.inject_message(channel, bob, "",
                                             attachments=[{"filename": f"one{i}.bin", "size": size}])
            f = c.wait_message(lambda m: oob(m) is not None and f"one{i}.bin" in oob(m), since=since,
                               timeout=60)
            one.append((time.monotonic() - t0) * 1000)
            if not oob(f).startswith(upload_host) or sha_of(f) != expected_sha(sent["attachments"][0]["id"], size):
                wrong += 1
            if (i + 1) % 10 == 0:
                say(f"one by one: {i + 1}/{n}")
        peak_one = vm_kib(discord, "VmHWM")
        say(f"files one by one: p50 {pct(one, 50):.1f} ms, p99 {pct(one, 99):.1f} ms")

        # 3. burst: all at once by default (the core copies 16 of a user's files at once and
        # queues the rest, core/file_transfers.hpp), or in waves of --wave
        wrong_one_by_one = wrong
        reset_peak(discord)
        since = c.mark()
        t0 = time.monotonic()
        posted, done_at = [], None
        step = wave_size or n
        for start in range(0, n, step):
            wave = range(start, min(n, start + step))
            posted += [s.emulator.inject_message(channel, bob, "", attachments=[
                {"filename": f"burst{i}.bin", "size": size}]) for i in wave]
            deadline = time.monotonic() + 60 + len(wave) * 2
            while time.monotonic() < deadline:
                if len([m for m in c.messages[since:] if oob(m) and "/burst" in oob(m)]) >= len(posted):
                    break
                time.sleep(0.02)
        done_at = time.monotonic()
        got = [m for m in c.messages[since:] if oob(m) and "/burst" in oob(m)]
        order = [int(oob(m).rsplit("burst", 1)[1].split(".")[0]) for m in got]
        for m, p in zip(got, [posted[i] for i in order]):
            if not oob(m).startswith(upload_host) or sha_of(m) != expected_sha(p["attachments"][0]["id"], size):
                wrong += 1
        peak_burst = vm_kib(discord, "VmHWM")
        out.update({
            "text_ms_p50": round(pct(text, 50), 1), "text_ms_p99": round(pct(text, 99), 1),
            "file_ms_p50": round(pct(one, 50), 1), "file_ms_p99": round(pct(one, 99), 1),
            "added_ms_p50": round(pct(one, 50) - pct(text, 50), 1),
            "burst_files": len(got), "burst_in_order": order == sorted(order) and len(got) == n,
            "burst_s": round(done_at - t0, 2) if done_at else None,
            "burst_mb_s": round(n * size / 1e6 / (done_at - t0), 1) if done_at else None,
            "wrong_one_by_one": wrong_one_by_one, "wrong": wrong, "wave": step,
            "rss_before_kib": rss_before, "peak_one_by_one_kib": peak_one,
            "peak_burst_kib": peak_burst,
            "growth_kib": max(peak_one, peak_burst) - rss_before,
            "two_files_kib": 2 * size // 1024,
        })
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=100)
    ap.add_argument("--size-kib", type=int, default=1024)
    ap.add_argument("--wave", type=int, default=0,
                    help="post the burst in waves of this many files (0: all at once)")
    ap.add_argument("--smoke", action="store_true")
    a = ap.parse_args()
    if a.smoke:
        a.files = 5
    res = run(a.files, a.size_kib * 1024, a.wave)
    print(json.dumps(res, indent=1))
    bad = res["wrong"] or not res["burst_in_order"] or res["growth_kib"] >= res["two_files_kib"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
