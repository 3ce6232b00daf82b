"""The IRC side of the biboumi comparison: one raw IRC client on ngircd.

    /usr/bin/python3 irc_peer.py PORT NICK CHANNEL
then commands on stdin, one per line, answers on stdout:
    flood N      -> sends N "PRIVMSG CHANNEL :flood k" as fast as the socket takes them;
                    answers "SENT <t_start_ns> <t_end_ns>"
    flood N R    -> the same at R messages/s, each line sent on its own and stamped
                    "flood k t_ns" with CLOCK_REALTIME just before it is written (the stamp
                    the emulator puts in its paced floods, so latency is measured alike)
    count N T    -> waits until N "PRIVMSG CHANNEL :bench " lines arrived since the last count
                    (or T seconds without one); answers "COUNT <n> <t_last_ns>"
It prints "READY" after the JOIN is confirmed. Counting is bytes.count() per chunk: cheap next
to the gateways it measures.
"""
import os
import select
import socket
import sys
import time


def main():
    port, nick, chan = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    s = socket.create_connection(("127.0.0.1", port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    s.sendall(f"NICK {nick}\r\nUSER {nick} 0 * :{nick}\r\n".encode())
    buf = b""
    joined = False
    while not joined:
        data = s.recv(65536)
        if not data:
            sys.exit("irc_peer: connection closed before JOIN")
        buf += data
        while b"\r\n" in buf:
            line, buf = buf.split(b"\r\n", 1)
            parts = line.split()
            if parts[:1] == [b"PING"]:
                s.sendall(b"PONG " + b" ".join(parts[1:]) + b"\r\n")
            elif len(parts) > 1 and parts[1] == b"001":
                s.sendall(f"JOIN {chan}\r\n".encode())
            elif len(parts) > 1 and parts[1] == b"366":  # end of NAMES: joined
                joined = True
    print("READY", flush=True)
    needle = f"PRIVMSG {chan} :bench ".encode()
    tail, count, t_last = b"", 0, 0
    s.setblocking(False)
    pending = b""

    def pump(timeout):
        nonlocal tail, count, t_last, pending
        r, w, _ = select.select([s, sys.stdin], [s] if pending else [], [], timeout)
        if s in w and pending:
            try:
                n = s.send(pending)
                pending = pending[n:]
            except BlockingIOError:
                pass
        if s in r:
            data = s.recv(1 << 20)
            if not data:
                sys.exit("irc_peer: connection closed")
            chunk = tail + data
            c = chunk.count(needle)
            if c:
                count += c
                t_last = time.time_ns()
            if b"PING " in chunk:
                for line in chunk.split(b"\r\n"):
                    if line.startswith(b"PING "):
                        pending += b"PONG " + line[5:] + b"\r\n"
            tail = chunk[-(len(needle) - 1):]
        return sys.stdin in r

    base = 0
    while True:
        if not pump(1.0):
            continue
        cmd = sys.stdin.readline().split()
        if not cmd:
            return
        if cmd[0] == "flood" and len(cmd) > 2 and int(cmd[2]) > 0:
            n, rate = int(cmd[1]), int(cmd[2])
            t0 = time.time_ns()
            start = time.monotonic()
            for k in range(1, n + 1):
                due = start + (k - 1) / rate
                while True:  # sleep most of the wait, then keep reading what arrives
                    left = due - time.monotonic()
                    if left <= 0:
                        break
                    r, _, _ = select.select([s], [], [], left)
                    if r and not s.recv(1 << 20):
                        sys.exit("irc_peer: connection closed")
                line = f"PRIVMSG {chan} :flood {k} {time.time_ns()}\r\n".encode()
                s.setblocking(True)
                s.sendall(line)
                s.setblocking(False)
            print(f"SENT {t0} {time.time_ns()}", flush=True)
        elif cmd[0] == "flood":
            n = int(cmd[1])
            t0 = time.time_ns()
            pending += b"".join(f"PRIVMSG {chan} :flood {k}\r\n".encode() for k in range(1, n + 1))
            while pending:
                r, w, _ = select.select([s], [s], [], 1.0)
                if w:
                    try:
                        m = s.send(pending)
                        pending = pending[m:]
                    except BlockingIOError:
                        pass
                if r:  # keep reading (echoes, PINGs) so nobody blocks
                    data = s.recv(1 << 20)
                    if not data:
                        sys.exit("irc_peer: connection closed")
            print(f"SENT {t0} {time.time_ns()}", flush=True)
        elif cmd[0] == "count":
            n, idle = int(cmd[1]), float(cmd[2])
            last_seen, last_change = count, time.monotonic()
            while count - base < n and time.monotonic() - last_change < idle:
                if pump(0.05):
                    pass
                if count != last_seen:
                    last_seen, last_change = count, time.monotonic()
            print(f"COUNT {count - base} {t_last}", flush=True)
            base = count


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        os._exit(1)
