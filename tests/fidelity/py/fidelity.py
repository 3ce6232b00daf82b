#!/usr/bin/python3
"""Fidelity test: Debian's discord.py (python3-discord) against the cordgate Discord emulator.

Run with /usr/bin/python3 (the pyenv python3 on PATH cannot see Debian's dist-packages).
Starts the emulator on a free port, drives a bot through login, an injected message, a reply
with a file attachment, a 429 with retry, and a forced drop followed by RESUME with replay.
Exit 0 = pass, 1 = fail, 77 = skipped (discord.py not importable).
"""
import argparse
import asyncio
import io
import json
import os
import select
import subprocess
import sys
import urllib.request

try:
    import discord
    import discord.gateway
    import discord.http
    import yarl
except ImportError as e:  # pragma: no cover
    print(f"SKIP: discord.py not importable ({e}); install Debian's python3-discord")
    sys.exit(77)

BOT_ID = 100000000000000001
BOB_ID = 100000000000000003
GUILD_ID = 200000000000000001
GENERAL = 300000000000000001
CATEGORY = 300000000000000003
THREAD = 310000000000000001
MODS = 210000000000000001
STEP_TIMEOUT = 20  # seconds; every wait is bounded


class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)
    print(f"ok - {what}", flush=True)


def start_emulator(binary, seed):
    proc = subprocess.Popen(
        [binary, "--port", "0", "--seed", seed, "--log-level", os.environ.get("EMULATOR_LOG", "warn")],
        stdout=subprocess.PIPE,
        text=True,
    )
    ready, _, _ = select.select([proc.stdout], [], [], 10)
    line = proc.stdout.readline() if ready else ""
    if not line.startswith("LISTENING "):
        proc.kill()
        raise Failure(f"emulator did not print LISTENING (got {line!r})")
    return proc, int(line.split()[1])


class Control:
    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}/_emulator"

    def call(self, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method="GET" if data is None else "POST")
        req.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(req, timeout=5) as r:
            return json.loads(r.read())

    async def __call__(self, path, body=None):
        return await asyncio.get_running_loop().run_in_executor(None, self.call, path, body)


class Recorder(discord.Client):
    def __init__(self, **kw):
        super().__init__(**kw)
        self.messages = asyncio.Queue()
        self.event_types = []
        self.ready = asyncio.Event()
        self.resumed = asyncio.Event()
        self.events = asyncio.Queue()  # (name, payload) of edits, deletes, reactions, typing

    async def on_ready(self):
        self.ready.set()

    async def on_resumed(self):
        self.resumed.set()

    async def on_socket_event_type(self, event_type):
        self.event_types.append(event_type)

    async def on_message(self, message):
        await self.messages.put(message)

    async def on_raw_message_edit(self, payload):
        await self.events.put(("edit", payload))

    async def on_raw_message_delete(self, payload):
        await self.events.put(("delete", payload))

    async def on_raw_reaction_add(self, payload):
        await self.events.put(("reaction_add", payload))

    async def on_raw_reaction_remove(self, payload):
        await self.events.put(("reaction_remove", payload))

    async def on_raw_typing(self, payload):
        await self.events.put(("typing", payload))

    async def next_event(self):
        return await asyncio.wait_for(self.events.get(), STEP_TIMEOUT)

    async def next_message(self, predicate=lambda m: True):
        while True:
            m = await asyncio.wait_for(self.messages.get(), STEP_TIMEOUT)
            if predicate(m):
                return m


