#!/usr/bin/python3
"""Protocol checks of the emulator that the bot libraries do not exercise: the user-account
READY shape, close codes, op 9 for unknown sessions, zlib-stream framing, nonce dedup, integer
snowflakes, rate-limit headers, 5xx faults, heartbeat delays, flood, coalesced writes (plain,
zlib-stream and TLS), DMs, relationships, acks.
Uses aiohttp (a dependency of Debian's python3-discord); run with /usr/bin/python3.
Exit 0 = pass, 1 = fail, 77 = aiohttp missing.
"""
import argparse
import asyncio
import base64
import json
import os
import select
import ssl
import subprocess
import sys
import tempfile
import time
import zlib

try:
    import aiohttp
except ImportError:
    print("SKIP: aiohttp not importable (Debian: python3-aiohttp)")
    sys.exit(77)

ALICE, BOB, CAROL, BOT = "100000000000000002", "100000000000000003", "100000000000000004", "100000000000000001"
GUILD, GENERAL, RANDOM, DM, GROUP = ("200000000000000001", "300000000000000001", "300000000000000002",
                                     "400000000000000001", "400000000000000002")
TIMEOUT = 10


class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)
    print(f"ok - {what}", flush=True)


class Gw:
    """A raw gateway connection that decodes zlib-stream like a real client."""

    def __init__(self, ws, zlib_stream):
        self.ws = ws
        self.inflate = zlib.decompressobj() if zlib_stream else None
        self.buf = b""
        self.pongs = 0  # seen only with autoping=False

    async def recv(self):
        while True:
            msg = await asyncio.wait_for(self.ws.receive(), TIMEOUT)
            if msg.type == aiohttp.WSMsgType.PONG:
                self.pongs += 1
                continue
            if msg.type == aiohttp.WSMsgType.TEXT:
                return json.loads(msg.data)
            if msg.type == aiohttp.WSMsgType.BINARY:
                if self.inflate is None:
                    raise Failure("binary frame without zlib-stream")
                self.buf += msg.data
                if self.buf[-4:] != b"\x00\x00\xff\xff":
                    continue
                text = self.inflate.decompress(self.buf)
                self.buf = b""
                return json.loads(text)
            return {"closed": self.ws.close_code, "type": str(msg.type)}

    async def recv_dispatch(self, t):
        while True:
            f = await self.recv()
            if "closed" in f:
                raise Failure(f"closed while waiting for {t}: {f}")
            if f.get("t") == t:
                return f

    async def send(self, op, d):
        await self.ws.send_str(json.dumps({"op": op, "d": d}))

    async def flood_with_ping(self, ctl, channel, count):
        """Floods `count` messages into `channel` and pings meanwhile; returns the MESSAGE_CREATE
        frames once all arrived and the pong is certainly in (needs autoping=False)."""
        await ctl("/flood", {"channel_id": channel, "author_id": BOB, "count": count, "rate": 0})
        await self.ws.ping(b"mid-flood")
        await self.send(1, None)  # Beast answers the ping before the emulator reads this heartbeat
        frames, acked = [], False
        while len(frames) < count or not acked:
            f = await self.recv()
            if "closed" in f:
                raise Failure(f"closed during a flood: {f}")
            if f.get("op") == 11:
                acked = True
            elif f.get("t") == "MESSAGE_CREATE":
                frames.append(f)
        return frames


def start_emulator(args, *extra):
    proc = subprocess.Popen([args.emulator, "--port", "0", "--seed", args.seed, "--log-level", "warn",
                             "--heartbeat-interval", "45000", *extra], stdout=subprocess.PIPE, text=True)
    ready, _, _ = select.select([proc.stdout], [], [], 10)
    line = proc.stdout.readline() if ready else ""
    if not line.startswith("LISTENING "):
        proc.terminate()
        proc.wait(5)
        raise Failure(f"no LISTENING line: {line!r}")
    return proc, int(line.split()[1])


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--emulator", required=True)
    ap.add_argument("--seed", required=True)
    args = ap.parse_args()
    procs = []
    try:
        proc, port = start_emulator(args)
        procs.append(proc)
        async with aiohttp.ClientSession() as http:
            await scenario(http, port)
        proc, port = start_emulator(args)
        procs.append(proc)
        async with aiohttp.ClientSession() as http:
            await says_no_scenario(http, port)
        with tempfile.TemporaryDirectory() as tmp:
            cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
            made = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                                   "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                                   "-keyout", key, "-out", cert], capture_output=True)
            if made.returncode != 0:
                print("skip - TLS checks: openssl could not make a certificate", flush=True)
            else:
                proc, port = start_emulator(args, "--tls-cert", cert, "--tls-key", key)
                procs.append(proc)
                async with aiohttp.ClientSession() as http:
                    await tls_scenario(http, port)
    except (Failure, asyncio.TimeoutError) as e:
        print(f"FAIL: {type(e).__name__}: {e}", flush=True)
        return 1
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(5)
    print("PASS: emulator protocol checks", flush=True)
    return 0


