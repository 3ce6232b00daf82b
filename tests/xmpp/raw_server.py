"""An XEP-0114 server played by a test, for what a real server would never send: the test
accepts cordgate-xmpp's connection, checks its handshake, and then writes any bytes it likes and
reads back exactly what the component wrote.

    server = RawServer(secret="s")                 # listening on a free loopback port
    ... start cordgate-xmpp with host 127.0.0.1, port server.port ...
    conn = server.accept_component()               # stream opened, handshake checked and accepted
    conn.send(b"<message .../>")
    conn.read_until(lambda text: b"</message>" in text)
"""
import hashlib
import os
import re
import socket
import subprocess
import time

STREAM_HEADER = ("<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept' "
                 "xmlns:stream='http://etherx.jabber.org/streams' id='{id}' from='{jid}'>")


class RawConnection:
    def __init__(self, sock):
        self.sock = sock
        self.received = b""
        self.closed = False

    def send(self, data):
        self.sock.sendall(data if isinstance(data, bytes) else data.encode())

    def send_chunks(self, data, chunk=65536, timeout=20):
        """Writes `data` as far as the peer takes it; stops early if the peer closes. Returns the
        number of bytes written."""
        view = memoryview(data if isinstance(data, bytes) else data.encode())
        sent = 0
        deadline = time.monotonic() + timeout
        self.sock.settimeout(0.2)
        while sent < len(view) and time.monotonic() < deadline:
            try:
                sent += self.sock.send(view[sent:sent + chunk])
            except socket.timeout:
                self._drain()
            except (BrokenPipeError, ConnectionResetError):
                break
            if self.closed:
                break
        return sent

    def _drain(self):
        try:
            data = self.sock.recv(65536)
        except socket.timeout:
            return
        except (ConnectionResetError, OSError):
            self.closed = True
            return
        if not data:
            self.closed = True
        self.received += data

    def read_until(self, pred, timeout=10):
        """Reads until pred(everything received) or the peer closes; returns pred's last value."""
        deadline = time.monotonic() + timeout
        self.sock.settimeout(0.1)
        while not pred(self.received) and not self.closed and time.monotonic() < deadline:
            self._drain()
        return pred(self.received)

    def wait_closed(self, timeout=10):
        deadline = time.monotonic() + timeout
        self.sock.settimeout(0.1)
        while not self.closed and time.monotonic() < deadline:
            self._drain()
        return self.closed

    def close(self):
        self.sock.close()


class RawServer:
    def __init__(self, secret, jid="discord.localhost"):
        self.secret, self.jid = secret, jid
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(4)
        self.port = self.listener.getsockname()[1]
        self.streams = 0

    def accept_component(self, timeout=15):
        """Accepts the next connection, answers its stream header and checks the handshake
        (XEP-0114 §3: hex SHA-1 of the stream id and the secret) before accepting it."""
        self.listener.settimeout(timeout)
        sock, _ = self.listener.accept()
        conn = RawConnection(sock)
        if not conn.read_until(lambda t: b"<stream:stream" in t and t.rstrip().endswith(b">")):
            raise AssertionError(f"no stream header: {conn.received!r}")
        self.streams += 1
        stream_id = f"raw{self.streams}"
        conn.received = b""
        conn.send(STREAM_HEADER.format(id=stream_id, jid=self.jid))
        if not conn.read_until(lambda t: b"</handshake>" in t):
            raise AssertionError(f"no handshake: {conn.received!r}")
        got = re.search(rb"<handshake[^>]*>([0-9a-f]+)</handshake>", conn.received).group(1).decode()
        want = hashlib.sha1((stream_id + self.secret).encode()).hexdigest()
        if got != want:
            raise AssertionError(f"handshake {got} != {want}")
        conn.received = b""
        conn.send("<handshake/>")
        return conn

    def close(self):
        self.listener.close()


def stdio_adapter_config(folder, keytool, port, secret, jid, extra=""):
    """Writes what cordgate-xmpp needs to run against a RawServer with the stdio bus: the Discord
    key pair (by keytool) and xmpp.toml in `folder`, `extra` lines added to [xmpp]. Returns the
    config's path."""
    subprocess.run([keytool, "create", os.path.join(folder, "discord.key")], check=True)
    config = os.path.join(folder, "xmpp.toml")
    with open(config, "w") as f:
        f.write(f"""[xmpp]
host = "127.0.0.1"
port = {port}
component_jid = "{jid}"
secret = "{secret}"
{extra}
[bus]
endpoint = "stdio"
[discord]
public_key_file = "discord.key.pub"
[log]
level = "debug"
""")
    return config