async def scenario(client, ctl):
    await asyncio.wait_for(client.ready.wait(), STEP_TIMEOUT)
    check(client.user.id == BOT_ID, "READY: logged in as the seeded bot")
    check("GUILD_CREATE" in client.event_types, "GUILD_CREATE received after READY")
    guild = client.get_guild(GUILD_ID)
    check(guild is not None and guild.get_channel(GENERAL) is not None, "guild and #general cached")
    general = guild.get_channel(GENERAL)
    check(general.category is not None and general.category.id == CATEGORY and general.topic == "Talk here",
          "#general has its category and topic")
    mods = guild.get_role(MODS)
    check(mods is not None and mods.name == "mods" and mods.permissions.administrator,
          "roles parsed with their permissions")
    thread = guild.get_thread(THREAD)
    check(thread is not None and thread.parent_id == GENERAL and thread.owner_id == BOB_ID,
          "active thread from GUILD_CREATE cached")
    # Members are not checked here: without the members intent discord.py caches none.

    # An injected message from another user reaches on_message.
    await ctl("/message", {"channel_id": str(GENERAL), "author_id": str(BOB_ID), "content": "ping from bob"})
    ping = await client.next_message(lambda m: m.content == "ping from bob")
    check(ping.author.id == BOB_ID and ping.channel.id == GENERAL and ping.guild.id == GUILD_ID,
          "injected MESSAGE_CREATE delivered with author, channel and guild")

    # A reply with a file: multipart with payload_json and files[0]; discord.py sends
    # message_reference ids as JSON integers, which must survive without precision loss.
    since = (await ctl("/requests"))["last"]
    reply = await ping.reply("pong", file=discord.File(io.BytesIO(b"hello file"), "hello.txt"))
    check(reply.reference is not None and reply.reference.message_id == ping.id, "reply carries message_reference")
    check(len(reply.attachments) == 1 and reply.attachments[0].filename == "hello.txt"
          and reply.attachments[0].size == 10, "attachment uploaded via multipart")
    echo = await client.next_message(lambda m: m.id == reply.id)
    check(echo.reference is not None and echo.reference.message_id == ping.id, "own reply echoed on the gateway")
    posts = [r for r in (await ctl(f"/requests?since={since}"))["requests"] if r["method"] == "POST"]
    check(len(posts) == 1 and posts[0]["files"] == ["hello.txt"]
          and int(posts[0]["body"]["message_reference"]["message_id"]) == ping.id,
          "request log shows the multipart POST with the exact reference id")

    # 429 with Retry-After, JSON body and Via: discord.py sleeps retry_after and retries.
    since = (await ctl("/requests"))["last"]
    await ctl("/fault/rest", {"count": 1, "status": 429, "prefix": f"/channels/{GENERAL}/messages", "retry_after": 0.3})
    sent = await client.get_channel(GENERAL).send("after a 429")
    check(sent.content == "after a 429", "send succeeded after a 429")
    log = [r for r in (await ctl(f"/requests?since={since}"))["requests"] if r["method"] == "POST"]
    check([r["status"] for r in log] == [429, 200], "exactly one 429 then one 200 for the same POST")
    await client.next_message(lambda m: m.id == sent.id)

    # Forced drop: the session must RESUME and get the dispatches it missed, in order, once.
    sessions = [s for s in await ctl("/sessions") if s["user_id"] == str(BOT_ID) and s["connected"]]
    check(len(sessions) == 1, "one connected bot session")
    session_id = sessions[0]["session_id"]
    dropped = await ctl("/fault/drop", {"session_id": session_id, "hold_resume": True})
    check(dropped["sessions"] == [session_id], "session socket dropped")
    away = [f"while away {i}" for i in range(1, 4)]
    for text in away:
        await ctl("/message", {"channel_id": str(GENERAL), "author_id": str(BOB_ID), "content": text})
    await ctl("/fault/release", {})
    await asyncio.wait_for(client.resumed.wait(), STEP_TIMEOUT)
    # A sentinel sent after the resume proves everything before it has been delivered.
    await ctl("/message", {"channel_id": str(GENERAL), "author_id": str(BOB_ID), "content": "sentinel"})
    seen = []
    while True:
        m = await client.next_message()
        if m.content == "sentinel":
            break
        seen.append(m.content)
    check(seen == away, f"missed dispatches replayed once, in order: {seen}")
    after = [s for s in await ctl("/sessions") if s["session_id"] == session_id][0]
    check(after["connected"] and after["resumes"] == 1, "same session resumed (no new IDENTIFY)")
    check(after["compress"], "discord.py decoded zlib-stream transport compression")

    # op 7 RECONNECT: discord.py closes and resumes the same session.
    client.resumed.clear()
    await ctl("/fault/reconnect", {"session_id": session_id})
    await asyncio.wait_for(client.resumed.wait(), STEP_TIMEOUT)
    after = [s for s in await ctl("/sessions") if s["session_id"] == session_id][0]
    check(after["connected"] and after["resumes"] == 2, "op 7 RECONNECT -> RESUME of the same session")

    # Edits, deletes, reactions and typing injected as another user reach the raw events.
    target = await ctl("/message", {"channel_id": str(GENERAL), "author_id": str(BOB_ID), "content": "to edit"})
    await client.next_message(lambda m: m.content == "to edit")
    mid = int(target["id"])
    await ctl("/edit", {"channel_id": str(GENERAL), "message_id": target["id"], "content": "edited"})
    name, p = await client.next_event()
    check(name == "edit" and p.message_id == mid and p.data["content"] == "edited"
          and p.data["edited_timestamp"], "MESSAGE_UPDATE with the full edited message")
    await ctl("/reaction", {"channel_id": str(GENERAL), "message_id": target["id"], "user_id": str(BOB_ID), "emoji": "👍"})
    name, p = await client.next_event()
    check(name == "reaction_add" and p.message_id == mid and str(p.emoji) == "👍" and p.user_id == BOB_ID,
          "MESSAGE_REACTION_ADD")
    await ctl("/reaction", {"channel_id": str(GENERAL), "message_id": target["id"], "user_id": str(BOB_ID),
                            "emoji": "👍", "remove": True})
    name, p = await client.next_event()
    check(name == "reaction_remove" and p.message_id == mid, "MESSAGE_REACTION_REMOVE")
    await ctl("/typing", {"channel_id": str(GENERAL), "user_id": str(BOB_ID)})
    name, p = await client.next_event()
    check(name == "typing" and p.user_id == BOB_ID and p.channel_id == GENERAL, "TYPING_START")
    await ctl("/delete", {"channel_id": str(GENERAL), "message_id": target["id"]})
    name, p = await client.next_event()
    check(name == "delete" and p.message_id == mid, "MESSAGE_DELETE")

    # The bot's own REST reaction, edit and delete go through the emulator and echo back.
    await target_message_roundtrip(client, ctl)

    # op 9 (not resumable): discord.py identifies again and gets a new session.
    client.ready.clear()
    await ctl("/fault/invalid_session", {"session_id": session_id, "resumable": False})
    await asyncio.wait_for(client.ready.wait(), STEP_TIMEOUT)
    fresh = [s for s in await ctl("/sessions") if s["user_id"] == str(BOT_ID) and s["connected"]]
    check(len(fresh) == 1 and fresh[0]["session_id"] != session_id, "op 9 false -> new IDENTIFY, new session")


