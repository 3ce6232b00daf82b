#!/usr/bin/python3
"""End to end through the real core: prosody + cordgate-xmpp + cordgate-core on the ZeroMQ bus,
with `cordgate inject` standing in for the Discord adapter (it publishes Discord events and
prints the Discord effects). A slixmpp user registers; the core's discord.login carries the
token sealed (it opens to the token with the Discord key); Discord READY becomes a roster push
in the user's client (XEP-0356); a Discord DM becomes a chat message from the puppet; the
user's reply becomes discord.send_message.

usage: e2e_core.py ADAPTER KEYTOOL CORE CLI
"""
import asyncio
import json
import os
import subprocess
import sys

from gateway_harness import Harness, check, finish

TOKEN = "MTA4NjQ2Mjg.GxYz12.core-e2e-Secret_Token-0123456789"
ALICE_ID = "1000000000000020"


def capture_lines(user, gateway):
    ready = {"v": 1, "origin": "discord", "origin_seq": 1, "ts": 1, "user": user,
             "type": "discord.ready",
             "payload": {"user": {"id": "1000000000000001", "username": "romeo", "bot": False},
                         "relationships": [{"type": 1, "nickname": "Ally",
                                            "user": {"id": ALICE_ID, "username": "alice", "bot": False}}],
                         "private_channels": [{"id": "2000000000000500", "type": 1,
                                               "recipients": [{"id": ALICE_ID, "username": "alice",
                                                               "bot": False}]}]}}
    dm = {"v": 1, "origin": "discord", "origin_seq": 2, "ts": 2, "user": user,
          "type": "discord.message_create",
          "payload": {"id": "3000000000000001", "channel_id": "2000000000000500",
                      "author": {"id": ALICE_ID, "username": "alice", "bot": False},
                      "content": "hi romeo, from discord", "timestamp": "2026-11-25T07:00:01.000000+00:00",
                      "attachments": []}}
    return [json.dumps(ready), json.dumps(dm)]


async def inject(cli, endpoint, path, linger_ms=1500):
    proc = await asyncio.create_subprocess_exec(
        cli, "inject", path, "--bus", endpoint, "--origin", "fake-discord", "--receive", "discord",
        "--linger-ms", str(linger_ms), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), 40)
    effects = [json.loads(l) for l in out.decode().splitlines() if l.strip()]
    return proc.returncode, effects, err.decode()


