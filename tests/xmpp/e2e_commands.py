#!/usr/bin/python3
"""XEP-0050 ad-hoc commands end to end: prosody + cordgate-xmpp + cordgate-core on the ZeroMQ
bus, `cordgate inject` standing in for the Discord adapter, slixmpp's xep_0050 as the client.
romeo registers and Discord READY brings two friends; then he lists the commands and runs
status, logout (-> discord.logout), login with a new token (a form, then the submit; the
discord.login carries the new token sealed, which opens with the Discord key, and the clear
token is in no log) and resync (both friends pushed to the roster again).

usage: e2e_commands.py ADAPTER KEYTOOL CORE CLI
"""
import asyncio
import json
import os
import subprocess
import sys

from gateway_harness import Harness, check, finish
from e2e_core import inject

TOKEN = "MTA4NjQ2Mjg.GxYz12.commands-e2e-First_Token-0123456789"
NEW_TOKEN = "MTA4NjQ2Mjg.GxYz12.commands-e2e-Second_Token-9876543210"
ALICE_ID = "1000000000000020"
BOB_ID = "1000000000000030"


def ready_line(user):
    friend = lambda i, n: {"type": 1, "user": {"id": i, "username": n, "bot": False}}
    return json.dumps({"v": 1, "origin": "discord", "origin_seq": 1, "ts": 1, "user": user,
                       "type": "discord.ready",
                       "payload": {"user": {"id": "1000000000000001", "username": "romeo", "bot": False},
                                   "relationships": [friend(ALICE_ID, "alice"), friend(BOB_ID, "bob")],
                                   "private_channels": []}})


def note_of(reply):
    notes = reply["command"]["notes"]
    return notes[0] if notes else (None, None)


