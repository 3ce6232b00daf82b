#!/usr/bin/python3
"""The emulator alone under a flood, without cordgate: one raw gateway client (alice of
seeds/basic.json, plain ws, no zlib) drains its socket while the emulator floods N
MESSAGE_CREATE into her DM at rate 0 (stamped). Prints the emulator's CPU per message (its
threads' run time from /proc/<pid>/task/*/schedstat, finer than clock ticks), msg/s and peak RSS.

  flood_bench.py --emulator build/tests/emulator/discord-emulator [--n 300000]
  --slow S     the client sleeps S seconds after each read of up to 256 KiB (a slow consumer)
  --dump FILE  unstamped flood; every byte received after the flood request goes to FILE, so two
               builds' bytes on the wire can be compared (md5sum)

On a shared machine the figures move by ±20% from run to run: alternate builds.
"""
import argparse
import base64
import json
import os
import socket
import subprocess
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
DM, BOB = "400000000000000001", "100000000000000003"


def cpu_seconds(pid):
    total = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
            total += int(f.read().split()[0])
    return total / 1e9


def peak_rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(f.read().split("VmHWM:")[1].split()[0]) // 1024


def masked_text_frame(text):
    data, mask = text.encode(), os.urandom(4)
    n = len(data)
    head = bytes([0x81]) + (bytes([0x80 | n]) if n < 126 else bytes([0x80 | 126]) + n.to_bytes(2, "big"))
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data))


def connect_alice(port):
    s = socket.create_connection(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall((f"GET /gateway?v=10&encoding=json HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
               f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    response = b""
    while b"\r\n\r\n" not in response:
        response += s.recv(65536)
    s.sendall(masked_text_frame(json.dumps({"op": 2, "d": {"token": "alice-token", "properties": {}}})))
    time.sleep(0.3)  # HELLO, READY: read and dropped
    s.setblocking(False)
    try:
        while s.recv(1 << 20):
            pass
    except BlockingIOError:
        pass
    s.setblocking(True)
    return s


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--emulator", required=True)
    ap.add_argument("--seed", default=os.path.join(HERE, "seeds", "basic.json"))
    ap.add_argument("--n", type=int, default=300000)
    ap.add_argument("--slow", type=float, default=0)
    ap.add_argument("--dump", default="")
    args = ap.parse_args()
    proc = subprocess.Popen([args.emulator, "--port", "0", "--seed", args.seed, "--log-level", "warn"],
                            stdout=subprocess.PIPE, text=True)
    try:
        port = int(proc.stdout.readline().split()[1])
        s = connect_alice(port)
        dump = open(args.dump, "wb") if args.dump else None
        cpu0, t0 = cpu_seconds(proc.pid), time.monotonic()
        body = {"channel_id": DM, "author_id": BOB, "count": args.n, "rate": 0, "stamp": not dump}
        urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/_emulator/flood",
                                                      data=json.dumps(body).encode(),
                                                      headers={"Content-Type": "application/json"})).read()
        # The last message's content ends its flood number with a space (stamped) or a quote.
        last = f"flood {args.n}".encode() + (b'"' if dump else b" ")
        tail, received = b"", 0
        while True:
            chunk = s.recv(1 << 18)
            if not chunk:
                raise SystemExit("the emulator closed the connection")
            received += len(chunk)
            if dump:
                dump.write(chunk)
            if args.slow:
                time.sleep(args.slow)
            if last in tail + chunk:
                break
            tail = chunk[-64:]
        cpu1, t1 = cpu_seconds(proc.pid), time.monotonic()
        print(f"n={args.n} bytes={received} wall={t1 - t0:.2f}s emulator_cpu={cpu1 - cpu0:.2f}s "
              f"us/msg={(cpu1 - cpu0) / args.n * 1e6:.2f} msg/s={args.n / (t1 - t0):.0f} "
              f"peak_rss={peak_rss_mib(proc.pid)}MiB")
    finally:
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    main()
