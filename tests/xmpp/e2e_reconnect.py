#!/usr/bin/python3
"""The server goes away (SIGKILL) and comes back on the same ports: cordgate-xmpp reconnects
by itself (exponential backoff), gets a fresh privilege advertisement and serves clients again.
Also checks that effects sent while the server is down are carried out after the reconnect.

usage: e2e_reconnect.py ADAPTER KEYTOOL
"""
import asyncio
import sys
import time

from gateway_harness import Harness, check, finish


async def main(adapter, keytool):
    async with Harness(adapter, keytool, log_level="info") as h:
        GW = h.gateway
        _, priv = await h.wait_event("xmpp.privileges", timeout=10)
        if not check("adapter connected", priv is not None, h.adapter_log()[-2000:]):
            return
        for round_ in (1, 2):
            mark = h.mark()
            h.rig.stop(kill=True)
            await asyncio.sleep(0.3)
            check(f"round {round_}: adapter survives the server's SIGKILL", h.alive())
            # An effect while the server is down waits on the bus and goes out after reconnect.
            await h.effect("xmpp.message", {"from": "42@" + GW, "to": "romeo@localhost",
                                            "type": "chat", "id": f"while-down-{round_}",
                                            "body": "queued while the server was down"})
            await asyncio.sleep(0.5)
            t0 = time.monotonic()
            h.rig.start()
            _, again = await h.wait_event("xmpp.privileges", mark, timeout=10)
            took = time.monotonic() - t0
            check(f"round {round_}: reconnected by itself and re-advertised ({took:.2f}s after restart)",
                  again is not None and h.connects() == round_ + 1, (h.connects(), h.adapter_log()[-1500:]))
            # romeo is offline and offline storage is off, so the server bounces it: the bounce
            # (as xmpp.stanza_error with the effect's id) proves the held effect went out.
            _, bounce = await h.wait_event("xmpp.stanza_error", mark, timeout=5,
                                           where=lambda e: e["payload"].get("id") == f"while-down-{round_}")
            check(f"round {round_}: effect held during the outage was sent after the reconnect", bounce is not None)
        h.rig.adduser("romeo", "romeopass")
        romeo = h.rig.client("romeo", "romeopass", plugins=("xep_0030",))
        romeo.start()
        await romeo.wait_online()
        info = await romeo["xep_0030"].get_info(jid=GW, timeout=5)
        check("after reconnects: a client gets disco#info gateway/discord",
              ("gateway", "discord") in {(i[0], i[1]) for i in info["disco_info"]["identities"]})
        log = h.adapter_log()
        check("backoff is logged with growing delays",
              "reconnecting in 50 ms" in log and "reconnecting in 100 ms" in log, log[-1500:])
        romeo.disconnect()
        await asyncio.sleep(0.2)


if __name__ == "__main__":
    try:
        asyncio.run(asyncio.wait_for(main(sys.argv[1], sys.argv[2]), 90))
    except Exception as e:
        check("no exception", False, repr(e))
    sys.exit(finish())
