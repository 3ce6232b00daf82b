"""Runs the real cordgate-xmpp against a rig prosody, with the stdio bus: events are read from
its stdout (one JSON envelope a line), effects written to its stdin. Logs go to a file the
tests can search (for instance for a token that must never appear).

    async with Harness(adapter, keytool) as h:
        await h.wait_event("xmpp.privileges")
"""
import asyncio
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "xmpp-rig"))
import rig  # noqa: E402

failures = []


def check(name, cond, detail=""):
    print(("PASS " if cond else "FAIL ") + name + ("" if cond or not detail else f"  [{detail}]"),
          flush=True)
    if not cond:
        failures.append(name)
    return cond


def finish():
    print("RESULT:", "ALL PASSED" if not failures else f"{len(failures)} FAILED: {failures}")
    return 1 if failures else 0


class Harness:
    def __init__(self, adapter, keytool, log_level="debug", bus="stdio", xmpp_extra=""):
        """xmpp_extra: more lines for the config's [xmpp] section."""
        self.adapter, self.keytool, self.log_level, self.bus = adapter, keytool, log_level, bus
        self.xmpp_extra = xmpp_extra
        self.rig = rig.Rig()
        self.events = []
        self.cond = asyncio.Condition()
        self.proc = None
        self.next_effect_id = 1

    @property
    def gateway(self):
        return self.rig.gateway

    @property
    def log_path(self):
        return os.path.join(self.rig.folder, "adapter.log")

    def adapter_log(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()

    async def __aenter__(self):
        self.rig.start()
        key = os.path.join(self.rig.folder, "discord.key")
        subprocess.run([self.keytool, "create", key], check=True)
        self.key = key
        self.config = os.path.join(self.rig.folder, "xmpp.toml")
        with open(self.config, "w") as f:
            f.write(f"""[xmpp]
host = "127.0.0.1"
port = {self.rig.component_port}
component_jid = "{self.rig.gateway}"
secret = "{self.rig.secret}"
max_body_bytes = 65536
reconnect_min_ms = 50
reconnect_max_ms = 400
{self.xmpp_extra}
[bus]
endpoint = "{self.bus}"
[discord]
public_key_file = "discord.key.pub"
[log]
level = "{self.log_level}"
""")
        self.log_file = open(self.log_path, "wb")
        self.proc = await asyncio.create_subprocess_exec(
            self.adapter, "--config", self.config, stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE, stderr=self.log_file, limit=64 * 1024 * 1024)
        self.reader = asyncio.create_task(self._read() if self.bus == "stdio" else asyncio.sleep(0))
        return self

    async def __aexit__(self, *exc):
        if self.proc and self.proc.returncode is None:
            self.proc.terminate()  # our own child, by handle
            try:
                await asyncio.wait_for(self.proc.wait(), 5)
            except asyncio.TimeoutError:
                self.proc.kill()
        self.reader.cancel()
        self.log_file.close()
        try:
            self.rig.stop()
        except subprocess.CalledProcessError:
            pass
        if not failures:
            self.rig.cleanup()
        else:
            print("rig folder kept for inspection:", self.rig.folder)

    async def _read(self):
        async for raw in self.proc.stdout:
            line = raw.decode(errors="replace").strip()
            if not line:
                continue
            async with self.cond:
                self.events.append((line, json.loads(line)))
                self.cond.notify_all()

    def mark(self):
        return len(self.events)

    async def wait_event(self, type_, since=0, timeout=5.0, where=lambda e: True):
        def find():
            for line, e in self.events[since:]:
                if e["type"] == type_ and where(e):
                    return line, e
            return None

        async with self.cond:
            try:
                await asyncio.wait_for(self.cond.wait_for(find), timeout)
            except asyncio.TimeoutError:
                return None, None
            return find()

    async def effect(self, type_, payload, user="romeo@localhost"):
        eid = self.next_effect_id
        self.next_effect_id += 1
        env = {"v": 1, "id": eid, "cause": eid, "user": user, "type": type_, "payload": payload}
        self.proc.stdin.write((json.dumps(env) + "\n").encode())
        await self.proc.stdin.drain()
        return eid

    def alive(self):
        return self.proc.returncode is None

    def connects(self):
        return self.adapter_log().count("connected to 127.0.0.1")
