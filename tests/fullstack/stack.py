"""The whole of cordgate on loopback, for full-stack tests and the demo.

Run under /usr/bin/python3 (Debian's slixmpp). One context manager starts, in a temp folder with
free ports: prosody (tests/xmpp-rig), the Discord emulator with a seed, cordgate-core,
cordgate-discord and cordgate-xmpp on one ZeroMQ bus (ipc socket in the folder).

    from stack import Stack
    with Stack(seed="basic.json") as s:
        c = s.client("romeo")                      # prosody account romeo@localhost, online
        c.register(token=s.token("alice"))         # XEP-0077 with alice's token, waits for the roster push
        bob = s.user("bob")                        # the seed's user record
        s.emulator.inject_message(s.dm_channel("alice", "bob"), bob["id"], "hi")
        m = c.wait_message(lambda m: m.body == "hi")
        c.send(s.puppet("bob"), "hello bob")
        s.emulator.wait_message(s.dm_channel("alice", "bob"), lambda m: m["content"] == "hello bob")
        s.kill("core"); s.start_process("core")   # or s.restart("core"): SIGKILL, same data

Everything started is stopped when the `with` block ends, also on an exception, Ctrl-C or
SIGTERM. A block that raises keeps the folder (logs: core.log, xmpp.log, discord.log,
emulator.log, prosody/run/prosody.log) and prints its path; CORDGATE_KEEP_TEST_DIR=1 always
keeps it. Binaries come from $CORDGATE_BUILD_DIR (default: the repository's build/).

Against an installed package (tests/packaging/package_install.sh):
  CORDGATE_BIN_DIR=/usr/bin     cordgate-core, -xmpp, -discord and cordgate from there (the
                                emulator still from the build tree);
  CORDGATE_CONFIG=/etc/cordgate/cordgate.toml   the stack's config written there instead of
                                its folder (the caller keeps and restores the original);
  CORDGATE_RUN_AS=_cordgate     the folder is made that user's (its top level only), for
                                daemons that a wrapper runs as that user (tests/packaging/sandbox.sh).
Every process started gets CORDGATE_STACK_FOLDER, the folder its state is in.
"""
import asyncio
import atexit
import ctypes
import base64
import json
import os
import re
import shutil
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", ".."))
SEEDS = os.path.join(TOP, "tests", "emulator", "seeds")
sys.path.insert(0, os.path.join(TOP, "tests", "xmpp-rig"))
import rig  # noqa: E402

PROCESSES = ("core", "discord", "xmpp")  # plus "prosody" and the emulator
# The client's slixmpp plugins: corrections, retractions, reactions, chat states, markers,
# replies, OOB, vCards, receipts.
PLUGINS = ("xep_0030", "xep_0077", "xep_0085", "xep_0184", "xep_0308", "xep_0424", "xep_0444",
           "xep_0333", "xep_0461", "xep_0066", "xep_0054", "xep_0059", "xep_0313")


MUC = "http://jabber.org/protocol/muc"
MUC_USER = MUC + "#user"
PUBSUB = "http://jabber.org/protocol/pubsub"


class StackError(Exception):
    pass


def muc_codes(presence):
    """The XEP-0045 status codes of a presence, as strings."""
    x = presence.xml.find(f"{{{MUC_USER}}}x")
    return set() if x is None else {st.get("code") for st in x.findall(f"{{{MUC_USER}}}status")}


def wait_until(pred, timeout, what, interval=0.05):
    """Polls pred() until it returns something truthy; returns it, or raises StackError."""
    deadline = time.monotonic() + timeout
    while True:
        v = pred()
        if v:
            return v
        if time.monotonic() > deadline:
            raise StackError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def _port_busy(port):
    import socket
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _die_with_parent():
    # Children get SIGKILL if the Python process dies without cleaning up (e.g. SIGKILL).
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class _Rig(rig.Rig):
    """tests/xmpp-rig, run from a copy of its scripts and config inside the stack's folder when
    root: prosody then runs as nobody, who may not be able to read the repository (say /root/...)."""

    def __init__(self, scripts, offline, iq_privilege=True, **kw):
        super().__init__(**kw)
        self.scripts, self.offline, self.iq_privilege = scripts, offline, iq_privilege

    def env(self):
        env = super().env()
        if self.offline:
            env["XMPP_RIG_OFFLINE"] = "1"  # mod_offline on, as on a production server
        if not self.iq_privilege:
            env["XMPP_RIG_NO_IQ_PRIVILEGE"] = "1"  # no XEP-0356 IQ permission: no bookmarks
        return env

    def _script(self, name, *args):
        return subprocess.run([os.path.join(self.scripts, name), *args], env=self.env(), check=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True).stdout

    def stop(self, kill=False):
        """stop.sh's job (by pid, after checking the pid runs our config), but a zombie counts as
        gone: prosody is orphaned by start.sh, and where init reaps slowly stop.sh would wait 5 s
        for every kill."""
        pidf = os.path.join(self.folder, "run", "prosody.launcher.pid")
        try:
            with open(pidf) as f:
                pid = int(f.read())
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                ours = "--config " + os.path.join(self.scripts, "prosody.cfg.lua") in \
                    f.read().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, ValueError):
            ours = False
        if not ours:
            return super().stop(kill)

        def gone():
            try:
                with open(f"/proc/{pid}/stat") as f:
                    return f.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
            except OSError:
                return True
        os.kill(pid, signal.SIGKILL if kill else signal.SIGTERM)
        deadline = time.monotonic() + 5
        while not gone() and time.monotonic() < deadline:
            time.sleep(0.02)
        if not gone():
            os.kill(pid, signal.SIGKILL)
        os.remove(pidf)
        return f"stopped prosody {pid}"