async def target_message_roundtrip(client, ctl):
    channel = client.get_channel(GENERAL)
    mine = await channel.send("mine")
    await client.next_message(lambda m: m.id == mine.id)
    await mine.add_reaction("🎉")
    name, p = await client.next_event()
    check(name == "reaction_add" and p.user_id == BOT_ID and str(p.emoji) == "🎉", "own PUT reaction echoed")
    edited = await mine.edit(content="mine, edited")
    check(edited.content == "mine, edited" and edited.edited_at is not None, "PATCH returns the edited message")
    name, p = await client.next_event()
    check(name == "edit" and p.message_id == mine.id, "own edit echoed as MESSAGE_UPDATE")
    await mine.delete()
    name, p = await client.next_event()
    check(name == "delete" and p.message_id == mine.id, "own delete echoed as MESSAGE_DELETE")
    history = [m async for m in channel.history(limit=3)]
    check(len(history) == 3 and history[0].created_at >= history[1].created_at >= history[2].created_at,
          "GET history: newest first, limit honoured")


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--emulator", required=True)
    ap.add_argument("--seed", required=True)
    args = ap.parse_args()
    proc, port = start_emulator(args.emulator, args.seed)
    print(f"emulator on port {port}; discord.py {discord.__version__}", flush=True)
    discord.http.Route.BASE = f"http://127.0.0.1:{port}/api/v10"
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(f"ws://127.0.0.1:{port}/gateway")
    intents = discord.Intents.default()
    intents.message_content = True
    client = Recorder(intents=intents)
    ctl = Control(port)
    failure = None
    try:
        await client.login("emulator-bot-token")
        runner = asyncio.create_task(client.connect(reconnect=True))
        test = asyncio.create_task(scenario(client, ctl))
        done, _ = await asyncio.wait({runner, test}, return_when=asyncio.FIRST_COMPLETED, timeout=100)
        if test in done:
            test.result()
        elif runner in done:
            runner.result()
            raise Failure("client stopped before the scenario finished")
        else:
            raise Failure("scenario timed out")
    except (Failure, asyncio.TimeoutError, discord.DiscordException) as e:
        failure = e
    finally:
        await client.close()
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
    if failure is not None:
        print(f"FAIL: {type(failure).__name__}: {failure}", flush=True)
        return 1
    print("PASS: discord.py fidelity", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