async def main(adapter, keytool, core, cli):
    h = Harness(adapter, keytool, bus="set below")
    # The bus socket lives in the rig's temp folder, which exists once the harness is built.
    endpoint = "ipc://" + os.path.join(h.rig.folder, "bus.sock")
    h.bus = endpoint
    core_log = open(os.path.join(h.rig.folder, "core.log"), "wb")
    core_proc = await asyncio.create_subprocess_exec(
        core, "--data-dir", os.path.join(h.rig.folder, "log"), "--bus", endpoint, "--log-level", "info",
        stdout=core_log, stderr=core_log)
    try:
        async with h:
            GW = h.gateway
            ALICE = f"{ALICE_ID}@{GW}"
            for _ in range(100):
                if h.connects() >= 1:
                    break
                await asyncio.sleep(0.05)
            if not check("adapter connected to prosody and the bus", h.connects() == 1, h.adapter_log()[-1500:]):
                return
            h.rig.adduser("romeo", "romeopass")
            romeo = h.rig.client("romeo", "romeopass", plugins=("xep_0030", "xep_0077"))
            msgs, pushes = asyncio.Queue(), asyncio.Queue()
            romeo.add_event_handler("message", lambda m: msgs.put_nowait(m))
            romeo.add_event_handler("roster_update", lambda iq: pushes.put_nowait(iq))
            romeo.start()
            await romeo.wait_online()
            while not pushes.empty():
                pushes.get_nowait()

            iq = romeo.Iq()
            iq["type"], iq["to"] = "set", GW
            iq["register"]["password"] = TOKEN
            reply = await iq.send(timeout=5)
            check("registration answered with result", reply["type"] == "result")

            # The Discord adapter sends READY only after the core's discord.login: wait for it as
            # the adapter would (a READY ahead of the registration finds no session to apply to).
            listen = os.path.join(h.rig.folder, "listen.jsonl")
            with open(listen, "w") as f:
                f.write("# nothing to inject: only receive\n")
            effects = []
            for _ in range(20):
                rc, got, err = await inject(cli, endpoint, listen, linger_ms=500)
                effects += got
                if rc != 0 or any(e["type"] == "discord.login" for e in effects):
                    break
            path = os.path.join(h.rig.folder, "discord.jsonl")
            with open(path, "w") as f:
                f.write("\n".join(capture_lines("romeo@localhost", GW)) + "\n")
            rc, got, err = await inject(cli, endpoint, path)
            effects += got
            check("inject (as the Discord adapter) ran", rc == 0, err[-500:])
            logins = [e for e in effects if e["type"] == "discord.login"]
            if check("core sent discord.login for romeo", len(logins) >= 1 and logins[0]["user"] == "romeo@localhost",
                     [e["type"] for e in effects]):
                sealed = logins[0]["payload"]["sealed_token"]
                opened = subprocess.run([keytool, "open", h.key, sealed], capture_output=True, text=True)
                check("the token crossed adapter -> log -> core sealed, and opens with the Discord key",
                      TOKEN not in sealed and opened.stdout.strip() == TOKEN, opened.stderr)
            with open(os.path.join(h.rig.folder, "core.log"), errors="replace") as f:
                check("clear token in no log (adapter, core)", TOKEN not in h.adapter_log() and TOKEN not in f.read())

            push = None
            try:
                while True:
                    push = await asyncio.wait_for(pushes.get(), 5)
                    if ALICE in push["roster"]["items"]:
                        break
            except asyncio.TimeoutError:
                push = None
            check("Discord READY -> roster push of the friend into romeo's roster (XEP-0356)", push is not None)
            if push is not None:
                item = romeo.client_roster[ALICE]
                check("roster item: nickname as name, subscription both",
                      item["name"] == "Ally" and item["subscription"] == "both",
                      (item["name"], item["subscription"]))

            m = None
            try:
                while True:
                    m = await asyncio.wait_for(msgs.get(), 5)
                    if m["type"] == "chat" and m["body"]:
                        break
            except asyncio.TimeoutError:
                m = None
            check("Discord DM -> chat message from the puppet in romeo's client",
                  m is not None and m["from"].bare == ALICE and m["body"] == "hi romeo, from discord",
                  m and (str(m["from"]), m["body"]))

            romeo.send_message(mto=ALICE, mbody="hi alice, from xmpp", mtype="chat")
            await asyncio.sleep(0.3)
            empty = os.path.join(h.rig.folder, "empty.jsonl")
            with open(empty, "w") as f:
                f.write("# nothing to inject: only receive\n")
            rc, effects, err = await inject(cli, endpoint, empty)
            sends = [e for e in effects if e["type"] == "discord.send_message"]
            check("romeo's reply -> discord.send_message to the DM channel",
                  any(e["payload"]["content"] == "hi alice, from xmpp"
                      and e["payload"].get("channel_id") == "2000000000000500" for e in sends),
                  (rc, effects, err[-300:]))
            check("adapter still connected once", h.alive() and h.connects() == 1)
            romeo.disconnect()
            await asyncio.sleep(0.2)
    finally:
        if core_proc.returncode is None:
            core_proc.terminate()  # our own child, by handle
            try:
                await asyncio.wait_for(core_proc.wait(), 5)
            except asyncio.TimeoutError:
                core_proc.kill()
        core_log.close()


if __name__ == "__main__":
    try:
        asyncio.run(asyncio.wait_for(main(*sys.argv[1:5]), 120))
    except Exception as e:
        check("no exception", False, repr(e))
    sys.exit(finish())