class Process:
    """One child process with its output appended to a log file (restarts append too)."""

    def __init__(self, name, argv, log_path, ready_text=None, env=None):
        # CORDGATE_WRAP_<NAME>, e.g. "valgrind --tool=massif --massif-out-file=/tmp/m.out" for
        # the Discord adapter: profilers and debuggers run the process as the stack would. The
        # wrapper must run the program in its own process (valgrind does; a script that forks
        # would get the SIGTERM instead of the program).
        wrap = os.environ.get("CORDGATE_WRAP_" + name.upper())
        if wrap:
            argv = shlex.split(wrap) + argv
        self.name, self.argv, self.log_path, self.ready_text = name, argv, log_path, ready_text
        self.env = env
        self.popen = None
        self.starts = 0
        self.offset = 0

    def start(self, timeout=15):
        if self.running():
            raise StackError(f"{self.name} is already running")
        self.offset = os.path.getsize(self.log_path) if os.path.exists(self.log_path) else 0
        with open(self.log_path, "ab") as log:
            log.write(f"=== stack: start #{self.starts + 1} of {self.name} at {time.time():.3f}\n".encode())
            log.flush()
            self.popen = subprocess.Popen(self.argv, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                          start_new_session=True, preexec_fn=_die_with_parent,
                                          env=self.env)
        self.starts += 1
        if self.ready_text:
            self.wait_log(self.ready_text, timeout)

    def log(self, since_start=False):
        try:
            with open(self.log_path, "rb") as f:
                if since_start:
                    f.seek(self.offset)
                return f.read().decode(errors="replace")
        except OSError:
            return ""

    def wait_log(self, text, timeout=15):
        def seen():
            if not self.running():
                raise StackError(f"{self.name} exited ({self.popen.returncode}); log {self.log_path}:\n"
                                 + self.log(True)[-3000:])
            return text in self.log(True)
        wait_until(seen, timeout, f"'{text}' in {self.log_path}")

    def running(self):
        return self.popen is not None and self.popen.poll() is None

    @property
    def pid(self):
        return self.popen.pid if self.popen else None

    def kill(self):
        """SIGKILL, by pid, and reap."""
        if self.running():
            self.popen.send_signal(signal.SIGKILL)
        if self.popen:
            self.popen.wait()

    def stop(self, timeout=5):
        if not self.running():
            return
        self.popen.send_signal(signal.SIGTERM)
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()


# What the official web client sends with every request (the emulator flags a user token
# without them): the test's own "official app" must not be what raises a flag.
_OFFICIAL_PROPERTIES = {"os": "Windows", "browser": "Chrome", "device": "", "system_locale": "en-US",
                        "browser_user_agent": "Mozilla/5.0", "browser_version": "142.0.0.0",
                        "os_version": "10", "release_channel": "stable", "client_build_number": 470000}
_OFFICIAL_HEADERS = {
    "User-Agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                  "Chrome/142.0.0.0 Safari/537.36",
    "X-Super-Properties": base64.b64encode(json.dumps(_OFFICIAL_PROPERTIES).encode()).decode(),
    "X-Discord-Locale": "en-US",
}