async def main(adapter, keytool, core, cli):
    h = Harness(adapter, keytool, bus="set below")
    endpoint = "ipc://" + os.path.join(h.rig.folder, "bus.sock")
    h.bus = endpoint
    core_log = open(os.path.join(h.rig.folder, "core.log"), "wb")
    core_proc = await asyncio.create_subprocess_exec(
        core, "--data-dir", os.path.join(h.rig.folder, "log"), "--bus", endpoint, "--log-level", "info",
        stdout=core_log, stderr=core_log)
    empty = os.path.join(h.rig.folder, "empty.jsonl")
    with open(empty, "w") as f:
        f.write("# nothing to inject: only receive\n")
    try:
        async with h:
            GW = h.gateway
            friends = {f"{ALICE_ID}@{GW}", f"{BOB_ID}@{GW}"}
            for _ in range(100):
                if h.connects() >= 1:
                    break
                await asyncio.sleep(0.05)
            if not check("adapter connected to prosody and the bus", h.connects() == 1, h.adapter_log()[-1500:]):
                return
            h.rig.adduser("romeo", "romeopass")
            romeo = h.rig.client("romeo", "romeopass",
                                 plugins=("xep_0030", "xep_0077", "xep_0004", "xep_0050"))
            pushes = asyncio.Queue()
            romeo.add_event_handler("roster_update", lambda iq: pushes.put_nowait(iq))
            romeo.start()
            await romeo.wait_online()
            adhoc = romeo["xep_0050"]

            # Before registering: the gateway's items come from the core (no rooms yet) ...
            items = await romeo["xep_0030"].get_items(jid=GW, timeout=10)
            check("unregistered: disco#items of the gateway answered by the core, empty",
                  items["type"] == "result" and len(items["disco_items"]["items"]) == 0, items)
            # ... and every command answers "not registered".
            reply = await adhoc.send_command(GW, "status", timeout=10)
            check("unregistered: status answers completed with an error note",
                  reply["command"]["status"] == "completed" and note_of(reply)[0] == "error"
                  and "not registered" in note_of(reply)[1], reply)

            iq = romeo.Iq()
            iq["type"], iq["to"] = "set", GW
            iq["register"]["password"] = TOKEN
            check("registration answered with result", (await iq.send(timeout=5))["type"] == "result")
            path = os.path.join(h.rig.folder, "ready.jsonl")
            with open(path, "w") as f:
                f.write(ready_line("romeo@localhost") + "\n")
            rc, effects, err = await inject(cli, endpoint, path)
            check("READY injected", rc == 0, err[-500:])
            seen = set()
            try:
                while seen != friends:
                    push = await asyncio.wait_for(pushes.get(), 5)
                    seen |= set(push["roster"]["items"]) & friends
            except asyncio.TimeoutError:
                pass
            check("READY -> both friends pushed into romeo's roster", seen == friends, seen)

            items = await adhoc.get_commands(GW, timeout=5)
            nodes = [i[1] for i in items["disco_items"]["items"]]
            check("command list: status, login, logout, resync, retry, preferences",
                  sorted(nodes) == ["login", "logout", "preferences", "resync", "retry", "status"], nodes)

            reply = await adhoc.send_command(GW, "status", timeout=10)
            check("status: completed, logged in as romeo, 2 contacts",
                  reply["command"]["status"] == "completed"
                  and note_of(reply) == ("info", "Discord: ready as romeo; 2 contacts."), note_of(reply))

            reply = await adhoc.send_command(GW, "logout", timeout=10)
            check("logout: completed", reply["command"]["status"] == "completed", reply)
            rc, effects, err = await inject(cli, endpoint, empty)
            check("logout -> discord.logout 'logged out by the user'",
                  any(e["type"] == "discord.logout" and e["payload"]["reason"] == "logged out by the user"
                      for e in effects), [e["type"] for e in effects])
            reply = await adhoc.send_command(GW, "status", timeout=10)
            check("status after logout says logged_out", "logged_out" in (note_of(reply)[1] or ""), note_of(reply))

            form_reply = await adhoc.send_command(GW, "login", timeout=10)
            cmd = form_reply["command"]
            token_fields = cmd.xml.findall("{jabber:x:data}x/{jabber:x:data}field[@var='token']")
            check("login: executing, with a form asking for a private token field",
                  cmd["status"] == "executing" and cmd["sessionid"] != "" and len(token_fields) == 1
                  and token_fields[0].get("type") == "text-private", form_reply)
            form = romeo["xep_0004"].make_form(ftype="submit")
            form.add_field(var="token", value=NEW_TOKEN)
            reply = await adhoc.send_command(GW, "login", action="complete", payload=form,
                                             sessionid=cmd["sessionid"], timeout=10)
            check("login submit: completed in the same session",
                  reply["command"]["status"] == "completed" and reply["command"]["sessionid"] == cmd["sessionid"],
                  reply)
            rc, effects, err = await inject(cli, endpoint, empty)
            logins = [e for e in effects if e["type"] == "discord.login"]
            if check("login -> discord.login for romeo", logins and logins[-1]["user"] == "romeo@localhost",
                     [e["type"] for e in effects]):
                sealed = logins[-1]["payload"]["sealed_token"]
                opened = subprocess.run([keytool, "open", h.key, sealed], capture_output=True, text=True)
                check("discord.login carries the new token sealed; it opens with the Discord key",
                      NEW_TOKEN not in sealed and opened.stdout.strip() == NEW_TOKEN, opened.stderr)
            with open(os.path.join(h.rig.folder, "core.log"), errors="replace") as f:
                check("the new token in clear in no log (adapter at debug, core)",
                      NEW_TOKEN not in h.adapter_log() and NEW_TOKEN not in f.read())

            while not pushes.empty():
                pushes.get_nowait()
            reply = await adhoc.send_command(GW, "resync", timeout=10)
            check("resync: completed, 2 contacts",
                  reply["command"]["status"] == "completed"
                  and note_of(reply) == ("info", "Sent 2 contacts again."), note_of(reply))
            seen = set()
            try:
                while seen != friends:
                    push = await asyncio.wait_for(pushes.get(), 5)
                    seen |= set(push["roster"]["items"]) & friends
            except asyncio.TimeoutError:
                pass
            check("resync -> both friends pushed into the roster again", seen == friends, seen)

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
        asyncio.run(asyncio.wait_for(main(*sys.argv[1:5]), 150))
    except Exception as e:
        check("no exception", False, repr(e))
    sys.exit(finish())
