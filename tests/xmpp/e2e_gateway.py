#!/usr/bin/python3
"""End to end: real prosody (tests/xmpp-rig), the real cordgate-xmpp (stdio bus), a real
slixmpp client. Proves: XEP-0114 handshake (our own, XEP-0114 §3), the XEP-0356
advertisement becomes an event, disco#info shows gateway/discord, XEP-0077 registration
publishes xmpp.register with a token that is sealed (opens with the Discord key) and never in
clear in the event or the adapter's log; privileged presence, roster set, puppet message,
reply, carbon copy, vCard query and answer.

usage: e2e_gateway.py ADAPTER KEYTOOL
"""
import asyncio
import subprocess
import sys

from gateway_harness import Harness, check, finish

TOKEN = "MTA4NjQ2Mjg.GxYz12.e2e-Secret_Token-value-0123456789"


async def main(adapter, keytool):
    async with Harness(adapter, keytool) as h:
        GW = h.gateway
        PUPPET = "123456789012345678@" + GW
        line, priv = await h.wait_event("xmpp.privileges", timeout=10)
        if not check("adapter connected; XEP-0356 advertisement published as xmpp.privileges",
                     priv is not None, h.adapter_log()[-2000:]):
            return
        perms = {(p["access"], p["type"]) for p in priv["payload"]["perms"]}
        check("privileges: roster both, message outgoing, presence roster",
              {("roster", "both"), ("message", "outgoing"), ("presence", "roster")} <= perms, perms)
        check("privilege namespace is urn:xmpp:privilege:2",
              priv["payload"]["namespace"] == "urn:xmpp:privilege:2")

        h.rig.adduser("romeo", "romeopass")
        romeo = h.rig.client("romeo", "romeopass", plugins=("xep_0030", "xep_0077", "xep_0280",
                                                             "xep_0054"))
        msgs, carbons, pushes = asyncio.Queue(), asyncio.Queue(), asyncio.Queue()
        romeo.add_event_handler("message", lambda m: msgs.put_nowait(m)
                                if m.xml.find("{urn:xmpp:carbons:2}sent") is None else None)
        romeo.add_event_handler("carbon_sent", lambda m: carbons.put_nowait(m))
        romeo.add_event_handler("roster_update", lambda iq: pushes.put_nowait(iq))
        mark = h.mark()
        romeo.start()
        await romeo.wait_online()
        await romeo["xep_0280"].enable()
        while not pushes.empty():
            pushes.get_nowait()

        _, pres = await h.wait_event("xmpp.presence", mark, where=lambda e: e["user"] == "romeo@localhost")
        check("romeo's available presence reaches the gateway (presence permission) as xmpp.presence",
              pres is not None and pres["payload"]["to"] == GW)

        info = await romeo["xep_0030"].get_info(jid=GW, timeout=5)
        ids = {(i[0], i[1]) for i in info["disco_info"]["identities"]}
        check("disco#info of the gateway: identity gateway/discord", ("gateway", "discord") in ids, ids)
        check("disco#info lists jabber:iq:register", "jabber:iq:register" in info["disco_info"]["features"])

        form = await romeo["xep_0077"].get_registration(jid=GW, timeout=5)
        check("XEP-0077 form offers a password (token) field",
              "password" in form["register"]["fields"], form["register"]["fields"])

        mark = h.mark()
        iq = romeo.Iq()
        iq["type"], iq["to"] = "set", GW
        iq["register"]["password"] = TOKEN
        reply = await iq.send(timeout=5)
        check("registration set answered with result", reply["type"] == "result")
        line, reg = await h.wait_event("xmpp.register", mark)
        if check("xmpp.register event published", reg is not None):
            check("event belongs to romeo@localhost, gateway is the component",
                  reg["user"] == "romeo@localhost" and reg["payload"]["gateway"] == GW, reg)
            check("clear token is not in the event", TOKEN not in line)
            opened = subprocess.run([keytool, "open", h.key, reg["payload"]["sealed_token"]],
                                    capture_output=True, text=True)
            check("sealed token opens with the Discord key to the token", opened.stdout.strip() == TOKEN,
                  opened.stderr)
        check("clear token never in the adapter's log (debug level)", TOKEN not in h.adapter_log())

        # --- effects from the core ----------------------------------------------------------
        await h.effect("xmpp.roster_set", {"from": GW, "item": {"jid": PUPPET, "name": "Alice",
                                                                   "groups": ["Discord"],
                                                                   "subscription": "both"}})
        push = await asyncio.wait_for(pushes.get(), 5) if True else None
        check("roster_set effect -> romeo gets a roster push with the puppet",
              push is not None and PUPPET in push["roster"]["items"])
        item = romeo.client_roster[PUPPET]
        check("roster item stored with name, group, subscription both",
              item["name"] == "Alice" and "Discord" in item["groups"] and item["subscription"] == "both",
              (item["name"], item["groups"], item["subscription"]))

        await h.effect("xmpp.message", {"from": PUPPET, "to": "romeo@localhost", "type": "chat",
                                        "id": "cg-msg-1", "body": "hello from discord",
                                        "markable": True})
        m = await asyncio.wait_for(msgs.get(), 5)
        check("message effect -> romeo receives it from the puppet with the effect's id",
              m["from"].bare == PUPPET and m["body"] == "hello from discord" and m["id"] == "cg-msg-1",
              (str(m["from"]), m["body"], m["id"]))

        mark = h.mark()
        romeo.send_message(mto=PUPPET, mbody="hi alice", mtype="chat")
        _, ev = await h.wait_event("xmpp.message", mark)
        check("romeo's reply -> xmpp.message event with body and full JID",
              ev is not None and ev["payload"]["body"] == "hi alice"
              and ev["payload"]["from"] == "romeo@localhost/test" and ev["payload"]["to"] == PUPPET, ev)

        await h.effect("xmpp.carbon", {"to": PUPPET, "type": "chat", "id": "cg-carbon-1",
                                       "body": "written in the Discord app"})
        c = await asyncio.wait_for(carbons.get(), 5)
        check("carbon effect -> romeo gets an XEP-0280 sent carbon of his own message",
              c["carbon_sent"]["to"] == PUPPET and c["carbon_sent"]["body"] == "written in the Discord app")

        mark = h.mark()
        vtask = asyncio.ensure_future(romeo["xep_0054"].get_vcard(jid=PUPPET, timeout=5))
        _, q = await h.wait_event("xmpp.query", mark)
        if check("vCard get on a puppet -> xmpp.query vcard", q is not None and q["payload"]["query"] == "vcard"):
            await h.effect("xmpp.vcard", {"from": PUPPET, "to": q["payload"]["from"],
                                          "iq_id": q["payload"]["iq_id"], "full_name": "Alice A",
                                          "nickname": "alice"})
            v = await vtask
            check("vcard effect answers the client's request", v["vcard_temp"]["FN"] == "Alice A",
                  str(v)[:300])

        check("adapter still running, connected once", h.alive() and h.connects() == 1, h.connects())
        romeo.disconnect()
        await asyncio.sleep(0.2)


if __name__ == "__main__":
    try:
        asyncio.run(asyncio.wait_for(main(sys.argv[1], sys.argv[2]), 90))
    except Exception as e:  # a timeout or a crash is a failure with its reason
        check("no exception", False, repr(e))
    sys.exit(finish())