async def tls_scenario(http, port):
    """wss: a flood leaves in coalesced TLS writes; then a server close right behind a flood
    ends the stream with its close frame after whole messages."""
    tls = ssl.create_default_context()
    tls.check_hostname = False
    tls.verify_mode = ssl.CERT_NONE
    base = f"http://127.0.0.1:{port}"

    async def ctl(path, body):
        async with http.post(f"{base}/_emulator{path}", json=body) as r:
            if r.status != 200:
                raise Failure(f"control {path}: {r.status} {await r.text()}")
            return await r.json()

    ws = await http.ws_connect(f"wss://127.0.0.1:{port}/gateway?v=10&encoding=json", ssl=tls, autoclose=False,
                               autoping=False)
    g = Gw(ws, False)
    await g.recv()
    await g.send(2, {"token": "alice-token", "properties": {}})
    ready = await g.recv_dispatch("READY")
    check(ready["d"]["resume_gateway_url"].startswith("wss://"), "wss: READY over TLS")
    got = [f["d"]["content"] for f in await g.flood_with_ping(ctl, DM, 3000)]
    check(got == [f"flood {k}" for k in range(1, 3001)] and g.pongs == 1,
          "wss: 3000 coalesced frames in order, and the pong among them")
    await ctl("/flood", {"channel_id": DM, "author_id": BOB, "count": 5000, "rate": 0})
    await ctl("/fault/close", {"session_id": ready["d"]["session_id"], "code": 4000})
    got, end = [], None
    while end is None:
        f = await g.recv()
        if "closed" in f:
            end = f["closed"]
        else:
            got.append(f["d"]["content"])
    check(end == 4000 and got == [f"flood {k}" for k in range(1, len(got) + 1)],
          f"wss: a close right behind a flood comes after whole messages ({len(got)} of 5000)")
    await ws.close()


