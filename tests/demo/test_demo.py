#!/usr/bin/python3
"""The README's main job, as a person runs it: `runtime/demo.sh BUILD` starts the whole stack and
prints how to connect. A slixmpp client then logs in with the printed account, password and port,
finds the friends in its roster, writes to one and gets the answer the living demo world gives;
Ctrl-C (SIGINT) stops the demo, and no process it started is left running."""
import asyncio
import os
import re
import signal
import subprocess
import sys
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", ".."))
LOOP = asyncio.new_event_loop()  # kept alive: slixmpp leaves tasks that a closed loop would complain about
BUILD = os.environ.get("CORDGATE_BUILD_DIR") or os.path.join(TOP, "build")


def processes_mentioning(text):
    """pids of live processes whose command line contains text (zombies excluded)."""
    out = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
            with open(f"/proc/{pid}/stat") as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if text in cmd and state not in ("Z", "X"):
            out.append((int(pid), cmd))
    return out


class Demo(unittest.TestCase):
    def test_connect_chat_and_ctrl_c(self):
        demo = subprocess.Popen(["bash", os.path.join(TOP, "runtime", "demo.sh"), BUILD, "--quiet"],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                start_new_session=True)
        lines = []
        banner = threading.Event()

        def read():
            for line in demo.stdout:
                lines.append(line)
                if line.startswith("  Ctrl-C stops"):
                    banner.set()
        threading.Thread(target=read, daemon=True).start()
        try:
            self.assertTrue(banner.wait(120), "no banner from the demo:\n" + "".join(lines))
            text = "".join(lines)
            jid = re.search(r"JID\s+(\S+)", text).group(1)
            password = re.search(r"password\s+(\S+)", text).group(1)
            port = int(re.search(r"port (\d+)", text).group(1))
            folder = re.search(r"state and logs in (\S+)\)", text).group(1)
            self.assertTrue(processes_mentioning(folder), "the demo's processes run from its folder")
            self.chat(jid, password, port)
        finally:
            demo.send_signal(signal.SIGINT)
            try:
                demo.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(demo.pid, signal.SIGKILL)
                raise
        time.sleep(0.5)
        self.assertIn("stopped; every process the demo started is gone.", "".join(lines))
        self.assertEqual(processes_mentioning(folder), [])
        self.assertFalse(os.path.exists(folder), "the state folder goes unless --keep")

    def chat(self, jid, password, port):
        import slixmpp

        got = []

        class Person(slixmpp.ClientXMPP):
            def __init__(self):
                super().__init__(jid + "/person", password)
                self.online = asyncio.Event()
                self.add_event_handler("session_start", self.start)
                self.add_event_handler("message", lambda m: m["body"] and got.append(m))

            async def start(self, _):
                await self.get_roster()
                self.send_presence()
                self.online.set()

        async def run():
            x = Person()
            x.connect(address=("127.0.0.1", port), force_starttls=False, disable_starttls=True)
            await asyncio.wait_for(x.online.wait(), 20)
            gateway = "discord." + jid.split("@")[1]
            friends = [j for j in x.client_roster if j.endswith("@" + gateway)]
            self.assertTrue(friends, f"friends in the roster: {list(x.client_roster)}")
            friend = friends[0]
            x.send_message(mto=friend, mbody="hello from the demo test", mtype="chat")
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                if any(m["from"].bare == friend for m in got):
                    break
                await asyncio.sleep(0.1)
            answers = [m["body"] for m in got if m["from"].bare == friend]
            self.assertTrue(answers, f"{friend} answers; got {[(str(m['from']), m['body']) for m in got]}")
            x.disconnect()
            await asyncio.sleep(0.2)

        LOOP.run_until_complete(run())


if __name__ == "__main__":
    unittest.main(verbosity=2)
