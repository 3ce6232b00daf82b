#!/usr/bin/python3
"""Where a stamped message's latency goes, hop by hop, from a packet capture of loopback.

    tcpdump -i lo -s 3000 -w /dev/shm/hops.pcap tcp &    # while an e2e.py d2x@R or biboumi run goes
    bench/e2e/hops.py /dev/shm/hops.pcap

Write the capture to memory (/dev/shm), not to the disk the core's log is on: tcpdump's writes
stalled the core's fsyncs there (p99 216 ms at the client against 10.5 with the capture in
/dev/shm, bench/RESULTS.md, issue #6 session 11).

Every stamped flood message carries "flood k t_ns" (t_ns: the sender's CLOCK_REALTIME just
before it made message k) in the clear on each TCP hop: the emulator's gateway frame to
cordgate-discord, cordgate-xmpp's stanza to prosody, prosody's stanza to the client (the
ZeroMQ hops between cordgate's processes are a unix socket, not captured). For each TCP flow
that carried them, this prints when message k first appeared on it, as latency from the stamp,
flows in the order the messages travel (by their median), and the hop from the flow before:
the time spent between two captures points. Capture on the same host as the run: the stamps
and the capture share its clock.
"""
import collections
import re
import struct
import sys

STAMP = re.compile(rb"flood (\d+) (\d+)")


def packets(path):
    """(t_ns, sport, dport, payload) of each IPv4 TCP packet in a pcap file."""
    with open(path, "rb") as f:
        header = f.read(24)
        magic = struct.unpack("<I", header[:4])[0]
        if magic not in (0xA1B2C3D4, 0xA1B23C4D):
            sys.exit(f"{path}: not a little-endian pcap file")
        nano = magic == 0xA1B23C4D
        link = struct.unpack("<I", header[20:24])[0]
        offset = {1: 14, 113: 16}.get(link)
        if offset is None:
            sys.exit(f"{path}: link type {link} (capture with -i lo)")
        while True:
            rec = f.read(16)
            if len(rec) < 16:
                return
            sec, frac, incl, _ = struct.unpack("<IIII", rec)
            data = f.read(incl)
            ip = data[offset:]
            if len(ip) < 20 or ip[0] >> 4 != 4 or ip[9] != 6:
                continue
            tcp = ip[(ip[0] & 15) * 4:]
            if len(tcp) < 20:
                continue
            sport, dport = struct.unpack(">HH", tcp[:4])
            yield sec * 1_000_000_000 + (frac if nano else frac * 1000), sport, dport, tcp[(tcp[12] >> 4) * 4:]


def pct(xs, p):
    return xs[min(len(xs) - 1, int(p * len(xs)))]


def summary(xs):
    xs = sorted(xs)
    return f"p50 {pct(xs, .5):7.3f}  p99 {pct(xs, .99):7.3f}  p999 {pct(xs, .999):7.3f}  max {xs[-1]:7.3f} ms  n={len(xs)}"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    first_seen = collections.defaultdict(dict)  # (sport, dport) -> k -> t_ns
    stamp = {}
    for t, sport, dport, payload in packets(sys.argv[1]):
        for m in STAMP.finditer(payload):
            k = int(m.group(1))
            stamp[k] = int(m.group(2))
            first_seen[(sport, dport)].setdefault(k, t)
    if not first_seen:
        sys.exit("no stamped flood messages in the capture")

    def median_latency(flow):
        return sorted(t - stamp[k] for k, t in first_seen[flow].items())[len(first_seen[flow]) // 2]
    previous = None
    for flow in sorted(first_seen, key=median_latency):
        seen = first_seen[flow]
        print(f"flow {flow[0]} -> {flow[1]}: from the stamp  {summary([(t - stamp[k]) / 1e6 for k, t in seen.items()])}")
        if previous:
            hop = [(t - first_seen[previous][k]) / 1e6 for k, t in seen.items() if k in first_seen[previous]]
            if hop:
                print(f"    hop from the flow before:   {summary(hop)}")
        previous = flow


if __name__ == "__main__":
    main()