async def scenario(http, port):
    base = f"http://127.0.0.1:{port}"

    async def rest(method, path, token="alice-token", body=None, version="v9", raw=None, headers=None):
        h = {"Authorization": token} if token else {}
        h.update(headers or {})
        kw = {"data": raw} if raw is not None else ({"json": body} if body is not None else {})
        async with http.request(method, f"{base}/api/{version}{path}", headers=h, **kw) as r:
            text = await r.text()
            # A 502 is Cloudflare's HTML page, not JSON.
            is_json = r.headers.get("Content-Type", "").startswith("application/json")
            return r.status, r.headers, (json.loads(text) if text and is_json else text or None)

    async def ctl(path, body=None):
        async with http.request("GET" if body is None else "POST", f"{base}/_emulator{path}", json=body) as r:
            if r.status != 200:
                raise Failure(f"control {path}: {r.status} {await r.text()}")
            return await r.json()

    async def connect(query="?v=9&encoding=json&compress=zlib-stream"):
        ws = await http.ws_connect(f"ws://127.0.0.1:{port}/gateway/{query}", autoclose=False, autoping=True)
        return Gw(ws, "zlib-stream" in query)

    # --- Gateway discovery and auth.
    status, headers, body = await rest("GET", "/gateway", token=None)
    check(status == 200 and body["url"].startswith("ws://") and headers["Content-Type"] == "application/json",
          "GET /gateway without auth, JSON content type")
    status, _, body = await rest("GET", "/users/@me", token="wrong")
    check(status == 401 and "message" in body, "bad token -> 401 with JSON body")

    # --- User-account session over zlib-stream.
    gw = await connect()
    hello = await gw.recv()
    check(hello["op"] == 10 and hello["d"]["heartbeat_interval"] == 45000, "HELLO over zlib-stream")
    await gw.send(1, None)
    check((await gw.recv())["op"] == 11, "heartbeat before IDENTIFY is ACKed")
    await gw.send(37, {"subscriptions": {}})  # selfbot opcode: must be ignored
    await gw.send(2, {"token": "alice-token", "capabilities": 0, "properties": {"os": "linux"},
                      "compress": True, "client_state": {"guild_versions": {}}})
    ready = await gw.recv()
    d = ready["d"]
    check(ready["t"] == "READY" and ready["s"] == 1 and d["user"]["id"] == ALICE, "user READY, s=1")
    check(d["guilds"][0]["id"] == GUILD and d["guilds"][0]["channels"] and "unavailable" in d["guilds"][0]
          and not d["guilds"][0]["unavailable"], "user READY carries full guilds")
    pcs = {c["id"]: c for c in d["private_channels"]}
    check(set(pcs) == {DM, GROUP} and [u["id"] for u in pcs[DM]["recipients"]] == [BOB]
          and pcs[GROUP]["type"] == 3, "private_channels list the other recipients")
    rels = {r["id"]: r for r in d["relationships"]}
    check(rels[BOB]["type"] == 1 and rels[CAROL]["nickname"] == "Caz" and rels[BOB]["user"]["username"] == "bob",
          "relationships with users and nicknames")
    check(all(k in d for k in ("session_id", "resume_gateway_url", "read_state", "user_settings",
                               "user_guild_settings", "sessions", "presences", "application")),
          "user READY has session, resume url, read_state, settings, presences")
    session_id, seq = d["session_id"], ready["s"]

    # --- The official client's capabilities (discord.py-self Capabilities.default(), 22525): the
    # deduplicated READY, then READY_SUPPLEMENTAL (userdoccers gateway-events.mdx, "Ready" notes 6
    # and 7, "Ready Supplemental"). A second session, closed again before the rest.
    dd = await connect("?v=9&encoding=json")
    await dd.recv()
    await dd.send(2, {"token": "alice-token", "capabilities": 22525, "properties": {"os": "linux"},
                      "client_state": {"guild_versions": {}}})
    ready = await dd.recv()
    d = ready["d"]
    # The bot is in the guild but neither a friend nor a DM partner: a user account is not told
    # of it (userdoccers gateway-events.mdx, "Gateway Guild Structure", footnote 1).
    check(ready["t"] == "READY" and sorted(u["id"] for u in d["users"]) == sorted([BOB, CAROL]),
          "dedup READY: every user it names once in `users`, no guild-only member")
    rels = {r["id"]: r for r in d["relationships"]}
    check(rels[BOB]["user_id"] == BOB and "user" not in rels[BOB], "dedup READY: relationships with user_id")
    pcs = {c["id"]: c for c in d["private_channels"]}
    check(pcs[DM]["recipient_ids"] == [BOB] and "recipients" not in pcs[DM], "dedup READY: recipient_ids")
    g = d["guilds"][0]
    check(g["properties"]["name"] == "Test Guild" and "members" not in g and "presences" not in g,
          "dedup READY: guild properties (CLIENT_STATE_V2), no members or presences in the guild")
    check([m["user_id"] for m in d["merged_members"][0]] == [ALICE], "dedup READY: merged_members has only alice's")
    check("presences" not in d and "merged_presences" not in d and "user_settings" not in d,
          "dedup READY: presences moved to READY_SUPPLEMENTAL, no legacy user_settings")
    check(d["read_state"]["version"] == 0 and
          [(e["id"], e["last_message_id"]) for e in d["read_state"]["entries"]] == [(GENERAL, "500000000000000002")],
          "dedup READY: read_state (versioned) marks the channel read up to alice's own message")
    sup = await dd.recv()
    sd = sup["d"]
    check(sup["t"] == "READY_SUPPLEMENTAL" and sup["s"] == 2, "READY_SUPPLEMENTAL follows, s=2")
    check(sorted(m["user_id"] for m in sd["merged_members"][0]) == sorted([BOB, CAROL]),
          "READY_SUPPLEMENTAL: the friends' and DM partners' members")
    friends = {p["user_id"]: p["status"] for p in sd["merged_presences"]["friends"]}
    check(friends == {BOB: "online", CAROL: "idle"}, "READY_SUPPLEMENTAL: non-offline friends' presences")
    check(sorted(p["user_id"] for p in sd["merged_presences"]["guilds"][0]) == sorted([BOB, CAROL])
          and sd["lazy_private_channels"] == [] and sd["guilds"][0]["id"] == GUILD,
          "READY_SUPPLEMENTAL: guild presences of friends, supplemental guilds")
    await dd.ws.close()

    # --- Dispatch shapes.
    m = await ctl("/message", {"channel_id": DM, "author_id": BOB, "content": "dm to alice"})
    f = await gw.recv_dispatch("MESSAGE_CREATE")
    check(f["s"] == seq + 1 and f["d"]["id"] == m["id"] and "guild_id" not in f["d"], "DM MESSAGE_CREATE, next seq")
    required = ["id", "channel_id", "author", "content", "timestamp", "edited_timestamp", "tts", "pinned", "type",
                "attachments", "embeds", "mentions", "mention_roles"]
    check(all(k in f["d"] for k in required), "message object has every field libraries require")
    seq = f["s"]
    await ctl("/message", {"channel_id": GENERAL, "author_id": BOB, "content": "in guild"})
    f = await gw.recv_dispatch("MESSAGE_CREATE")
    check(f["d"]["guild_id"] == GUILD and "member" in f["d"], "guild MESSAGE_CREATE has guild_id and member")
    seq = f["s"]
    await ctl("/relationship", {"user_id": ALICE, "target_id": BOT, "type": 3})
    f = await gw.recv_dispatch("RELATIONSHIP_ADD")
    check(f["d"]["id"] == BOT and f["d"]["type"] == 3 and f["d"]["user"]["bot"], "RELATIONSHIP_ADD")
    await ctl("/relationship", {"user_id": ALICE, "target_id": BOT, "remove": True})
    f = await gw.recv_dispatch("RELATIONSHIP_REMOVE")
    check(f["d"]["id"] == BOT, "RELATIONSHIP_REMOVE")
    await ctl("/presence", {"user_id": BOB, "status": "dnd", "activities": [{"name": "x", "type": 0}]})
    f = await gw.recv_dispatch("PRESENCE_UPDATE")
    check(f["d"]["user"]["id"] == BOB and f["d"]["status"] == "dnd", "PRESENCE_UPDATE")
    status, _, _ = await rest("POST", f"/channels/{DM}/messages/{m['id']}/ack", body={"token": None})
    f = await gw.recv_dispatch("MESSAGE_ACK")
    check(status == 200 and f["d"]["message_id"] == m["id"], "POST .../ack -> MESSAGE_ACK")
    status, _, body = await rest("GET", f"/users/{BOB}/profile")
    check(status == 200 and body["user"]["id"] == BOB and body["mutual_guilds"], "GET /users/{id}/profile")
    seq = f["s"]

    # --- Nonce dedup and integer snowflakes (discord.py sends message_reference ids as numbers).
    raw = ('{"content":"reply","nonce":"n-1","enforce_nonce":true,'
           f'"message_reference":{{"message_id":{int(m["id"])},"channel_id":{int(DM)}}}}}')
    s1, _, first = await rest("POST", f"/channels/{DM}/messages", raw=raw, headers={"Content-Type": "application/json"})
    s2, _, second = await rest("POST", f"/channels/{DM}/messages", raw=raw, headers={"Content-Type": "application/json"})
    check(s1 == 200 and first["message_reference"]["message_id"] == m["id"], "integer snowflake kept exactly")
    check(s2 == 200 and second["id"] == first["id"], "repeated enforced nonce returns the first message")
    f = await gw.recv_dispatch("MESSAGE_CREATE")
    check(f["d"]["id"] == first["id"] and f["d"]["type"] == 19, "one MESSAGE_CREATE for the nonce pair")
    stored = await ctl(f"/messages?channel_id={DM}")
    check(sum(1 for x in stored if x["content"] == "reply") == 1, "nothing created by the repeat")

    # --- Open a DM: CHANNEL_CREATE to the opener.
    status, _, ch = await rest("POST", "/users/@me/channels", body={"recipient_id": BOT})
    f = await gw.recv_dispatch("CHANNEL_CREATE")
    check(status == 200 and ch["type"] == 1 and f["d"]["id"] == ch["id"], "open DM -> CHANNEL_CREATE")
    status, _, again = await rest("POST", "/users/@me/channels", body={"recipient_id": int(BOT)})
    check(again["id"] == ch["id"], "opening the same DM again returns it")
    seq = f["s"]

    # --- Drop, miss events, resume on v9 with zlib-stream: replay then RESUMED object.
    await ctl("/fault/drop", {"session_id": session_id})
    missed = []
    for i in range(3):
        missed.append((await ctl("/message", {"channel_id": GROUP, "author_id": CAROL, "content": f"m{i}"}))["id"])
    await gw.ws.close()
    gw = await connect()
    await gw.recv()
    await gw.send(6, {"token": "alice-token", "session_id": session_id, "seq": seq})
    frames = [await gw.recv() for _ in range(4)]
    check([x["d"]["id"] for x in frames[:3]] == missed and [x["s"] for x in frames[:3]] == [seq + 1, seq + 2, seq + 3],
          "RESUME replays missed dispatches in order with their original seq")
    check(frames[3]["t"] == "RESUMED" and isinstance(frames[3]["d"], dict) and frames[3]["s"] == seq + 4,
          "RESUMED with an object d")

    # --- 120 payloads per 60 s per connection; the 121st closes it with 4008.
    gw4 = await connect("?v=9&encoding=json")
    await gw4.recv()
    for _ in range(120):
        await gw4.send(1, None)
    acks = [await gw4.recv() for _ in range(120)]
    check(all(a.get("op") == 11 for a in acks), "120 heartbeats in a burst are each acknowledged")
    await gw4.send(1, None)
    f = await gw4.recv()
    check(f.get("closed") == 4008, "the 121st payload within 60 s -> close 4008")

    # --- Unknown session -> op 9 false; bad token -> 4004; second IDENTIFY -> 4005; 1000 ends session.
    gw2 = await connect("?v=10&encoding=json")
    await gw2.recv()
    await gw2.send(6, {"token": "alice-token", "session_id": "nope", "seq": 1})
    f = await gw2.recv()
    check(f["op"] == 9 and f["d"] is False, "RESUME of an unknown session -> op 9 false")
    await gw2.send(2, {"token": "not-a-token", "intents": 513, "properties": {}})
    f = await gw2.recv()
    check(f.get("closed") == 4004, "IDENTIFY with a bad token -> close 4004")
    gw3 = await connect("?v=10&encoding=json")
    await gw3.recv()
    await gw3.send(2, {"token": "emulator-bot-token", "intents": 33281, "properties": {}})
    f = await gw3.recv()
    check(f["t"] == "READY" and f["d"]["guilds"] == [{"id": GUILD, "unavailable": True}]
          and f["d"]["application"]["id"] == BOT, "bot READY: unavailable guilds and application")
    f = await gw3.recv()
    check(f["t"] == "GUILD_CREATE" and f["d"]["id"] == GUILD and f["d"]["channels"] and f["d"]["members"],
          "bot GUILD_CREATE after READY with channels and members")
    bot_session = [s for s in await ctl("/sessions") if s["user_id"] == BOT][0]["session_id"]
    await gw3.send(2, {"token": "emulator-bot-token", "intents": 513, "properties": {}})
    f = await gw3.recv()
    check(f.get("closed") == 4005, "second IDENTIFY -> close 4005")
    closed = [s for s in await ctl("/sessions") if s["session_id"] == bot_session][0]
    check(not closed["connected"] and not closed["invalidated"], "4005 keeps the session resumable")

    gw5 = await connect("?v=6&encoding=json")
    await gw5.recv()
    f = await gw5.recv()
    check(f.get("closed") == 4012, "unsupported gateway version -> close 4012")

    # --- Control-API close code and heartbeat delay.
    await ctl("/fault/heartbeat_delay", {"ms": 300})
    t0 = time.monotonic()
    await gw.send(1, frames[3]["s"])
    f = await gw.recv()
    check(f["op"] == 11 and time.monotonic() - t0 >= 0.29, "heartbeat ACK delayed as configured")
    await ctl("/fault/heartbeat_delay", {"ms": 0})
    out = await ctl("/fault/close", {"session_id": session_id, "code": 4009})
    f = await gw.recv()
    check(out["sessions"] == [session_id] and f.get("closed") == 4009, "control close with code 4009")
    gone = [s for s in await ctl("/sessions") if s["session_id"] == session_id][0]
    check(gone["invalidated"], "4009 ends the session")

    # --- REST faults and rate limits.
    await ctl("/fault/rest", {"count": 1, "status": 429, "prefix": "/users/@me", "retry_after": 1.5, "global": True})
    status, headers, body = await rest("GET", "/users/@me")
    check(status == 429 and headers["Retry-After"] == "2" and headers["Via"] == "1.1 google"
          and body["retry_after"] == 1.5 and body["global"] is True and headers["X-RateLimit-Global"] == "true",
          "429: Retry-After, Via, JSON body, global")
    await ctl("/fault/rest", {"count": 2, "status": 502})
    statuses = [(await rest("GET", "/users/@me"))[0] for _ in range(3)]
    check(statuses == [502, 502, 200], "5xx fault for the next N requests only")
    await ctl("/ratelimits", {"enabled": True, "limit": 2, "window_ms": 60000})
    results = [await rest("GET", f"/channels/{GENERAL}/messages?limit=1") for _ in range(3)]
    check([r[0] for r in results] == [200, 200, 429], "per-route bucket limit enforced")
    h = results[0][1]
    check(h["X-RateLimit-Limit"] == "2" and h["X-RateLimit-Remaining"] == "1" and "X-RateLimit-Bucket" in h
          and float(h["X-RateLimit-Reset-After"]) > 0 and float(h["X-RateLimit-Reset"]) > time.time(),
          "X-RateLimit-* headers")
    check(results[2][1]["Via"] == "1.1 google" and results[2][2]["retry_after"] > 0, "bucket 429 has retry_after")
    status, _, _ = await rest("GET", f"/channels/{RANDOM}/messages?limit=1")
    check(status == 200, "a different major parameter is a different bucket")
    await ctl("/ratelimits", {"enabled": False})

    # --- Flood at a rate, over a fresh bot session.
    gw4 = await connect("?v=10&encoding=json")
    await gw4.recv()
    await gw4.send(6, {"token": "emulator-bot-token", "session_id": bot_session, "seq": 0})
    while (await gw4.recv()).get("t") != "RESUMED":
        pass
    t0 = time.monotonic()
    await ctl("/flood", {"channel_id": RANDOM, "author_id": BOB, "count": 50, "rate": 500})
    got = [(await gw4.recv_dispatch("MESSAGE_CREATE"))["d"]["content"] for _ in range(50)]
    elapsed = time.monotonic() - t0
    check(got == [f"flood {i}" for i in range(1, 51)] and elapsed >= 0.09, f"flood: 50 in order at <=500/s ({elapsed:.2f}s)")
    # Many floods in one call (the e2e bench's 1,000 DMs): each runs its own count.
    await ctl("/flood", {"floods": [{"channel_id": RANDOM, "author_id": BOB, "count": 3},
                                    {"channel_id": RANDOM, "author_id": BOB, "count": 2}], "rate": 0})
    got = [(await gw4.recv_dispatch("MESSAGE_CREATE"))["d"]["content"] for _ in range(5)]
    check(got == ["flood 1", "flood 2", "flood 3", "flood 1", "flood 2"], f"flood: a batch of two floods ({got})")

    # --- Latency stamps for bench/e2e: "flood k t_ns", t_ns the emulator's wall clock per message.
    before = time.time_ns()
    await ctl("/flood", {"channel_id": RANDOM, "author_id": BOB, "count": 20, "rate": 0, "stamp": True})
    words = [(await gw4.recv_dispatch("MESSAGE_CREATE"))["d"]["content"].split() for _ in range(20)]
    after = time.time_ns()
    check(all(len(w) == 3 and w[0] == "flood" and w[1] == str(k) and w[2].isdigit()
              for k, w in enumerate(words, 1)), "stamped flood: content 'flood k t_ns'")
    stamps = [int(w[2]) for w in words]
    check(stamps == sorted(stamps) and before <= stamps[0] and stamps[-1] <= after and after - before < 1e9,
          "stamped flood: t_ns non-decreasing, between the request and the last arrival (within a second)")

    # --- Coalesced writes: a rate-0 flood leaves in large socket writes of many frames; read
    # frame by frame, each message must still arrive on its own and in order, with the pong to
    # a ping and a 300 kB (fragmented) frame among them. Plain and zlib-stream.
    for query, token, channel in (("?v=10&encoding=json", "emulator-bot-token", RANDOM),
                                  ("?v=10&encoding=json&compress=zlib-stream", "alice-token", DM)):
        ws = await http.ws_connect(f"ws://127.0.0.1:{port}/gateway{query}", autoclose=False,
                                   autoping=False, max_msg_size=0)
        g = Gw(ws, "zlib-stream" in query)
        await g.recv()
        await g.send(2, {"token": token, "intents": 33281, "properties": {}})
        ready = await g.recv_dispatch("READY")
        count = 3000
        frames = await g.flood_with_ping(ctl, channel, count)
        seqs = [f["s"] for f in frames]
        check([f["d"]["content"] for f in frames] == [f"flood {k}" for k in range(1, count + 1)]
              and seqs == list(range(seqs[0], seqs[0] + count)),
              f"coalesced flood{' (zlib-stream)' if g.inflate else ''}: {count} frames, each its own message, in order")
        await ctl("/fault/raw", {"session_id": ready["d"]["session_id"], "frames": ['{"op":11,"d":null}'],
                                 "oversized": 300000})
        await ctl("/flood", {"channel_id": channel, "author_id": BOB, "count": 5, "rate": 0})
        after = [await g.recv() for _ in range(7)]
        check(after[0]["op"] == 11 and len(after[1]["d"]["content"]) > 299000
              and [f["d"]["content"] for f in after[2:]] == [f"flood {k}" for k in range(1, 6)],
              "a 300 kB frame between frames arrives whole, the stream goes on after it")
        check(g.pongs == 1, "the pong to a ping sent mid-flood arrives between frames")
        await ws.close()

    # --- Intents: a bot without MESSAGE_CONTENT gets guild messages with empty content,
    # except its own and those mentioning it; without GUILD_MESSAGE_TYPING no TYPING_START.
    gw6 = await connect("?v=10&encoding=json")
    await gw6.recv()
    await gw6.send(2, {"token": "emulator-bot-token", "intents": 513, "properties": {}})
    await gw6.recv_dispatch("GUILD_CREATE")
    await ctl("/typing", {"channel_id": GENERAL, "user_id": BOB})
    await ctl("/message", {"channel_id": GENERAL, "author_id": BOB, "content": "secret"})
    f = await gw6.recv()
    check(f["t"] == "MESSAGE_CREATE" and f["d"]["content"] == "" and f["d"]["attachments"] == [],
          "no MESSAGE_CONTENT intent: content redacted, and no TYPING_START without its intent")
    status, _, own = await rest("POST", f"/channels/{GENERAL}/messages", token="Bot emulator-bot-token",
                                body={"content": "mine"}, version="v10")
    f = await gw6.recv_dispatch("MESSAGE_CREATE")
    check(status == 200 and f["d"]["content"] == "mine", "a bot always sees its own content")
    await gw6.ws.close()

    requests = await ctl("/requests?since=0")
    check(requests["last"] >= 10 and requests["requests"][0]["seq"] == 1, "request log readable from the start")
    stamps = [q["t_ns"] for q in requests["requests"]]
    check(stamps == sorted(stamps) and stamps[0] > 0, "request log: t_ns non-decreasing in seq order")
    before = time.time_ns()
    await rest("GET", "/users/@me")
    after = time.time_ns()
    newest = (await ctl(f"/requests?since={requests['last']}"))["requests"][-1]["t_ns"]
    check(before <= newest <= after and after - before < 1e9, "request log: t_ns is the wall clock on arrival")
    for w in (gw, gw2, gw3, gw4, gw5):
        await w.ws.close()


