"""systemd_notify_live: the three daemons as systemd runs a Type=notify service with a watchdog,
played by this test: a unix datagram socket named by NOTIFY_SOCKET (the sender of each datagram
known by SO_PASSCRED, as systemd knows it), WATCHDOG_USEC, and stderr a file that JOURNAL_STREAM
names. Each daemon must say READY=1 once serving, ping the watchdog at half its interval, say
STOPPING=1 on SIGTERM, and log without timestamps but with <N> priorities.

    /usr/bin/python3 notify_live.py BUILD_DIR
"""
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import unittest

BUILD = os.path.abspath(sys.argv.pop(1)) if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(__file__), "..", "..", "build")
WATCHDOG_USEC = 1_000_000  # pings every 500 ms


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Notifications:
    """The service manager's end: every datagram with the pid that sent it."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(path)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
        self.sock.settimeout(0.05)
        self.got = []  # (monotonic time, pid, message)

    def drain(self):
        while True:
            try:
                data, anc, _, _ = self.sock.recvmsg(4096, socket.CMSG_SPACE(12))
            except (socket.timeout, BlockingIOError):
                return
            pid = None
            for level, kind, body in anc:
                if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
                    pid = struct.unpack("iII", body[:12])[0]
            self.got.append((time.monotonic(), pid, data.decode()))

    def of(self, pid):
        self.drain()
        return [(t, m) for t, p, m in self.got if p == pid]

    def wait(self, pid, text, timeout=15):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(text in m for _, m in self.of(pid)):
                return
            time.sleep(0.05)
        raise AssertionError(f"no {text!r} from pid {pid} in {timeout} s; got {self.of(pid)}")


class NotifyLive(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="cordgate-notify.")
        self.notify = Notifications(os.path.join(self.dir, "notify.sock"))
        self.procs = {}
        config = os.path.join(self.dir, "cordgate.toml")
        with open(config, "w") as f:
            f.write(f"""
