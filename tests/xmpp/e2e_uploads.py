#!/usr/bin/python3
"""End to end, XEP-0363 against the rig's prosody (mod_http_file_share on upload.<domain>): the
real cordgate-xmpp (stdio bus) finds the upload service of its domain by disco#items and
disco#info and publishes xmpp.upload_service with the service's limit; an
xmpp.request_upload_slot effect becomes a slot request from the gateway, whose answer comes
back as xmpp.upload_slot for the effect's user; the slot takes the bytes (HTTP PUT) and serves
them (GET); a file over the limit and a service that does not exist come back as slot errors.

usage: e2e_uploads.py ADAPTER KEYTOOL
"""
import asyncio
import sys
import urllib.error
import urllib.request

from gateway_harness import Harness, check, finish

LIMIT = 64 * 1024 * 1024  # http_file_share_size_limit in tests/xmpp-rig/prosody.cfg.lua


def put_and_get(slot, data):
    req = urllib.request.Request(slot["put_url"], data=data, method="PUT")
    req.add_header("Content-Type", "text/plain")
    for h in slot.get("put_headers", []):
        req.add_header(h["name"], h["value"])
    with urllib.request.urlopen(req, timeout=10) as r:
        put_status = r.status
    with urllib.request.urlopen(slot["get_url"], timeout=10) as r:
        return put_status, r.read()


async def main(adapter, keytool):
    async with Harness(adapter, keytool, xmpp_extra="[files]\nslot_timeout_seconds = 5") as h:
        _, found = await h.wait_event("xmpp.upload_service", timeout=15)
        if not check("the upload service is found by service discovery and published",
                     found is not None, h.adapter_log()[-2000:]):
            return
        p = found["payload"]
        check("xmpp.upload_service: the domain's, with no user",
              found["user"] == "" and p["domain"] == h.rig.domain, found)
        check("xmpp.upload_service: upload.<domain>", p["service"] == h.rig.upload_service, p)
        check("xmpp.upload_service: the service's max-file-size (under the configured cap)",
              p.get("max_bytes") == LIMIT, p)

        data = b"hello files"
        mark = h.mark()
        await h.effect("xmpp.request_upload_slot",
                       {"request_id": "cg7-0", "service": h.rig.upload_service,
                        "filename": "hello.txt", "size": len(data), "content_type": "text/plain"})
        _, ans = await h.wait_event("xmpp.upload_slot", mark, timeout=10)
        if check("the slot request is answered as xmpp.upload_slot", ans is not None,
                 h.adapter_log()[-2000:]):
            slot = ans["payload"]
            check("xmpp.upload_slot: same request id, for the effect's user",
                  slot["request_id"] == "cg7-0" and ans["user"] == "romeo@localhost", ans)
            check("xmpp.upload_slot: a PUT and a GET URL on the rig's HTTP port, no error",
                  f"127.0.0.1:{h.rig.http_port}" in slot.get("put_url", "")
                  and f"127.0.0.1:{h.rig.http_port}" in slot.get("get_url", "")
                  and "error" not in slot, slot)
            try:
                status, back = await asyncio.to_thread(put_and_get, slot, data)
                check("the slot takes the file (PUT 201) and serves it back (GET)",
                      status == 201 and back == data, (status, back))
            except (urllib.error.URLError, OSError) as e:
                check("the slot takes the file (PUT 201) and serves it back (GET)", False, repr(e))

        mark = h.mark()
        await h.effect("xmpp.request_upload_slot",
                       {"request_id": "cg8-0", "service": h.rig.upload_service,
                        "filename": "big.bin", "size": LIMIT + 1})
        _, big = await h.wait_event("xmpp.upload_slot", mark, timeout=10)
        check("a file over the service's limit: xmpp.upload_slot with an error, no URLs",
              big is not None and big["payload"]["request_id"] == "cg8-0"
              and "error" in big["payload"] and "put_url" not in big["payload"], big)

        mark = h.mark()
        await h.effect("xmpp.request_upload_slot",
                       {"request_id": "cg9-0", "service": "nowhere." + h.rig.domain,
                        "filename": "x.txt", "size": 3})
        _, lost = await h.wait_event("xmpp.upload_slot", mark, timeout=10)
        check("a service that does not exist: xmpp.upload_slot with an error",
              lost is not None and lost["payload"]["request_id"] == "cg9-0"
              and "error" in lost["payload"], lost)
        check("the adapter is still running", h.alive())


if __name__ == "__main__":
    try:
        asyncio.run(asyncio.wait_for(main(sys.argv[1], sys.argv[2]), 120))
    except Exception as e:  # a timeout or a crash is a failure with its reason
        check("no exception", False, repr(e))
    sys.exit(finish())