async def says_no_scenario(http, port):
    """What a user token meets over real sockets: client-profile flags from REST and the
    gateway, the per-address Cloudflare ban, a captcha solved through headers, an HTML 502."""
    base = f"http://127.0.0.1:{port}"
    props = base64.b64encode(json.dumps({"os": "Linux", "browser": "Chrome", "release_channel": "stable",
                                         "client_build_number": 350000, "system_locale": "en-US"}).encode()).decode()
    official = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0", "X-Super-Properties": props}

    async def rest(method, path, token="alice-token", body=None, version="v9", headers=None):
        h = {"Authorization": token} if token else {}
        h.update(headers or {})
        async with http.request(method, f"{base}/api/{version}{path}", headers=h,
                                **({"json": body} if body is not None else {})) as r:
            return r.status, r.headers, await r.text()

    async def ctl(method, path, body=None):
        async with http.request(method, f"{base}/_emulator{path}", **({"json": body} if body is not None else {})) as r:
            if r.status != 200:
                raise Failure(f"control {path}: {r.status} {await r.text()}")
            return await r.json()

    status, _, _ = await rest("GET", "/users/@me", headers=official)
    check(status == 200 and (await ctl("GET", "/flags"))["flags"] == [], "an official-looking user raises no flag")
    await rest("GET", "/users/@me", version="v10", headers={"User-Agent": "DiscordBot (https://x, 1)"})
    kinds = sorted(f["kind"] for f in (await ctl("GET", "/flags"))["flags"])
    check(kinds == ["api_version", "bot_user_agent", "missing_super_properties"], f"a library's request is flagged: {kinds}")
    ws = await http.ws_connect(f"ws://127.0.0.1:{port}/gateway?v=10&encoding=json", autoclose=False)
    g = Gw(ws, False)
    await g.recv()
    await g.send(2, {"token": "alice-token", "properties": {"os": "linux", "browser": "cordgate"}})
    await g.recv_dispatch("READY")
    await ws.close()
    flags = {(f["kind"], f["detail"]) for f in (await ctl("GET", "/flags"))["flags"]}
    check(("api_version", "gateway v=10") in flags and any(k == "identify_properties_mismatch" for k, _ in flags),
          "IDENTIFY on v=10 with other properties than REST is flagged")
    check(any(k == "socket_profile" for k, _ in flags), "a library's websocket upgrade (no Origin) is flagged")
    await ctl("DELETE", "/flags")
    ws = await http.ws_connect(f"ws://127.0.0.1:{port}/gateway?v=9&encoding=json", autoclose=False,
                               headers={"User-Agent": official["User-Agent"], "Origin": "https://discord.com"})
    g = Gw(ws, False)
    await g.recv()
    await g.send(2, {"token": "alice-token", "capabilities": 22525, "properties": json.loads(base64.b64decode(props))})
    await g.recv_dispatch("READY")
    await ws.close()
    flags = (await ctl("GET", "/flags"))["flags"]
    check(flags == [], f"the browser's upgrade and IDENTIFY raise no flag: {flags}")

    status, headers, _ = await rest("POST", f"/channels/{GENERAL}/messages", body={"content": "hi"}, headers=official)
    check(status == 200 and not any(h.lower().startswith("x-ratelimit") for h in headers),
          "a user token's success carries no X-RateLimit-* headers")

    await ctl("POST", "/captcha", {"routes": ["POST /channels/:id/messages"]})
    status, _, text = await rest("POST", f"/channels/{GENERAL}/messages", body={"content": "c"}, headers=official)
    challenge = json.loads(text)
    check(status == 400 and challenge["captcha_key"] == ["captcha-required"] and challenge["captcha_service"] == "hcaptcha",
          "captcha challenge")
    solved = dict(official, **{"X-Captcha-Key": "10000000-aaaa-bbbb-cccc-000000000001",
                               "X-Captcha-Rqtoken": challenge["captcha_rqtoken"]})
    status, _, _ = await rest("POST", f"/channels/{GENERAL}/messages", body={"content": "c"}, headers=solved)
    check(status == 200, "the solved captcha's retry passes")

    await ctl("POST", "/fault/rest", {"count": 1, "status": 502, "prefix": "/users"})
    status, headers, text = await rest("GET", "/users/@me", headers=official)
    check(status == 502 and headers["Content-Type"].startswith("text/html") and "502" in text, "a 502 is Cloudflare's HTML")

    await ctl("POST", "/invalid_requests", {"threshold": 5, "window_ms": 60000, "ban_ms": 1500})
    for _ in range(6):
        await rest("GET", "/users/@me", token="wrong")
    status, headers, text = await rest("GET", "/users/@me", token="Bot emulator-bot-token", version="v10")
    check(status == 429 and "Retry-After" not in headers and headers["Content-Type"].startswith("text/html")
          and "1015" in text, "over the invalid-request threshold: Cloudflare's HTML 429 for every token")
    state = (await ctl("GET", "/invalid_requests"))["addresses"]
    check(state[0]["address"] == "127.0.0.1" and state[0]["banned"], "the ban shows in /_emulator/invalid_requests")
    await asyncio.sleep(1.6)
    status, _, _ = await rest("GET", "/users/@me", headers=official)
    check(status == 200, "the ban ends by itself")


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