class Emulator:
    """The Discord emulator's control API (tests/emulator/README.md)."""

    def __init__(self, port):
        self.port = port
        self.base = f"http://127.0.0.1:{port}"

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"} if data else {})
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                raw = r.read()
        except urllib.error.HTTPError as e:
            raise StackError(f"emulator {method} {path}: {e.code} {e.read().decode(errors='replace')}")
        return json.loads(raw) if raw else None

    def control(self, what, **body):
        return self.call("POST", "/_emulator/" + what, {k: v for k, v in body.items() if v is not None})

    # Acting as anyone
    def inject_message(self, channel_id, author_id, content, reply_to=None, nonce=None, type=None,
                       extra=None, attachments=None):
        """A message from author_id in channel_id; returns the message (with its id). type: a
        system message's type; extra: rich parts served as given (embeds, sticker_items, poll,
        message_snapshots, message_reference, call); attachments: [{filename, size,
        content_type?}], files whose bytes the emulator's CDN makes up."""
        return self.control("message", channel_id=channel_id, author_id=author_id, content=content,
                            reply_to=reply_to, nonce=nonce, type=type, extra=extra,
                            attachments=attachments)

    def cdn_get(self, url):
        """GET a cdn.discordapp.com URL at the emulator: (status, bytes)."""
        path = url[len("https://cdn.discordapp.com"):]
        try:
            with urllib.request.urlopen(self.base + path, timeout=30) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def edit(self, channel_id, message_id, content, extra=None):
        return self.control("edit", channel_id=channel_id, message_id=message_id, content=content,
                            extra=extra)

    def delete(self, channel_id, message_id):
        return self.control("delete", channel_id=channel_id, message_id=message_id)

    def delete_bulk(self, channel_id, message_ids):
        return self.control("delete_bulk", channel_id=channel_id, message_ids=message_ids)

    def reactions_clear(self, channel_id, message_id, emoji=None):
        """A moderator removes every reaction of the message, or every one with `emoji`."""
        return self.control("reactions_clear", channel_id=channel_id, message_id=message_id,
                            emoji=emoji)

    def reaction(self, channel_id, message_id, user_id, emoji, remove=False):
        return self.control("reaction", channel_id=channel_id, message_id=message_id, user_id=user_id,
                            emoji=emoji, remove=remove or None)

    def typing(self, channel_id, user_id):
        return self.control("typing", channel_id=channel_id, user_id=user_id)

    def presence(self, user_id, status, activities=None):
        return self.control("presence", user_id=user_id, status=status, activities=activities)

    def relationship(self, user_id, target_id, type=1, nickname=None, remove=False):
        return self.control("relationship", user_id=user_id, target_id=target_id, type=type,
                            nickname=nickname, remove=remove or None)

    def member(self, guild_id, user_id, nick=None, roles=None, remove=False):
        """user_id joins guild_id (GUILD_MEMBER_ADD), or changes nick/roles, or leaves (remove)."""
        return self.control("member", guild_id=guild_id, user_id=user_id, nick=nick, roles=roles,
                            remove=remove or None)

    def guild(self, guild_id, name=None, outage=False):
        """Renames the guild (GUILD_UPDATE), or with outage=True makes it unavailable."""
        return self.control("guild", guild_id=guild_id, name=name, outage=outage or None)

    def role(self, guild_id, role_id=None, name=None, permissions=None, remove=False):
        """Creates (no role_id), changes or removes a role; returns {id}."""
        return self.control("role", guild_id=guild_id, role_id=role_id, name=name,
                            permissions=permissions, remove=remove or None)

    def recipient(self, channel_id, user_id, remove=False):
        return self.control("recipient", channel_id=channel_id, user_id=user_id, remove=remove or None)

    def thread(self, thread_id, name=None, remove=False):
        return self.control("thread", thread_id=thread_id, name=name, remove=remove or None)

    def channel(self, channel_id, name=None, topic=None):
        """Renames a channel and/or sets its topic: CHANNEL_UPDATE."""
        return self.control("channel", channel_id=channel_id, name=name, topic=topic)

    def fault(self, kind, **body):
        return self.control("fault/" + kind, **body)

    def rest_as(self, token, method, path, body=None, files=None, headers=None):
        """A REST call as a Discord client with `token` (path under /api/v9). With files
        ({name: bytes}), multipart: payload_json + files[n], as the official client uploads.
        `headers` replace the official client's (a value None leaves that header out)."""
        headers = {k: v for k, v in {"Authorization": token, **_OFFICIAL_HEADERS, **(headers or {})}.items()
                   if v is not None}
        if files:
            boundary = "cordgate-stack-boundary"
            parts = [('Content-Disposition: form-data; name="payload_json"\r\n'
                      'Content-Type: application/json\r\n\r\n').encode() + json.dumps(body or {}).encode()]
            for n, (name, data) in enumerate(files.items()):
                parts.append((f'Content-Disposition: form-data; name="files[{n}]"; filename="{name}"\r\n'
                              f'Content-Type: application/octet-stream\r\n\r\n').encode() + data)
            data = b"".join(b"--" + boundary.encode() + b"\r\n" + p + b"\r\n" for p in parts)
            data += b"--" + boundary.encode() + b"--\r\n"
            headers["Content-Type"] = "multipart/form-data; boundary=" + boundary
        else:
            data = None if body is None else json.dumps(body).encode()
            if data:
                headers["Content-Type"] = "application/json"
        req = urllib.request.Request(self.base + "/api/v9" + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                raw = r.read()
        except urllib.error.HTTPError as e:
            raise StackError(f"emulator {method} {path}: {e.code} {e.read().decode(errors='replace')}")
        return json.loads(raw) if raw else None

    # Reading back
    def flags(self):
        """The client-profile mismatches the emulator recorded: [{user_id, kind, detail, count}]."""
        return self.call("GET", "/_emulator/flags")["flags"]

    def requests(self, since=0):
        """REST requests clients made: [{seq, method, path, status, user_id, body, ...}]."""
        return self.call("GET", f"/_emulator/requests?since={since}")["requests"]

    def sent(self, kind, channel_id=None, since=0):
        """REST calls clients made, by kind: "message" (POST .../messages), "edit", "delete",
        "reaction" (PUT, adding) / "unreaction" (DELETE), "typing", "ack", "open_dm"; optionally
        in one channel. Each is the request log's entry: {method, path, body, user_id, status, ...}."""
        routes = {
            "message": ("POST", r"/channels/(\d+)/messages$"),
            "edit": ("PATCH", r"/channels/(\d+)/messages/\d+$"),
            "delete": ("DELETE", r"/channels/(\d+)/messages/\d+$"),
            "reaction": ("PUT", r"/channels/(\d+)/messages/\d+/reactions/"),
            "unreaction": ("DELETE", r"/channels/(\d+)/messages/\d+/reactions/"),
            "typing": ("POST", r"/channels/(\d+)/typing$"),
            "ack": ("POST", r"/channels/(\d+)/messages/\d+/ack$"),
            "open_dm": ("POST", r"/users/@me/channels$()"),
        }
        method, pattern = routes[kind]
        out = []
        for r in self.requests(since):
            m = re.search(pattern, r["path"])
            if r["method"] == method and m and (channel_id is None or m.group(1) == str(channel_id)):
                out.append(r)
        return out

    def wait_sent(self, kind, pred=lambda r: True, channel_id=None, timeout=10):
        """The first REST call of `kind` (see sent()) for which pred(request) holds."""
        return wait_until(lambda: next((r for r in self.sent(kind, channel_id) if pred(r)), None), timeout,
                          f"a '{kind}' REST call at the emulator")

    def sessions(self):
        return self.call("GET", "/_emulator/sessions")

    def messages(self, channel_id):
        """Messages stored in a channel, oldest first."""
        return self.call("GET", f"/_emulator/messages?channel_id={channel_id}")

    def wait_request(self, pred, timeout=10, since=0):
        return wait_until(lambda: next((r for r in self.requests(since) if pred(r)), None), timeout,
                          "a matching REST request at the emulator")

    def wait_message(self, channel_id, pred, timeout=10):
        """The first stored message in channel_id for which pred(message) holds."""
        return wait_until(lambda: next((m for m in self.messages(channel_id) if pred(m)), None), timeout,
                          f"a matching message in channel {channel_id}")

    def wait_sessions(self, user_ids, timeout=60, progress=None):
        """Until every one of user_ids has a connected gateway session (one poll for all);
        progress(connected, total) after each poll."""
        want = {str(u) for u in user_ids}

        def all_up():
            up = want & {str(x["user_id"]) for x in self.sessions() if x["connected"]}
            if progress:
                progress(len(up), len(want))
            return len(up) == len(want)
        wait_until(all_up, timeout, f"{len(want)} connected gateway sessions", interval=0.2)

    def wait_session(self, user_id, timeout=15, exclude=()):
        """A connected gateway session of user_id (not one of `exclude`); returns it."""
        def find():
            return next((x for x in self.sessions() if str(x["user_id"]) == str(user_id) and x["connected"]
                         and x["session_id"] not in exclude), None)
        return wait_until(find, timeout, f"a connected gateway session of user {user_id}")


class Message:
    """What a client received: m.frm (bare JID), m.full_from, m.body, m.id, m.type, m.stanza."""

    def __init__(self, stanza):
        self.stanza = stanza
        self.full_from = str(stanza["from"])
        self.frm = stanza["from"].bare
        self.body = stanza["body"]
        self.id = stanza["id"]
        self.type = stanza["type"]
        self.time = time.monotonic()

    def __repr__(self):
        return f"Message(from={self.full_from!r}, type={self.type!r}, id={self.id!r}, body={self.body[:80]!r})"


class Client:
    """A slixmpp client run on the stack's event-loop thread, with a blocking API for tests.
    It reconnects by itself when the server goes away (prosody restarts)."""

    def __init__(self, stack, user, password, resource="test"):
        self.stack, self.user, self.password = stack, user, password
        self.jid = f"{user}@{stack.domain}"
        self.messages = []        # Message, every <message> with a body (no errors), in arrival order
        self.stanzas = []         # every <message> stanza: body-less ones (chat states...), errors
        self.roster_pushes = []
        self.presences = []       # every <presence> received (puppets, the gateway), in order
        self.cond = threading.Condition()
        self.closing = False
        self.sessions = 0
        self.xmpp = stack._run(self._make(resource))
        self.connect(wait=True)

    async def _make(self, resource):
        x = self.stack.rig.client(self.user, self.password, resource=resource,
                                  plugins=PLUGINS)
        x.add_event_handler("message", self._on_message)
        x.add_event_handler("presence", self._on_presence)
        x.add_event_handler("message_error", self._on_message)  # bounces: type="error"
        # slixmpp's "message" event fires only for a <body>: chat states, reactions, retractions
        # and carbons are caught here, every <message> as it arrives.
        from slixmpp.xmlstream.handler import Callback
        from slixmpp.xmlstream.matcher import MatchXPath
        x.register_handler(Callback("stack: every message", MatchXPath("{jabber:client}message"),
                                    self._on_any_message))
        x.add_event_handler("roster_update", self._on_roster)
        x.add_event_handler("session_start", self._on_session)
        x.add_event_handler("disconnected", self._on_disconnected)
        # slixmpp retries a refused connect with exponential backoff (1, 3, 7, 15 s...): keep it at 1 s.
        x.add_event_handler("connection_failed", lambda _: setattr(x, "_connect_loop_wait", 0))
        return x

    # handlers (event-loop thread)
    def _notify(self, fn):
        with self.cond:
            fn()
            self.cond.notify_all()

    def _on_message(self, m):
        def add():
            if m["body"] and m["type"] != "error":
                self.messages.append(Message(m))
        self._notify(add)

    def _on_any_message(self, m):
        self._notify(lambda: self.stanzas.append(m))

    def _on_presence(self, p):
        self._notify(lambda: self.presences.append(p))

    def _on_roster(self, iq):
        self._notify(lambda: self.roster_pushes.append(iq))

    def _on_session(self, _):
        self._notify(lambda: setattr(self, "sessions", self.sessions + 1))

    def _on_disconnected(self, _):
        if self.closing:
            return
        self.xmpp.online.clear()
        self.stack.loop.call_later(0.3, self._reconnect)

    def _reconnect(self):
        if not self.closing:
            self.xmpp.start()

    # blocking API (test thread)
    def connect(self, wait=True, timeout=15):
        self.stack.loop.call_soon_threadsafe(self.xmpp.start)
        if wait:
            self.wait_online(timeout)

    def wait_online(self, timeout=15):
        self.stack._run(self.xmpp.wait_online(timeout), timeout + 1)

    def wait_for(self, pred, timeout=10, what="a condition on the client"):
        """Returns pred()'s first truthy value, re-checked whenever the client receives something
        (and every 0.1 s: pred may look at things that change elsewhere). pred runs without the
        lock, so it may call into the event loop (c.roster())."""
        deadline = time.monotonic() + timeout
        while True:
            v = pred()
            if v:
                return v
            left = deadline - time.monotonic()
            if left <= 0:
                raise StackError(f"{self.jid}: timed out after {timeout} s waiting for {what}")
            with self.cond:
                self.cond.wait(min(left, 0.1))

    def register(self, token=None, wait_roster=True, timeout=15):
        """XEP-0077 registration with the gateway; the token goes in the password field.
        With wait_roster, waits until the gateway pushed at least one contact into the roster."""
        token = token or self.stack.token()

        async def go():
            iq = self.xmpp.Iq()
            iq["type"], iq["to"] = "set", self.stack.gateway
            iq["register"]["password"] = token
            return await iq.send(timeout=timeout)
        reply = self.stack._run(go(), timeout + 1)
        if reply["type"] != "result":
            raise StackError(f"registration answered {reply}")
        if wait_roster:
            self.wait_for(lambda: any(j.endswith("@" + self.stack.gateway) for j in self.roster()),
                          timeout, "the gateway's roster push")
        return reply

    def roster(self):
        """{jid: {"name", "groups", "subscription"}} as the server pushed it."""
        def snap():
            r = self.xmpp.client_roster
            return {j: {"name": r[j]["name"], "groups": list(r[j]["groups"]),
                        "subscription": r[j]["subscription"]} for j in r}
        return self.stack._call(snap)

    def send(self, to, body, mtype="chat", id=None):
        """Sends a message; returns its stanza id."""
        def go():
            m = self.xmpp.make_message(mto=to, mbody=body, mtype=mtype)
            if id:
                m["id"] = id
            elif not m["id"]:
                m["id"] = self.xmpp.new_id()
            m.send()
            return m["id"]
        return self.stack._call(go)

    def send_stanza(self, build):
        """build(xmpp) -> stanza, run on the loop thread, then sent."""
        return self.stack._call(lambda: build(self.xmpp).send())

    def join_room(self, room, nick="romeo", history=0):
        """Joins room as nick asking for `history` messages; returns the self-presence (110)."""
        since = len(self.presences)

        def build(xmpp):
            p = xmpp.make_presence(pto=f"{room}/{nick}")
            x = ET.SubElement(p.xml, f"{{{MUC}}}x")
            ET.SubElement(x, f"{{{MUC}}}history", {"maxstanzas": str(history)})
            return p
        self.send_stanza(build)
        return self.wait_presence(lambda p: p["from"].bare == room and "110" in muc_codes(p), since=since)

    def pubsub_items(self, jid, node, item_id=None, timeout=10):
        """The <item/> elements of a pubsub node at jid (XEP-0060 items); raises on an error."""
        async def ask():
            iq = self.xmpp.Iq()
            iq["type"], iq["to"] = "get", jid
            items = ET.SubElement(ET.SubElement(iq.xml, f"{{{PUBSUB}}}pubsub"), f"{{{PUBSUB}}}items",
                                  {"node": node})
            if item_id:
                ET.SubElement(items, f"{{{PUBSUB}}}item", {"id": item_id})
            return await iq.send(timeout=timeout)
        return self.stack._run(ask(), timeout + 1).xml.findall(f"{{{PUBSUB}}}pubsub/{{{PUBSUB}}}items/{{{PUBSUB}}}item")

    def mark(self):
        """A cursor into self.messages, for wait_message(since=...)."""
        with self.cond:
            return len(self.messages)

    def wait_message(self, pred=lambda m: True, timeout=10, since=0):
        """The first received Message (with a body) after `since` for which pred holds."""
        def find():
            return next((m for m in self.messages[since:] if pred(m)), None)
        return self.wait_for(find, timeout, "a matching message")

    def wait_stanza(self, pred, timeout=10, since=0):
        """The first <message> stanza (body or not) after `since` for which pred(stanza) holds."""
        def find():
            return next((m for m in self.stanzas[since:] if pred(m)), None)
        return self.wait_for(find, timeout, "a matching stanza")

    def wait_presence(self, pred, timeout=10, since=0):
        """The first <presence> after `since` for which pred(presence) holds."""
        def find():
            return next((p for p in self.presences[since:] if pred(p)), None)
        return self.wait_for(find, timeout, "a matching presence")

    def disconnect(self):
        self.closing = True
        self.stack._call(lambda: self.xmpp.disconnect())

    def kill_connection(self):
        """Drops the TCP connection without closing the stream (the client reconnects)."""
        self.stack._call(lambda: self.xmpp.abort())


def _fast_scram():
    """slixmpp computes SCRAM's Hi() one HMAC at a time in Python: 13 ms of CPU per login at
    the 4096 iterations of Rig.add_accounts (30 ms at prosody's default 10,000). It is
    PBKDF2-HMAC (RFC 5802 §2.2), which hashlib does in C in about a tenth of that."""
    import hashlib
    from slixmpp.util.sasl import mechanisms

    def hi(self, text, salt, iterations):
        return hashlib.pbkdf2_hmac(self.hash().name, mechanisms.bytes(text), salt, iterations)
    mechanisms.SCRAM.Hi = hi


_shared_ssl_context = None


def _plain_client(jid, password):
    """A slixmpp client for a connection without TLS. Every slixmpp stream builds its own SSL
    context with the system's CA bundle loaded, ~30 ms of CPU, most of what a registration
    costs here: these clients never use it, and share one."""
    import ssl
    import slixmpp
    global _shared_ssl_context
    if _shared_ssl_context is None:
        _shared_ssl_context = ssl.create_default_context()
    build = ssl.create_default_context
    ssl.create_default_context = lambda *a, **kw: _shared_ssl_context
    try:
        return slixmpp.ClientXMPP(jid, password)
    finally:
        ssl.create_default_context = build


async def _register_one(stack, user, password, token, timeout):
    x = _plain_client(f"{user}@{stack.domain}/setup", password)
    x.register_plugin("xep_0077")  # the <query xmlns="jabber:iq:register"/> stanza
    started = asyncio.get_running_loop().create_future()
    x.add_event_handler("session_start", lambda _: started.done() or started.set_result(True))
    x.add_event_handler("failed_auth", lambda _: started.done() or started.set_exception(
        StackError(f"{user}: login refused")))
    x.connect(address=("127.0.0.1", stack.rig.c2s_port), force_starttls=False, disable_starttls=True)
    try:
        await asyncio.wait_for(started, timeout)
        iq = x.Iq()
        iq["type"], iq["to"] = "set", stack.gateway
        iq["register"]["password"] = token
        reply = await iq.send(timeout=timeout)
        if reply["type"] != "result":
            raise StackError(f"{user}: registration answered {reply}")
    finally:
        await x.disconnect(wait=2)
        # The client's outgoing-filter task would otherwise wait forever and be reported as
        # "Task was destroyed but it is pending!" when the client is collected.
        if x._run_out_filters:
            x._run_out_filters.cancel()


async def _register_all(stack, accounts, concurrency, timeout, progress):
    gate = asyncio.Semaphore(concurrency)
    done = 0

    async def one(user, password, token):
        nonlocal done
        async with gate:
            await _register_one(stack, user, password, token, timeout)
        done += 1
        if progress:
            progress(done, len(accounts))
    await asyncio.gather(*(one(*a) for a in accounts))


class Stack:
    def __init__(self, seed="basic.json", domain="localhost", log_level="debug", folder=None,
                 build_dir=None, keep=None, heartbeat_ms=5000, quiet=False, offline=True,
                 c2s_port=None, record=None, note=None, iq_privilege=True, core_settings=None,
                 discord_settings=None, emulator_args=(), fixed_clock=None, files_settings=None,
                 xmpp_settings=None):
        # core_settings={"wal_spare_mib": "0"}: keys of cordgate.toml's [core] section, each
        # value as TOML text, added or overriding the defaults (the benchmark's A/B runs).
        # discord_settings={"ban_cooldown_s": "1"}: the same for [discord] (a test scales
        # Discord's pauses down to its own time).
        # iq_privilege=False: prosody grants no XEP-0356 IQ permission (group DMs are then
        # offered by invitation instead of bookmarks).
        # record="05_name": when $CORDGATE_RECORD_CAPTURE is "all" or a part of the name, the
        # end of a passing block writes tests/replay/05_name.jsonl (exported from the core's log
        # after it stopped cleanly) and 05_name.effects.jsonl (its replay); note is the first
        # comment line of the capture.
        self.record, self.note = record, note
        # emulator_args: extra discord-emulator options (["--resume-window-ms", "2000"]).
        # fixed_clock: the emulator's ids and times from a fixed clock (2024-01-01, 1 ms per id)
        # instead of the real one (as Discord and the demo have it); by default only for a test
        # that records a capture, so a recorded capture comes out the same every time.
        self.emulator_args = list(emulator_args)
        self.fixed_clock = bool(record) if fixed_clock is None else fixed_clock
        self.core_settings = dict(core_settings or {})
        self.discord_settings = dict(discord_settings or {})
        # files_settings: the same for [files] (upload_hosts, allow_private_hosts, ...).
        self.files_settings = dict(files_settings or {})
        # xmpp_settings: the same for [xmpp] (metrics_address, admins, ...).
        self.xmpp_settings = dict(xmpp_settings or {})
        self.seed_path = seed if os.path.isabs(seed) else os.path.join(SEEDS, seed)
        with open(self.seed_path) as f:
            self.seed = json.load(f)
        self.build = build_dir or os.environ.get("CORDGATE_BUILD_DIR") or os.path.join(TOP, "build")
        self.log_level, self.heartbeat_ms, self.quiet = log_level, heartbeat_ms, quiet
        self.keep = keep if keep is not None else bool(os.environ.get("CORDGATE_KEEP_TEST_DIR"))
        self.own_folder = folder is None
        self.folder = folder or tempfile.mkdtemp(prefix="cordgate-stack.")
        os.makedirs(self.folder, exist_ok=True)
        os.chmod(self.folder, 0o755)
        self.bin_dir = os.environ.get("CORDGATE_BIN_DIR")
        self.config_path = os.environ.get("CORDGATE_CONFIG") or os.path.join(self.folder, "cordgate.toml")
        run_as = os.environ.get("CORDGATE_RUN_AS")
        if run_as:
            shutil.chown(self.folder, user=run_as)
        self.proc_env = {**os.environ, "CORDGATE_STACK_FOLDER": self.folder}
        os.makedirs(os.path.join(self.folder, "prosody"), exist_ok=True)
        scripts = os.path.dirname(os.path.abspath(rig.__file__))
        if os.getuid() == 0:
            copy = os.path.join(self.folder, "xmpp-rig")
            shutil.copytree(scripts, copy, ignore=shutil.ignore_patterns("__pycache__"))
            os.chmod(copy, 0o755)
            scripts = copy
        self.rig = _Rig(scripts, offline, iq_privilege, domain=domain,
                        folder=os.path.join(self.folder, "prosody"))
        if c2s_port and not _port_busy(c2s_port):
            self.rig.c2s_port = c2s_port  # a preferred client port (the demo's 5222), when free
        self.domain, self.gateway = domain, self.rig.gateway
        self.procs = {}
        self.emulator = None
        self.emulator_proc = None
        self.clients = []
        self.loop = None
        self.prosody_up = False
        self._stopped = False

    # -- paths and seed helpers
    def binary(self, rel):
        """A program by its path in the build tree, or, with CORDGATE_BIN_DIR, the installed one
        of the same name (the emulator is never installed)."""
        name = os.path.basename(rel)
        if self.bin_dir and name.startswith("cordgate"):
            p = os.path.join(self.bin_dir, name)
        else:
            p = os.path.join(self.build, rel)
        if not os.access(p, os.X_OK):
            raise StackError(f"{p} is missing: build first (cmake --build build)")
        return p

    def user(self, name_or_id):
        """The seed's user record, by username or id."""
        for u in self.seed["users"]:
            if u["username"] == name_or_id or str(u["id"]) == str(name_or_id):
                return u
        raise KeyError(name_or_id)

    def uid(self, name_or_id):
        return str(self.user(name_or_id)["id"])

    def token(self, name=None):
        """A Discord user token from the seed (default: the first non-bot user with one)."""
        if name:
            return self.user(name)["token"]
        return next(u["token"] for u in self.seed["users"] if u.get("token") and not u.get("bot"))

    def puppet(self, name_or_id):
        """The XMPP JID of a Discord user: <snowflake>@discord.<domain>."""
        return f"{self.uid(name_or_id)}@{self.gateway}"

    def dm_channel(self, a, b):
        """The seed's one-to-one DM channel between two users."""
        pair = {self.uid(a), self.uid(b)}
        for c in self.seed.get("private_channels", []):
            if c.get("type") == 1 and {str(r) for r in c["recipients"]} == pair:
                return str(c["id"])
        raise KeyError(f"no DM channel between {a} and {b} in the seed")

    def log(self, name):
        if name == "prosody":
            return self.rig.log()
        return self.procs[name].log() if name in self.procs else self.emulator_proc.log()

    def say(self, *args):
        if not self.quiet:
            print("[stack]", *args, flush=True)

    # -- lifecycle
    def __enter__(self):
        self._old_term = signal.getsignal(signal.SIGTERM)
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, self._on_term)
        atexit.register(self.stop)
        try:
            self.start()
        except BaseException:
            self.stop(failed=True)
            raise
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            try:
                self.assert_no_flags()
            except BaseException:
                self.stop(failed=True)
                raise
        # Ctrl-C is not a failure: the folder goes unless kept
        self.stop(failed=exc_type is not None and not issubclass(exc_type, KeyboardInterrupt))
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, self._old_term)
        return False

    def assert_no_flags(self):
        """cordgate must look like the official client: the emulator raised no flag."""
        flags = self.emulator.call("GET", "/_emulator/flags")["flags"]
        if flags:
            raise AssertionError("the emulator flagged cordgate as not the official client: "
                                 + json.dumps(flags))

    @staticmethod
    def _on_term(signum, frame):
        raise KeyboardInterrupt("SIGTERM")

    def start(self):
        t0 = time.monotonic()
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, name="stack-loop", daemon=True).start()
        self._start_emulator()
        self.start_process("prosody")
        cfg = self.config_path
        self.config = cfg
        self.bus = "ipc://" + os.path.join(self.folder, "bus.sock")
        with open(cfg, "w") as f:
            f.write(self.config_text())
        env = self.proc_env
        self.procs["core"] = Process("core", [self.binary("runtime/cordgate-core"), "--config", cfg],
                                     os.path.join(self.folder, "core.log"), "core: ready on", env)
        self.procs["discord"] = Process("discord", [self.binary("adapters/discord/cordgate-discord"),
                                                    "--config", cfg],
                                        os.path.join(self.folder, "discord.log"),
                                        "bus: core incarnation", env)
        self.procs["xmpp"] = Process("xmpp", [self.binary("adapters/xmpp/cordgate-xmpp"), "--config", cfg],
                                     os.path.join(self.folder, "xmpp.log"), "bus: core incarnation",
                                     env)
        self.start_process("core")
        self.start_process("discord")  # creates the key pair the XMPP adapter seals tokens to
        wait_until(lambda: os.path.exists(os.path.join(self.folder, "discord.key.pub")), 10,
                   "the Discord adapter's public key")
        self.start_process("xmpp")
        # Its ready line is the bus's; a stanza for the gateway before the component has logged
        # in to prosody gets "Component unavailable" (seen in CI, two stacks side by side).
        self.procs["xmpp"].wait_log("connected to ", 15)
        self.say(f"up in {time.monotonic() - t0:.1f} s in {self.folder}")

    def _core_section(self):
        core = {"data_dir": json.dumps(os.path.join(self.folder, "core-data")),
                "sync": '"every_batch"', **self.core_settings}
        return "".join(f"{k} = {v}\n" for k, v in core.items())

    def _discord_section(self):
        base = f"http://127.0.0.1:{self.emulator.port}"
        discord = {"api_base": json.dumps(base + "/api/v9"), "gateway_url": json.dumps(
            f"ws://127.0.0.1:{self.emulator.port}/gateway"), "cdn_base": json.dumps(base),
            "key_file": json.dumps(os.path.join(self.folder, "discord.key")),
            "public_key_file": json.dumps(os.path.join(self.folder, "discord.key.pub")),
            "reconnect_min_ms": "100", "reconnect_max_ms": "1000", **self.discord_settings}
        return "".join(f"{k} = {v}\n" for k, v in discord.items())

    def _xmpp_extra(self):
        return "".join(f"{k} = {v}\n" for k, v in self.xmpp_settings.items())

    def _files_section(self):
        # The rig's upload host is prosody's HTTP port on loopback: the Discord adapter may fetch
        # users' files there and only there.
        # In files_settings, {http_port} and {emulator_port} stand for the ports once known.
        files = {"upload_hosts": json.dumps([f"127.0.0.1:{self.rig.http_port}"]),
                 "allow_private_hosts": "true", **self.files_settings}
        ports = {"{http_port}": str(self.rig.http_port), "{emulator_port}": str(self.emulator.port)}
        text = "".join(f"{k} = {v}\n" for k, v in files.items())
        for mark, port in ports.items():
            text = text.replace(mark, port)
        return text

    def config_text(self):
        """One cordgate.toml for all three processes."""
        return f"""# written by tests/fullstack/stack.py
[bus]
endpoint = "{self.bus}"

[core]
{self._core_section()}
[xmpp]
host = "127.0.0.1"
port = {self.rig.component_port}
component_jid = "{self.gateway}"
secret = "{self.rig.secret}"
reconnect_min_ms = 50
reconnect_max_ms = 500
{self._xmpp_extra()}
[discord]
{self._discord_section()}
[files]
{self._files_section()}
[log]
level = "{self.log_level}"
"""

    def _start_emulator(self):
        log = os.path.join(self.folder, "emulator.log")
        out = os.path.join(self.folder, "emulator.out")
        argv = [self.binary("tests/emulator/discord-emulator"), "--port", "0", "--seed", self.seed_path,
                "--heartbeat-interval", str(self.heartbeat_ms)] + self.emulator_args
        if self.fixed_clock:
            argv.append("--fixed-clock")
        with open(out, "wb") as o, open(log, "ab") as e:
            popen = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=o, stderr=e,
                                     start_new_session=True, preexec_fn=_die_with_parent)
        p = Process("emulator", argv, log)
        p.popen, p.starts = popen, 1
        self.emulator_proc = p

        def port():
            if popen.poll() is not None:
                raise StackError(f"the emulator exited ({popen.returncode}): " + p.log())
            with open(out) as f:
                text = f.read()
            return int(text.split()[1]) if text.startswith("LISTENING ") and "\n" in text else None
        self.emulator = Emulator(wait_until(port, 10, "the emulator's LISTENING line"))

    def start_process(self, name):
        """Starts one process again (same ports, same data) and waits until it is ready."""
        if name == "discord-socket":
            return  # the Discord adapter reconnects and resumes by itself
        if name == "prosody":
            self.rig.start()
            self.prosody_up = True
        else:
            self.procs[name].start()

    def kill(self, name):
        """SIGKILL one process: core, xmpp, discord or prosody; or "discord-socket": the emulator
        drops every gateway connection without a close frame, as a dying network would."""
        if name == "discord-socket":
            self.emulator.fault("drop")
        elif name == "prosody":
            self.rig.stop(kill=True)
            self.prosody_up = False
        else:
            self.procs[name].kill()

    def restart(self, name, down_s=0.0):
        """SIGKILL a process, leave it down for down_s seconds, start it again."""
        self.kill(name)
        time.sleep(down_s)
        self.start_process(name)

    def client(self, user, password=None, resource="test", create=True):
        """A prosody account user@domain (created, unless create=False: add_accounts made it)
        with a connected, online slixmpp client."""
        password = password or user + "pass"
        if create:
            self.rig.adduser(user, password)
        c = Client(self, user, password, resource)
        self.clients.append(c)
        return c

    def add_accounts(self, accounts):
        """Many prosody accounts at once: [(user, password)] (the rig writes the account files)."""
        self.rig.add_accounts(accounts)

    def register_many(self, accounts, concurrency=50, timeout=60, progress=None):
        """XEP-0077 registration with the gateway of many existing accounts, [(user, password,
        token)], `concurrency` at a time on the stack's event loop: each logs in, registers and
        logs out again (the Discord session is the core's, not the client's). Waits for the
        gateway's answers, not for the Discord sessions (see Emulator.wait_sessions).
        progress(done, total) runs on the event-loop thread."""
        _fast_scram()
        self._run(_register_all(self, accounts, concurrency, timeout, progress),
                  timeout * (1 + len(accounts) // max(1, concurrency)) + 10)

    def stop(self, failed=False):
        if self._stopped:
            return
        self._stopped = True
        if self.loop and self.clients:
            try:
                self._run(self._close_clients(), 10)
            except Exception:
                pass
        for name in ("xmpp", "discord", "core"):
            if name in self.procs:
                self.procs[name].stop()
        if not failed and self.record and self._recording():
            self.record_capture()
        # Secrets: after every passing test, no token of the seed is in clear in anything cordgate
        # wrote. A leak fails the test and keeps the folder.
        leaks = [] if failed else self.token_leaks()
        if leaks:
            failed = True
        if self.emulator_proc:
            self.emulator_proc.stop()
        if self.prosody_up:
            try:
                self.rig.stop()
            except subprocess.CalledProcessError:
                pass
        if self.loop:
            try:
                self._run(self._cancel_tasks(), 10)
            except Exception:
                pass
            self.loop.call_soon_threadsafe(self.loop.stop)
        if failed or self.keep:
            print(f"[stack] folder kept for inspection: {self.folder}", flush=True)
        elif self.own_folder:
            shutil.rmtree(self.folder, ignore_errors=True)
        if leaks:
            raise StackError("a Discord token is in clear in cordgate's files: " + "; ".join(leaks))

    def _recording(self):
        want = os.environ.get("CORDGATE_RECORD_CAPTURE", "")
        return bool(want) and (want == "all" or want in self.record)

    # What is not cordgate's in a stack's folder: the emulator is Discord itself, and prosody is
    # the user's server, which carries the registration form (token included) to the component.
    NOT_CORDGATE = ("emulator.log", "emulator.out", "prosody", "xmpp-rig")

    def token_leaks(self):
        """Every place a seed token appears in clear among cordgate's files in the stack's
        folder (its processes' logs, the log folder, keys, config, stores), and in the events
        of its log, whose segments are compressed. The core must be stopped."""
        tokens = [u["token"] for u in self.seed["users"] if u.get("token")]
        needles = [t.encode() for t in tokens]
        leaks = []
        for root, dirs, files in os.walk(self.folder):
            rel = os.path.relpath(root, self.folder)
            if rel != "." and rel.split(os.sep)[0] in self.NOT_CORDGATE:
                dirs[:] = []
                continue
            for name in files:
                if rel == "." and name in self.NOT_CORDGATE:
                    continue
                path = os.path.join(root, name)
                if os.path.islink(path) or not os.path.isfile(path):
                    continue
                try:
                    with open(path, "rb") as f:
                        data = f.read()
                except OSError:
                    continue
                leaks += [f"{os.path.relpath(path, self.folder)}: {t.decode()}"
                          for t in needles if t in data]
        data_dir = os.path.join(self.folder, "core-data")
        if os.path.isdir(os.path.join(data_dir)) and os.path.exists(os.path.join(data_dir, "CURRENT")):
            exported = subprocess.run([self.binary("runtime/cordgate"), "export", "--data-dir", data_dir],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            leaks += [f"the log's events: {t}" for t in tokens if t in exported.stdout]
        return leaks

    def record_capture(self, corpus=None):
        """Exports the core's log (the core must be stopped) into <corpus>/<record>.jsonl with a
        first '#' line, replays it into <record>.effects.jsonl, and checks that no token of the
        seed appears in either. Returns the capture's path."""
        corpus = corpus or os.path.join(TOP, "tests", "replay")
        if self.procs["core"].running():
            raise StackError("record_capture: stop the core first")
        tool = self.binary("runtime/cordgate")
        exported = subprocess.run([tool, "export", "--data-dir", os.path.join(self.folder, "core-data")],
                                  check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True).stdout
        note = (self.note or self.record).replace("\n", " ")
        text = "".join(f"# {line}\n" for line in note.splitlines()) + exported
        tokens = [u["token"] for u in self.seed["users"] if u.get("token")]
        leaked = [t for t in tokens if t in text]
        if leaked:
            raise StackError(f"record_capture: a token appears in clear in the capture: {leaked}")
        capture = os.path.join(corpus, self.record + ".jsonl")
        with open(capture, "w") as f:
            f.write(text)
        effects = subprocess.run([tool, "replay", capture], check=True, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True).stdout
        leaked = [t for t in tokens if t in effects]
        if leaked:
            raise StackError(f"record_capture: a token appears in clear in the effects: {leaked}")
        with open(os.path.join(corpus, self.record + ".effects.jsonl"), "w") as f:
            f.write(effects)
        self.say(f"recorded {capture} ({exported.count(chr(10))} events)")
        return capture

    async def _close_clients(self):
        for c in self.clients:
            c.closing = True
        futures = [c.xmpp.disconnect(wait=1.0) for c in self.clients]
        await asyncio.wait_for(asyncio.gather(*futures, return_exceptions=True), 5)

    async def _cancel_tasks(self):
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    # -- running things on the event-loop thread
    def _run(self, coro, timeout=30):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def _call(self, fn, timeout=30):
        async def wrap():
            return fn()
        return self._run(wrap(), timeout)