[bus]
endpoint = "ipc://{self.dir}/bus.sock"
[core]
data_dir = "{self.dir}/log"
[xmpp]
host = "127.0.0.1"
port = {free_port()}
component_jid = "discord.localhost"
secret = "s"
reconnect_min_ms = 50
reconnect_max_ms = 200
[discord]
api_base = "http://127.0.0.1:{free_port()}/api/v9"
key_file = "{self.dir}/discord.key"
public_key_file = "{self.dir}/discord.key.pub"
[log]
level = "debug"
""")
        self.config = config

    def tearDown(self):
        for p, _ in self.procs.values():
            if p.poll() is None:
                p.kill()
                p.wait()
        self.notify.sock.close()
        subprocess.run(["rm", "-rf", self.dir])

    def start(self, name, program):
        log_path = os.path.join(self.dir, name + ".log")
        log = open(log_path, "wb")
        st = os.fstat(log.fileno())
        env = {**os.environ, "NOTIFY_SOCKET": os.path.join(self.dir, "notify.sock"),
               "WATCHDOG_USEC": str(WATCHDOG_USEC), "JOURNAL_STREAM": f"{st.st_dev}:{st.st_ino}"}
        p = subprocess.Popen([os.path.join(BUILD, program), "--config", self.config],
                             stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=env)
        log.close()
        self.procs[name] = (p, log_path)
        return p.pid

    def log(self, name):
        with open(self.procs[name][1], errors="replace") as f:
            return f.read()

    def test_ready_watchdog_stopping_and_journal_lines(self):
        core = self.start("core", "runtime/cordgate-core")
        self.notify.wait(core, "READY=1")
        ready = next(m for _, m in self.notify.of(core) if "READY=1" in m)
        self.assertIn(f"STATUS=serving on ipc://{self.dir}/bus.sock", ready)

        discord = self.start("discord", "adapters/discord/cordgate-discord")
        self.notify.wait(discord, "READY=1")
        deadline = time.monotonic() + 10
        while not os.path.exists(os.path.join(self.dir, "discord.key.pub")):
            self.assertLess(time.monotonic(), deadline, "no discord.key.pub")
            time.sleep(0.05)
        xmpp = self.start("xmpp", "adapters/xmpp/cordgate-xmpp")
        # Nothing listens on the component port: ready on the core's answer alone.
        self.notify.wait(xmpp, "READY=1")
        ready = next(m for _, m in self.notify.of(xmpp) if "READY=1" in m)
        self.assertIn("STATUS=component link down, core answered", ready)

        # Pings at half of WATCHDOG_USEC from each: over 3 s, about 6, never a whole interval
        # apart (systemd's limit).
        t0 = time.monotonic()
        time.sleep(3.0)
        for name, pid in (("core", core), ("discord", discord), ("xmpp", xmpp)):
            pings = [t for t, m in self.notify.of(pid) if m == "WATCHDOG=1" and t >= t0]
            self.assertGreaterEqual(len(pings), 4, f"{name}: {len(pings)} watchdog pings in 3 s")
            gaps = [b - a for a, b in zip(pings, pings[1:])]
            self.assertLess(max(gaps), WATCHDOG_USEC / 1e6, f"{name}: a gap of {max(gaps):.3f} s")

        # A frozen process sends nothing, and pings again as soon as it runs (that the pings
        # come from the loop, not a thread of their own, is service_notify.hpp's contract).
        os.kill(core, signal.SIGSTOP)
        time.sleep(0.3)
        frozen_at = time.monotonic()
        time.sleep(1.0)
        self.assertEqual([m for t, m in self.notify.of(core) if t > frozen_at + 0.05], [])
        os.kill(core, signal.SIGCONT)
        self.notify.got.clear()
        self.notify.wait(core, "WATCHDOG=1", 2)

        for name, pid in (("xmpp", xmpp), ("discord", discord), ("core", core)):
            p = self.procs[name][0]
            p.send_signal(signal.SIGTERM)
            self.assertEqual(p.wait(15), 0, self.log(name))
            self.assertIn("STOPPING=1", [m for _, m in self.notify.of(pid)], name)

        # The journal stamps lines itself: no timestamp, the syslog priority first.
        for name in ("core", "discord", "xmpp"):
            lines = [line for line in self.log(name).splitlines() if line]
            self.assertTrue(lines, name)
            for line in lines:
                self.assertRegex(line, rf"^<[2-7]>(trace|debug|info|warning|error|critical) \[{name}\] ",
                                 f"{name}: {line}")
                self.assertNotRegex(line, r"\d{4}-\d\d-\d\dT\d\d:", f"{name}: {line}")
        self.assertRegex(self.log("core"), r"(?m)^<6>info \[core\] core: ready on ")
        self.assertRegex(self.log("discord"), r"(?m)^<7>debug \[discord\] ")

    def test_no_notify_socket_no_change(self):
        """Outside systemd: no datagram, and the log lines keep their timestamps."""
        log_path = os.path.join(self.dir, "core.log")
        with open(log_path, "wb") as log:
            env = {k: v for k, v in os.environ.items()
                   if k not in ("NOTIFY_SOCKET", "WATCHDOG_USEC", "JOURNAL_STREAM")}
            p = subprocess.Popen([os.path.join(BUILD, "runtime/cordgate-core"), "--config", self.config],
                                 stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=env)
        self.procs["core"] = (p, log_path)
        deadline = time.monotonic() + 15
        while "core: ready on" not in self.log("core"):
            self.assertLess(time.monotonic(), deadline, self.log("core"))
            time.sleep(0.05)
        p.send_signal(signal.SIGTERM)
        self.assertEqual(p.wait(15), 0)
        self.notify.drain()
        self.assertEqual(self.notify.got, [])
        self.assertRegex(self.log("core"), r"(?m)^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3} info \[core\] core: ready on ")


if __name__ == "__main__":
    unittest.main()
