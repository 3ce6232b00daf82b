"""A throw-away prosody for tests, and slixmpp clients that talk to it.

Run under /usr/bin/python3: Debian's slixmpp lives in its dist-packages.

    with Rig() as rig:                 # temp folder, free ports, started
        rig.adduser("romeo", "romeopass")
        client = rig.client("romeo", "romeopass")
"""
import asyncio
import os
import random
import shutil
import socket
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def _encode(name):
    """prosody's datamanager file-name encoding: every non-alphanumeric byte as %xx."""
    return "".join(c if c.isascii() and c.isalnum() else "".join(f"%{b:02x}" for b in c.encode())
                   for c in name)


def _ephemeral_low():
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def free_ports(n):
    """n distinct free ports, picked at random below the kernel's ephemeral range. A port taken
    from that range (bind to port 0) and released can go to any other process's bind(0) before
    prosody binds it: seen in CI, with tests running side by side, as start.sh's "port already
    in use". The sockets stay bound until all are picked, so one call never returns a port twice."""
    high = _ephemeral_low() - 1
    low = max(1024, high - 12000)
    pick = random.SystemRandom()
    socks = []
    try:
        while len(socks) < n:
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            try:
                s.bind(("127.0.0.1", pick.randint(low, high)))
            except OSError:
                s.close()
                continue
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


class Rig:
    def __init__(self, domain="localhost", secret="s3cr3t", folder=None):
        self.domain = domain
        self.gateway = "discord." + domain
        self.secret = secret
        self.own_folder = folder is None
        self.folder = folder or tempfile.mkdtemp(prefix="cordgate-xmpp-rig.")
        os.chmod(self.folder, 0o755)  # prosody may run as nobody
        self.c2s_port, self.component_port, self.http_port = free_ports(3)
        self.upload_service = "upload." + domain

    def env(self):
        env = dict(os.environ)
        env.update(XMPP_RIG=self.folder, XMPP_C2S_PORT=str(self.c2s_port),
                   XMPP_COMPONENT_PORT=str(self.component_port),
                   XMPP_HTTP_PORT=str(self.http_port), XMPP_DOMAIN=self.domain,
                   XMPP_GATEWAY=self.gateway, XMPP_COMPONENT_SECRET=self.secret)
        return env

    def _script(self, name, *args):
        return subprocess.run([os.path.join(HERE, name), *args], env=self.env(), check=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True).stdout

    def start(self):
        return self._script("start.sh")

    def stop(self, kill=False):
        return self._script("stop.sh", *(["-9"] if kill else []))

    def adduser(self, user, password):
        return self._script("adduser.sh", user, self.domain, password)

    def add_accounts(self, accounts, iterations=4096):
        """Creates many accounts at once, running or not: [(user, password)]. Writes prosody's
        internal_hashed account files (SCRAM-SHA-1 keys) straight into the data folder, which
        prosody reads on every login; adduser.sh costs a prosodyctl start, ~1 s, per account.
        4096 iterations, the least prosody itself accepts, keep the clients' SCRAM cheap: these
        accounts need no resistance to a stolen password file."""
        import hashlib
        import hmac
        import uuid
        folder = os.path.join(self.folder, "data", _encode(self.domain), "accounts")
        os.makedirs(folder, exist_ok=True)
        owner = self._run_as()
        for user, password in accounts:
            salt = str(uuid.uuid4())
            salted = hashlib.pbkdf2_hmac("sha1", password.encode(), salt.encode(), iterations)
            stored = hashlib.sha1(hmac.digest(salted, b"Client Key", "sha1")).hexdigest()
            server = hmac.digest(salted, b"Server Key", "sha1").hex()
            path = os.path.join(folder, _encode(user) + ".dat")
            with open(path + ".tmp", "w") as f:
                f.write(f'return {{\n\t["iteration_count"] = {iterations};\n\t["salt"] = "{salt}";\n'
                        f'\t["server_key"] = "{server}";\n\t["stored_key"] = "{stored}";\n}};\n')
            os.rename(path + ".tmp", path)
            if owner:
                os.chown(path, *owner)
        if owner:  # prosody, run as someone else, creates the rosters etc. beside the accounts
            for d in (folder, os.path.dirname(folder)):
                os.chown(d, *owner)

    def _run_as(self):
        """(uid, gid) prosody runs as when we are root (common.sh's XMPP_RUN_AS), else None."""
        if os.getuid() != 0:
            return None
        import pwd
        pw = pwd.getpwnam(os.environ.get("XMPP_RUN_AS", "nobody"))
        return pw.pw_uid, pw.pw_gid

    def log(self):
        try:
            with open(os.path.join(self.folder, "run", "prosody.log")) as f:
                return f.read()
        except OSError:
            return ""

    def cleanup(self):
        if self.own_folder:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        self.cleanup()

    def client(self, user, password, resource="test", cls=None, plugins=("xep_0030", "xep_0077")):
        """A slixmpp client for user@domain, connected with no TLS. Call await c.wait_online()."""
        import slixmpp

        base = cls or slixmpp.ClientXMPP
        rig = self

        class Client(base):
            def __init__(self):
                super().__init__(f"{user}@{rig.domain}/{resource}", password)
                # slixmpp 1.8.3 queues stanzas sent before session start ("NOT SENT"), which
                # deadlocks pre-auth in-band registration; send everything at once instead.
                self._always_send_everything = True
                for p in plugins:
                    self.register_plugin(p)
                self.online = asyncio.Event()
                self.add_event_handler("session_start", self._on_start)

            async def _on_start(self, _):
                await self.get_roster()
                self.send_presence()
                self.online.set()

            def start(self):
                self.connect(address=("127.0.0.1", rig.c2s_port), force_starttls=False,
                             disable_starttls=True)
                return self

            async def wait_online(self, timeout=10):
                await asyncio.wait_for(self.online.wait(), timeout)

        return Client()
